import type { HTMLAttributes, ReactNode } from 'react';
import { Alert, AutoComplete, Checkbox, Col, Descriptions, Form, InputNumber, Row, Select, Space, Table, Tag, Typography, type FormInstance } from 'antd';
import { ApiError } from '../../app/api';
import { formatAmount } from '../../app/format';
import { useT, type MessageKey } from '../../app/i18n';
import { showServerFieldError } from '../../components/FormModal';
import {
  COMMERCIAL_COVERAGES,
  CTPL_REGIONS,
  CTPL_USAGES,
  THIRD_PARTY_LIMITS,
  useCommercialQuote,
  type CommercialCoverageCode,
  type CommercialCoverageInput,
  type CommercialFactorCode,
  type CommercialLine,
  type CommercialQuote,
  type CommercialQuoteInput,
  type CtplUsage,
} from './queries';
import { CalculatorLayout } from './CalculatorLayout';

interface CoverageValues {
  selected?: boolean;
  limit?: string;
  sumInsured?: string;
  seats?: number;
}

interface CommercialFormValues {
  vehicle: { usage: CtplUsage; seats?: number; ageYears: number; actualValue?: string };
  region: string;
  coverages: Record<CommercialCoverageCode, CoverageValues>;
  history: { claimsLast3Years: number; consecutiveInsuredYears: number; newOrTransferred?: boolean; lapseMonths?: number };
  pricingCoefficient?: string;
}

const INITIAL: Partial<CommercialFormValues> = {
  vehicle: { usage: 'FAMILY', seats: 5 } as CommercialFormValues['vehicle'],
  coverages: {
    CAR_DAMAGE: { selected: true },
    THIRD_PARTY: { selected: true, limit: '1000000' },
    DRIVER: { selected: true, sumInsured: '10000' },
    PASSENGER: { selected: false, sumInsured: '10000' },
  },
  history: { claimsLast3Years: 0, consecutiveInsuredYears: 0, newOrTransferred: false },
  pricingCoefficient: '1.00',
};

/** The request body: the chosen coverages in a fixed order, each with only the fields it is rated by. */
function toBody(values: CommercialFormValues): { body: CommercialQuoteInput; sent: CommercialCoverageCode[] } {
  const sent = COMMERCIAL_COVERAGES.filter((code) => values.coverages?.[code]?.selected);
  const coverages = sent.map((code): CommercialCoverageInput => {
    const c = values.coverages[code];
    if (code === 'THIRD_PARTY') return { code, limit: c.limit };
    if (code === 'DRIVER') return { code, sumInsured: c.sumInsured };
    if (code === 'PASSENGER') return { code, sumInsured: c.sumInsured, ...(c.seats != null ? { seats: c.seats } : {}) };
    return { code };
  });
  const v = values.vehicle;
  const h = values.history;
  return {
    sent,
    body: {
      vehicle: {
        usage: v.usage,
        ...(v.seats != null ? { seats: v.seats } : {}),
        ageYears: v.ageYears,
        ...(sent.includes('CAR_DAMAGE') && v.actualValue != null ? { actualValue: String(v.actualValue) } : {}),
      },
      region: values.region.trim(),
      coverages,
      history: {
        claimsLast3Years: h.claimsLast3Years ?? 0,
        consecutiveInsuredYears: h.consecutiveInsuredYears ?? 0,
        ...(h.newOrTransferred ? { newOrTransferred: true } : {}),
        ...(h.lapseMonths != null && h.lapseMonths > 0 ? { lapseMonths: h.lapseMonths } : {}),
      },
      ...(values.pricingCoefficient != null && values.pricingCoefficient !== '' ? { pricingCoefficient: String(values.pricingCoefficient) } : {}),
    },
  };
}

/**
 * The server names a coverage by its index in the body ('coverages[1].limit' for a 422,
 * 'coverages.1.limit' for a 400); the form keys coverages by code. Rewrites the field to the form's
 * path ('coverages.THIRD_PARTY.limit'; a bad code lands on its checkbox) and lets the shared helper
 * put the message under it.
 */
