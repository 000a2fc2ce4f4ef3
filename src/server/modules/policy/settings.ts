// The configurable rules of policy administration (policy_setting): underwriting, servicing and
// renewal. Stored as one JSON document per key; until an administrator saves one, the defaults
// below apply. Each default says where its number comes from.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/types';
import type { RenewalSettings, ServicingSettings, UnderwritingRules } from '../../../contracts/policy';
import { DEFAULT_SHORT_RATE } from './servicing.rules';

export interface PolicySettings {
  underwriting: UnderwritingRules;
  servicing: ServicingSettings;
  renewal: RenewalSettings;
}
export type SettingKey = keyof PolicySettings;

export const DEFAULT_SETTINGS: PolicySettings = {
  // Company practice, not regulation: a starting point each insurer replaces.
  underwriting: {
    autoMaxSumAssured: { TERM_LIFE: '500000.00', WHOLE_LIFE: '500000.00', ENDOWMENT: '500000.00', ANNUITY: '500000.00', HEALTH: '300000.00', ACCIDENT: '1000000.00' },
    autoMinAge: 18,
    autoMaxAge: 55,
    maxOccupationClass: 4,
    referOnHealthDisclosure: true,
    maxVehicleAgeYears: 10,
    maxClaimsLast3Years: 3,
  },
  servicing: {
    // Changes without money apply at once; refunds above 5,000 yuan need an approver.
    approvalThresholds: {
      CONTACT_CHANGE: null,
      BENEFICIARY_CHANGE: null,
      POLICYHOLDER_CHANGE: '0.00',
      COOLING_OFF_CANCELLATION: '5000.00',
      SURRENDER: '5000.00',
      REINSTATEMENT: '5000.00',
      SUM_ASSURED_REDUCTION: '5000.00',
      DOCUMENT_REISSUE: null,
    },
    // 工本费: a common market figure (10 yuan), configurable.
    coolingOffFee: '10.00',
    // 保险法 art. 36: 60 days of grace after a missed regular premium.
    graceDays: 60,
    // 保险法 art. 37: reinstatement within two years of the suspension.
    reinstatementYears: 2,
    reinstatementInterest: '0.05',
    pcSurrenderMethod: { default: 'SHORT_RATE', byProduct: {} },
    shortRateTable: DEFAULT_SHORT_RATE.map((r) => ({ ...r })),
  },
  renewal: { daysBefore: 30, lines: ['CTPL', 'COMMERCIAL_MOTOR', 'PROPERTY', 'ACCIDENT', 'HEALTH'] },
};

/** The setting in force: the stored document, else the default. */
export async function loadSetting<K extends SettingKey>(ex: Kysely<DB> | Transaction<DB>, key: K): Promise<PolicySettings[K]> {
  const row = await ex.selectFrom('policy_setting').select('value').where('key', '=', key).executeTakeFirst();
  return row ? ({ ...DEFAULT_SETTINGS[key], ...(row.value as object) } as PolicySettings[K]) : DEFAULT_SETTINGS[key];
}
