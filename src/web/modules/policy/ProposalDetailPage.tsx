import { useState, type ReactNode } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Row, Space, Steps, Tag, Typography, type DescriptionsProps } from 'antd';
import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router-dom';
import {
  BENEFICIARY_RELATIONS,
  HEALTH_QUESTIONS,
  INSURED_RELATIONS,
  PROPOSAL_ACTIONS,
  UW_DECISIONS,
  type ProposalAction,
  type ProposalDetail,
  type ProposalState,
} from '../../../contracts/policy';
import { PAYMENT_MODES } from '../../../contracts/product';
import { isApiError } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { useI18n, useT } from '../../app/i18n';
import { notifyError, notifySuccess } from '../../app/notify';
import { ErrorResult, NotFoundResult, PageLoading } from '../../components/results';
import { CollectionView, DetailTitle, PartyLine, ProblemList, QuoteView, ReasonModal, ReferredAlert, TimelineView } from './components';
import { Money, Mono, ProposalStateTag, useChannelLabel } from './labels';
import { PayIssueModals } from './PayIssueModals';
import { useBundlePartner, useProposal, useProposalAction, type SimpleAction } from './queries';

/** Where a state sits on the 草稿 → 待校验 → 待核保 → 核保 → 待收费 → 已承保 line. */
const STEP_OF: Record<ProposalState, number> = {
  DRAFT: 0,
  PENDING_VALIDATION: 1,
  PENDING_UNDERWRITING: 2,
  UW_ACCEPTED: 3,
  UW_CONDITIONAL: 3,
  UW_POSTPONED: 3,
  UW_DECLINED: 3,
  PENDING_PAYMENT: 4,
  ISSUED: 5,
  WITHDRAWN: 0,
};

function StateSteps({ p }: { p: ProposalDetail }) {
  const t = useT();
  // A withdrawn proposal stops where it was withdrawn.
  const from = p.state === 'WITHDRAWN' ? ([...p.timeline].reverse().find((e) => e.toState === 'WITHDRAWN')?.fromState as ProposalState | undefined) : undefined;
  const current = p.state === 'WITHDRAWN' ? STEP_OF[from ?? 'DRAFT'] : STEP_OF[p.state];
  const failed = p.state === 'WITHDRAWN' || p.state === 'UW_DECLINED' || p.state === 'UW_POSTPONED';
  return (
    <Steps
      size="small"
      current={current}
      status={failed ? 'error' : p.state === 'ISSUED' ? 'finish' : 'process'}
      style={{ margin: '8px 0 16px' }}
      data-testid="proposal-steps"
      items={[
        { title: t('pol.steps.draft') },
        { title: t('pol.steps.validation') },
        { title: t('pol.steps.pendingUw') },
        { title: t('pol.steps.uw') },
        { title: t('pol.steps.payment') },
        { title: t('pol.steps.issued') },
      ]}
    />
  );
}

