import { Alert, Button, Card, Checkbox, Col, Form, Input, InputNumber, Popconfirm, Row, Select, Space, Tooltip, Typography } from 'antd';
import { CalculatorOutlined, CheckOutlined, DeleteOutlined, PlusOutlined, SaveOutlined, StopOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router-dom';
import {
  CHANNEL_CODES,
  CHANNELS,
  LIFE_BENEFITS,
  LINE_RATING,
  PAYMENT_MODE_CODES,
  PAYMENT_MODES,
  PRODUCT_LINES,
  RATING_METHODS,
  RATING_PARAMETERS,
  RISK_LEVEL_CODES,
  RISK_LEVELS,
  type Channel,
  type LifeBenefit,
  type PaymentMode,
  type ProductDefinition,
  type RatingMethod,
  type RiskLevel,
  type UpdateVersionInput,
  type VersionDetail,
} from '../../../contracts/product';
import { useI18n, type MessageKey } from '../../app/i18n';
import { notifySuccess } from '../../app/notify';
import { useMe, usePermission } from '../../app/session';
import { ErrorResult, PageLoading } from '../../components/results';
import { showProductFieldError } from './fieldErrors';
import { StatusTag, usePeriod } from './labels';
import { useRatingReference, useUpdateVersion, useVersion, useVersionAction } from './queries';

type RatingValues = { method: RatingMethod } & Partial<Record<'defaultPricingCoefficient' | 'tableMale' | 'tableFemale' | 'interest' | 'expenseRatio' | 'perPolicy' | 'rate' | 'minPremium', string | null>> & { benefit?: LifeBenefit };

interface EditorValues {
  effectiveFrom: string;
  effectiveTo?: string | null;
  note?: string | null;
  definition: {
    coverages: { code: string; name: string; limit?: string | null; deductible?: string | null }[];
    rating: RatingValues;
    minAge?: number | null;
    maxAge?: number | null;
    minSumAssured?: string | null;
    maxSumAssured?: string | null;
    paymentModes: PaymentMode[];
    coverageTerms: string[];
    paymentTerms: string[];
    riskLevel: RiskLevel;
    channels: Channel[];
    coolingOffDays: Partial<Record<Channel, number | null>>;
    filingNo?: string | null;
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const blank = (s: string | null | undefined): string | null => (s === undefined || s === null || s.trim() === '' ? null : s.trim());

function toValues(v: VersionDetail): EditorValues {
  const d = v.definition;
  return {
    effectiveFrom: v.effectiveFrom,
    effectiveTo: v.effectiveTo,
    note: v.note,
    definition: {
      ...d,
      rating: d.rating as RatingValues,
      coverageTerms: d.coverageTerms.map(String),
      paymentTerms: d.paymentTerms.map(String),
    },
  };
}

/** The PUT body: only the chosen method's parameters, the chosen channels' cooling-off days, nulls for blanks. */
function toBody(values: EditorValues): UpdateVersionInput {
  const d = values.definition;
  const method = d.rating.method;
  const rating: Record<string, unknown> = { method };
  for (const key of RATING_PARAMETERS[method] as readonly (keyof RatingValues)[]) {
    const value = d.rating[key];
    rating[key] = key === 'defaultPricingCoefficient' ? blank(value as string | null | undefined) : typeof value === 'string' ? value.trim() : value;
  }
  const years = (xs: string[] | undefined) => (xs ?? []).map((x) => Number(String(x).trim()));
  return {
    effectiveFrom: values.effectiveFrom.trim(),
    effectiveTo: blank(values.effectiveTo),
    note: blank(values.note),
    definition: {
      coverages: (d.coverages ?? []).map((c) => ({ code: (c.code ?? '').trim(), name: (c.name ?? '').trim(), limit: blank(c.limit), deductible: blank(c.deductible) })),
      rating: rating as ProductDefinition['rating'],
      minAge: d.minAge ?? null,
      maxAge: d.maxAge ?? null,
      minSumAssured: blank(d.minSumAssured),
      maxSumAssured: blank(d.maxSumAssured),
      paymentModes: d.paymentModes ?? [],
      coverageTerms: years(d.coverageTerms),
      paymentTerms: years(d.paymentTerms),
      riskLevel: d.riskLevel,
      channels: d.channels ?? [],
      coolingOffDays: Object.fromEntries((d.channels ?? []).filter((c) => d.coolingOffDays?.[c] !== undefined && d.coolingOffDays?.[c] !== null).map((c) => [c, d.coolingOffDays[c]])),
      filingNo: blank(d.filingNo),
    },
  };
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Card size="small" title={title} style={{ marginBottom: 16 }}>
      {children}
    </Card>
  );
}

function VersionEditor({ version }: { version: VersionDetail }) {
  const { t, pick } = useI18n();
  const can = usePermission();
  const { data: me } = useMe();
  const navigate = useNavigate();
  const period = usePeriod();
  const [form] = Form.useForm<EditorValues>();
  const update = useUpdateVersion();
  const action = useVersionAction();
  const reference = useRatingReference(can('product:read'));
  const line = version.product.line;
  const draft = version.status === 'DRAFT';
  const editable = draft && can('product:write');
  const method: RatingMethod = Form.useWatch(['definition', 'rating', 'method'], form) ?? version.definition.rating.method;
  const channels: Channel[] = Form.useWatch(['definition', 'channels'], form) ?? version.definition.channels;
  const params = RATING_PARAMETERS[method] as readonly string[];
  const isMaker = me?.user.id === version.createdBy.id || me?.user.id === version.updatedBy.id;
  const label = (key: MessageKey) => t(key);
  const tables = (reference.data?.lifeTables ?? []).map((x) => ({ value: x.code, label: `${x.code} ${x.name}` }));

  const save = (values: EditorValues) =>
    update.mutate({ id: version.id, ...toBody(values), baseUpdatedAt: version.updatedAt }, { onSuccess: () => notifySuccess(t('version.saved')), onError: (error) => showProductFieldError(form, error) });

  const actions = (
    <Space wrap>
      {editable && (
        <Button type="primary" icon={<SaveOutlined />} loading={update.isPending} onClick={() => form.submit()}>
          {t('version.save')}
        </Button>
      )}
      {draft && can('product:approve') && (
        <Tooltip title={isMaker ? t('version.selfApprovalHint') : undefined}>
          <Popconfirm
            title={t('version.approveConfirm')}
            okText={t('common.ok')}
            cancelText={t('common.cancel')}
            disabled={isMaker}
            onConfirm={() => action.mutate({ id: version.id, action: 'approve' }, { onSuccess: () => notifySuccess(t('version.approved')) })}
          >
            <Button icon={<CheckOutlined />} disabled={isMaker} loading={action.isPending}>
              {t('version.approve')}
            </Button>
          </Popconfirm>
        </Tooltip>
      )}
      {version.status === 'APPROVED' && can('product:approve') && (
        <Popconfirm
          title={t('version.retireConfirm')}
          okText={t('common.ok')}
          cancelText={t('common.cancel')}
          onConfirm={() => action.mutate({ id: version.id, action: 'retire' }, { onSuccess: () => notifySuccess(t('version.retired')) })}
        >
          <Button danger icon={<StopOutlined />} loading={action.isPending}>
            {t('version.retire')}
          </Button>
        </Popconfirm>
      )}
      {version.quotable && can('rating:quote') && (
        <Button icon={<CalculatorOutlined />} onClick={() => navigate(`/products/quote?version=${version.id}`)}>
          {t('version.quote')}
        </Button>
      )}
    </Space>
  );

  const text = (name: (string | number)[], key: MessageKey, extra?: MessageKey, span = 8) => (
    <Col xs={24} md={span}>
      <Form.Item name={name} label={label(key)} extra={extra && t(extra)}>
        <Input maxLength={64} />
      </Form.Item>
    </Col>
  );

  return (
    <Card
      title={
        <Space wrap>
          <span>{t('version.title', { code: version.product.code, name: version.product.name, no: version.versionNo })}</span>
          <StatusTag status={version.status} />
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {pick(PRODUCT_LINES[line])} · {period(version)}
          </Typography.Text>
        </Space>
      }
      extra={<Link to={`/products/${version.product.id}`}>{t('nav.productDetail')}</Link>}
    >
      <div style={{ marginBottom: 16 }}>{actions}</div>
      {!draft && <Alert type="info" showIcon title={t('version.readOnly')} style={{ marginBottom: 16 }} />}
      <Form<EditorValues> key={version.updatedAt} form={form} name="version" layout="vertical" initialValues={toValues(version)} onFinish={save} disabled={!editable} autoComplete="off">
        <Section title={t('version.basics')}>
          <Row gutter={16}>
            <Col xs={24} md={6}>
              <Form.Item name="effectiveFrom" label={t('version.effectiveFrom')} rules={[{ required: true, message: t('common.required', { field: t('version.effectiveFrom') }) }, { pattern: DATE, message: t('version.dateInvalid') }]}>
                <Input placeholder={t('version.datePlaceholder')} maxLength={10} />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="effectiveTo" label={t('version.effectiveTo')} extra={t('version.effectiveToHint')} rules={[{ pattern: DATE, message: t('version.dateInvalid') }]}>
                <Input placeholder={t('version.datePlaceholder')} maxLength={10} />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name={['definition', 'filingNo']} label={t('version.filingNo')} extra={t('version.filingNoHint')}>
                <Input maxLength={64} />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name={['definition', 'riskLevel']} label={t('version.riskLevel')}>
                <Select options={RISK_LEVEL_CODES.map((r) => ({ value: r, label: pick(RISK_LEVELS[r]) }))} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="note" label={t('version.note')}>
                <Input maxLength={500} />
              </Form.Item>
            </Col>
          </Row>
        </Section>

        <Section title={t('version.coverages')}>
          <Form.List name={['definition', 'coverages']}>
            {(fields, { add, remove }) => (
              <>
                <Row gutter={8} style={{ marginBottom: 4 }}>
                  <Col span={5}><Typography.Text type="secondary">{t('version.coverageCode')}</Typography.Text></Col>
                  <Col span={7}><Typography.Text type="secondary">{t('version.coverageName')}</Typography.Text></Col>
                  <Col span={5}><Typography.Text type="secondary">{t('version.coverageLimit')}</Typography.Text></Col>
                  <Col span={5}><Typography.Text type="secondary">{t('version.coverageDeductible')}</Typography.Text></Col>
                </Row>
                {fields.map((field, index) => (
                  <Row gutter={8} key={field.key} data-testid={`coverage-row-${index}`}>
                    <Col span={5}>
                      <Form.Item name={[field.name, 'code']} style={{ marginBottom: 8 }}>
                        <Input aria-label={`${t('version.coverageCode')} ${index + 1}`} maxLength={32} />
                      </Form.Item>
                    </Col>
                    <Col span={7}>
                      <Form.Item name={[field.name, 'name']} style={{ marginBottom: 8 }}>
                        <Input aria-label={`${t('version.coverageName')} ${index + 1}`} maxLength={100} />
                      </Form.Item>
                    </Col>
                    <Col span={5}>
                      <Form.Item name={[field.name, 'limit']} style={{ marginBottom: 8 }}>
                        <Input aria-label={`${t('version.coverageLimit')} ${index + 1}`} maxLength={20} inputMode="decimal" />
                      </Form.Item>
                    </Col>
                    <Col span={5}>
                      <Form.Item name={[field.name, 'deductible']} style={{ marginBottom: 8 }}>
                        <Input aria-label={`${t('version.coverageDeductible')} ${index + 1}`} maxLength={20} inputMode="decimal" />
                      </Form.Item>
                    </Col>
                    <Col span={2}>
                      <Button type="text" danger icon={<DeleteOutlined />} aria-label={`${t('version.removeCoverage')} ${index + 1}`} onClick={() => remove(field.name)} />
                    </Col>
                  </Row>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ code: '', name: '', limit: null, deductible: null })}>
                  {t('version.addCoverage')}
                </Button>
              </>
            )}
          </Form.List>
        </Section>

        <Section title={t('version.rating')}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name={['definition', 'rating', 'method']} label={t('version.method')}>
                <Select options={LINE_RATING[line].methods.map((m) => ({ value: m, label: pick(RATING_METHODS[m]) }))} />
              </Form.Item>
            </Col>
            {params.includes('benefit') && (
              <Col xs={24} md={8}>
                <Form.Item name={['definition', 'rating', 'benefit']} label={t('version.benefit')}>
                  <Select options={(LINE_RATING[line].benefits ?? []).map((b) => ({ value: b, label: pick(LIFE_BENEFITS[b]) }))} />
                </Form.Item>
              </Col>
            )}
            {params.includes('tableMale') && (
              <>
                <Col xs={24} md={8}>
                  <Form.Item name={['definition', 'rating', 'tableMale']} label={t('version.tableMale')}>
                    <Select showSearch={{ optionFilterProp: 'label' }} options={tables} loading={reference.isLoading} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name={['definition', 'rating', 'tableFemale']} label={t('version.tableFemale')}>
                    <Select showSearch={{ optionFilterProp: 'label' }} options={tables} loading={reference.isLoading} />
                  </Form.Item>
                </Col>
              </>
            )}
            {params.includes('interest') && text(['definition', 'rating', 'interest'], 'version.interest', 'version.interestHint')}
            {params.includes('expenseRatio') && text(['definition', 'rating', 'expenseRatio'], 'version.expenseRatio')}
            {params.includes('perPolicy') && text(['definition', 'rating', 'perPolicy'], 'version.perPolicy')}
            {params.includes('defaultPricingCoefficient') && text(['definition', 'rating', 'defaultPricingCoefficient'], 'version.defaultPricingCoefficient', 'version.defaultPricingCoefficientHint')}
            {params.includes('rate') && text(['definition', 'rating', 'rate'], 'version.rate', 'version.rateHint')}
            {params.includes('minPremium') && text(['definition', 'rating', 'minPremium'], 'version.minPremium')}
          </Row>
        </Section>

        <Section title={t('version.limits')}>
          <Row gutter={16}>
            <Col xs={12} md={6}>
              <Form.Item name={['definition', 'minAge']} label={t('version.minAge')}>
                <InputNumber min={0} max={120} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name={['definition', 'maxAge']} label={t('version.maxAge')}>
                <InputNumber min={0} max={120} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            {text(['definition', 'minSumAssured'], 'version.minSumAssured', undefined, 6)}
            {text(['definition', 'maxSumAssured'], 'version.maxSumAssured', undefined, 6)}
            <Col xs={24} md={8}>
              <Form.Item name={['definition', 'paymentModes']} label={t('version.paymentModes')}>
                <Checkbox.Group options={PAYMENT_MODE_CODES.map((m) => ({ value: m, label: pick(PAYMENT_MODES[m]) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name={['definition', 'coverageTerms']} label={t('version.coverageTerms')} extra={t('version.coverageTermsHint')}>
                <Select mode="tags" open={false} tokenSeparators={[',', '，', ' ']} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name={['definition', 'paymentTerms']} label={t('version.paymentTerms')} extra={t('version.paymentTermsHint')}>
                <Select mode="tags" open={false} tokenSeparators={[',', '，', ' ']} />
              </Form.Item>
            </Col>
          </Row>
        </Section>

        <Section title={t('version.channels')}>
          <Form.Item name={['definition', 'channels']}>
            <Checkbox.Group options={CHANNEL_CODES.map((c) => ({ value: c, label: pick(CHANNELS[c]) }))} />
          </Form.Item>
          <Row gutter={16}>
            {channels.map((c) => (
              <Col xs={12} md={4} key={c}>
                <Form.Item name={['definition', 'coolingOffDays', c]} label={t('version.coolingOff', { channel: pick(CHANNELS[c]) })}>
                  <InputNumber min={0} max={60} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            ))}
          </Row>
        </Section>
        {/* Enter in a field saves the draft. */}
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
      {editable && <div>{actions}</div>}
    </Card>
  );
}

/** 产品版本: view any version; edit, approve (not one's own) or retire as permissions allow. */
export default function VersionPage() {
  const { id } = useParams();
  const version = useVersion(id);
  if (version.isLoading) return <PageLoading />;
  if (version.error || !version.data) return <ErrorResult error={version.error} onRetry={() => version.refetch()} />;
  return <VersionEditor version={version.data} />;
}
