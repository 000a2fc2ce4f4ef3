import { Col, Form, InputNumber, Row, Select, Space, Statistic, Typography } from 'antd';
import { useT, type MessageKey } from '../../app/i18n';
import { showServerFieldError } from '../../components/FormModal';
import { BENEFITS, useLifeQuote, useLifeTables, type Benefit, type LifeQuote } from './queries';
import { CalculatorLayout } from './CalculatorLayout';

interface LifeFormValues {
  table: string;
  /** Percent as typed (3.5 = 3.5%); sent as 0.035. */
  interestPercent: number;
  benefit: Benefit;
  age: number;
  term?: number;
  paymentTerm?: number;
  sumAssured: string;
}

const INITIAL: Partial<LifeFormValues> = { interestPercent: 3.5, benefit: 'WHOLE_LIFE' };

function ResultItem({ title, value, help, testId }: { title: string; value: string; help: string; testId: string }) {
  return (
    <div>
      <Statistic title={title} value={value} valueRender={() => <span data-testid={testId}>{value}</span>} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {help}
      </Typography.Text>
    </div>
  );
}

function QuoteResult({ quote }: { quote: LifeQuote }) {
  const t = useT();
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="life-result">
      <ResultItem title={t('rating.life.netSinglePremium')} value={quote.netSinglePremium} help={t('rating.life.netSinglePremiumHelp')} testId="life-single" />
      <ResultItem title={t('rating.life.netAnnualPremium')} value={quote.netAnnualPremium} help={t('rating.life.netAnnualPremiumHelp')} testId="life-annual" />
      <ResultItem title={t('rating.life.annuityDue')} value={quote.annuityDue} help={t('rating.life.annuityDueHelp')} testId="life-annuity" />
    </Space>
  );
}

/** 寿险净保费试算 on a life table of the actuarial module; 422s land under the field they name. */
export default function LifeQuotePage() {
  const t = useT();
  const [form] = Form.useForm<LifeFormValues>();
  const tables = useLifeTables();
  const quote = useLifeQuote();
  const benefit = Form.useWatch('benefit', form) ?? INITIAL.benefit;
  const tableCode = Form.useWatch('table', form);
  const table = tables.data?.find((x) => x.code === tableCode);
  const required = (labelKey: MessageKey) => [{ required: true, message: t('common.required', { field: t(labelKey) }) }];
  const wholeLife = benefit === 'WHOLE_LIFE';

  const onFinish = (values: LifeFormValues) =>
    quote.mutate(
      {
        table: values.table,
        interest: Number((values.interestPercent / 100).toFixed(8)),
        benefit: values.benefit,
        age: values.age,
        ...(!wholeLife && values.term != null ? { term: values.term } : {}),
        ...(values.paymentTerm != null ? { paymentTerm: values.paymentTerm } : {}),
        sumAssured: String(values.sumAssured),
      },
      { onError: (error) => showServerFieldError(form, error) },
    );

  return (
    <CalculatorLayout
      title={t('nav.ratingLife')}
      pending={quote.isPending}
      result={quote.data ? <QuoteResult quote={quote.data} /> : null}
      form={(submit) => (
        <Form<LifeFormValues> form={form} name="life" layout="vertical" initialValues={INITIAL} onFinish={onFinish} autoComplete="off">
          <Form.Item name="table" label={t('rating.life.table')} rules={required('rating.life.table')} extra={table && t('rating.life.ageRange', { min: table.minAge, max: table.maxAge })}>
            <Select
              autoFocus
              loading={tables.isLoading}
              showSearch={{ optionFilterProp: 'label' }}
              options={(tables.data ?? []).map((x) => ({ value: x.code, label: `${x.code} ${x.name}` }))}
            />
          </Form.Item>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="interestPercent" label={t('rating.life.interest')} rules={required('rating.life.interest')}>
                <InputNumber min={0} max={20} step={0.25} precision={4} style={{ width: '100%' }} suffix="%" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="benefit" label={t('rating.life.benefit')} rules={required('rating.life.benefit')}>
                <Select options={BENEFITS.map((b) => ({ value: b, label: t(`rating.life.benefit.${b}`) }))} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item name="age" label={t('rating.life.age')} rules={required('rating.life.age')}>
                <InputNumber min={0} max={150} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            {!wholeLife && (
              <Col span={8}>
                <Form.Item name="term" label={t('rating.life.term')}>
                  <InputNumber min={1} max={150} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            )}
            <Col span={8}>
              <Form.Item name="paymentTerm" label={t('rating.life.paymentTerm')} extra={t('rating.life.paymentTermHint')}>
                <InputNumber min={1} max={150} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="sumAssured"
            label={t(benefit === 'ANNUITY_DUE' ? 'rating.life.sumAssuredAnnuity' : 'rating.life.sumAssured')}
            rules={required('rating.life.sumAssured')}
          >
            <InputNumber<string> stringMode min="0.01" precision={2} style={{ width: '100%' }} suffix={t('rating.yuan')} />
          </Form.Item>
          {submit}
        </Form>
      )}
    />
  );
}
