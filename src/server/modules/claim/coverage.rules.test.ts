import { describe, expect, it } from 'vitest';
import { lossTypesOf } from './coverage.rules';

describe('loss types a coverage answers for', () => {
  it('maps the 交强险 heads: injuries to death/disability and medical, property to property', () => {
    expect(lossTypesOf('CTPL', 'DEATH_DISABILITY')).toEqual(['INJURY']);
    expect(lossTypesOf('CTPL', 'MEDICAL')).toEqual(['INJURY']);
    expect(lossTypesOf('CTPL', 'PROPERTY')).toEqual(['PROPERTY']);
  });
  it('maps commercial motor and personal lines; a health MEDICAL coverage is medical expenses', () => {
    expect(lossTypesOf('COMMERCIAL_MOTOR', 'CAR_DAMAGE')).toEqual(['VEHICLE']);
    expect(lossTypesOf('COMMERCIAL_MOTOR', 'THIRD_PARTY')).toEqual(['INJURY', 'PROPERTY']);
    expect(lossTypesOf('TERM_LIFE', 'DEATH')).toEqual(['DEATH']);
    expect(lossTypesOf('HEALTH', 'MEDICAL')).toEqual(['MEDICAL']);
    expect(lossTypesOf('ANNUITY', 'ANNUITY')).toEqual([]);
  });
});
