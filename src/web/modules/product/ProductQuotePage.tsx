import { useEffect } from 'react';
import { Checkbox, Col, Descriptions, Empty, Form, Input, InputNumber, Radio, Row, Select, Space, Statistic, Tag, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { CHANNELS, PAYMENT_MODES, PRODUCT_LINES, RATING_METHODS, RISK_LEVELS, type Channel, type PaymentMode, type ProductQuote, type ProductQuoteInput, type QuotableVersion } from '../../../contracts/product';
import { formatAmount } from '../../app/format';
import { useI18n, type MessageKey } from '../../app/i18n';
import { CalculatorLayout } from '../rating/CalculatorLayout';
import { CTPL_REGIONS, CTPL_USAGES, measureOf, THIRD_PARTY_LIMITS, type CtplUsage } from '../rating/queries';
import { showProductFieldError } from './fieldErrors';
import { usePeriod } from './labels';
import { useProductQuote, useQuotableVersions } from './queries';

interface CoveragePick {
  on?: boolean;
  limit?: string;
  sumInsured?: string;
  seats?: number;
}

interface QuoteValues {
  version: string;
  channel?: Channel;
  ctpl?: {
    vehicle: { usage: CtplUsage; seats?: number; tonnage?: number; engineCc?: number; trailer?: boolean };
    region: string;
    history: { claimFreeYears?: number; atFaultAccidentsLastYear?: number; fatalAtFaultLastYear?: boolean };
  };
  commercial?: {
    vehicle: { usage: CtplUsage; seats?: number; ageYears?: number; actualValue?: string };
    region: string;
    history: { claimsLast3Years?: number; consecutiveInsuredYears?: number };
    pricingCoefficient?: string;
    picks?: Record<string, CoveragePick>;
  };
  life?: { sex: 'M' | 'F'; age: number; term?: number; paymentMode: PaymentMode; paymentTerm?: number; sumAssured: string };
  fixed?: { age?: number; sumAssured: string };
}

const PER_SEAT = new Set(['DRIVER', 'PASSENGER']);

/** The request body for the version's rating method. */
function toBody(v: QuotableVersion, values: QuoteValues): ProductQuoteInput {
  const base: ProductQuoteInput = values.channel ? { channel: values.channel } : {};
  switch (v.ratingMethod) {
    case 'CTPL': {
      const c = values.ctpl!;
      const measure = measureOf(c.vehicle.usage);
      const vehicle: Record<string, unknown> = { usage: c.vehicle.usage };
      if (measure) vehicle[measure] = c.vehicle[measure];
      if (measure === 'tonnage' && c.vehicle.trailer) vehicle.trailer = true;
      return { ...base, ctpl: { vehicle, region: c.region, history: { claimFreeYears: c.history.claimFreeYears ?? 0, atFaultAccidentsLastYear: c.history.atFaultAccidentsLastYear ?? 0, fatalAtFaultLastYear: c.history.fatalAtFaultLastYear ?? false } } };
    }
    case 'COMMERCIAL_MOTOR': {
      const c = values.commercial!;
      const coverages = v.definition.coverages
        .filter((cov) => c.picks?.[cov.code]?.on)
        .map((cov) => {
          const p = c.picks![cov.code]!;
          return { code: cov.code, ...(cov.code === 'THIRD_PARTY' && p.limit ? { limit: p.limit } : {}), ...(PER_SEAT.has(cov.code) && p.sumInsured ? { sumInsured: String(p.sumInsured) } : {}), ...(cov.code === 'PASSENGER' && p.seats ? { seats: p.seats } : {}) };
        });
      return {
        ...base,
        commercial: {
          vehicle: { usage: c.vehicle.usage, ...(c.vehicle.seats ? { seats: c.vehicle.seats } : {}), ageYears: c.vehicle.ageYears ?? 0, ...(c.vehicle.actualValue ? { actualValue: String(c.vehicle.actualValue) } : {}) },
          region: c.region,
          coverages,
          history: { claimsLast3Years: c.history.claimsLast3Years ?? 0, consecutiveInsuredYears: c.history.consecutiveInsuredYears ?? 0 },
          ...(c.pricingCoefficient?.trim() ? { pricingCoefficient: c.pricingCoefficient.trim() } : {}),
        },
      };
    }
    case 'LIFE_NET':
    case 'LIFE_GROSS': {
      const l = values.life!;
      return {
        ...base,
        life: { sex: l.sex, age: l.age, ...(l.term ? { term: l.term } : {}), paymentMode: l.paymentMode, ...(l.paymentMode !== 'SINGLE' && l.paymentTerm ? { paymentTerm: l.paymentTerm } : {}), sumAssured: String(l.sumAssured) },
      };
    }
    case 'FIXED':
      return { ...base, fixed: { ...(values.fixed?.age != null ? { age: values.fixed.age } : {}), sumAssured: String(values.fixed!.sumAssured) } };
  }
}

function initialValues(v: QuotableVersion | undefined): Partial<QuoteValues> {
  if (!v) return {};
  const d = v.definition;
  return {
    version: v.id,
    ctpl: { vehicle: { usage: 'FAMILY' }, region: '', history: { claimFreeYears: 0, atFaultAccidentsLastYear: 0, fatalAtFaultLastYear: false } },
    commercial: {
      vehicle: { usage: 'FAMILY', ageYears: 0 },
      region: '',
      history: { claimsLast3Years: 0, consecutiveInsuredYears: 0 },
      picks: Object.fromEntries(d.coverages.map((c) => [c.code, { on: c.code === 'THIRD_PARTY' || c.code === 'CAR_DAMAGE', limit: c.code === 'THIRD_PARTY' ? '1000000' : undefined }])),
    },
    life: { sex: 'M', age: 30, paymentMode: d.paymentModes.includes('ANNUAL') ? 'ANNUAL' : d.paymentModes[0], sumAssured: d.minSumAssured ?? '100000', ...(d.coverageTerms[0] ? { term: d.coverageTerms[0] } : {}), ...(d.paymentTerms[0] ? { paymentTerm: d.paymentTerms[d.paymentTerms.length - 1] } : {}) } as QuoteValues['life'],
    fixed: { sumAssured: d.minSumAssured ?? '100000' },
  };
}

function Result({ quote }: { quote: ProductQuote }) {
  const { t, pick } = useI18n();
  const period = usePeriod();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="product-quote-result">
      <Statistic
        title={t('pquote.premium')}
        value={quote.premium}
        valueRender={() => (
          <Typography.Text strong style={{ fontSize: 28, color: '#cf1322' }} data-testid="product-quote-premium">
            {formatAmount(quote.premium)}
          </Typography.Text>
        )}
        suffix={t('rating.yuan')}
      />
      <Descriptions size="small" bordered column={1} styles={{ label: { width: 120 } }}>
        <Descriptions.Item label={t('pquote.version')}>
          {quote.version.productCode} {quote.version.productName} · {t('product.versionLabel', { no: quote.version.versionNo })}（{period(quote.version)}）
        </Descriptions.Item>
        <Descriptions.Item label={t('version.method')}>{pick(RATING_METHODS[quote.ratingMethod])}</Descriptions.Item>
        <Descriptions.Item label={t('version.filingNo')}>{quote.version.filingNo ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('version.riskLevel')}>{pick(RISK_LEVELS[quote.version.riskLevel])}</Descriptions.Item>
        <Descriptions.Item label={t('pquote.quoteDate')}>
          {quote.quoteDate}
          {quote.coolingOffDays !== null && <Tag style={{ marginLeft: 8 }}>{t('pquote.coolingOff', { days: quote.coolingOffDays })}</Tag>}
        </Descriptions.Item>
      </Descriptions>
      <div>
        <Typography.Title level={5}>{t('pquote.explanation')}</Typography.Title>
        <ol data-testid="product-quote-explanation" style={{ paddingInlineStart: 20, margin: 0 }}>
          {quote.explanation.map((line, i) => (
            <li key={i}>
              <Typography.Text>{line}</Typography.Text>
            </li>
          ))}
        </ol>
      </div>
    </Space>
  );
}

