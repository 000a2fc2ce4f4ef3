import { describe, expect, it } from 'vitest';
import { isValidPlate, normalizeVehicleId, vinCheckCharacter, vinProblem } from './vin.rules';

describe('VIN (GB 16735 / ISO 3779)', () => {
  it('accepts VINs whose position 9 is the check character', () => {
    // The ISO 3779 worked example, and an X check character.
    expect(vinProblem('1M8GDM9AXKP042788')).toBeNull();
    expect(vinCheckCharacter('1M8GDM9AXKP042788')).toBe('X');
    expect(vinProblem('11111111111111111')).toBeNull();
    expect(vinProblem('LSVAM4187C2184847')).toBeNull();
  });

  it('names what is wrong: length, forbidden letters, check digit', () => {
    expect(vinProblem('1M8GDM9AXKP04278')).toBe('LENGTH');
    expect(vinProblem('1M8GDM9AXKP0427888')).toBe('LENGTH');
    expect(vinProblem('1M8GDM9AXKP04278O')).toBe('CHARACTERS');
    expect(vinProblem('IM8GDM9AXKP042788')).toBe('CHARACTERS');
    expect(vinProblem('1M8GDM9AQKP042788')).toBe('CHARACTERS');
    expect(vinProblem('1M8GDM9A1KP042788')).toBe('CHECK_DIGIT');
    // A single changed character is caught.
    expect(vinProblem('1M8GDM9AXKP042789')).toBe('CHECK_DIGIT');
  });

  it('normalises what people type', () => {
    expect(normalizeVehicleId(' 1m8gdm9axkp042788 ')).toBe('1M8GDM9AXKP042788');
    expect(normalizeVehicleId('沪a·12345')).toBe('沪A12345');
    expect(normalizeVehicleId('京B 6789-X')).toBe('京B6789X');
  });
});

describe('plate numbers', () => {
  it('accepts ordinary and new-energy plates', () => {
    for (const p of ['沪A12345', '京BD1234', '粤B8888挂', '川A1A2B3', '沪AD12345', '沪A12345F', '浙AFK1234']) expect(isValidPlate(p), p).toBe(true);
  });
  it('refuses what is not a plate', () => {
    for (const p of ['A12345', '沪12345', '沪A1234', '沪A123456', '沪AO1234', '沪I12345', 'XXA12345', '新车', '沪A12345D6', '沪AX12345', '浙AF9K123']) expect(isValidPlate(p), p).toBe(false);
  });
});
