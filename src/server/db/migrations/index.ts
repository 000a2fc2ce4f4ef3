// Ordered migrations. Forward-only in production: add a new file, never edit a shipped one.
import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation';
import * as m0002 from './0002_ctpl_reference';
import * as m0003 from './0003_mortality_tables';
import * as m0004 from './0004_commercial_motor_reference';
import * as m0005 from './0005_parties';
import * as m0006 from './0006_product_catalogue';
import * as m0007 from './0007_policy';
import * as m0008 from './0008_audit_chains';
import * as m0009 from './0009_claims';

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_ctpl_reference': m0002,
  '0003_mortality_tables': m0003,
  '0004_commercial_motor_reference': m0004,
  '0005_parties': m0005,
  '0006_product_catalogue': m0006,
  '0007_policy': m0007,
  '0008_audit_chains': m0008,
  '0009_claims': m0009,
};