function CtplFields() {
  const { t } = useI18n();
  const usage = Form.useWatch(['ctpl', 'vehicle', 'usage']) as CtplUsage | undefined;
  const measure = measureOf(usage);
  const required = (key: MessageKey) => [{ required: true, message: t('common.required', { field: t(key) }) }];
  return (
    <>
      <Form.Item name={['ctpl', 'vehicle', 'usage']} label={t('rating.ctpl.usage')} rules={required('rating.ctpl.usage')}>
        <Select showSearch={{ optionFilterProp: 'label' }} options={CTPL_USAGES.map((u) => ({ value: u, label: t(`rating.ctpl.usage.${u}`) }))} />
      </Form.Item>
      <Row gutter={12}>
        {measure === 'seats' && (
          <Col span={12}>
            <Form.Item name={['ctpl', 'vehicle', 'seats']} label={t('rating.ctpl.seats')} rules={required('rating.ctpl.seats')}>
              <InputNumber min={1} max={999} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        )}
        {measure === 'tonnage' && (
          <Col span={12}>
            <Form.Item name={['ctpl', 'vehicle', 'tonnage']} label={t('rating.ctpl.tonnage')} rules={required('rating.ctpl.tonnage')}>
              <InputNumber min={0.01} max={1000} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        )}
        {measure === 'engineCc' && (
          <Col span={12}>
            <Form.Item name={['ctpl', 'vehicle', 'engineCc']} label={t('rating.ctpl.engineCc')} rules={required('rating.ctpl.engineCc')}>
              <InputNumber min={1} max={100000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        )}
        <Col span={12}>
          <Form.Item name={['ctpl', 'region']} label={t('rating.ctpl.region')} rules={required('rating.ctpl.region')}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={CTPL_REGIONS.map((r) => ({ value: r, label: r }))} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name={['ctpl', 'history', 'claimFreeYears']} label={t('rating.ctpl.claimFreeYears')}>
            <InputNumber min={0} max={100} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name={['ctpl', 'history', 'atFaultAccidentsLastYear']} label={t('rating.ctpl.atFaultAccidents')}>
            <InputNumber min={0} max={1000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name={['ctpl', 'history', 'fatalAtFaultLastYear']} valuePropName="checked">
        <Checkbox>{t('rating.ctpl.fatalAtFault')}</Checkbox>
      </Form.Item>
    </>
  );
}

function CommercialFields({ version }: { version: QuotableVersion }) {
  const { t } = useI18n();
  const required = (key: MessageKey) => [{ required: true, message: t('common.required', { field: t(key) }) }];
  return (
    <>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name={['commercial', 'vehicle', 'usage']} label={t('rating.ctpl.usage')} rules={required('rating.ctpl.usage')}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={CTPL_USAGES.map((u) => ({ value: u, label: t(`rating.ctpl.usage.${u}`) }))} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name={['commercial', 'region']} label={t('rating.ctpl.region')} rules={required('rating.ctpl.region')}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={CTPL_REGIONS.map((r) => ({ value: r, label: r }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={['commercial', 'vehicle', 'seats']} label={t('rating.ctpl.seats')}>
            <InputNumber min={1} max={999} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={['commercial', 'vehicle', 'ageYears']} label={t('pquote.vehicleAge')}>
            <InputNumber min={0} max={100} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={['commercial', 'vehicle', 'actualValue']} label={t('pquote.actualValue')}>
            <InputNumber<string> stringMode min="0.01" precision={2} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Text strong>{t('pquote.coverages')}</Typography.Text>
      {version.definition.coverages.map((c) => (
        <Row gutter={8} key={c.code} align="middle" style={{ marginTop: 8 }}>
          <Col span={10}>
            <Form.Item name={['commercial', 'picks', c.code, 'on']} valuePropName="checked" style={{ marginBottom: 0 }}>
              <Checkbox>{c.name}</Checkbox>
            </Form.Item>
          </Col>
          {c.code === 'THIRD_PARTY' && (
            <Col span={14}>
              <Form.Item name={['commercial', 'picks', c.code, 'limit']} style={{ marginBottom: 0 }}>
                <Select aria-label={t('pquote.limit')} options={THIRD_PARTY_LIMITS.map((l) => ({ value: l, label: `${formatAmount(l)} ${t('rating.yuan')}` }))} />
              </Form.Item>
            </Col>
          )}
          {PER_SEAT.has(c.code) && (
            <Col span={14}>
              <Form.Item name={['commercial', 'picks', c.code, 'sumInsured']} style={{ marginBottom: 0 }}>
                <InputNumber<string> stringMode min="1" precision={0} placeholder={t('pquote.sumInsured')} aria-label={`${c.name} ${t('pquote.sumInsured')}`} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          )}
        </Row>
      ))}
      <Row gutter={12} style={{ marginTop: 16 }}>
        <Col span={8}>
          <Form.Item name={['commercial', 'history', 'claimsLast3Years']} label={t('pquote.claimsLast3Years')}>
            <InputNumber min={0} max={1000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={['commercial', 'history', 'consecutiveInsuredYears']} label={t('pquote.consecutiveYears')}>
            <InputNumber min={0} max={100} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={['commercial', 'pricingCoefficient']} label={t('pquote.pricingCoefficient')} extra={t('pquote.pricingCoefficientHint')}>
            <Input maxLength={8} />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}

function LifeFields({ version }: { version: QuotableVersion }) {
  const { t, pick } = useI18n();
  const d = version.definition;
  const mode = Form.useWatch(['life', 'paymentMode']) as PaymentMode | undefined;
  const wholeLife = d.rating.method !== 'FIXED' && 'benefit' in d.rating && d.rating.benefit === 'WHOLE_LIFE';
  const years = (xs: number[]) => xs.map((n) => ({ value: n, label: t('pquote.years', { n }) }));
  const required = (key: MessageKey) => [{ required: true, message: t('common.required', { field: t(key) }) }];
  return (
    <>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name={['life', 'sex']} label={t('pquote.sex')} rules={required('pquote.sex')}>
            <Radio.Group options={[{ value: 'M', label: t('pquote.sex.M') }, { value: 'F', label: t('pquote.sex.F') }]} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name={['life', 'age']} label={t('pquote.age')} rules={required('pquote.age')}>
            <InputNumber min={0} max={150} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        {!wholeLife && (
          <Col span={12}>
            <Form.Item name={['life', 'term']} label={t('pquote.term')}>
              {d.coverageTerms.length ? <Select options={years(d.coverageTerms)} /> : <InputNumber min={1} max={150} precision={0} style={{ width: '100%' }} />}
            </Form.Item>
          </Col>
        )}
        <Col span={12}>
          <Form.Item name={['life', 'paymentMode']} label={t('pquote.paymentMode')} rules={required('pquote.paymentMode')}>
            <Select options={d.paymentModes.map((m) => ({ value: m, label: pick(PAYMENT_MODES[m]) }))} />
          </Form.Item>
        </Col>
        {mode !== 'SINGLE' && (
          <Col span={12}>
            <Form.Item name={['life', 'paymentTerm']} label={t('pquote.paymentTerm')}>
              {d.paymentTerms.length ? <Select options={years(d.paymentTerms)} /> : <InputNumber min={1} max={150} precision={0} style={{ width: '100%' }} />}
            </Form.Item>
          </Col>
        )}
        <Col span={12}>
          <Form.Item name={['life', 'sumAssured']} label={t('pquote.sumAssured')} rules={required('pquote.sumAssured')}>
            <InputNumber<string> stringMode min="0.01" precision={2} style={{ width: '100%' }} suffix={t('rating.yuan')} />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}

function FixedFields({ version }: { version: QuotableVersion }) {
  const { t } = useI18n();
  const d = version.definition;
  return (
    <Row gutter={12}>
      {(d.minAge !== null || d.maxAge !== null) && (
        <Col span={12}>
          <Form.Item name={['fixed', 'age']} label={t('pquote.age')}>
            <InputNumber min={0} max={150} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      )}
      <Col span={12}>
        <Form.Item name={['fixed', 'sumAssured']} label={t('pquote.sumAssured')}>
          <InputNumber<string> stringMode min="0.01" precision={2} style={{ width: '100%' }} suffix={t('rating.yuan')} />
        </Form.Item>
      </Col>
    </Row>
  );
}

/** 按产品版本试算: pick an approved, effective version; the form follows its rating method. */
export default function ProductQuotePage() {
  const { t, pick } = useI18n();
  const [params, setParams] = useSearchParams();
  const versions = useQuotableVersions();
  const quote = useProductQuote();
  const [form] = Form.useForm<QuoteValues>();
  const chosenId = (Form.useWatch('version', form) as string | undefined) ?? params.get('version') ?? undefined;
  const version = versions.data?.find((v) => v.id === chosenId);

  // A new version resets the method-specific inputs to that version's defaults.
  useEffect(() => {
    if (!version) return;
    form.setFieldsValue(initialValues(version));
    quote.reset();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version?.id]);

  const onFinish = (values: QuoteValues) => {
    if (!version) return;
    quote.mutate({ id: version.id, ...toBody(version, values) }, { onError: (error) => showProductFieldError(form, error) });
  };

  const d = version?.definition;
  return (
    <CalculatorLayout
      title={t('nav.productQuote')}
      pending={quote.isPending}
      result={quote.data ? <Result quote={quote.data} /> : null}
      form={(submit) => (
        <Form<QuoteValues> form={form} name="pquote" layout="vertical" initialValues={{ version: params.get('version') ?? undefined }} onFinish={onFinish} autoComplete="off">
          <Form.Item name="version" label={t('pquote.version')} rules={[{ required: true, message: t('common.required', { field: t('pquote.version') }) }]}>
            <Select
              autoFocus
              loading={versions.isLoading}
              placeholder={t('pquote.versionPlaceholder')}
              showSearch={{ optionFilterProp: 'label' }}
              notFoundContent={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pquote.noVersions')} />}
              onChange={(id: string) => setParams({ version: id }, { replace: true })}
              options={(versions.data ?? []).map((v) => ({ value: v.id, label: `${v.productCode} ${v.productName} · ${t('product.versionLabel', { no: v.versionNo })}` }))}
            />
          </Form.Item>
          {version && d && (
            <>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12 }} data-testid="pquote-version-summary">
                {pick(PRODUCT_LINES[version.line])} · {pick(RATING_METHODS[version.ratingMethod])} · {pick(RISK_LEVELS[d.riskLevel])}
                {(d.minAge !== null || d.maxAge !== null || d.minSumAssured || d.maxSumAssured) && (
                  <>
                    {' · '}
                    {t('pquote.productLimits', {
                      age: `${d.minAge ?? 0}–${d.maxAge ?? t('pquote.any')}`,
                      sum: `${d.minSumAssured ? formatAmount(d.minSumAssured) : '0'}–${d.maxSumAssured ? formatAmount(d.maxSumAssured) : t('pquote.any')}`,
                    })}
                  </>
                )}
              </Typography.Paragraph>
              <Form.Item name="channel" label={t('pquote.channel')}>
                <Select allowClear placeholder={t('pquote.channelAny')} options={d.channels.map((c) => ({ value: c, label: `${pick(CHANNELS[c])}（${t('pquote.coolingOff', { days: d.coolingOffDays[c] ?? 0 })}）` }))} />
              </Form.Item>
              {version.ratingMethod === 'CTPL' && <CtplFields />}
              {version.ratingMethod === 'COMMERCIAL_MOTOR' && <CommercialFields version={version} />}
              {(version.ratingMethod === 'LIFE_NET' || version.ratingMethod === 'LIFE_GROSS') && <LifeFields version={version} />}
              {version.ratingMethod === 'FIXED' && <FixedFields version={version} />}
            </>
          )}
          {submit}
        </Form>
      )}
    />
  );
}