/** The form as entered: parties, cover, payment, and the motor or life part. */
function ProposalData({ p }: { p: ProposalDetail }) {
  const { t, pick } = useI18n();
  const channelLabel = useChannelLabel();
  const d = p.data;
  const byId = new Map(p.beneficiaryParties.map((b) => [b.id, b]));
  const items: DescriptionsProps['items'] = [
    { key: 'holder', label: t('pol.policyholder'), children: <PartyLine party={p.policyholderParty} /> },
    { key: 'insured', label: t('pol.insured'), children: <PartyLine party={p.insuredParty} /> },
    ...(d.insuredRelation ? [{ key: 'relation', label: t('pol.insuredRelation'), children: pick(INSURED_RELATIONS[d.insuredRelation]) }] : []),
    { key: 'start', label: t('pol.startDate'), children: d.startDate ?? '—' },
    { key: 'channel', label: t('pol.channel'), children: channelLabel(p.channel) },
    { key: 'org', label: t('pol.org'), children: p.org.name },
  ];
  if (p.sumAssured) items.push({ key: 'sum', label: t('pol.sumAssured'), children: <Money value={p.sumAssured} /> });
  if (!d.motor) {
    items.push(
      { key: 'term', label: t('pol.coverageTerm'), children: d.coverageTerm ? t('pol.years', { n: d.coverageTerm }) : t('pol.wholeLife') },
      { key: 'mode', label: t('pol.paymentMode'), children: d.paymentMode ? pick(PAYMENT_MODES[d.paymentMode]) : '—' },
      ...(d.paymentTerm ? [{ key: 'pterm', label: t('pol.paymentTerm'), children: t('pol.years', { n: d.paymentTerm }) }] : []),
    );
  }
  items.push(
    { key: 'registered', label: t('pol.registeredBy'), children: `${p.registeredBy.name} ${formatDateTime(p.createdAt)}` },
    { key: 'entered', label: t('pol.enteredBy'), children: p.enteredBy?.name ?? '—' },
  );
  if (d.remark) items.push({ key: 'remark', label: t('pol.remark'), children: d.remark });
  const v = d.motor?.vehicle;
  return (
    <>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} items={items} />
      {v && (
        <>
          <Typography.Title level={5}>{t('rating.ctpl.vehicle')}</Typography.Title>
          <Descriptions
            size="small"
            column={{ xs: 1, md: 3 }}
            items={[
              { key: 'plate', label: t('pol.plateNo'), children: <Mono>{v.plateNo ?? t('pol.motor.noPlateYet')}</Mono> },
              { key: 'vin', label: t('pol.vin'), children: <Mono>{v.vin}</Mono> },
              { key: 'brand', label: t('pol.brandModel'), children: v.brandModel ?? '—' },
              { key: 'usage', label: t('rating.ctpl.usage'), children: v.usage ? t(`rating.ctpl.usage.${v.usage}` as 'rating.ctpl.usage.FAMILY') : '—' },
              { key: 'seats', label: t('rating.ctpl.seats'), children: v.seats ?? '—' },
              { key: 'reg', label: t('pol.registrationDate'), children: v.registrationDate || '—' },
              { key: 'value', label: t('rating.commercial.actualValue'), children: <Money value={v.actualValue} /> },
              { key: 'region', label: t('pol.region'), children: d.motor?.region || '—' },
            ]}
          />
          {d.motor?.coverages && d.motor.coverages.length > 0 && (
            <Typography.Paragraph>
              {t('rating.commercial.coverages')}：
              {d.motor.coverages.map((c) => (
                <Tag key={c.code}>
                  {t(`rating.commercial.coverage.${c.code}` as 'rating.commercial.coverage.CAR_DAMAGE')}
                  {c.limit ? ` ${c.limit}` : ''}
                  {c.sumInsured ? ` ${c.sumInsured}/${t('rating.ctpl.seatsUnit')}` : ''}
                </Tag>
              ))}
            </Typography.Paragraph>
          )}
        </>
      )}
      {d.life && (
        <>
          <Typography.Title level={5}>{t('pol.beneficiaries')}</Typography.Title>
          {(d.beneficiaries ?? []).length === 0 ? (
            <Typography.Paragraph data-testid="legal-heirs">{t('pol.legalHeirs')}</Typography.Paragraph>
          ) : (
            <ul>
              {(d.beneficiaries ?? []).map((b, i) => (
                <li key={i}>
                  {byId.get(b.partyId)?.name ?? b.partyId} · {pick(BENEFICIARY_RELATIONS[b.relation])} · {t('pol.orderN', { n: b.order })} · {b.sharePercent}%
                </li>
              ))}
            </ul>
          )}
          <Typography.Title level={5}>{t('pol.health')}</Typography.Title>
          <ul>
            {d.life.health.map((h) => (
              <li key={h.code}>
                {pick(HEALTH_QUESTIONS[h.code])} <Tag color={h.answer ? 'orange' : 'default'}>{h.answer ? t('common.yes') : t('common.no')}</Tag>
                {h.detail}
              </li>
            ))}
          </ul>
          {d.life.occupationClass && <Typography.Paragraph>{t('party.occupationClass')}：{t('party.occupationClassN', { n: d.life.occupationClass })}</Typography.Paragraph>}
        </>
      )}
    </>
  );
}

