// The configurable rules of claims (claim_setting): decline reasons, review sampling and document
// limits. One JSON document per key; until an administrator saves one, the defaults below apply.
// Company practice, not regulation: starting points each insurer replaces.
import type { Kysely, Transaction } from 'kysely';
import type { ClaimSettings } from '../../../contracts/claim';
import type { DB } from '../../db/types';

export type { ClaimSettings };
export type ClaimSettingKey = keyof ClaimSettings;

export const DEFAULT_CLAIM_SETTINGS: ClaimSettings = {
  declineReasons: [
    { code: 'NOT_COVERED', zh: '损失不属于保险责任范围', en: 'The loss is not covered' },
    { code: 'EXCLUSION', zh: '属于责任免除情形', en: 'An exclusion applies' },
    { code: 'OUTSIDE_PERIOD', zh: '出险时间不在保险期间内', en: 'The loss happened outside the period of cover' },
    { code: 'NON_DISCLOSURE', zh: '投保时未履行如实告知义务', en: 'Material non-disclosure at application' },
    { code: 'FRAUD', zh: '虚构保险事故或故意制造损失', en: 'Fabricated or deliberate loss' },
    { code: 'NO_EVIDENCE', zh: '未能提供证明损失的必要资料', en: 'The loss could not be proved' },
  ],
  sampling: { randomPercent: 5, amountAbove: '50000.00', handlerIds: [] },
  documents: { maxBytes: 10 * 1024 * 1024, types: ['image/jpeg', 'image/png', 'application/pdf'] },
};

/** The setting in force: the stored document, else the default. */
export async function loadClaimSetting<K extends ClaimSettingKey>(ex: Kysely<DB> | Transaction<DB>, key: K): Promise<ClaimSettings[K]> {
  const row = await ex.selectFrom('claim_setting').select('value').where('key', '=', key).executeTakeFirst();
  if (!row) return DEFAULT_CLAIM_SETTINGS[key];
  const value = row.value as ClaimSettings[K];
  return Array.isArray(value) ? value : ({ ...DEFAULT_CLAIM_SETTINGS[key], ...(value as object) } as ClaimSettings[K]);
}
