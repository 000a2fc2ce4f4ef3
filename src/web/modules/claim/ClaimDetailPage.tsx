import { Alert, App, Button, Card, Descriptions, List, Space, Steps, Tabs, Typography } from 'antd';
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { ClaimDetail, ClaimState } from '../../../contracts/claim';
import { isApiError } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { useI18n, useT } from '../../app/i18n';
import { notifyError, notifySuccess } from '../../app/notify';
import { usePermission } from '../../app/session';
import { ErrorResult, NotFoundResult, PageLoading } from '../../components/results';
import { TimelineView } from '../policy/components';
import { LineTag, Money } from '../policy/labels';
import { ClaimCalculation } from './ClaimCalculationPanel';
import { ClaimActionBar } from './ClaimDetailActions';
import { ClaimApprovals } from './ClaimDetailApprovals';
import { ClaimReportInfo } from './ClaimDetailReport';
import { ClaimReserves } from './ClaimDetailReserves';
import { ClaimTasks } from './ClaimDetailTasks';
import { ClaimPayments } from './ClaimPaymentPanel';
import { ClaimStateTag, DuplicateTag } from './labels';
import { useClaim, useDuplicateDecision } from './queries';

/** Where a state sits on the 报案 → 立案 → 核赔 → 支付 → 结案 line. */
const STEP_OF: Record<ClaimState, number> = { REPORTED: 0, REGISTERED: 1, PENDING_APPROVAL: 2, APPROVED: 3, CLOSED: 4, DECLINED: 2, WITHDRAWN: 0 };

function StateSteps({ c }: { c: ClaimDetail }) {
  const t = useT();
  // A withdrawn claim stops where it was withdrawn.
  const from = c.state === 'WITHDRAWN' ? ([...c.timeline].reverse().find((e) => e.toState === 'WITHDRAWN')?.fromState as ClaimState | undefined) : undefined;
  const current = c.state === 'WITHDRAWN' ? STEP_OF[from ?? 'REPORTED'] : STEP_OF[c.state];
  return (
    <Steps
      size="small"
      current={current}
      status={c.state === 'DECLINED' || c.state === 'WITHDRAWN' ? 'error' : c.state === 'CLOSED' ? 'finish' : 'process'}
      style={{ margin: '8px 0 16px' }}
      data-testid="claim-steps"
      items={[{ title: t('claim.steps.reported') }, { title: t('claim.steps.registered') }, { title: t('claim.steps.approval') }, { title: t('claim.steps.payment') }, { title: t('claim.steps.closed') }]}
    />
  );
}

/** 疑似重复报案: the other claims of the policy near the loss, each to link as duplicate, or confirm distinct. */
function DuplicateBanner({ c }: { c: ClaimDetail }) {
  const t = useT();
  const can = usePermission();
  const { modal } = App.useApp();
  const decide = useDuplicateDecision();
  if (c.duplicateState === 'LINKED' && c.duplicateOf) {
    return (
      <Alert
        type="info"
        showIcon
        data-testid="duplicate-linked"
        title={
          <>
            {t('claim.dup.linkedTo')} <Link to={`/claims/${c.duplicateOf.id}`}>{c.duplicateOf.claimNo}</Link>
          </>
        }
      />
    );
  }
  if (c.duplicateState !== 'SUSPECTED') return null;
  const canDecide = can('claim:handle') && c.state !== 'WITHDRAWN';
  const done = (message: string) => ({ onSuccess: () => notifySuccess(message), onError: notifyError });
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="duplicate-banner"
      title={t('claim.dup.title')}
      description={
        <List
          size="small"
          dataSource={c.possibleDuplicates}
          renderItem={(d) => (
            <List.Item
              actions={
                canDecide
                  ? [
                      <Button
                        key="link"
                        size="small"
                        danger
                        onClick={() =>
                          modal.confirm({
                            title: t('claim.dup.link'),
                            content: t('claim.dup.linkConfirm', { no: c.claimNo, other: d.claimNo }),
                            okText: t('common.ok'),
                            cancelText: t('common.cancel'),
                            okButtonProps: { danger: true },
                            onOk: () => decide.mutate({ id: c.id, decision: 'LINK', duplicateOf: d.id }, done(t('claim.dup.linked'))),
                          })
                        }
                      >
                        {t('claim.dup.link')}
                      </Button>,
                    ]
                  : []
              }
            >
              <Space wrap>
                <Link to={`/claims/${d.id}`}>{d.claimNo}</Link>
                <ClaimStateTag state={d.state} />
                <span>{d.lossDate}</span>
                <span>{d.lossPlace}</span>
              </Space>
            </List.Item>
          )}
        />
      }
      action={
        canDecide && (
          <Button
            size="small"
            onClick={() =>
              modal.confirm({
                title: t('claim.dup.distinct'),
                content: t('claim.dup.distinctConfirm'),
                okText: t('common.ok'),
                cancelText: t('common.cancel'),
                onOk: () => decide.mutate({ id: c.id, decision: 'DISTINCT' }, done(t('claim.dup.confirmedDistinct'))),
              })
            }
          >
            {t('claim.dup.distinct')}
          </Button>
        )
      }
    />
  );
}

