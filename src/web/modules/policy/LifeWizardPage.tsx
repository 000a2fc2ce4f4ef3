import { useEffect, useMemo, useRef, useState } from 'react';
import { Card, Col, Empty, Form, Input, InputNumber, Radio, Row, Select, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { HEALTH_QUESTION_CODES, HEALTH_QUESTIONS, INSURED_RELATION_CODES, INSURED_RELATIONS, type ProposalDetail, type ValidationProblem } from '../../../contracts/policy';
import { CHANNELS, PAYMENT_MODES, PRODUCT_LINES, type ProductQuote } from '../../../contracts/product';
import { formatAmount } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { notifyError, notifySuccess } from '../../app/notify';
import { PageLoading } from '../../components/results';
import { OCCUPATION_CLASSES } from '../party/labels';
import { BeneficiariesCard, DateInput, PartyPicker, ProblemList, QuoteView, useDateRules, useRequiredRule } from './components';
import { addDays, todayShanghai } from './dates';
import { lifeFieldOf, lifeFormValues, lifeProposalInput, type LifeFormValues } from './lifeForm';
import { placeProblems, problemOfError, type FieldName } from './problems';
import { proposalApi, useProposalWrite, useQuotableVersions } from './queries';
import {
  fieldsValid,
  QuoteButton,
  revealProblems,
  SubmitButton,
  SubmitOutcome,
  submitAndValidate,
  useCtrlEnter,
  useFieldProblems,
  WizardFrame,
  WizardNav,
  WizardPanel,
  WizardStep,
  type WizardBusy,
} from './wizard';

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
  const required = useRequiredRule();
  const [step, setStep] = useState(0);
  const [busy, setBusy] = useState<WizardBusy>(null);
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

  const values = () => form.getFieldsValue(true) as LifeFormValues;

  const showProblemsOf = (list: ValidationProblem[]) => {
    const current = values();
    const placed = placeProblems(list, (path) => lifeFieldOf(path, current));
    problems.place(placed.fields);
    setUnplaced(placed.unplaced);
    revealProblems(
      form,
      placed.fields.map((f) => f.name),
      STEP_FIELDS,
      step,
      setStep,
    );
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
      const problem = problemOfError(error, (path) => lifeFieldOf(path, values()));
      if (problem) showProblemsOf([problem]);
      else notifyError(error);
      return null;
    }
  };

  const validateAll = () => fieldsValid(form, STEP_FIELDS.flat());

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
      const saved = await save();
      if (!saved) return;
      const p = await submitAndValidate(saved);
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
    if (await fieldsValid(form, STEP_FIELDS[step])) setStep(step + 1);
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

  const years = (n: number) => t('pol.years', { n });

  return (
    <WizardFrame
      title={draft ? t('pol.life.resumeTitle', { no: draft.proposalNo }) : t('nav.proposalNewLife')}
      step={step}
      onStep={setStep}
      stepTitles={[t('pol.life.step.parties'), t('pol.life.step.cover'), t('pol.life.step.beneficiaries'), t('pol.life.step.submit')]}
    >
      <ProblemList problems={unplaced} />
      <Form<LifeFormValues> form={form} name="life" layout="vertical" initialValues={initial} autoComplete="off">
        <WizardStep index={0} step={step}>
          <WizardPanel title={t('pol.product')}>
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
            </Row>
          </WizardPanel>
          <WizardPanel title={t('pol.customers')}>
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
            </Row>
          </WizardPanel>
        </WizardStep>

        <WizardStep index={1} step={step}>
          <WizardPanel title={t('pol.life.step.cover')}>
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
            </Row>
          </WizardPanel>
        </WizardStep>

        <WizardStep index={2} step={step}>
          <BeneficiariesCard known={knownParties} />
          <WizardPanel title={t('pol.health')}>
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
            </div>
          </WizardPanel>
        </WizardStep>

        <WizardStep index={3} step={step}>
          <WizardPanel title={t('pol.life.step.submit')}>
            <Form.Item label={t('pol.remark')} name="remark">
              <Input maxLength={200} />
            </Form.Item>
            {quote && <QuoteView quote={quote} testId="quote-life" />}
            {quote === null && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pol.quoteUnavailable', { line: version?.productName ?? '' })} />}
            <div style={{ marginTop: 16 }}>
              <SubmitOutcome proposals={outcome} collectQuery={outcome[0]?.proposalNo ?? ''} />
            </div>
          </WizardPanel>
        </WizardStep>
      </Form>

      <WizardNav step={step} nextUntil={3} busy={busy} onStep={setStep} onLeave={() => void saveAndLeave()} onNext={() => void goNext()}>
        {step === 3 && (
          <>
            <QuoteButton busy={busy} onClick={() => void runCheck()} />
            <SubmitButton busy={busy} disabled={draft !== undefined && draft.state !== 'DRAFT'} onClick={() => void runSubmit()} />
          </>
        )}
      </WizardNav>
    </WizardFrame>
  );
}