function showCommercialFieldError(form: FormInstance<CommercialFormValues>, error: unknown, sent: readonly CommercialCoverageCode[]): boolean {
  if (!(error instanceof ApiError) || typeof error.details?.field !== 'string') return false;
  const m = /^coverages(?:\[(\d+)\]|\.(\d+))(?:\.(\w+))?$/.exec(error.details.field);
  if (!m) return showServerFieldError(form, error);
  const code = sent[Number(m[1] ?? m[2])];
  if (!code) return false;
  const key = !m[3] || m[3] === 'code' ? 'selected' : m[3];
  const mapped = new ApiError(error.status, error.code, error.message, { ...error.details, field: `coverages.${code}.${key}` }, error.requestId);
  return showServerFieldError(form, mapped);
}

/** Numbers and their headers stay on one line. */
const NOWRAP = { onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' as const } }), onCell: () => ({ style: { whiteSpace: 'nowrap' as const } }) };

const FACTOR_LABEL: Record<CommercialFactorCode, MessageKey> = {
  NCD: 'rating.commercial.factor.NCD',
  PRICING: 'rating.commercial.factor.PRICING',
  VIOLATION: 'rating.commercial.factor.VIOLATION',
};
const FACTOR_TESTID: Record<CommercialFactorCode, string> = { NCD: 'commercial-ncd', PRICING: 'commercial-pricing', VIOLATION: 'commercial-violation' };

function QuoteResult({ quote }: { quote: CommercialQuote }) {
  const t = useT();
  // The factor chain is the same for every line; each line carries it (with the reason for each value).
  const factors = quote.lines[0]?.factors ?? [];
  const factorValue = (line: CommercialLine, code: CommercialFactorCode) => line.factors.find((f) => f.code === code)?.value ?? '';
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="commercial-result">
      {quote.sampleRates && (
        <Alert
          type="warning"
          showIcon
          data-testid="commercial-sample-rates"
          title={t('rating.commercial.sampleRates')}
          description={t('rating.commercial.sampleRatesHelp', { version: quote.referenceVersion })}
        />
      )}
      <Descriptions bordered size="small" column={1} styles={{ label: { width: 150 } }}>
        <Descriptions.Item label={t('rating.commercial.referenceVersion')}>
          <Typography.Text code data-testid="commercial-reference-version">
            {quote.referenceVersion}
          </Typography.Text>{' '}
          {quote.sampleRates ? <Tag color="orange">{t('rating.commercial.sampleTag')}</Tag> : null}
        </Descriptions.Item>
        <Descriptions.Item label={t('rating.commercial.ncdLevel')}>
          <span data-testid="commercial-ncd-level">{quote.ncdLevel}</span>
        </Descriptions.Item>
        {factors.map((f) => (
          <Descriptions.Item key={f.code} label={t(FACTOR_LABEL[f.code])}>
            <Typography.Text strong data-testid={FACTOR_TESTID[f.code]}>
              {f.value}
            </Typography.Text>
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`${FACTOR_TESTID[f.code]}-why`}>
                {f.why}
              </Typography.Text>
            </div>
          </Descriptions.Item>
        ))}
      </Descriptions>
      <div>
        <Typography.Title level={5}>{t('rating.commercial.lines')}</Typography.Title>
        <Table<CommercialLine>
          size="small"
          bordered
          pagination={false}
          rowKey="code"
          dataSource={quote.lines}
          data-testid="commercial-lines"
          onRow={(line) => ({ 'data-testid': `commercial-line-${line.code}` }) as HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('rating.commercial.coverage'),
              width: '40%',
              render: (_, line) => (
                <>
                  <div>{line.name}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`commercial-basis-${line.code}`}>
                    {line.basis}
                  </Typography.Text>
                </>
              ),
            },
            { title: t('rating.commercial.basePremium'), align: 'right', ...NOWRAP, render: (_, line) => <span data-testid={`commercial-base-${line.code}`}>{formatAmount(line.basePremium)}</span> },
            { title: `× ${t('rating.commercial.factorShort.NCD')}`, align: 'right', ...NOWRAP, render: (_, line) => factorValue(line, 'NCD') },
            { title: `× ${t('rating.commercial.factorShort.PRICING')}`, align: 'right', ...NOWRAP, render: (_, line) => factorValue(line, 'PRICING') },
            { title: `× ${t('rating.commercial.factorShort.VIOLATION')}`, align: 'right', ...NOWRAP, render: (_, line) => factorValue(line, 'VIOLATION') },
            {
              title: `= ${t('rating.commercial.linePremium')}`,
              align: 'right',
              ...NOWRAP,
              render: (_, line) => (
                <Typography.Text strong data-testid={`commercial-line-premium-${line.code}`}>
                  {formatAmount(line.premium)}
                </Typography.Text>
              ),
            },
          ]}
        />
        <div style={{ marginTop: 8 }}>
          {quote.lines.map((line) => (
            <div key={line.code}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`commercial-formula-${line.code}`}>
                {line.name}：{line.basePremium} × {line.factors.map((f) => f.value).join(' × ')} = {line.premium}
              </Typography.Text>
            </div>
          ))}
        </div>
      </div>
      <Descriptions bordered size="small" column={1} styles={{ label: { width: 150 } }}>
        <Descriptions.Item label={t('rating.commercial.premium')}>
          <Typography.Text strong style={{ fontSize: 28, color: '#cf1322' }} data-testid="commercial-premium">
            {quote.premium}
          </Typography.Text>{' '}
          {t('rating.yuan')}
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('rating.commercial.premiumFormula')}
            </Typography.Text>
          </div>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="commercial-premium-sum">
              {quote.lines.map((l) => l.premium).join(' + ')} = {quote.premium}
            </Typography.Text>
          </div>
        </Descriptions.Item>
      </Descriptions>
    </Space>
  );
}