/** The claim at a glance: policy, insured, loss, handler and the money (reserve, calculated, approved, paid). */
function Summary({ c }: { c: ClaimDetail }) {
  const t = useT();
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 2, xl: 4 }}
      data-testid="claim-summary"
      items={[
        { key: 'policy', label: t('claim.policyNo'), children: <Link to={`/policies/${c.policy.id}`}>{c.policy.policyNo}</Link> },
        { key: 'insured', label: t('claim.insured'), children: c.insuredName },
        { key: 'plate', label: t('claim.plateNo'), children: c.policy.plateNo ?? '—' },
        { key: 'handler', label: t('claim.handler'), children: c.handler.name },
        { key: 'lossAt', label: t('claim.lossAt'), children: formatDateTime(c.lossAt).slice(0, 16) },
        { key: 'place', label: t('claim.lossPlace'), children: c.lossPlace },
        { key: 'org', label: t('claim.org'), children: c.org.name },
        { key: 'stateSince', label: t('claim.stateSince'), children: formatDateTime(c.stateSince) },
        { key: 'reserve', label: t('claim.outstandingReserve'), children: <Money value={c.outstandingReserve} strong testId="claim-reserve" /> },
        { key: 'calculated', label: t('claim.calculatedTotal'), children: <Money value={c.calculatedTotal} testId="claim-calculated" /> },
        { key: 'approved', label: t('claim.approvedAmount'), children: <Money value={c.approvedAmount} testId="claim-approved" /> },
        { key: 'paid', label: t('claim.paidAmount'), children: <Money value={c.paidAmount} strong testId="claim-paid" /> },
      ]}
    />
  );
}

/** 赔案详情 (/claims/:id): where the claim stands, what can be done now, and every part of its handling in tabs. */
export default function ClaimDetailPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useI18n();
  const navigate = useNavigate();
  const query = useClaim(id);
  if (query.isPending) return <PageLoading />;
  if (query.isError) {
    return isApiError(query.error) && (query.error.status === 404 || query.error.status === 400) ? <NotFoundResult /> : <ErrorResult error={query.error} onRetry={() => void query.refetch()} />;
  }
  const c = query.data;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="claim-detail">
      <Card
        size="small"
        title={
          <Space size={8} wrap>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="claim-no">
              {c.claimNo}
            </Typography.Title>
            <span data-testid="claim-state">
              <ClaimStateTag state={c.state} />
            </span>
            <DuplicateTag state={c.duplicateState} />
            <LineTag line={c.policy.line} />
            <Typography.Text>{c.policy.productName}</Typography.Text>
            {c.reopenCount > 0 && <Typography.Text type="secondary">{t('claim.reopenedN', { n: c.reopenCount })}</Typography.Text>}
          </Space>
        }
        extra={
          <Space wrap>
            {/* Others work on the same claim (surveyors, approvers, payers): see their changes. */}
            <Button icon={<ReloadOutlined />} loading={query.isFetching} onClick={() => void query.refetch()}>
              {t('common.refresh')}
            </Button>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/claims')}>
              {t('claim.backToList')}
            </Button>
          </Space>
        }
      >
        <StateSteps c={c} />
        <Summary c={c} />
        <ClaimActionBar c={c} />
      </Card>
      <DuplicateBanner c={c} />
      <Card size="small">
        <Tabs
          items={[
            { key: 'report', label: t('claim.tab.report'), children: <ClaimReportInfo c={c} /> },
            { key: 'reserves', label: t('claim.tab.reserves'), children: <ClaimReserves c={c} /> },
            { key: 'tasks', label: t('claim.tab.tasks'), children: <ClaimTasks c={c} /> },
            { key: 'calculation', label: t('claim.tab.calculation'), children: <ClaimCalculation c={c} /> },
            { key: 'approval', label: t('claim.tab.approval'), children: <ClaimApprovals c={c} /> },
            { key: 'payments', label: t('claim.tab.payments'), children: <ClaimPayments c={c} /> },
            { key: 'timeline', label: t('claim.tab.timeline'), children: <TimelineView entries={c.timeline} /> },
          ]}
        />
      </Card>
    </Space>
  );
}
