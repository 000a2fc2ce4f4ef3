// Table shapes of the policy module (migration 0007_policy). Numerics are decimal strings,
// dates 'YYYY-MM-DD' (Asia/Shanghai business dates).
import type { ColumnType, Generated } from 'kysely';
import type { Json, Timestamp } from './types';

type Numeric = ColumnType<string, string, string>;
type NullableNumeric = ColumnType<string | null, string | null, string | null>;

export interface ProposalNumberRangeTable {
  id: string;
  org_id: string;
  prefix: string;
  start_no: ColumnType<string, string | number, string | number>;
  end_no: ColumnType<string, string | number, string | number>;
  next_no: ColumnType<string, string | number, string | number>;
  width: number;
  status: 'ACTIVE' | 'CLOSED';
  remark: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProposalTable {
  id: string;
  proposal_no: string;
  org_id: string;
  product_id: string;
  product_version_id: string;
  line: string;
  channel: string;
  state: string;
  policyholder_id: string | null;
  insured_id: string | null;
  start_date: string | null;
  sum_assured: NullableNumeric;
  premium: NullableNumeric;
  extra_premium: Generated<string>;
  plate_no: string | null;
  vin: string | null;
  /** contracts/policy.ts ProposalData. */
  data: Json;
  /** contracts/product.ts ProductQuote. */
  quote: Json | null;
  /** contracts/policy.ts ValidationProblem[]. */
  problems: ColumnType<unknown, string | undefined, string>;
  uw_auto: Json | null;
  uw_referred: Generated<boolean>;
  uw_decision: string | null;
  uw_reason: string | null;
  uw_conditions: string | null;
  uw_decided_by: string | null;
  uw_decided_at: Timestamp | null;
  receivable_id: string | null;
  policy_id: string | null;
  renewal_of_policy_id: string | null;
  bundle_id: string | null;
  registered_by: string;
  entered_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface ProposalPartyTable {
  proposal_id: string;
  role: 'POLICYHOLDER' | 'INSURED' | 'BENEFICIARY';
  seq: number;
  party_id: string;
}

export interface PolicyTable {
  id: string;
  policy_no: string;
  proposal_id: string;
  org_id: string;
  product_id: string;
  product_version_id: string;
  line: string;
  channel: string;
  state: string;
  policyholder_id: string;
  insured_id: string;
  plate_no: string | null;
  vin: string | null;
  sum_assured: NullableNumeric;
  premium: Numeric;
  extra_premium: Generated<string>;
  payment_mode: string;
  payment_term: number | null;
  coverage_term: number | null;
  start_date: string;
  end_date: string | null;
  starts_at: Timestamp;
  ends_at: Timestamp | null;
  receipt_date: string | null;
  cooling_off_end: string | null;
  paid_to_date: string | null;
  /** contracts/policy.ts PolicyCoverage[]. */
  coverages: Json;
  /** contracts/policy.ts ProposalData as issued (then as endorsed). */
  data: Json;
  document_version: Generated<number>;
  issued_at: Timestamp;
  issued_by: string;
  ended_on: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface PolicyNumberCounterTable {
  org_code: string;
  product_code: string;
  year: number;
  last_seq: ColumnType<string, string | number, string | number>;
}

export interface PolicyEventTable {
  id: string;
  proposal_id: string;
  policy_id: string | null;
  action: string;
  from_state: string | null;
  to_state: string | null;
  actor_id: string | null;
  at: Timestamp;
  note: string | null;
  details: ColumnType<unknown, string | undefined, string>;
}

export interface BillingItemTable {
  id: string;
  direction: 'RECEIVABLE' | 'PAYABLE';
  source_type: 'PROPOSAL' | 'ENDORSEMENT' | 'CLAIM_PAYMENT';
  source_id: string;
  org_id: string;
  party_id: string | null;
  amount: Numeric;
  settled_amount: Generated<string>;
  status: 'OPEN' | 'SETTLED' | 'CANCELLED';
  description: string;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface BillingReceiptTable {
  id: string;
  item_id: string;
  amount: Numeric;
  method: 'CASH' | 'BANK_TRANSFER' | 'POS' | 'CHEQUE' | 'ONLINE';
  reference: string | null;
  received_on: string;
  recorded_by: string | null;
  recorded_at: Timestamp;
}

export interface EndorsementTable {
  id: string;
  endorsement_no: string;
  policy_id: string;
  org_id: string;
  item: string;
  state: 'PENDING_APPROVAL' | 'APPLIED' | 'REJECTED' | 'WITHDRAWN';
  effective_date: string;
  input: Json;
  calculation: Json;
  amount: Generated<string>;
  direction: 'RECEIVABLE' | 'PAYABLE' | null;
  billing_item_id: string | null;
  reason: string | null;
  requested_by: string;
  requested_at: Timestamp;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_note: string | null;
  applied_at: Timestamp | null;
}

export interface UnderwritingAuthorityTable {
  user_id: string;
  line: string;
  max_sum_assured: Numeric;
  updated_by: string;
  updated_at: Timestamp;
}

export interface PolicyClaimRecordTable {
  id: string;
  policy_id: string;
  loss_date: string;
  amount: Numeric;
  at_fault: boolean;
  fatal: Generated<boolean>;
  source: string;
  recorded_by: string | null;
  recorded_at: Timestamp;
}

export interface PolicySettingTable {
  key: 'underwriting' | 'servicing' | 'renewal';
  value: Json;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface PolicyTables {
  proposal_number_range: ProposalNumberRangeTable;
  proposal: ProposalTable;
  proposal_party: ProposalPartyTable;
  policy: PolicyTable;
  policy_number_counter: PolicyNumberCounterTable;
  policy_event: PolicyEventTable;
  billing_item: BillingItemTable;
  billing_receipt: BillingReceiptTable;
  endorsement: EndorsementTable;
  underwriting_authority: UnderwritingAuthorityTable;
  policy_claim_record: PolicyClaimRecordTable;
  policy_setting: PolicySettingTable;
}
