// What the claim module's services are built from.
import type { Transaction } from 'kysely';
import type { Database } from '../../db/database';
import type { DB } from '../../db/types';
import type { Clock } from '../../platform/clock';
import type { PiiCrypto } from '../../platform/pii-crypto';
import type { Billing } from '../policy/billing';
import type { NewClaimRecord } from '../policy/renewal.service';

export interface ClaimDeps {
  db: Database;
  clock: Clock;
  /** Payables for claim payments (source CLAIM_PAYMENT) — the same seam policy administration uses. */
  billing: Billing;
  /** Reporter phones and payee account numbers are stored encrypted (and masked for display). */
  pii: PiiCrypto;
  /** The policy module's interface: a closed claim feeds motor renewal (NCD / 交强险 float). */
  policy: { recordClaim(trx: Transaction<DB>, r: NewClaimRecord, recordedBy?: string | null, at?: Date): Promise<string> };
}
