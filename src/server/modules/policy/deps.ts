// What the policy module's services are built from.
import type { Database } from '../../db/database';
import type { Clock } from '../../platform/clock';
import type { PiiCrypto } from '../../platform/pii-crypto';
import type { CatalogueService } from '../product/catalogue.service';
import type { RatingEngines } from '../product/engines';
import type { Billing } from './billing';

export interface PolicyDeps {
  db: Database;
  clock: Clock;
  /** Product versions and pricing (`catalogue.price` quotes without a permission check). */
  catalogue: CatalogueService;
  /** The rating engines (e.g. `engines.actuarial.table(code)` for a life policy's pricing basis). */
  engines: RatingEngines;
  billing: Billing;
  /** Keyed hashes of ID numbers and phones (policy search by a customer's ID number, as the party search). */
  pii?: PiiCrypto;
}
