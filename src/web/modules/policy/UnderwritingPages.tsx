import { useState } from 'react';
import { Alert, App, Button, Card, Col, Empty, Form, Input, InputNumber, Radio, Row, Select, Space, Typography, type TableColumnsType } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { UW_DECISION_CODES, UW_DECISIONS, type ProposalSummary, type UwDecision } from '../../../contracts/policy';
import { PRODUCT_LINE_CODES, PRODUCT_LINES } from '../../../contracts/product';
import { isApiError } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { notifySuccess } from '../../app/notify';
import { PagedTable, usePaging } from '../../components/DataTable';
import { showServerFieldError } from '../../components/FormModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ErrorResult, NotFoundResult, PageLoading } from '../../components/results';
import { QuoteView, TimelineView } from './components';
import { LineTag, Money, Mono, ProposalStateTag } from './labels';
import { isPositiveAmount } from './money';
import { useProposal, useUnderwrite, useUnderwritingQueue, type UnderwritingFilters } from './queries';

/** 核保工作台 (/underwriting): referred proposals waiting for a decision, oldest first by default. */
export function UnderwritingQueuePage() {
  const { t, pick } = useI18n();
  const navigate = useNavigate();
  const paging = usePaging();
  const [filters, setFilters] = useState<UnderwritingFilters>({});
  const query = useUnderwritingQueue(filters, paging.page, paging.pageSize);
  const columns: TableColumnsType<ProposalSummary> = [
    {
      title: t('pol.proposalNo'),
      dataIndex: 'proposalNo',
      key: 'proposalNo',
      render: (no: string, p) => (
        <Link to={`/underwriting/${p.id}`}>
          <Mono>{no}</Mono>
        </Link>
      ),
    },
    { title: t('pol.state'), key: 'state', render: (_, p) => <ProposalStateTag state={p.state} /> },
    { title: t('pol.product'), key: 'product', render: (_, p) => <Space size={4}><LineTag line={p.product.line} />{p.product.name}</Space> },
    { title: t('pol.policyholder'), key: 'holder', render: (_, p) => p.policyholder?.name ?? '—' },
    { title: t('pol.insured'), key: 'insured', render: (_, p) => p.insured?.name ?? '—' },
    { title: t('pol.sumAssured'), key: 'sum', align: 'right', render: (_, p) => <Money value={p.sumAssured} /> },
    { title: t('pol.premium'), key: 'premium', align: 'right', render: (_, p) => <Money value={p.premium} /> },
    { title: t('pol.org'), key: 'org', render: (_, p) => p.org.name },
    { title: t('pol.uw.waitingSince'), dataIndex: 'updatedAt', key: 'updatedAt', render: formatDateTime },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, p) => (
        <Button type="link" size="small" onClick={() => navigate(`/underwriting/${p.id}`)}>
          {t('pol.action.underwrite')}
        </Button>
      ),
    },
  ];
  return (
    <Card title={t('nav.underwriting')}>
      <Typography.Paragraph type="secondary">{t('pol.uw.queueHint')}</Typography.Paragraph>
      <Form
        layout="inline"
        name="uwFilters"
        style={{ marginBottom: 16, rowGap: 8 }}
        onValuesChange={(_, all: UnderwritingFilters) => {
          setFilters((current) => ({ ...current, line: all.line }));
          paging.reset();
        }}
      >
        <Form.Item name="q" label={t('common.search')}>
          <Input.Search
            allowClear
            enterButton
            autoFocus
            style={{ width: 300 }}
            maxLength={50}
            placeholder={t('pol.proposalSearchPlaceholder')}
            onSearch={(q) => {
              setFilters((current) => ({ ...current, q: q.trim() || undefined }));
              paging.reset();
            }}
          />
        </Form.Item>
        <Form.Item name="line" label={t('pol.line')}>
          <Select allowClear placeholder={t('common.all')} style={{ width: 140 }} popupMatchSelectWidth={false} options={PRODUCT_LINE_CODES.map((l) => ({ value: l, label: pick(PRODUCT_LINES[l]) }))} />
        </Form.Item>
      </Form>
      <PagedTable<ProposalSummary>
        query={query}
        paging={paging}
        columns={columns}
        data-testid="uw-queue"
        emptyText={t('pol.uw.queueEmpty')}
      />
    </Card>
  );
}

interface DecisionValues {
  decision: UwDecision;
  reason?: string;
  conditions?: string;
  extraPremium?: string;
}

