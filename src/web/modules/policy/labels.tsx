import { Tag, Typography } from 'antd';
import {
  ENDORSEMENT_STATES,
  POLICY_STATES,
  PROPOSAL_STATES,
  type EndorsementState,
  type PolicyState,
  type ProposalState,
} from '../../../contracts/policy';
import { CHANNELS, PRODUCT_LINES, type Channel, type ProductLine } from '../../../contracts/product';
import { formatAmount } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { twoDecimals } from './money';

const PROPOSAL_COLOR: Record<ProposalState, string> = {
  DRAFT: 'default',
  PENDING_VALIDATION: 'processing',
  PENDING_UNDERWRITING: 'orange',
  UW_ACCEPTED: 'cyan',
  UW_CONDITIONAL: 'gold',
  UW_POSTPONED: 'volcano',
  UW_DECLINED: 'red',
  PENDING_PAYMENT: 'blue',
  ISSUED: 'success',
  WITHDRAWN: 'default',
};

export function ProposalStateTag({ state }: { state: ProposalState }) {
  const { pick } = useI18n();
  return (
    <Tag color={PROPOSAL_COLOR[state]} data-state={state}>
      {pick(PROPOSAL_STATES[state])}
    </Tag>
  );
}

const POLICY_COLOR: Record<PolicyState, string> = {
  IN_FORCE: 'success',
  LAPSED: 'warning',
  TERMINATED: 'default',
  SURRENDERED: 'default',
  MATURED: 'default',
  CANCELLED_COOLING_OFF: 'default',
};

export function PolicyStateTag({ state }: { state: PolicyState }) {
  const { pick } = useI18n();
  return (
    <Tag color={POLICY_COLOR[state]} data-state={state}>
      {pick(POLICY_STATES[state])}
    </Tag>
  );
}

const ENDORSEMENT_COLOR: Record<EndorsementState, string> = { PENDING_APPROVAL: 'orange', APPLIED: 'success', REJECTED: 'red', WITHDRAWN: 'default' };

export function EndorsementStateTag({ state }: { state: EndorsementState }) {
  const { pick } = useI18n();
  return (
    <Tag color={ENDORSEMENT_COLOR[state]} data-state={state}>
      {pick(ENDORSEMENT_STATES[state])}
    </Tag>
  );
}

export function LineTag({ line }: { line: ProductLine }) {
  const { pick } = useI18n();
  return <Tag color={line === 'CTPL' || line === 'COMMERCIAL_MOTOR' ? 'geekblue' : 'purple'}>{pick(PRODUCT_LINES[line])}</Tag>;
}

export function useChannelLabel() {
  const { pick } = useI18n();
  return (channel: Channel) => pick(CHANNELS[channel]);
}

/** An amount in yuan with two decimals and thousands separators: "12,345.60 元"; "—" when absent. */
export function Money({ value, strong, testId }: { value: string | null | undefined; strong?: boolean; testId?: string }) {
  const { t } = useI18n();
  if (value === null || value === undefined || value === '') return <span>—</span>;
  return (
    <Typography.Text strong={strong} data-testid={testId} style={{ whiteSpace: 'nowrap' }}>
      {formatAmount(twoDecimals(value))} {t('rating.yuan')}
    </Typography.Text>
  );
}

/** The text form of Money (tables, messages). */
export function useMoneyText() {
  const { t } = useI18n();
  return (value: string | null | undefined) => (value ? `${formatAmount(twoDecimals(value))} ${t('rating.yuan')}` : '—');
}

export function Mono({ children, testId }: { children: string | null | undefined; testId?: string }) {
  return (
    <span style={{ fontFamily: 'monospace' }} data-testid={testId}>
      {children || '—'}
    </span>
  );
}