/** Action buttons: exactly the `actions` the server allows this user now, each with its confirmation or form. */
function ActionBar({ p }: { p: ProposalDetail }) {
  const { t, pick } = useI18n();
  const { modal } = App.useApp();
  const navigate = useNavigate();
  const action = useProposalAction();
  const [open, setOpen] = useState<'pay' | 'issue' | 'withdraw' | null>(null);

  const run = (name: SimpleAction, body?: object, done?: string) =>
    action.mutate(
      { id: p.id, action: name, body },
      {
        onSuccess: (next) => {
          setOpen(null);
          if (name === 'validate' && next.state === 'DRAFT') notifyError(new Error(t('pol.validateFailed', { n: next.problems.length })));
          else notifySuccess(done ?? t('pol.actionDone', { action: pick(PROPOSAL_ACTIONS[name]) }));
        },
      },
    );
  const confirm = (name: SimpleAction, content: string) =>
    modal.confirm({ title: pick(PROPOSAL_ACTIONS[name]), content, okText: t('common.ok'), cancelText: t('common.cancel'), onOk: () => run(name) });

  const button = (a: ProposalAction): ReactNode => {
    const label = pick(PROPOSAL_ACTIONS[a]);
    switch (a) {
      case 'submit':
      case 'validate':
      case 'request-payment':
        return (
          <Button key={a} type="primary" loading={action.isPending && action.variables?.action === a} onClick={() => run(a)}>
            {label}
          </Button>
        );
      case 'underwrite':
        return (
          <Button key={a} type="primary" onClick={() => navigate(`/underwriting/${p.id}`)}>
            {label}
          </Button>
        );
      case 'accept-conditions':
        return (
          <Button key={a} type="primary" onClick={() => confirm(a, t('pol.confirm.accept', { premium: p.extraPremium }))}>
            {label}
          </Button>
        );
      case 'reject-conditions':
        return (
          <Button key={a} danger onClick={() => confirm(a, t('pol.confirm.reject'))}>
            {label}
          </Button>
        );
      case 'record-payment':
        return (
          <Button key={a} type="primary" onClick={() => setOpen('pay')}>
            {label}
          </Button>
        );
      case 'issue':
        return (
          <Button key={a} type="primary" onClick={() => setOpen('issue')}>
            {label}
          </Button>
        );
      case 'withdraw':
        return (
          <Button key={a} danger onClick={() => setOpen('withdraw')}>
            {label}
          </Button>
        );
    }
  };

  return (
    <>
      <Space wrap data-testid="proposal-actions">
        {p.state === 'DRAFT' && p.actions.includes('submit') && (
          <Button icon={<EditOutlined />} onClick={() => navigate(`/proposals/${p.id}/edit`)}>
            {t('pol.action.edit')}
          </Button>
        )}
        {p.actions.map(button)}
      </Space>
      <PayIssueModals
        p={p}
        open={open === 'withdraw' ? null : open}
        outstanding={p.collection?.outstanding ?? null}
        paidMessage={() => t('pol.payment.recorded')}
        onClose={() => setOpen(null)}
      />
      <ReasonModal
        open={open === 'withdraw'}
        title={t('pol.withdraw.title', { no: p.proposalNo })}
        label={t('pol.withdraw.reason')}
        okText={t('pol.action.withdraw')}
        danger
        pending={action.isPending}
        onCancel={() => setOpen(null)}
        onSubmit={(reason) => run('withdraw', { reason })}
      />
    </>
  );
}

