// The content-addressed file store (table `blob`, decision 0012): bytes keyed by their SHA-256,
// stored once however often the same file is uploaded. Written in the caller's transaction, so a
// file and the rows that reference it commit or roll back together. Types are told by the bytes'
// signature, never by the name or the declared type alone.
import crypto from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/types';

/** The types we can recognise from their first bytes. */
export type SniffedMime = 'image/jpeg' | 'image/png' | 'application/pdf';

const SIGNATURES: { mime: SniffedMime; bytes: number[] }[] = [
  { mime: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { mime: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mime: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
];

/** The type the bytes' signature says, or null when it is none we know. */
export function sniffMime(bytes: Uint8Array): SniffedMime | null {
  return SIGNATURES.find((s) => bytes.length >= s.bytes.length && s.bytes.every((b, i) => bytes[i] === b))?.mime ?? null;
}

export const sha256Of = (bytes: Uint8Array): string => crypto.createHash('sha256').update(bytes).digest('hex');

/** Stores the bytes unless a blob with the same SHA-256 exists; answers the key and size. */
export async function putBlob(trx: Transaction<DB>, bytes: Buffer, mime: string, at: Date = new Date()): Promise<{ sha256: string; size: number }> {
  const sha256 = sha256Of(bytes);
  await trx
    .insertInto('blob')
    .values({ sha256, size: bytes.length, mime, content: bytes, created_at: at })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
  return { sha256, size: bytes.length };
}

export async function getBlob(ex: Kysely<DB> | Transaction<DB>, sha256: string): Promise<{ content: Buffer; mime: string; size: number } | undefined> {
  return ex.selectFrom('blob').select(['content', 'mime', 'size']).where('sha256', '=', sha256).executeTakeFirst();
}
