import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Col, Empty, Form, Input, InputNumber, Radio, Row, Select, Space, Steps, Typography } from 'antd';
import { CalculatorOutlined, DeleteOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import {
  BENEFICIARY_RELATION_CODES,
  BENEFICIARY_RELATIONS,
  HEALTH_QUESTION_CODES,
  HEALTH_QUESTIONS,
  INSURED_RELATION_CODES,
  INSURED_RELATIONS,
  type ProposalDetail,
  type ValidationProblem,
} from '../../../contracts/policy';
import { CHANNELS, PAYMENT_MODES, PRODUCT_LINES, type ProductQuote } from '../../../contracts/product';
import { ApiError } from '../../app/api';
import { formatAmount } from '../../app/format';
import { useI18n, type MessageKey } from '../../app/i18n';
import { notifyError, notifySuccess } from '../../app/notify';
import { PageLoading } from '../../components/results';
import { OCCUPATION_CLASSES } from '../party/labels';
import { BeneficiariesCard, DateInput, PartyPicker, ProblemList, QuoteView, useDateRules } from './components';
import { addDays, todayShanghai } from './dates';
import { lifeFieldOf, lifeFormValues, lifeProposalInput, type LifeFormValues } from './lifeForm';
import { placeProblems, problemPath, type FieldName } from './problems';
import { proposalApi, useProposalWrite, useQuotableVersions } from './queries';
import { firstStepOf, SubmitOutcome, useCtrlEnter, useFieldProblems } from './wizard';

const STEP_FIELDS: FieldName[][] = [
  [['productVersionId'], ['channel'], ['policyholderId'], ['insuredRelation'], ['insuredId'], ['life', 'occupationClass'], ['life', 'occupationName'], ['life', 'annualIncome']],
  [['sumAssured'], ['coverageTerm'], ['paymentMode'], ['paymentTerm'], ['startDate']],
  [['beneficiaries'], ['life', 'health']],
  [['remark']],
];

const MOTOR = new Set(['CTPL', 'COMMERCIAL_MOTOR']);

function initialValues(): LifeFormValues {
  return {
    insuredRelation: 'SELF',
    beneficiaries: [],
    paymentMode: 'ANNUAL',
    startDate: addDays(todayShanghai(), 1),
    life: { occupationClass: 1, health: Object.fromEntries(HEALTH_QUESTION_CODES.map((code) => [code, { answer: false }])) },
  };
}

/** 寿险投保 (new). */
export default function LifeWizardPage() {
  return <LifeWizard />;
}

/**
 * 人身险投保: 1 投保人与被保险人 → 2 保障与缴费 → 3 受益人与健康告知 → 4 试算与提交. 试算 saves the draft
 * (编号登记 the first time) and shows every problem under its field with the premium; 提交校验 submits
 * and validates: 待收费, or 已转人工核保 with the reasons.
 */
export function LifeWizard({ resume }: { resume?: ProposalDetail }) {
  const { t, pick } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<LifeFormValues>();
  const versions = useQuotableVersions();
  const { written } = useProposalWrite();
  const problems = useFieldProblems(form);
  const dateRules = useDateRules();
  const [step, setStep] = useState(0);
  const [busy, setBusy] = useState<'check' | 'submit' | null>(null);
  const [draft, setDraft] = useState<ProposalDetail | undefined>(resume);
  const [quote, setQuote] = useState<ProductQuote | null | undefined>(undefined);
  const [unplaced, setUnplaced] = useState<ValidationProblem[]>([]);
  const [outcome, setOutcome] = useState<ProposalDetail[]>([]);

  const options = (versions.data ?? []).filter((v) => !MOTOR.has(v.line));
  // A single product on sale is preselected, sold 直销 when it may be.
  const only = options.length === 1 ? options[0] : undefined;
  const initial = useMemo(() => {
    if (resume) return lifeFormValues(resume.product.versionId, resume.channel, resume.data);
    const channel = only ? (only.definition.channels.includes('DIRECT') ? 'DIRECT' : only.definition.channels[0]) : undefined;
    return { ...initialValues(), productVersionId: only?.id, channel };
  }, [resume, only]);
  const knownParties = useMemo(
    () => (resume ? [resume.policyholderParty, resume.insuredParty, ...resume.beneficiaryParties].filter((x) => x !== null) : []),
    [resume],
  );
  const versionId = Form.useWatch('productVersionId', form) ?? initial.productVersionId;
  const version = options.find((v) => v.id === versionId);
  const def = version?.definition;
  const relation = Form.useWatch('insuredRelation', form) ?? initial.insuredRelation;
  const paymentMode = Form.useWatch('paymentMode', form) ?? initial.paymentMode;
  const health = (Form.useWatch(['life', 'health'], form) ?? initial.life.health) as LifeFormValues['life']['health'];
  const beneficiaries = (Form.useWatch('beneficiaries', form) ?? initial.beneficiaries ?? []) as NonNullable<LifeFormValues['beneficiaries']>;

  const values = () => form.getFieldsValue(true) as LifeFormValues;

  const showProblemsOf = (list: ValidationProblem[]) => {
    const current = values();
    const placed = placeProblems(list, (path) => lifeFieldOf(path, current));
    problems.place(placed.fields);
    setUnplaced(placed.unplaced);
    const first = firstStepOf(
      placed.fields.map((f) => f.name),
      STEP_FIELDS,
    );
    if (first >= 0 && first < step) setStep(first);
    if (placed.fields.length) setTimeout(() => form.scrollToField(placed.fields[0].name), 0);
  };

  const save = async (): Promise<ProposalDetail | null> => {
    const input = lifeProposalInput(values());
    try {
      const saved = !draft
        ? await proposalApi.create(input)
        : draft.state === 'DRAFT'
          ? await proposalApi.update(draft.id, { ...input, productVersionId: draft.product.versionId, version: draft.version })
          : draft;
      setDraft(saved);
      written(saved);
      return saved;
    } catch (error) {
      if (error instanceof ApiError && typeof error.details?.field === 'string' && lifeFieldOf(problemPath(error.details.field), values())) {
        showProblemsOf([{ code: error.code, field: error.details.field, message: error.message }]);
      } else {
        notifyError(error);
      }
      return null;
    }
  };

  const validateAll = async () => {
    try {
      await form.validateFields(STEP_FIELDS.flat(), { recursive: true });
      return true;
    } catch {
      return false;
    }
  };

  const runCheck = async () => {
    if (!(await validateAll())) return;
    setBusy('check');
    try {
      const saved = await save();
      if (!saved || saved.state !== 'DRAFT') return;
      const result = await proposalApi.check(saved.id);
      setQuote(result.quote);
      showProblemsOf(result.problems);
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(null);
    }
  };

  const runSubmit = async () => {
    if (!(await validateAll())) return;
    setBusy('submit');
    try {
      let p = await save();
      if (!p) return;
      if (p.state === 'DRAFT') p = await proposalApi.submit(p.id);
      if (p.state === 'PENDING_VALIDATION' && p.actions.includes('validate')) p = await proposalApi.validate(p.id);
      setDraft(p);
      written(p);
      setOutcome([p]);
      if (p.quote) setQuote(p.quote);
      showProblemsOf(p.state === 'DRAFT' ? p.problems : []);
      if (p.state !== 'DRAFT') notifySuccess(t('pol.submitted'));
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(null);
    }
  };

  // A resumed draft shows what its last validation found, under the fields.
  const shownStored = useRef(false);
  useEffect(() => {
    if (shownStored.current || !resume?.problems.length || !versions.isSuccess) return;
    shownStored.current = true;
    setTimeout(() => showProblemsOf(resume.problems), 0);
  });

  /** 暂存并返回: what is entered is kept as a draft (registered if need be) before leaving. */
  const saveAndLeave = async () => {
    const v = values();
    if ((!draft && !v.policyholderId) || !v.productVersionId || !v.channel || (draft && draft.state !== 'DRAFT')) {
      navigate('/proposals');
      return;
    }
    setBusy('check');
    try {
      const saved = await save();
      if (!saved) return;
      notifySuccess(t('pol.savedDraft', { no: saved.proposalNo }));
      navigate('/proposals');
    } finally {
      setBusy(null);
    }
  };

  const goNext = async () => {
    try {
      await form.validateFields(STEP_FIELDS[step], { recursive: true });
      setStep(step + 1);
    } catch {
      /* errors are shown under the fields */
    }
  };

  useCtrlEnter(() => {
    if (busy) return;
    if (step < 3) void goNext();
    else void runCheck();
  });

  if (versions.isPending) return <PageLoading />;
  if (!options.length) {
    return (
      <Card title={t('nav.proposalNewLife')}>
        <Empty description={t('pol.life.noProducts')} />
      </Card>
    );
  }

  const required = (labelKey: MessageKey) => [{ required: true, message: t('common.required', { field: t(labelKey) }) }];
  const hidden = (i: number) => ({ display: step === i ? undefined : 'none' });
  const panel = (title: ReactNode, children: ReactNode, extra?: ReactNode) => (
    <Card size="small" title={title} extra={extra} style={{ marginBottom: 16 }}>
      {children}
    </Card>
  );
  const years = (n: number) => t('pol.years', { n });

  return (
    <Card
      title={draft ? t('pol.life.resumeTitle', { no: draft.proposalNo }) : t('nav.proposalNewLife')}
      extra={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('pol.wizard.shortcut')}
        </Typography.Text>
      }
    >
      <Steps
        current={step}
        onChange={(next) => next < step && setStep(next)}
        style={{ marginBottom: 24 }}
        items={[{ title: t('pol.life.step.parties') }, { title: t('pol.life.step.cover') }, { title: t('pol.life.step.beneficiaries') }, { title: t('pol.life.step.submit') }]}
      />
      <ProblemList problems={unplaced} />
      <Form<LifeFormValues> form={form} name="life" layout="vertical" initialValues={initial} autoComplete="off">
        <div style={hidden(0)}>
          {panel(
            t('pol.product'),
            <Row gutter={16}>
              <Col xs={24} md={14}>
                <Form.Item label={t('pol.productVersion')} name="productVersionId" rules={required('pol.productVersion')}>
                  <Select
                    autoFocus
                    disabled={Boolean(draft)}
                    showSearch={{ optionFilterProp: 'label' }}
                    options={options.map((v) => ({ value: v.id, label: `${v.productName}（${pick(PRODUCT_LINES[v.line])}，${v.productCode} V${v.versionNo}）` }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={10}>
                <Form.Item label={t('pol.channel')} name="channel" rules={required('pol.channel')}>
                  <Select options={(def?.channels ?? []).map((c) => ({ value: c, label: pick(CHANNELS[c]) }))} />
                </Form.Item>
              </Col>
              {def && (
                <Col span={24}>
                  <Typography.Text type="secondary" data-testid="product-limits">
                    {t('pol.life.limits', {
                      ages: `${def.minAge ?? 0}–${def.maxAge ?? '∞'}`,
                      sums: `${def.minSumAssured ? formatAmount(def.minSumAssured) : '0'}–${def.maxSumAssured ? formatAmount(def.maxSumAssured) : '∞'}`,
                    })}
                  </Typography.Text>
                </Col>
              )}
            </Row>,
          )}
          {panel(
            t('pol.customers'),
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item label={t('pol.policyholder')} name="policyholderId" rules={required('pol.policyholder')}>
                  <PartyPicker known={knownParties} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item label={t('pol.insuredRelation')} name="insuredRelation" rules={required('pol.insuredRelation')} extra={t('pol.life.relationHint')}>
                  <Select options={INSURED_RELATION_CODES.map((r) => ({ value: r, label: pick(INSURED_RELATIONS[r]) }))} />
                </Form.Item>
              </Col>
              {relation !== 'SELF' && (
                <Col xs={24} md={12}>
                  <Form.Item label={t('pol.insured')} name="insuredId" rules={required('pol.insured')}>
                    <PartyPicker known={knownParties} />
                  </Form.Item>
                </Col>
              )}
              <Col xs={12} md={6}>
                <Form.Item label={t('party.occupationClass')} name={['life', 'occupationClass']}>
                  <Select allowClear options={OCCUPATION_CLASSES.map((n) => ({ value: n, label: t('party.occupationClassN', { n }) }))} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item label={t('party.occupationName')} name={['life', 'occupationName']}>
                  <Input maxLength={50} />
                </Form.Item>
              </Col>
            </Row>,
          )}
        </div>

        <div style={hidden(1)}>
          {panel(
            t('pol.life.step.cover'),
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item label={t('pol.sumAssured')} name="sumAssured" rules={required('pol.sumAssured')}>
                  <InputNumber<string> stringMode min="0.01" precision={2} step="10000" style={{ width: '100%' }} suffix={t('rating.yuan')} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item label={t('pol.coverageTerm')} name="coverageTerm" rules={def && def.coverageTerms.length > 0 ? required('pol.coverageTerm') : undefined}>
                  <Select
                    allowClear={!def || def.coverageTerms.length === 0}
                    placeholder={def && def.coverageTerms.length === 0 ? t('pol.wholeLife') : undefined}
                    options={(def?.coverageTerms ?? []).map((n) => ({ value: n, label: years(n) }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item label={t('pol.startDate')} name="startDate" rules={dateRules('pol.startDate')} extra={t('pol.startDateHint')}>
                  <DateInput />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item label={t('pol.paymentMode')} name="paymentMode" rules={required('pol.paymentMode')}>
                  <Select options={(def?.paymentModes ?? []).map((m) => ({ value: m, label: pick(PAYMENT_MODES[m]) }))} />
                </Form.Item>
              </Col>
              {paymentMode !== 'SINGLE' && (
                <Col xs={24} md={8}>
                  <Form.Item label={t('pol.paymentTerm')} name="paymentTerm" rules={required('pol.paymentTerm')}>
                    <Select options={(def?.paymentTerms ?? []).map((n) => ({ value: n, label: years(n) }))} />
                  </Form.Item>
                </Col>
              )}
            </Row>,
          )}
        </div>

        <div style={hidden(2)}>
          <BeneficiariesCard known={knownParties} />
          {panel(
            t('pol.health'),
            <div data-testid="health">
              {HEALTH_QUESTION_CODES.map((code, i) => (
                <div key={code} style={{ marginBottom: 8 }}>
                  <Form.Item
                    label={`${i + 1}. ${pick(HEALTH_QUESTIONS[code])}`}
                    name={['life', 'health', code, 'answer']}
                    rules={[{ required: true, message: t('pol.healthAnswerRequired') }]}
                    style={{ marginBottom: health?.[code]?.answer ? 4 : 12 }}
                  >
                    <Radio.Group
                      options={[
                        { value: false, label: t('common.no') },
                        { value: true, label: t('common.yes') },
                      ]}
                    />
                  </Form.Item>
                  {health?.[code]?.answer && (
                    <Form.Item
                      name={['life', 'health', code, 'detail']}
                      rules={[{ required: true, whitespace: true, message: t('pol.healthDetailRequired') }]}
                      style={{ paddingInlineStart: 16 }}
                    >
                      <Input.TextArea rows={2} maxLength={500} aria-label={t('pol.healthDetail', { n: i + 1 })} placeholder={t('pol.healthDetailPlaceholder')} />
                    </Form.Item>
                  )}
                </div>
              ))}
            </div>,
          )}
        </div>

        <div style={hidden(3)}>
          {panel(
            t('pol.life.step.submit'),
            <>
              <Form.Item label={t('pol.remark')} name="remark">
                <Input maxLength={200} />
              </Form.Item>
              {quote && <QuoteView quote={quote} testId="quote-life" />}
              {quote === null && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pol.quoteUnavailable', { line: version?.productName ?? '' })} />}
              <div style={{ marginTop: 16 }}>
                <SubmitOutcome proposals={outcome} collectQuery={outcome[0]?.proposalNo ?? ''} />
              </div>
            </>,
          )}
        </div>
      </Form>

      <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
        <Button disabled={busy !== null} onClick={() => void saveAndLeave()}>
          {t('pol.wizard.leave')}
        </Button>
        {step > 0 && <Button onClick={() => setStep(step - 1)}>{t('pol.wizard.prev')}</Button>}
        {step < 3 && (
          <Button type="primary" onClick={() => void goNext()}>
            {t('pol.wizard.next')}
          </Button>
        )}
        {step === 3 && (
          <>
            <Button icon={<CalculatorOutlined />} loading={busy === 'check'} disabled={busy !== null} onClick={() => void runCheck()}>
              {t('pol.wizard.quote')}
            </Button>
            <Button type="primary" icon={<SendOutlined />} loading={busy === 'submit'} disabled={busy !== null || (draft !== undefined && draft.state !== 'DRAFT')} onClick={() => void runSubmit()}>
              {t('pol.wizard.submit')}
            </Button>
          </>
        )}
      </Space>
    </Card>
  );
}
