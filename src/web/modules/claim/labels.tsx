import { Tag } from 'antd';
import {
  CLAIM_STATES,
  DOCUMENT_KINDS,
  DUPLICATE_STATES,
  LOSS_TYPES,
  PAYMENT_KINDS,
  PAYMENT_STATES,
  RESERVE_KINDS,
  TASK_KINDS,
  TASK_STATES,
  type ClaimState,
  type DocumentKind,
  type DuplicateState,
  type LossType,
  type PaymentKind,
  type PaymentState,
  type ReserveKind,
  type TaskKind,
  type TaskState,
} from '../../../contracts/claim';
import { useI18n } from '../../app/i18n';

// Tags of the claim pages: the contract's labels (zh/en) with a colour per code. Shared by the
// handling pages (报案、工作台、详情) and the operations pages (任务、核赔、支付).

type Label = { zh: string; en: string };

/** A tag factory: one component per label table, coloured by code, carrying `data-state` for tests. */
function labelTag<K extends string>(labels: Record<K, Label>, colors: Partial<Record<K, string>>) {
  return function LabelTag({ value }: { value: K }) {
    const { pick } = useI18n();
    return (
      <Tag color={colors[value] ?? 'default'} data-state={value}>
        {pick(labels[value])}
      </Tag>
    );
  };
}

export const CLAIM_STATE_COLOR: Record<ClaimState, string> = {
  REPORTED: 'processing',
  REGISTERED: 'blue',
  PENDING_APPROVAL: 'orange',
  APPROVED: 'cyan',
  DECLINED: 'red',
  CLOSED: 'success',
  WITHDRAWN: 'default',
};

const ClaimStateLabel = labelTag<ClaimState>(CLAIM_STATES, CLAIM_STATE_COLOR);
export const ClaimStateTag = ({ state }: { state: ClaimState }) => <ClaimStateLabel value={state} />;

const TaskStateLabel = labelTag<TaskState>(TASK_STATES, { ASSIGNED: 'processing', SUBMITTED: 'orange', APPROVED: 'success', RETURNED: 'volcano', CANCELLED: 'default' });
export const TaskStateTag = ({ state }: { state: TaskState }) => <TaskStateLabel value={state} />;

const TaskKindLabel = labelTag<TaskKind>(TASK_KINDS, { SURVEY: 'geekblue', DAMAGE: 'purple', INJURY: 'magenta' });
export const TaskKindTag = ({ kind }: { kind: TaskKind }) => <TaskKindLabel value={kind} />;

const PaymentStateLabel = labelTag<PaymentState>(PAYMENT_STATES, { PENDING: 'orange', PAID: 'success', CANCELLED: 'default' });
export const PaymentStateTag = ({ state }: { state: PaymentState }) => <PaymentStateLabel value={state} />;

const PaymentKindLabel = labelTag<PaymentKind>(PAYMENT_KINDS, { ADVANCE: 'gold', PARTIAL: 'blue', FINAL: 'green' });
export const PaymentKindTag = ({ kind }: { kind: PaymentKind }) => <PaymentKindLabel value={kind} />;

const DuplicateLabel = labelTag<DuplicateState>(DUPLICATE_STATES, { SUSPECTED: 'red', CONFIRMED_DISTINCT: 'green', LINKED: 'default' });
/** 疑似重复 / 已确认非重复 / 已关联为重复; nothing for NONE. */
export const DuplicateTag = ({ state }: { state: DuplicateState }) => (state === 'NONE' ? null : <DuplicateLabel value={state} />);

const LossTypeLabel = labelTag<LossType>(LOSS_TYPES, { INJURY: 'magenta', VEHICLE: 'blue', PROPERTY: 'cyan', DEATH: 'red', DISABILITY: 'volcano', MEDICAL: 'green' });
export const LossTypeTag = ({ type }: { type: LossType }) => <LossTypeLabel value={type} />;

const ReserveKindLabel = labelTag<ReserveKind>(RESERVE_KINDS, { OPEN: 'blue', ADJUST: 'gold', PAYMENT: 'green', CLOSE: 'default', REOPEN: 'purple', WITHDRAW: 'default' });
export const ReserveKindTag = ({ kind }: { kind: ReserveKind }) => <ReserveKindLabel value={kind} />;

const DocumentKindLabel = labelTag<DocumentKind>(DOCUMENT_KINDS, { PHOTO: 'blue', DECLINE_LETTER: 'red' });
export const DocumentKindTag = ({ kind }: { kind: DocumentKind }) => <DocumentKindLabel value={kind} />;
