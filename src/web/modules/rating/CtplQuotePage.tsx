import { Checkbox, Col, Descriptions, Form, InputNumber, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { formatAmount } from '../../app/format';
import { useT } from '../../app/i18n';
import { showServerFieldError } from '../../components/FormModal';
import { CTPL_REGIONS, CTPL_USAGES, measureOf, useCtplQuote, type CtplLimitSet, type CtplQuote, type CtplQuoteInput, type CtplUsage } from './queries';
import { CalculatorLayout } from './CalculatorLayout';

interface CtplFormValues {
  vehicle: { usage: CtplUsage; seats?: number; tonnage?: number; engineCc?: number; trailer?: boolean };
  region: string;
  history: { claimFreeYears: number; atFaultAccidentsLastYear: number; fatalAtFaultLastYear: boolean };
}

const INITIAL: Partial<CtplFormValues> = {
  vehicle: { usage: 'FAMILY', trailer: false },
  history: { claimFreeYears: 0, atFaultAccidentsLastYear: 0, fatalAtFaultLastYear: false },
};

/** The request body: only the measure the usage is rated by, and 挂车 only for trucks. */
function toBody(values: CtplFormValues): CtplQuoteInput {
  const { usage } = values.vehicle;
  const measure = measureOf(usage);
  const vehicle: CtplQuoteInput['vehicle'] = { usage };
  if (measure) vehicle[measure] = values.vehicle[measure];
  if (measure === 'tonnage' && values.vehicle.trailer) vehicle.trailer = true;
  return {
    vehicle,
    region: values.region,
    history: {
      claimFreeYears: values.history.claimFreeYears ?? 0,
      atFaultAccidentsLastYear: values.history.atFaultAccidentsLastYear ?? 0,
      fatalAtFaultLastYear: values.history.fatalAtFaultLastYear ?? false,
    },
  };
}

/** '-0.10' → '-10%'. */
function percent(rate: string): string {
  const value = Number(rate) * 100;
  const text = `${Math.round(value * 100) / 100}%`;
  return value > 0 ? `+${text}` : text;
}

function QuoteResult({ quote }: { quote: CtplQuote }) {
  const t = useT();
  const yuan = (amount: string) => `${amount} ${t('rating.yuan')}`;
  const limitRows: { key: string; kind: string; set: CtplLimitSet }[] = [
    { key: 'atFault', kind: t('rating.ctpl.atFault'), set: quote.limits.atFault },
    { key: 'notAtFault', kind: t('rating.ctpl.notAtFault'), set: quote.limits.notAtFault },
  ];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="ctpl-result">
      <Descriptions bordered size="small" column={1} styles={{ label: { width: 120 } }}>
        <Descriptions.Item label={t('rating.ctpl.category')}>
          <Typography.Text code>{quote.category}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('rating.ctpl.basePremium')}>
          <span data-testid="ctpl-base-premium">{yuan(quote.basePremium)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('rating.ctpl.floatFactor')}>
          {quote.floatFactor ? <Tag color="blue">{t(`rating.ctpl.factor.${quote.floatFactor}`)}</Tag> : t('rating.ctpl.floatNone')}
        </Descriptions.Item>
        <Descriptions.Item label={t('rating.ctpl.floatRate')}>
          <span data-testid="ctpl-float-rate">
            {quote.floatRate}（{percent(quote.floatRate)}）
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('rating.ctpl.premium')}>
          <Typography.Text strong style={{ fontSize: 28, color: '#cf1322' }} data-testid="ctpl-premium">
            {quote.premium}
          </Typography.Text>{' '}
          {t('rating.yuan')}
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('rating.ctpl.premiumFormula')}：{quote.basePremium} × (1 {Number(quote.floatRate) < 0 ? '−' : '+'} {Math.abs(Number(quote.floatRate))}) = {quote.premium}
            </Typography.Text>
          </div>
        </Descriptions.Item>
      </Descriptions>
      <div>
        <Typography.Title level={5}>{t('rating.ctpl.limits')}</Typography.Title>
        <Table
          size="small"
          bordered
          pagination={false}
          rowKey="key"
          dataSource={limitRows}
          data-testid="ctpl-limits"
          columns={[
            { title: t('rating.ctpl.limitKind'), dataIndex: 'kind' },
            { title: t('rating.ctpl.deathDisability'), align: 'right', render: (_, row) => formatAmount(row.set.deathDisability) },
            { title: t('rating.ctpl.medical'), align: 'right', render: (_, row) => formatAmount(row.set.medical) },
            { title: t('rating.ctpl.property'), align: 'right', render: (_, row) => formatAmount(row.set.property) },
          ]}
        />
      </div>
    </Space>
  );
}

