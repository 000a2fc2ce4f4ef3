import { Button, Card, Col, Descriptions, Empty, List, Row, Space, type TableColumnsType } from 'antd';
import { ArrowLeftOutlined, FilePdfOutlined, FormOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { BENEFICIARY_RELATIONS, ENDORSEMENT_ITEMS, type EndorsementSummary, type PolicyCoverage } from '../../../contracts/policy';
import { PAYMENT_MODES } from '../../../contracts/product';
import { API_BASE, isApiError } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { usePermission } from '../../app/session';
import { DataTable } from '../../components/DataTable';
import { ErrorResult, NotFoundResult, PageLoading } from '../../components/results';
import { DetailTitle, PartyLine, TimelineView } from './components';
import { EndorsementStateTag, Money, Mono, PolicyStateTag, useChannelLabel } from './labels';
import { usePolicy } from './queries';

/** 保单详情 (/policies/:id): summary, parties (masked), cover and dates, documents, 保全 history, timeline. */
export default function PolicyDetailPage() {
  const { id } = useParams<{ id: string }>();
  const { t, pick } = useI18n();
  const can = usePermission();
  const navigate = useNavigate();
  const channelLabel = useChannelLabel();
  const query = usePolicy(id);
  if (query.isPending) return <PageLoading />;
  if (query.isError) {
    return isApiError(query.error) && (query.error.status === 404 || query.error.status === 400) ? <NotFoundResult /> : <ErrorResult error={query.error} onRetry={() => void query.refetch()} />;
  }
  const p = query.data;
  const v = p.data.motor?.vehicle;
  const canEndorse = can('endorsement:request') && p.endorsementItems.length > 0;

  const coverageColumns: TableColumnsType<PolicyCoverage> = [
    { title: t('pol.coverage'), dataIndex: 'name', key: 'name' },
    { title: t('pol.coverage.limit'), dataIndex: 'limit', key: 'limit', align: 'right', render: (x: string | null) => <Money value={x} /> },
    { title: t('pol.coverage.sumInsured'), dataIndex: 'sumInsured', key: 'sumInsured', align: 'right', render: (x: string | null) => <Money value={x} /> },
    { title: t('pol.coverage.deductible'), dataIndex: 'deductible', key: 'deductible', align: 'right', render: (x: string | null) => <Money value={x} /> },
    { title: t('pol.premium'), dataIndex: 'premium', key: 'premium', align: 'right', render: (x: string | null) => <Money value={x} /> },
  ];
  const endorsementColumns: TableColumnsType<EndorsementSummary> = [
    { title: t('pol.endorsementNo'), dataIndex: 'endorsementNo', key: 'no', render: (no: string) => <Mono>{no}</Mono> },
    { title: t('pol.endorsementItem'), dataIndex: 'item', key: 'item', render: (item: EndorsementSummary['item']) => pick(ENDORSEMENT_ITEMS[item]) },
    { title: t('pol.state'), dataIndex: 'state', key: 'state', render: (s: EndorsementSummary['state']) => <EndorsementStateTag state={s} /> },
    { title: t('pol.effectiveDate'), dataIndex: 'effectiveDate', key: 'effectiveDate' },
    {
      title: t('pol.endorsementAmount'),
      key: 'amount',
      align: 'right',
      render: (_, e) => (e.direction ? <>{t(`pol.direction.${e.direction}`)} <Money value={e.amount} /></> : '—'),
    },
    { title: t('pol.requestedBy'), key: 'by', render: (_, e) => `${e.requestedBy.name} ${formatDateTime(e.requestedAt)}` },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="policy-detail">
      <Card
        size="small"
        title={<DetailTitle no={p.policyNo} testId="policy-no" state={<PolicyStateTag state={p.state} />} product={p.product} />}
        extra={
          <Space wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/policies')}>
              {t('pol.backToPolicies')}
            </Button>
            {canEndorse && (
              <Button type="primary" icon={<FormOutlined />} onClick={() => navigate(`/policies/${p.id}/endorse`)}>
                {t('pol.endorse')}
              </Button>
            )}
          </Space>
        }
      >
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          items={[
            { key: 'premium', label: t('pol.premium'), children: <Money value={p.premium} strong testId="policy-premium" /> },
            ...(p.extraPremium && Number(p.extraPremium) !== 0 ? [{ key: 'extra', label: t('pol.extraPremium'), children: <Money value={p.extraPremium} /> }] : []),
            ...(p.sumAssured ? [{ key: 'sum', label: t('pol.sumAssured'), children: <Money value={p.sumAssured} /> }] : []),
            {
              key: 'period',
              label: t('pol.period'),
              children: (
                <span data-testid="policy-period">
                  {p.endDate ? t('pol.periodText', { start: p.startDate, end: p.endDate }) : t('pol.periodWholeLife', { start: p.startDate })}
                </span>
              ),
            },
            { key: 'mode', label: t('pol.paymentMode'), children: `${pick(PAYMENT_MODES[p.paymentMode])}${p.paymentTerm ? ` · ${t('pol.years', { n: p.paymentTerm })}` : ''}` },
            ...(p.coolingOffEnd ? [{ key: 'cooling', label: t('pol.coolingOffEnd'), children: <span data-testid="cooling-off-end">{p.coolingOffEnd}</span> }] : []),
            ...(p.receiptDate ? [{ key: 'receipt', label: t('pol.issue.receiptDate'), children: p.receiptDate }] : []),
            ...(p.paidToDate ? [{ key: 'paidTo', label: t('pol.paidToDate'), children: p.paidToDate }] : []),
            ...(p.endedOn ? [{ key: 'ended', label: t('pol.endedOn'), children: p.endedOn }] : []),
            { key: 'channel', label: t('pol.channel'), children: channelLabel(p.channel) },
            { key: 'org', label: t('pol.org'), children: p.org.name },
            { key: 'issued', label: t('pol.issuedAt'), children: `${formatDateTime(p.issuedAt)} ${p.issuedBy.name}` },
            { key: 'proposal', label: t('pol.proposalNo'), children: <Link to={`/proposals/${p.proposal.id}`}>{p.proposal.proposalNo}</Link> },
          ]}
        />
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('pol.parties')} style={{ height: '100%' }}>
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'holder', label: t('pol.policyholder'), children: <PartyLine party={p.policyholderParty} /> },
                { key: 'insured', label: t('pol.insured'), children: <PartyLine party={p.insuredParty} /> },
                ...(p.data.life
                  ? [
                      {
                        key: 'beneficiaries',
                        label: t('pol.beneficiaries'),
                        children:
                          p.beneficiaries.length === 0 ? (
                            t('pol.legalHeirs')
                          ) : (
                            <Space orientation="vertical" size={0}>
                              {p.beneficiaries.map((b) => (
                                <span key={`${b.partyId}-${b.order}`}>
                                  <PartyLine party={b.party} /> · {pick(BENEFICIARY_RELATIONS[b.relation])} · {t('pol.orderN', { n: b.order })} · {b.sharePercent}%
                                </span>
                              ))}
                            </Space>
                          ),
                      },
                    ]
                  : []),
              ]}
            />
            {v && (
              <Descriptions
                size="small"
                column={2}
                title={t('rating.ctpl.vehicle')}
                items={[
                  { key: 'plate', label: t('pol.plateNo'), children: <Mono>{v.plateNo ?? t('pol.motor.noPlateYet')}</Mono> },
                  { key: 'vin', label: t('pol.vin'), children: <Mono>{v.vin}</Mono> },
                  { key: 'brand', label: t('pol.brandModel'), children: v.brandModel ?? '—' },
                  { key: 'reg', label: t('pol.registrationDate'), children: v.registrationDate },
                ]}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('pol.documents')} style={{ height: '100%' }}>
            <List
              size="small"
              dataSource={p.documents.length ? p.documents : [{ kind: 'POLICY_SCHEDULE' as const, name: t('pol.schedule'), href: `${API_BASE}/policies/${p.id}/schedule.pdf` }]}
              renderItem={(doc) => (
                <List.Item
                  actions={[
                    <a key="download" href={doc.href.startsWith('/api/') ? doc.href : `${API_BASE}${doc.href}`} download data-testid="schedule-pdf">
                      <FilePdfOutlined /> {t('pol.download')}
                    </a>,
                  ]}
                >
                  {doc.name}
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small" title={t('pol.coverages')}>
            <DataTable rows={p.coverages} rowKey="code" loading={false} columns={coverageColumns} emptyText={t('common.noData')} pagination={false} size="small" data-testid="coverages" />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('pol.endorsements')}>
            {p.endorsements.length ? (
              <DataTable rows={p.endorsements} loading={false} columns={endorsementColumns} emptyText={t('pol.endorsements.none')} pagination={false} size="small" />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pol.endorsements.none')} />
            )}
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