/** One coverage: its checkbox, and when chosen the amounts it is rated by. */
function CoverageRow({ code, children }: { code: CommercialCoverageCode; children?: ReactNode }) {
  const t = useT();
  const selected = Form.useWatch(['coverages', code, 'selected']) as boolean | undefined;
  const open = Boolean(children && selected);
  return (
    <>
      <Form.Item name={['coverages', code, 'selected']} valuePropName="checked" style={{ marginBottom: open ? 4 : 12 }}>
        <Checkbox>{t(`rating.commercial.coverage.${code}`)}</Checkbox>
      </Form.Item>
      {open && <div style={{ paddingLeft: 24 }}>{children}</div>}
    </>
  );
}

/** 商业车险试算: base premium per coverage × NCD × 自主定价 × 交通违法; 422s land under the field they name. */
export default function CommercialQuotePage() {
  const t = useT();
  const [form] = Form.useForm<CommercialFormValues>();
  const quote = useCommercialQuote();
  const carDamage = Form.useWatch(['coverages', 'CAR_DAMAGE', 'selected'], form) ?? INITIAL.coverages?.CAR_DAMAGE.selected;
  const required = (labelKey: MessageKey) => [{ required: true, message: t('common.required', { field: t(labelKey) }) }];

  const onFinish = (values: CommercialFormValues) => {
    const { body, sent } = toBody(values);
    if (sent.length === 0) {
      form.setFields([{ name: ['coverages', 'CAR_DAMAGE', 'selected'], errors: [t('rating.commercial.coverageRequired')] }]);
      return;
    }
    quote.mutate(body, { onError: (error) => showCommercialFieldError(form, error, sent) });
  };

  return (
    <CalculatorLayout
      title={t('nav.ratingCommercial')}
      pending={quote.isPending}
      result={quote.data ? <QuoteResult quote={quote.data} /> : null}
      form={(submit) => (
        <Form<CommercialFormValues> form={form} name="commercial" layout="vertical" initialValues={INITIAL} onFinish={onFinish} autoComplete="off">
          <Typography.Text strong>{t('rating.ctpl.vehicle')}</Typography.Text>
          <Row gutter={12} style={{ marginTop: 8 }}>
            <Col span={12}>
              <Form.Item name={['vehicle', 'usage']} label={t('rating.ctpl.usage')} rules={required('rating.ctpl.usage')}>
                <Select autoFocus showSearch={{ optionFilterProp: 'label' }} options={CTPL_USAGES.map((u) => ({ value: u, label: t(`rating.ctpl.usage.${u}`) }))} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name={['vehicle', 'seats']} label={t('rating.ctpl.seats')} extra={t('rating.commercial.seatsHint')}>
                <InputNumber min={1} max={999} precision={0} style={{ width: '100%' }} suffix={t('rating.ctpl.seatsUnit')} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name={['vehicle', 'ageYears']} label={t('rating.commercial.vehicleAge')} rules={required('rating.commercial.vehicleAge')}>
                <InputNumber min={0} max={100} step={1} style={{ width: '100%' }} suffix={t('rating.life.years')} />
              </Form.Item>
            </Col>
            {carDamage && (
              <Col span={12}>
                <Form.Item name={['vehicle', 'actualValue']} label={t('rating.commercial.actualValue')} rules={required('rating.commercial.actualValue')}>
                  <InputNumber<string> stringMode min="0.01" precision={2} style={{ width: '100%' }} suffix={t('rating.yuan')} />
                </Form.Item>
              </Col>
            )}
          </Row>
          <Form.Item name="region" label={t('rating.ctpl.region')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('rating.ctpl.region') }) }]} extra={t('rating.commercial.regionHint')}>
            <AutoComplete
              options={CTPL_REGIONS.map((r) => ({ value: r }))}
              showSearch={{ filterOption: (input, option) => String(option?.value ?? '').includes(input.trim()) }}
            />
          </Form.Item>

          <Typography.Text strong>{t('rating.commercial.coverages')}</Typography.Text>
          <div style={{ marginTop: 8 }}>
            <CoverageRow code="CAR_DAMAGE" />
            <CoverageRow code="THIRD_PARTY">
              <Form.Item name={['coverages', 'THIRD_PARTY', 'limit']} rules={required('rating.commercial.limit')} style={{ marginBottom: 12 }}>
                <Select
                  aria-label={t('rating.commercial.limit')}
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder={t('rating.commercial.limit')}
                  options={THIRD_PARTY_LIMITS.map((l) => ({ value: l, label: t('rating.commercial.limitOption', { wan: Number(l) / 10_000, yuan: formatAmount(l) }) }))}
                />
              </Form.Item>
            </CoverageRow>
            <CoverageRow code="DRIVER">
              <Form.Item name={['coverages', 'DRIVER', 'sumInsured']} rules={required('rating.commercial.sumInsured')} style={{ marginBottom: 12 }}>
                <InputNumber<string> aria-label={t('rating.commercial.driverSumInsured')} stringMode min="0.01" precision={2} style={{ width: '100%' }} prefix={t('rating.commercial.perSeat')} suffix={t('rating.yuan')} />
              </Form.Item>
            </CoverageRow>
            <CoverageRow code="PASSENGER">
              <Row gutter={8}>
                <Col span={14}>
                  <Form.Item name={['coverages', 'PASSENGER', 'sumInsured']} rules={required('rating.commercial.sumInsured')} style={{ marginBottom: 12 }}>
                    <InputNumber<string> aria-label={t('rating.commercial.passengerSumInsured')} stringMode min="0.01" precision={2} style={{ width: '100%' }} prefix={t('rating.commercial.perSeat')} suffix={t('rating.yuan')} />
                  </Form.Item>
                </Col>
                <Col span={10}>
                  <Form.Item name={['coverages', 'PASSENGER', 'seats']} style={{ marginBottom: 12 }}>
                    <InputNumber aria-label={t('rating.commercial.passengerSeats')} placeholder={t('rating.commercial.passengerSeatsHint')} min={1} max={999} precision={0} style={{ width: '100%' }} suffix={t('rating.ctpl.seatsUnit')} />
                  </Form.Item>
                </Col>
              </Row>
            </CoverageRow>
          </div>

          <Typography.Text strong>{t('rating.commercial.ncd')}</Typography.Text>
          <Row gutter={12} style={{ marginTop: 8 }}>
            <Col span={12}>
              <Form.Item name={['history', 'claimsLast3Years']} label={t('rating.commercial.claimsLast3Years')} rules={required('rating.commercial.claimsLast3Years')}>
                <InputNumber min={0} max={1000} precision={0} style={{ width: '100%' }} suffix={t('rating.commercial.times')} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name={['history', 'consecutiveInsuredYears']} label={t('rating.commercial.consecutiveInsuredYears')} rules={required('rating.commercial.consecutiveInsuredYears')}>
                <InputNumber min={0} max={100} precision={0} style={{ width: '100%' }} suffix={t('rating.life.years')} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name={['history', 'lapseMonths']} label={t('rating.commercial.lapseMonths')} extra={t('rating.commercial.lapseMonthsHint')}>
                <InputNumber min={0} max={1200} style={{ width: '100%' }} suffix={t('rating.commercial.months')} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name={['history', 'newOrTransferred']} label=" " valuePropName="checked">
                <Checkbox>{t('rating.commercial.newOrTransferred')}</Checkbox>
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="pricingCoefficient" label={t('rating.commercial.pricingCoefficient')} extra={t('rating.commercial.pricingCoefficientHint')}>
            <InputNumber<string> stringMode min="0" max="999" step="0.05" style={{ width: '100%' }} />
          </Form.Item>
          {submit}
        </Form>
      )}
    />
  );
}
