import { describe, expect, it } from 'vitest';
import { sha256Of, sniffMime } from './blobs';

const bytes = (...b: number[]) => Buffer.from(b);

describe('recognising an upload by its signature', () => {
  it('knows JPEG, PNG and PDF from their first bytes', () => {
    expect(sniffMime(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))).toBe('image/jpeg');
    expect(sniffMime(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d))).toBe('image/png');
    expect(sniffMime(Buffer.from('%PDF-1.7\n%âãÏÓ\n', 'latin1'))).toBe('application/pdf');
  });
  it('refuses text, other formats, truncated signatures and an empty file', () => {
    expect(sniffMime(Buffer.from('保单号 P123\n', 'utf8'))).toBeNull();
    expect(sniffMime(Buffer.from('GIF89a', 'latin1'))).toBeNull();
    expect(sniffMime(bytes(0x50, 0x4b, 0x03, 0x04))).toBeNull(); // a .docx/.xlsx (zip)
    expect(sniffMime(bytes(0x89, 0x50, 0x4e, 0x47))).toBeNull();
    expect(sniffMime(Buffer.from('%PDF', 'latin1'))).toBeNull();
    expect(sniffMime(bytes())).toBeNull();
  });
  it('keys a file by the SHA-256 of its bytes', () => {
    expect(sha256Of(Buffer.from('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