/** 交强险试算: a stateless quote from the tariff in force; 422s land under the field they name. */
export default function CtplQuotePage() {
  const t = useT();
  const [form] = Form.useForm<CtplFormValues>();
  const quote = useCtplQuote();
  const usage = Form.useWatch(['vehicle', 'usage'], form) ?? INITIAL.vehicle?.usage;
  const measure = measureOf(usage);
  const required = (labelKey: Parameters<typeof t>[0]) => [{ required: true, message: t('common.required', { field: t(labelKey) }) }];

  const onFinish = (values: CtplFormValues) =>
    quote.mutate(toBody(values), { onError: (error) => showServerFieldError(form, error) });

  return (
    <CalculatorLayout
      title={t('nav.ratingCtpl')}
      pending={quote.isPending}
      result={quote.data ? <QuoteResult quote={quote.data} /> : null}
      form={(submit) => (
        <Form<CtplFormValues> form={form} name="ctpl" layout="vertical" initialValues={INITIAL} onFinish={onFinish} autoComplete="off">
          <Typography.Text strong>{t('rating.ctpl.vehicle')}</Typography.Text>
          <Form.Item name={['vehicle', 'usage']} label={t('rating.ctpl.usage')} rules={required('rating.ctpl.usage')} style={{ marginTop: 8 }}>
            <Select
              autoFocus
              showSearch={{ optionFilterProp: 'label' }}
              options={CTPL_USAGES.map((u) => ({ value: u, label: t(`rating.ctpl.usage.${u}`) }))}
            />
          </Form.Item>
          <Row gutter={12}>
            {measure === 'seats' && (
              <Col span={12}>
                <Form.Item name={['vehicle', 'seats']} label={t('rating.ctpl.seats')} rules={required('rating.ctpl.seats')}>
                  <InputNumber min={1} max={999} precision={0} style={{ width: '100%' }} suffix={t('rating.ctpl.seatsUnit')} />
                </Form.Item>
              </Col>
            )}
            {measure === 'tonnage' && (
              <>
                <Col span={12}>
                  <Form.Item name={['vehicle', 'tonnage']} label={t('rating.ctpl.tonnage')} rules={required('rating.ctpl.tonnage')}>
                    <InputNumber min={0.01} max={1000} step={0.5} style={{ width: '100%' }} suffix={t('rating.ctpl.tonnageUnit')} />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name={['vehicle', 'trailer']} label=" " valuePropName="checked" extra={t('rating.ctpl.trailerHint')}>
                    <Checkbox>{t('rating.ctpl.trailer')}</Checkbox>
                  </Form.Item>
                </Col>
              </>
            )}
            {measure === 'engineCc' && (
              <Col span={12}>
                <Form.Item name={['vehicle', 'engineCc']} label={t('rating.ctpl.engineCc')} rules={required('rating.ctpl.engineCc')}>
                  <InputNumber min={1} max={100000} precision={0} style={{ width: '100%' }} suffix={t('rating.ctpl.engineCcUnit')} />
                </Form.Item>
              </Col>
            )}
          </Row>
          <Form.Item name="region" label={t('rating.ctpl.region')} rules={required('rating.ctpl.region')}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={CTPL_REGIONS.map((r) => ({ value: r, label: r }))} />
          </Form.Item>
          <Typography.Text strong>{t('rating.ctpl.history')}</Typography.Text>
          <Row gutter={12} style={{ marginTop: 8 }}>
            <Col span={12}>
              <Form.Item name={['history', 'claimFreeYears']} label={t('rating.ctpl.claimFreeYears')} rules={required('rating.ctpl.claimFreeYears')}>
                <InputNumber min={0} max={100} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name={['history', 'atFaultAccidentsLastYear']} label={t('rating.ctpl.atFaultAccidents')} rules={required('rating.ctpl.atFaultAccidents')}>
                <InputNumber min={0} max={1000} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name={['history', 'fatalAtFaultLastYear']} valuePropName="checked">
            <Checkbox>{t('rating.ctpl.fatalAtFault')}</Checkbox>
          </Form.Item>
          {submit}
        </Form>
      )}
    />
  );
}