/** 人工核保 (/underwriting/:id): the case, why it was referred, the premium, and the decision. */
export function UnderwritingDecisionPage() {
  const { id } = useParams<{ id: string }>();
  const { t, pick } = useI18n();
  const { modal } = App.useApp();
  const navigate = useNavigate();
  const query = useProposal(id);
  const underwrite = useUnderwrite();
  const [form] = Form.useForm<DecisionValues>();
  const decision = Form.useWatch('decision', form) ?? 'STANDARD';
  if (query.isPending) return <PageLoading />;
  if (query.isError) {
    return isApiError(query.error) && (query.error.status === 404 || query.error.status === 400) ? <NotFoundResult /> : <ErrorResult error={query.error} onRetry={() => void query.refetch()} />;
  }
  const p = query.data;
  const canDecide = p.actions.includes('underwrite');

  const submit = (values: DecisionValues) => {
    const send = () =>
      underwrite.mutate(
        {
          id: p.id,
          decision: values.decision,
          reason: values.reason?.trim() || null,
          conditions: values.decision === 'CONDITIONAL' ? values.conditions?.trim() || null : null,
          extraPremium: values.decision === 'CONDITIONAL' && values.extraPremium ? String(values.extraPremium) : null,
        },
        {
          onSuccess: (next) => {
            notifySuccess(t('pol.uw.decided', { no: next.proposalNo, decision: pick(UW_DECISIONS[values.decision]) }));
            navigate('/underwriting');
          },
          onError: (error) => showServerFieldError(form, error),
        },
      );
    if (values.decision === 'DECLINED' || values.decision === 'POSTPONED') {
      modal.confirm({
        title: t('pol.uw.confirmTitle', { decision: pick(UW_DECISIONS[values.decision]) }),
        content: t('pol.uw.confirmFinal', { no: p.proposalNo }),
        okText: pick(UW_DECISIONS[values.decision]),
        okButtonProps: { danger: true },
        cancelText: t('common.cancel'),
        onOk: send,
      });
    } else {
      send();
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="uw-decision">
      <Card
        size="small"
        title={
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('nav.underwritingDecision')} · <Mono>{p.proposalNo}</Mono>
            </Typography.Title>
            <ProposalStateTag state={p.state} />
            <LineTag line={p.product.line} />
            {p.product.name}
          </Space>
        }
        extra={
          <Space>
            <Button onClick={() => navigate(`/proposals/${p.id}`)}>{t('pol.openProposal')}</Button>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/underwriting')}>
              {t('pol.uw.backToQueue')}
            </Button>
          </Space>
        }
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Typography.Text type="secondary">{t('pol.policyholder')}</Typography.Text>
            <div>
              {p.policyholderParty?.name ?? '—'} <Mono>{p.policyholderParty?.idNumberMasked}</Mono>
            </div>
          </Col>
          <Col xs={24} md={8}>
            <Typography.Text type="secondary">{t('pol.insured')}</Typography.Text>
            <div data-testid="uw-insured">
              {p.insuredParty?.name ?? '—'} <Mono>{p.insuredParty?.idNumberMasked}</Mono> {p.insuredParty?.birthDate ? `（${p.insuredParty.birthDate}）` : ''}
            </div>
          </Col>
          <Col xs={24} md={8}>
            <Typography.Text type="secondary">{t('pol.sumAssured')}</Typography.Text>
            <div>
              <Money value={p.sumAssured} strong />
            </div>
          </Col>
        </Row>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card size="small" title={t('pol.uw.reasons')}>
              {p.uwAuto?.reasons.length ? (
                <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="uw-reasons">
                  {p.uwAuto.reasons.map((r, i) => (
                    <li key={i}>{r.message}</li>
                  ))}
                </ul>
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pol.uw.noReasons')} />
              )}
            </Card>
            <Card size="small" title={t('pol.health')}>
              {p.data.life?.health.length ? (
                <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                  {p.data.life.health
                    .filter((h) => h.answer)
                    .map((h) => (
                      <li key={h.code}>{h.detail}</li>
                    ))}
                  {!p.data.life.health.some((h) => h.answer) && <li>{t('pol.uw.noDisclosures')}</li>}
                </ul>
              ) : (
                <Typography.Text type="secondary">—</Typography.Text>
              )}
            </Card>
            <Card size="small" title={t('pol.quote')}>
              {p.quote ? <QuoteView quote={p.quote} testId="uw-quote" /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pol.quoteAfterValidation')} />}
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={12}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card size="small" title={t('pol.uw.decisionForm')}>
              {!canDecide && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('pol.uw.notDecidable')} />}
              {underwrite.error && <ErrorAlert error={underwrite.error} />}
              <Form<DecisionValues> form={form} name="uw" layout="vertical" initialValues={{ decision: 'STANDARD' }} onFinish={submit} disabled={!canDecide} autoComplete="off">
                <Form.Item label={t('pol.uw.decision')} name="decision" rules={[{ required: true }]}>
                  <Radio.Group optionType="button" buttonStyle="solid" options={UW_DECISION_CODES.map((d) => ({ value: d, label: pick(UW_DECISIONS[d]) }))} />
                </Form.Item>
                {decision === 'CONDITIONAL' && (
                  <>
                    <Form.Item label={t('pol.uw.conditions')} name="conditions" extra={t('pol.uw.conditionsHint')}>
                      <Input.TextArea rows={3} maxLength={1000} />
                    </Form.Item>
                    <Form.Item
                      label={t('pol.extraPremium')}
                      name="extraPremium"
                      dependencies={['conditions']}
                      rules={[
                        ({ getFieldValue }) => ({
                          validator: async (_, value: string | undefined) => {
                            if (value && !isPositiveAmount(String(value))) throw new Error(t('pol.payment.amountInvalid'));
                            if (!value && !String(getFieldValue('conditions') ?? '').trim()) throw new Error(t('pol.uw.conditionsOrExtra'));
                          },
                        }),
                      ]}
                    >
                      <InputNumber<string> stringMode min="0.01" precision={2} style={{ width: '100%' }} suffix={t('rating.yuan')} />
                    </Form.Item>
                  </>
                )}
                <Form.Item
                  label={t('pol.uw.reason')}
                  name="reason"
                  rules={[{ required: decision !== 'STANDARD', whitespace: true, message: t('pol.uw.reasonRequired') }]}
                  extra={decision === 'STANDARD' ? t('pol.uw.reasonOptional') : undefined}
                >
                  <Input.TextArea rows={3} maxLength={1000} />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={underwrite.isPending}>
                  {t('pol.uw.submit')}
                </Button>
              </Form>
            </Card>
            <Card size="small" title={t('pol.timeline')}>
              <TimelineView entries={p.timeline} />
            </Card>
          </Space>
        </Col>
      </Row>
    </Space>
  );
}