/** 投保单详情 (/proposals/:id): where it stands, what was entered, priced and decided, money, history, and what can be done now. */
export default function ProposalDetailPage() {
  const { id } = useParams<{ id: string }>();
  const { t, pick } = useI18n();
  const navigate = useNavigate();
  const query = useProposal(id);
  const partner = useBundlePartner(query.data);
  if (query.isPending) return <PageLoading />;
  if (query.isError) {
    return isApiError(query.error) && (query.error.status === 404 || query.error.status === 400) ? <NotFoundResult /> : <ErrorResult error={query.error} onRetry={() => void query.refetch()} />;
  }
  const p = query.data;
  const uw = p.underwriting;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="proposal-detail">
      <Card
        size="small"
        title={<DetailTitle no={p.proposalNo} testId="proposal-no" state={<ProposalStateTag state={p.state} />} product={p.product} />}
        extra={
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/proposals')}>
            {t('pol.backToProposals')}
          </Button>
        }
      >
        <StateSteps p={p} />
        <Space orientation="vertical" style={{ width: '100%' }}>
          <ActionBar p={p} />
          {partner.data && (
            <Typography.Text type="secondary" data-testid="bundle-partner">
              {t('pol.bundleWith')}
              <Link to={`/proposals/${partner.data.id}`}>
                {partner.data.product.name} {partner.data.proposalNo}
              </Link>{' '}
              <ProposalStateTag state={partner.data.state} />
            </Typography.Text>
          )}
          {p.policy && (
            <Alert
              type="success"
              showIcon
              title={
                <>
                  {t('pol.issuedAs')} <Link to={`/policies/${p.policy.id}`}>{p.policy.policyNo}</Link>
                </>
              }
            />
          )}
        </Space>
      </Card>

      {p.state === 'DRAFT' && <ProblemList problems={p.problems} />}
      {p.uwReferred && p.state === 'PENDING_UNDERWRITING' && <ReferredAlert p={p} />}

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('pol.proposalData')} style={{ height: '100%' }}>
            <ProposalData p={p} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card size="small" title={t('pol.quote')}>
              {p.quote ? <QuoteView quote={p.quote} testId="proposal-quote" /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pol.quoteAfterValidation')} />}
              {p.extraPremium !== '0.00' && p.extraPremium !== '0' && (
                <Typography.Paragraph style={{ marginTop: 8 }}>
                  {t('pol.extraPremium')}：<Money value={p.extraPremium} />
                </Typography.Paragraph>
              )}
            </Card>
            <Card size="small" title={t('pol.underwriting')}>
              {uw ? (
                <Descriptions
                  size="small"
                  column={1}
                  data-testid="uw-result"
                  items={[
                    { key: 'decision', label: t('pol.uw.decision'), children: <Tag color={uw.decision === 'STANDARD' ? 'success' : uw.decision === 'CONDITIONAL' ? 'gold' : 'red'}>{pick(UW_DECISIONS[uw.decision])}</Tag> },
                    { key: 'by', label: t('pol.uw.decidedBy'), children: `${uw.decidedBy?.name ?? t('pol.uw.auto')} ${formatDateTime(uw.decidedAt)}` },
                    ...(uw.reason ? [{ key: 'reason', label: t('pol.uw.reason'), children: uw.reason }] : []),
                    ...(uw.conditions ? [{ key: 'conditions', label: t('pol.uw.conditions'), children: uw.conditions }] : []),
                  ]}
                />
              ) : p.uwAuto ? (
                <Typography.Text>{p.uwAuto.outcome === 'PASS' ? t('pol.uw.autoPass') : t('pol.uw.autoRefer')}</Typography.Text>
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pol.uw.none')} />
              )}
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('pol.collection')}>
            <CollectionView collection={p.collection} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('pol.timeline')}>
            <TimelineView entries={p.timeline} />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
