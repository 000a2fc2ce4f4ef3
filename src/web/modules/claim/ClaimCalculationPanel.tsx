import { useState } from 'react';
import { Button, Card, Col, Descriptions, Form, InputNumber, Row, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { CalculatorOutlined, SaveOutlined } from '@ant-design/icons';
import type { CalculationInput, CalculationSheet, CalculationStep, ClaimDetail, LossType } from '../../../contracts/claim';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { notifyError, notifySuccess } from '../../app/notify';
import { usePermission } from '../../app/session';
import { DataTable } from '../../components/DataTable';
import { showServerFieldError } from '../../components/FormModal';
import { Money } from '../policy/labels';
import { isMotorLine } from './ClaimReportParts';
import { useCoverageLossOptions } from './ClaimDetailReserves';
import { LossTypeTag } from './labels';
import { activityOpen, useCalculationPreview, useSaveCalculation } from './queries';

/** Every step of a sheet: what was applied and the running amount after it; the payable last. */
export function SheetSteps({ sheet, testId }: { sheet: Pick<CalculationSheet, 'steps' | 'payable'>; testId?: string }) {
  const { t } = useI18n();
  const columns: TableColumnsType<CalculationStep & { n: number }> = [
    { title: '#', dataIndex: 'n', key: 'n', width: 48 },
    { title: t('claim.calc.step'), dataIndex: 'label', key: 'label' },
    { title: t('claim.calc.value'), dataIndex: 'value', key: 'value', align: 'right', render: (v: string | null) => v ?? '—' },
    { title: t('claim.calc.running'), dataIndex: 'amount', key: 'amount', align: 'right', render: (v: string) => <Money value={v} /> },
  ];
  return (
    <div data-testid={testId}>
      <Table rowKey="n" size="small" pagination={false} columns={columns} dataSource={sheet.steps.map((s, i) => ({ ...s, n: i + 1 }))} />
      <Typography.Paragraph strong style={{ textAlign: 'right', marginTop: 8 }}>
        {t('claim.calc.payable')}：<Money value={sheet.payable} strong testId={testId ? `${testId}-payable` : undefined} />
      </Typography.Paragraph>
    </div>
  );
}

interface CalcValues {
  pair: string;
  assessedLoss?: string;
  salvage?: string;
  fault?: 'CLAIM' | 'YES' | 'NO';
  liabilityShare?: string;
  deductible?: string;
  deductibleRate?: string;
  limit?: string;
  coPaymentRate?: string;
}

const amountOrNull = (v: string | undefined | null) => (v === undefined || v === null || v === '' ? null : String(v));

/** 理算 inputs → 试算 (every step shown) → 保存理算, for one coverage and loss type at a time. */
function CalculationForm({ c }: { c: ClaimDetail }) {
  const { t } = useI18n();
  const [form] = Form.useForm<CalcValues>();
  const preview = useCalculationPreview();
  const save = useSaveCalculation();
  const [sheet, setSheet] = useState<CalculationSheet | null>(null);
  const options = useCoverageLossOptions(c);
  const motor = isMotorLine(c.policy.line);
  const firstReserved = c.reserves.find((r) => options.some((o) => o.value === `${r.coverageCode}|${r.lossType}`));
  const initialPair = firstReserved ? `${firstReserved.coverageCode}|${firstReserved.lossType}` : options[0]?.value;

  const inputOf = (v: CalcValues): CalculationInput & { id: string } => {
    const x = options.find((o) => o.value === v.pair)!.x;
    const fault = v.fault ?? 'CLAIM';
    return {
      id: c.id,
      coverageCode: x.coverageCode,
      lossType: x.lossType,
      assessedLoss: amountOrNull(v.assessedLoss),
      salvage: amountOrNull(v.salvage),
      ...(motor && fault !== 'CLAIM' ? { atFault: fault === 'YES', liabilityShare: fault === 'YES' ? amountOrNull(v.liabilityShare) : '0' } : {}),
      deductible: amountOrNull(v.deductible),
      deductibleRate: amountOrNull(v.deductibleRate),
      limit: amountOrNull(v.limit),
      coPaymentRate: x.lossType === 'MEDICAL' ? amountOrNull(v.coPaymentRate) : null,
    };
  };
  const onError = (error: unknown) => {
    if (!showServerFieldError(form, error)) notifyError(error);
  };
  const run = async (store: boolean) => {
    const values = await form.validateFields();
    const input = inputOf(values);
    if (!store) return preview.mutate(input, { onSuccess: setSheet, onError });
    save.mutate(input, {
      onSuccess: (answer) => {
        if (!('claimNo' in answer)) setSheet(answer);
        notifySuccess(t('claim.calc.saved'));
      },
      onError,
    });
  };
  const lossType = (pair: string | undefined): LossType | undefined => options.find((o) => o.value === pair)?.x.lossType;
  const percent = (name: keyof CalcValues, label: string) => (
    <Form.Item label={label} name={name}>
      <InputNumber<string> stringMode min="0" max="100" precision={2} style={{ width: '100%' }} suffix="%" />
    </Form.Item>
  );
  const money = (name: keyof CalcValues, label: string, extra?: string) => (
    <Form.Item label={label} name={name} extra={extra}>
      <InputNumber<string> stringMode min="0" precision={2} style={{ width: '100%' }} suffix={t('rating.yuan')} />
    </Form.Item>
  );

  return (
    <Card size="small" title={t('claim.calc.formTitle')}>
      <Form<CalcValues>
        form={form}
        name="calculation"
        layout="vertical"
        autoComplete="off"
        initialValues={{ pair: initialPair, fault: 'CLAIM' }}
        onValuesChange={() => setSheet(null)}
        onFinish={() => void run(false)}
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item label={`${t('claim.coverage')} / ${t('claim.lossType')}`} name="pair" rules={[{ required: true, message: t('common.required', { field: t('claim.coverage') }) }]}>
              <Select options={options.map(({ value, label }) => ({ value, label }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            {money('assessedLoss', t('claim.calc.assessedLoss'), t('claim.calc.assessedLossHint'))}
          </Col>
          <Col xs={12} md={8}>
            {money('salvage', t('claim.calc.salvage'))}
          </Col>
          {motor && (
            <Col xs={12} md={8}>
              <Form.Item label={t('claim.atFault')} name="fault">
                <Select
                  options={[
                    { value: 'CLAIM', label: t('claim.calc.faultFromClaim') },
                    { value: 'YES', label: t('claim.atFault.yes') },
                    { value: 'NO', label: t('claim.atFault.no') },
                  ]}
                />
              </Form.Item>
            </Col>
          )}
          <Form.Item noStyle dependencies={['fault', 'pair']}>
            {({ getFieldValue }) => (
              <>
                {motor && getFieldValue('fault') === 'YES' && (
                  <Col xs={12} md={8}>
                    {percent('liabilityShare', t('claim.liabilityShare'))}
                  </Col>
                )}
                {lossType(getFieldValue('pair') as string) === 'MEDICAL' && (
                  <Col xs={12} md={8}>
                    {percent('coPaymentRate', t('claim.calc.coPaymentRate'))}
                  </Col>
                )}
              </>
            )}
          </Form.Item>
          <Col xs={12} md={8}>
            {money('deductible', t('claim.calc.deductible'))}
          </Col>
          <Col xs={12} md={8}>
            {percent('deductibleRate', t('claim.calc.deductibleRate'))}
          </Col>
          <Col xs={12} md={8}>
            {money('limit', t('claim.calc.limit'), t('claim.calc.limitHint'))}
          </Col>
        </Row>
        <Space>
          <Button htmlType="submit" icon={<CalculatorOutlined />} loading={preview.isPending}>
            {t('claim.calc.preview')}
          </Button>
          <Button type="primary" icon={<SaveOutlined />} loading={save.isPending} onClick={() => void run(true)}>
            {t('claim.calc.save')}
          </Button>
        </Space>
      </Form>
      {sheet && (
        <div style={{ marginTop: 16 }}>
          <Typography.Title level={5}>{t('claim.calc.previewTitle', { coverage: sheet.coverageName })}</Typography.Title>
          <SheetSteps sheet={sheet} testId="calc-preview" />
        </div>
      )}
    </Card>
  );
}

/** 理算: the current sheets (one per coverage and loss type, steps on expanding) and their total; the form while 已立案. */
export function ClaimCalculation({ c }: { c: ClaimDetail }) {
  const { t } = useI18n();
  const can = usePermission();
  const columns: TableColumnsType<CalculationSheet> = [
    { title: t('claim.coverage'), dataIndex: 'coverageName', key: 'coverage' },
    { title: t('claim.lossType'), dataIndex: 'lossType', key: 'lossType', render: (lt: LossType) => <LossTypeTag type={lt} /> },
    { title: t('claim.calc.payable'), dataIndex: 'payable', key: 'payable', align: 'right', render: (v: string) => <Money value={v} /> },
    { title: t('claim.by'), key: 'by', render: (_, s) => `${s.createdBy.name} ${formatDateTime(s.createdAt)}` },
  ];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Descriptions
        size="small"
        column={2}
        items={[
          { key: 'total', label: t('claim.calculatedTotal'), children: <Money value={c.calculatedTotal} strong testId="calc-total" /> },
          { key: 'reserve', label: t('claim.outstandingReserve'), children: <Money value={c.outstandingReserve} /> },
        ]}
      />
      <DataTable
        rows={c.calculations}
        loading={false}
        columns={columns}
        emptyText={t('claim.calc.none')}
        pagination={false}
        size="small"
        data-testid="calc-sheets"
        expandable={{ expandedRowRender: (s) => <SheetSteps sheet={s} /> }}
      />
      {can('claim:handle') && activityOpen('calculations', c.state) && <CalculationForm c={c} />}
    </Space>
  );
}
