// Table shapes of the claims module and the platform's blob store and idempotency keys
// (migration 0009_claims). Numerics are decimal strings, dates 'YYYY-MM-DD' (Asia/Shanghai).
import type { ColumnType, Generated } from 'kysely';
import type { Json, Timestamp } from './types';

type Numeric = ColumnType<string, string, string>;
type DefaultNumeric = ColumnType<string, string | undefined, string>;

export type ClaimState = 'REPORTED' | 'REGISTERED' | 'PENDING_APPROVAL' | 'APPROVED' | 'DECLINED' | 'CLOSED' | 'WITHDRAWN';
export type ClaimLossType = 'INJURY' | 'VEHICLE' | 'PROPERTY' | 'DEATH' | 'DISABILITY' | 'MEDICAL';

export interface BlobTable {
  sha256: string;
  size: number;
  mime: string;
  content: Buffer;
  created_at: Timestamp;
}

export interface IdempotencyKeyTable {
  scope: string;
  user_id: string;
  key: string;
  request_hash: string;
  status: number | null;
  response: Json | null;
  created_at: Timestamp;
}

export interface ClaimNumberCounterTable {
  org_code: string;
  day: string;
  last_seq: number;
}

export interface ClaimTable {
  id: string;
  claim_no: string;
  policy_id: string;
  org_id: string;
  line: string;
  state: ClaimState;
  loss_at: Timestamp;
  loss_date: string;
  loss_place: string;
  loss_cause: string;
  description: string;
  channel: 'PHONE' | 'COUNTER' | 'APP' | 'DEALER';
  reporter_name: string;
  reporter_phone_masked: string | null;
  reporter_phone_enc: string | null;
  reporter_relation: string | null;
  coverages: ColumnType<unknown, string | undefined, string>;
  at_fault: boolean | null;
  liability_share: string | null;
  duplicate_of: string | null;
  duplicate_state: ColumnType<'NONE' | 'SUSPECTED' | 'CONFIRMED_DISTINCT' | 'LINKED', string | undefined, string>;
  handler_id: string;
  reported_by: string;
  reported_at: Timestamp;
  registered_by: string | null;
  registered_at: Timestamp | null;
  approval_org_id: string | null;
  approved_amount: DefaultNumeric;
  paid_amount: DefaultNumeric;
  outstanding_reserve: DefaultNumeric;
  decline_code: string | null;
  decline_reason: string | null;
  closed_at: Timestamp | null;
  reopen_count: Generated<number>;
  state_since: Timestamp;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ClaimPartyTable {
  id: string;
  claim_id: string;
  seq: number;
  role: 'THIRD_PARTY' | 'INJURED' | 'DRIVER' | 'WITNESS';
  name: string;
  id_number_masked: string | null;
  phone_masked: string | null;
  plate_no: string | null;
  note: string | null;
}

export interface ClaimTaskTable {
  id: string;
  claim_id: string;
  kind: 'SURVEY' | 'DAMAGE' | 'INJURY';
  org_id: string;
  assignee_id: string;
  state: 'ASSIGNED' | 'SUBMITTED' | 'APPROVED' | 'RETURNED' | 'CANCELLED';
  findings: string | null;
  assessed_amount: DefaultNumeric;
  submitted_at: Timestamp | null;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
  review_note: string | null;
  created_by: string;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ClaimTaskItemTable {
  id: string;
  task_id: string;
  seq: number;
  kind: 'PART' | 'LABOUR' | 'MEDICAL' | 'PROPERTY' | 'OTHER';
  name: string;
  coverage_code: string;
  loss_type: ClaimLossType;
  unit_price: Numeric;
  quantity: Numeric;
  amount: Numeric;
}

export interface ClaimDocumentTable {
  id: string;
  claim_id: string;
  task_id: string | null;
  kind: 'PHOTO' | 'INVOICE' | 'MEDICAL_RECORD' | 'ID_DOCUMENT' | 'POLICE_REPORT' | 'DEATH_CERTIFICATE' | 'DECLINE_LETTER' | 'OTHER';
  name: string;
  sha256: string;
  size: number;
  mime: string;
  uploaded_by: string;
  uploaded_at: Timestamp;
}

export interface ClaimReserveTable {
  id: string;
  claim_id: string;
  coverage_code: string;
  loss_type: ClaimLossType;
  kind: 'OPEN' | 'ADJUST' | 'PAYMENT' | 'CLOSE' | 'REOPEN' | 'WITHDRAW';
  delta: Numeric;
  reason: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface ClaimCalculationTable {
  id: string;
  claim_id: string;
  coverage_code: string;
  loss_type: ClaimLossType;
  input: Json;
  steps: Json;
  payable: Numeric;
  state: 'CURRENT' | 'SUPERSEDED';
  created_by: string;
  created_at: Timestamp;
}

export interface ClaimAuthorityTable {
  id: string;
  user_id: string | null;
  role_id: string | null;
  line: string;
  max_amount: Numeric;
  created_by: string;
  created_at: Timestamp;
}

export interface ClaimApprovalTable {
  id: string;
  claim_id: string;
  level: number;
  org_id: string;
  approver_id: string | null;
  amount: Numeric;
  decision: 'SUBMIT' | 'APPROVE' | 'ESCALATE' | 'DECLINE' | 'RETURN';
  decline_code: string | null;
  reason: string | null;
  created_at: Timestamp;
}

export interface ClaimPaymentTable {
  id: string;
  claim_id: string;
  payment_no: string;
  kind: 'ADVANCE' | 'PARTIAL' | 'FINAL';
  payee_party_id: string | null;
  payee_name: string;
  bank_name: string;
  account_no_masked: string;
  account_no_enc: string;
  amount: Numeric;
  coverage_code: string | null;
  loss_type: ClaimLossType | null;
  state: 'PENDING' | 'PAID' | 'CANCELLED';
  billing_item_id: string | null;
  idempotency_key: string;
  created_by: string;
  created_at: Timestamp;
  paid_at: Timestamp | null;
  paid_by: string | null;
  paid_reference: string | null;
  cancelled_at: Timestamp | null;
  cancelled_by: string | null;
  cancel_reason: string | null;
}

export interface ClaimEventTable {
  id: string;
  claim_id: string;
  action: string;
  from_state: string | null;
  to_state: string | null;
  actor_id: string | null;
  at: Timestamp;
  note: string | null;
  details: Json;
}

export interface ClaimReviewTable {
  id: string;
  claim_id: string;
  reasons: string[];
  state: 'PENDING' | 'DONE';
  reviewer_id: string | null;
  result: 'PASS' | 'ISSUE' | null;
  findings: string | null;
  drawn_at: Timestamp;
  reviewed_at: Timestamp | null;
}

export interface ClaimSettingTable {
  key: string;
  value: Json;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface ClaimTables {
  blob: BlobTable;
  idempotency_key: IdempotencyKeyTable;
  claim_number_counter: ClaimNumberCounterTable;
  claim: ClaimTable;
  claim_party: ClaimPartyTable;
  claim_task: ClaimTaskTable;
  claim_task_item: ClaimTaskItemTable;
  claim_document: ClaimDocumentTable;
  claim_reserve: ClaimReserveTable;
  claim_calculation: ClaimCalculationTable;
  claim_authority: ClaimAuthorityTable;
  claim_approval: ClaimApprovalTable;
  claim_payment: ClaimPaymentTable;
  claim_event: ClaimEventTable;
  claim_review: ClaimReviewTable;
  claim_setting: ClaimSettingTable;
}
