// Table shapes as Kysely sees them. Hand-written, next to the SQL in migrations/.
import type { ColumnType, Generated } from 'kysely';
import type { ClaimTables } from './types.claim';
import type { PartyTables } from './types.party';
import type { PolicyTables } from './types.policy';
import type { ProductCatalogueTables } from './types.product-catalogue';

export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type Json<T = unknown> = ColumnType<T, string, string>;

export type DataScope = 'self' | 'org' | 'subtree' | 'all';

export interface OrgTable {
  id: string;
  code: string;
  name: string;
  type: string;
  parent_id: string | null;
  /** '/rootId/childId/…/ownId/': "this org and everything under it" is `path LIKE prefix || '%'`. */
  path: string;
  depth: number;
  status: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AppUserTable {
  id: string;
  username: string;
  name: string;
  org_id: string;
  password_hash: string;
  must_change_password: boolean;
  status: string;
  failed_attempts: number;
  locked_until: Timestamp | null;
  mfa_secret: string | null;
  mfa_enabled: boolean;
  /** Secret being enrolled, active only once a code from it is confirmed. */
  mfa_pending_secret: Generated<string | null>;
  /** Last TOTP time step accepted: codes at or before it are refused (replay). */
  mfa_last_step: Generated<string | null>;
  mobile: string | null;
  email: string | null;
  password_changed_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RoleTable {
  id: string;
  code: string;
  name: string;
  description: string | null;
  permissions: string[];
  mfa_required: boolean;
  builtin: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UserRoleTable {
  user_id: string;
  role_id: string;
  scope: DataScope;
}

export interface SessionTable {
  id: string;
  user_id: string;
  csrf_token: string;
  stage: 'ACTIVE' | 'MFA_PENDING';
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
  ended_at: Timestamp | null;
  end_reason: string | null;
}

export interface AuditEventTable {
  seq: string;
  id: string;
  occurred_at: Timestamp;
  user_id: string | null;
  username: string | null;
  org_id: string | null;
  roles: string | null;
  ip: string | null;
  request_id: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  outcome: string;
  before: Json | null;
  after: Json | null;
  details: Json | null;
  prev_hash: string;
  hash: string;
  /** The chain the event belongs to and its gapless position in it (migration 0008). */
  chain: number;
  chain_seq: string;
}

/** One row per audit chain (id = chain): its last position and hash. */
export interface AuditHeadTable {
  id: number;
  last_seq: string;
  last_hash: string;
}

export interface DomainEventTable {
  seq: Generated<string>;
  id: string;
  type: string;
  aggregate_type: string;
  aggregate_id: string;
  payload: Json;
  occurred_at: Timestamp;
  delivered_at: Timestamp | null;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
}

export interface DomainEventDeliveryTable {
  event_id: string;
  subscriber: string;
  delivered_at: Timestamp;
}

export interface JobTable {
  id: string;
  queue: string;
  payload: Json;
  status: 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED';
  run_at: Timestamp;
  attempts: Generated<number>;
  max_attempts: number;
  locked_at: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

/** A mortality table (q_x by age); immutable once created. Migration 0003. */
export interface MortalityTableTable {
  code: string;
  name: string;
  source: string | null;
  builtin: boolean;
  created_at: Timestamp;
  created_by: string | null;
}

export interface MortalityRateTable {
  table_code: string;
  age: number;
  /** numeric: a decimal string, never a float. */
  qx: ColumnType<string, string, string>;
}

// 交强险 reference data (migration 0002). Numerics are strings; dates 'YYYY-MM-DD'.
export interface CtplTariffTable {
  code: string;
  name_zh: string;
  effective_from: string;
  trailer_ratio: string;
  source: string;
}

export interface CtplBasePremiumTable {
  tariff: string;
  code: string;
  usage: string;
  name_zh: string;
  /** 'seats' and 'tonnes': [from, to); 'cc_upper_inclusive': (from, to]; null: flat rate. */
  measure: 'seats' | 'tonnes' | 'cc_upper_inclusive' | null;
  from_inclusive: string | null;
  to_exclusive: string | null;
  annual_premium: string;
}

export interface CtplFloatSchemeTable {
  code: string;
  name_zh: string;
  effective_from: string;
  source: string;
}

export interface CtplFloatRegionTable {
  scheme: string;
  region_zh: string;
  region_class: 'A' | 'B' | 'C' | 'D' | 'E';
  source_quality: 'regulator' | 'secondary';
}

export interface CtplFloatFactorTable {
  scheme: string;
  factor: 'A1' | 'A2' | 'A3' | 'A4' | 'A5' | 'A6';
  region_class: 'A' | 'B' | 'C' | 'D' | 'E';
  name_zh: string;
  rate: string;
}

export interface CtplLimitScheduleTable {
  code: string;
  effective_from: string;
  source: string;
}

export interface CtplLiabilityLimitTable {
  schedule: string;
  fault: 'AT_FAULT' | 'NOT_AT_FAULT';
  death_disability: string;
  medical: string;
  property: string;
}

// 商业车险 reference data (migration 0004). Numerics are strings; dates 'YYYY-MM-DD'.
export interface CommercialNcdScaleTable {
  code: string;
  name_zh: string;
  effective_from: string;
  source: string;
}

export interface CommercialNcdCoefficientTable {
  scale: string;
  level: number;
  coefficient: string;
  confirmed: boolean;
}

export interface CommercialCoverageTable {
  code: string;
  name_zh: string;
  basis: 'vehicle_value' | 'limit' | 'per_seat';
}

export interface CommercialRateTableTable {
  code: string;
  name_zh: string;
  effective_from: string;
  sample: boolean;
  source: string;
}

export interface CommercialBaseRateTable {
  rate_table: string;
  code: string;
  coverage: string;
  usage: string;
  /** Vehicle-age band in years, [age_from, age_to); null: not banded / open. */
  age_from: string | null;
  age_to: string | null;
  limit_amount: string | null;
  fixed_premium: string;
  rate: string;
}

export interface CommercialRatingParametersTable {
  code: string;
  effective_from: string;
  pricing_min: string;
  pricing_max: string;
  source: string;
}

export interface CommercialViolationCoefficientTable {
  parameters: string;
  region_zh: string;
  coefficient: string;
}

// Later modules keep their table shapes in types.<module>.ts and join them here.
export interface DB extends PartyTables, ProductCatalogueTables, PolicyTables, ClaimTables {
  org: OrgTable;
  app_user: AppUserTable;
  role: RoleTable;
  user_role: UserRoleTable;
  session: SessionTable;
  audit_event: AuditEventTable;
  audit_head: AuditHeadTable;
  domain_event: DomainEventTable;
  domain_event_delivery: DomainEventDeliveryTable;
  job: JobTable;
  mortality_table: MortalityTableTable;
  mortality_rate: MortalityRateTable;
  ctpl_tariff: CtplTariffTable;
  ctpl_base_premium: CtplBasePremiumTable;
  ctpl_float_scheme: CtplFloatSchemeTable;
  ctpl_float_region: CtplFloatRegionTable;
  ctpl_float_factor: CtplFloatFactorTable;
  ctpl_limit_schedule: CtplLimitScheduleTable;
  ctpl_liability_limit: CtplLiabilityLimitTable;
  commercial_ncd_scale: CommercialNcdScaleTable;
  commercial_ncd_coefficient: CommercialNcdCoefficientTable;
  commercial_coverage: CommercialCoverageTable;
  commercial_rate_table: CommercialRateTableTable;
  commercial_base_rate: CommercialBaseRateTable;
  commercial_rating_parameters: CommercialRatingParametersTable;
  commercial_violation_coefficient: CommercialViolationCoefficientTable;
}
