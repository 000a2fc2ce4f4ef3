import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { App, AutoComplete, Button, Card, Checkbox, Col, Empty, Form, Input, InputNumber, Row, Select, Space, Typography } from 'antd';
import { CheckCircleFilled } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import type { ProposalDetail, ValidationProblem } from '../../../contracts/policy';
import { CHANNELS, type Channel, type ProductQuote, type QuotableVersion } from '../../../contracts/product';
import { CTPL_USAGES } from '../../../contracts/rating';
import { formatAmount } from '../../app/format';
import { useI18n, type MessageKey } from '../../app/i18n';
import { notifyError, notifySuccess } from '../../app/notify';
import { PageLoading } from '../../components/results';
import { CTPL_REGIONS, THIRD_PARTY_LIMITS, measureOf } from '../rating/queries';
import { DateInput, PartyPicker, ProblemList, QuoteView, useDateRules, useRequiredRule } from './components';
import { addDays, todayShanghai } from './dates';
import { Money } from './labels';
import { sumMoney } from './money';
import { coverageKind, motorFieldOf, motorFormValues, motorProposalInput, type MotorFormValues, type MotorLine } from './motorForm';
import { placeProblems, problemOfError, type FieldName } from './problems';
import { proposalApi, useProposalWrite, useQuotableVersions } from './queries';
import { isValidPlate, normalizePlate, normalizeVin, vinProblem } from './vehicle';
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

const LINES: MotorLine[] = ['CTPL', 'COMMERCIAL_MOTOR'];

/** Field prefixes of each step: where to jump for a problem. */
const STEP_FIELDS: FieldName[][] = [
  [['motor', 'vehicle'], ['motor', 'region'], ['policyholderId'], ['insuredId'], ['insuredSame'], ['ownerSame']],
  [['sellCtpl'], ['sellCommercial'], ['ctplVersionId'], ['commercialVersionId'], ['motor', 'ctplHistory'], ['motor', 'ncdHistory'], ['motor', 'coverageChoices'], ['motor', 'pricingCoefficient']],
  [['startDate'], ['channel'], ['remark']],
];

const INITIAL: MotorFormValues = {
  sellCtpl: true,
  sellCommercial: true,
  insuredSame: true,
  ownerSame: true,
  motor: {
    vehicle: { usage: 'FAMILY', seats: 5 },
    ctplHistory: { claimFreeYears: 0, atFaultAccidentsLastYear: 0, fatalAtFaultLastYear: false },
    ncdHistory: { claimsLast3Years: 0, consecutiveInsuredYears: 0, newOrTransferred: false },
    coverageChoices: {
      CAR_DAMAGE: { selected: true },
      THIRD_PARTY: { selected: true, limit: '1000000' },
      DRIVER: { selected: true, sumInsured: '10000' },
      PASSENGER: { selected: false, sumInsured: '10000' },
    },
  },
  startDate: addDays(todayShanghai(), 1),
  // Counter sales: 直销 unless the clerk picks another channel.
  channel: 'DIRECT',
};

type Checked = { problems: ValidationProblem[]; quote: ProductQuote | null };

function lineLabelKey(line: MotorLine): MessageKey {
  return line === 'CTPL' ? 'pol.motor.ctpl' : 'pol.motor.commercial';
}

/** 车险投保 (new). */
export default function MotorWizardPage() {
  return <MotorWizard />;
}

/**
 * 车险投保: one flow for 交强险 and 商业车险 on one vehicle. 1 车辆与客户 → 2 险种 → 3 起保与试算
 * (saves both drafts — 编号登记 — and asks the server for problems and premiums) → 4 提交校验 (submit +
 * validate each). Every problem lands under its field, and the step holding the first one opens.
 * `resume`: the draft(s) of an earlier visit.
 */
export function MotorWizard({ resume }: { resume?: ProposalDetail[] }) {
  const { t, pick } = useI18n();
  const { modal } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<MotorFormValues>();
  const versions = useQuotableVersions();
  const { written } = useProposalWrite();
  const problems = useFieldProblems(form);
  const dateRules = useDateRules();
  const required = useRequiredRule();
  const [step, setStep] = useState(0);
  const [busy, setBusy] = useState<WizardBusy>(null);
  const [drafts, setDrafts] = useState<Partial<Record<MotorLine, ProposalDetail>>>(() => Object.fromEntries((resume ?? []).map((p) => [p.product.line, p])));
  const [checked, setChecked] = useState<Partial<Record<MotorLine, Checked>>>({});
  const [unplaced, setUnplaced] = useState<{ line: MotorLine; problem: ValidationProblem }[]>([]);
  const [outcome, setOutcome] = useState<ProposalDetail[]>([]);

  const initialValues = useMemo<MotorFormValues>(
    () =>
      resume?.length
        ? motorFormValues(resume.map((p) => ({ line: p.product.line as MotorLine, versionId: p.product.versionId, channel: p.channel, data: p.data })))
        : INITIAL,
    [resume],
  );
  const knownParties = useMemo(() => (resume ?? []).flatMap((p) => [p.policyholderParty, p.insuredParty].filter((x) => x !== null)), [resume]);

  const ctplVersions = (versions.data ?? []).filter((v) => v.line === 'CTPL');
  const commercialVersions = (versions.data ?? []).filter((v) => v.line === 'COMMERCIAL_MOTOR');
  const sellCtpl = Form.useWatch('sellCtpl', form) ?? initialValues.sellCtpl;
  const sellCommercial = Form.useWatch('sellCommercial', form) ?? initialValues.sellCommercial;
  const ctplVersionId = Form.useWatch('ctplVersionId', form) ?? initialValues.ctplVersionId ?? (ctplVersions.length === 1 ? ctplVersions[0].id : undefined);
  const commercialVersionId =
    Form.useWatch('commercialVersionId', form) ?? initialValues.commercialVersionId ?? (commercialVersions.length === 1 ? commercialVersions[0].id : undefined);
  const usage = Form.useWatch(['motor', 'vehicle', 'usage'], form) ?? initialValues.motor.vehicle.usage;
  const unregistered = Form.useWatch(['motor', 'vehicle', 'unregistered'], form) ?? false;
  const insuredSame = Form.useWatch('insuredSame', form) ?? initialValues.insuredSame;
  const ownerSame = Form.useWatch('ownerSame', form) ?? initialValues.ownerSame;
  const vin = normalizeVin(Form.useWatch(['motor', 'vehicle', 'vin'], form));

  const ctplVersion = ctplVersions.find((v) => v.id === ctplVersionId);
  const commercialVersion = commercialVersions.find((v) => v.id === commercialVersionId);
  const offered = commercialVersion?.definition.coverages ?? [];
  const lines = LINES.filter((line) => (line === 'CTPL' ? sellCtpl : sellCommercial));
  // Channels both chosen products may be sold through.
  const channels = (Object.keys(CHANNELS) as Channel[]).filter(
    (c) => (!sellCtpl || !ctplVersion || ctplVersion.definition.channels.includes(c)) && (!sellCommercial || !commercialVersion || commercialVersion.definition.channels.includes(c)),
  );
  const measure = measureOf(usage);

  /** The current values with the version defaults the selects show. */
  const currentValues = (): MotorFormValues => {
    const values = form.getFieldsValue(true) as MotorFormValues;
    return { ...values, ctplVersionId: values.ctplVersionId ?? ctplVersionId, commercialVersionId: values.commercialVersionId ?? commercialVersionId };
  };

  /** Problems of both proposals under their fields; the step of the first one opens. */
  const showLineProblems = (byLine: Partial<Record<MotorLine, ValidationProblem[]>>) => {
    const values = currentValues();
    const fields: { name: FieldName; errors: string[] }[] = [];
    const rest: { line: MotorLine; problem: ValidationProblem }[] = [];
    for (const line of LINES) {
      const placed = placeProblems(byLine[line] ?? [], (path) => motorFieldOf(line, path, values, offered));
      fields.push(...placed.fields);
      rest.push(...placed.unplaced.map((problem) => ({ line, problem })));
    }
    problems.place(fields);
    setUnplaced(rest);
    revealProblems(
      form,
      fields.map((f) => f.name),
      STEP_FIELDS,
      step,
      setStep,
    );
  };

  /** An error answered by POST/PUT (400/422 naming a field) goes under that field; anything else is notified. */
  const showSaveError = (line: MotorLine, error: unknown) => {
    const problem = problemOfError(error, (path) => motorFieldOf(line, path, currentValues(), offered));
    if (problem) showLineProblems({ [line]: [problem] });
    else notifyError(error);
  };

  /** 编号登记 / 单据录入: creates the drafts not registered yet (the second bundled with the first), updates the others. */
  const saveDrafts = async (): Promise<Partial<Record<MotorLine, ProposalDetail>> | null> => {
    const values = currentValues();
    const next = { ...drafts };
    for (const line of lines) {
      const input = motorProposalInput(line, values, offered);
      const existing = next[line];
      try {
        if (!existing) {
          const partner = LINES.map((l) => next[l]).find((p) => p !== undefined);
          next[line] = await proposalApi.create({ ...input, bundleWith: partner?.id ?? null });
        } else if (existing.state === 'DRAFT') {
          const { productVersionId: _v, ...rest } = input;
          next[line] = await proposalApi.update(existing.id, { ...rest, productVersionId: existing.product.versionId, version: existing.version });
        }
      } catch (error) {
        setDrafts(next);
        showSaveError(line, error);
        return null;
      }
      written(next[line]);
    }
    setDrafts(next);
    return next;
  };

  /** A line the clerk dropped after its draft was registered: withdraw that draft (asked first). */
  const withdrawDropped = async (): Promise<boolean> => {
    const dropped = LINES.filter((line) => !lines.includes(line) && drafts[line] && drafts[line]!.state === 'DRAFT');
    if (!dropped.length) return true;
    const ok = await modal.confirm({
      title: t('pol.motor.dropTitle'),
      content: dropped.map((line) => t('pol.motor.dropContent', { line: t(lineLabelKey(line)), no: drafts[line]!.proposalNo })).join('；'),
      okText: t('pol.action.withdraw'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
    });
    if (!ok) return false;
    const next = { ...drafts };
    for (const line of dropped) {
      try {
        written(await proposalApi.withdraw(drafts[line]!.id, t('pol.motor.dropReason')));
        delete next[line];
      } catch (error) {
        notifyError(error);
        return false;
      }
    }
    setDrafts(next);
    return true;
  };

  const goNext = async () => {
    if (!(await fieldsValid(form, STEP_FIELDS[step]))) return;
    if (step === 1 && !lines.length) {
      form.setFields([{ name: ['sellCtpl'], errors: [t('pol.motor.pickLine')] }]);
      return;
    }
    setStep(step + 1);
  };

  /** 试算: save the drafts, then ask for every problem and both premiums (nothing changes state). */
  const runCheck = async () => {
    if (!(await fieldsValid(form, STEP_FIELDS.flat()))) return;
    setBusy('check');
    try {
      if (!(await withdrawDropped())) return;
      const saved = await saveDrafts();
      if (!saved) return;
      const results: Partial<Record<MotorLine, Checked>> = {};
      for (const line of lines) {
        const draft = saved[line];
        if (draft && draft.state === 'DRAFT') results[line] = await proposalApi.check(draft.id);
      }
      setChecked(results);
      showLineProblems(Object.fromEntries(LINES.map((line) => [line, results[line]?.problems ?? []])));
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(null);
    }
  };

  /** 提交校验: save, submit and validate each draft; problems send it back to 草稿 and show under the fields. */
  const runSubmit = async () => {
    if (!(await fieldsValid(form, STEP_FIELDS.flat()))) return;
    setBusy('submit');
    try {
      if (!(await withdrawDropped())) return;
      const saved = await saveDrafts();
      if (!saved) return;
      const results: ProposalDetail[] = [];
      const lineProblems: Partial<Record<MotorLine, ValidationProblem[]>> = {};
      for (const line of lines) {
        const draft = saved[line];
        if (!draft) continue;
        const p = await submitAndValidate(draft);
        written(p);
        saved[line] = p;
        results.push(p);
        if (p.state === 'DRAFT') lineProblems[line] = p.problems;
      }
      setDrafts({ ...saved });
      setOutcome(results);
      showLineProblems(lineProblems);
      const failed = Object.values(lineProblems).some((list) => list && list.length > 0);
      if (!failed) {
        notifySuccess(t('pol.submitted'));
        if (results.length && results.every((p) => p.state === 'PENDING_PAYMENT')) navigate(`/collection?q=${encodeURIComponent(collectQuery(results))}`);
      }
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(null);
    }
  };

  // A resumed draft shows what its last validation found, under the fields.
  const shownStored = useRef(false);
  useEffect(() => {
    if (shownStored.current || !versions.isSuccess || !resume?.length) return;
    shownStored.current = true;
    const stored = Object.fromEntries(resume.map((p) => [p.product.line, p.problems]));
    if (Object.values(stored).some((list) => list.length)) setTimeout(() => showLineProblems(stored), 0);
  });

  /** 暂存并返回: what is entered is kept as draft(s) (registered if need be) before leaving. */
  const saveAndLeave = async () => {
    const values = currentValues();
    const entered = registered.length > 0 || Boolean(values.policyholderId || values.motor?.vehicle?.vin || values.motor?.vehicle?.plateNo);
    if (!entered || !values.channel) {
      navigate('/proposals');
      return;
    }
    setBusy('check');
    try {
      if (!(await withdrawDropped())) return;
      const saved = await saveDrafts();
      if (!saved) return;
      notifySuccess(t('pol.savedDraft', { no: LINES.map((l) => saved[l]?.proposalNo).filter(Boolean).join(' / ') }));
      navigate('/proposals');
    } finally {
      setBusy(null);
    }
  };

  const collectQuery = (results: ProposalDetail[]) =>
    normalizePlate(form.getFieldValue(['motor', 'vehicle', 'plateNo'])) || results[0]?.policyholder?.name || results[0]?.proposalNo || '';

  useCtrlEnter(() => {
    if (busy) return;
    if (step < 2) void goNext();
    else if (step === 2) void runCheck();
    else void runSubmit();
  });

  if (versions.isPending) return <PageLoading />;
  if (!ctplVersions.length && !commercialVersions.length) {
    return (
      <Card title={t('nav.proposalNewMotor')}>
        <Empty description={t('pol.motor.noProducts')} />
      </Card>
    );
  }

  const registered = LINES.map((line) => drafts[line]).filter((p): p is ProposalDetail => p !== undefined);
  const total = sumMoney(...lines.map((line) => checked[line]?.quote?.premium ?? null));

  return (
    <WizardFrame
      title={resume?.length ? t('pol.motor.resumeTitle', { no: registered.map((p) => p.proposalNo).join(' / ') }) : t('nav.proposalNewMotor')}
      extra={registered.map((p) => (
        <Typography.Text key={p.id} type="secondary" style={{ fontFamily: 'monospace' }} data-testid={`draft-${p.product.line}`}>
          {t(lineLabelKey(p.product.line as MotorLine))} {p.proposalNo}
        </Typography.Text>
      ))}
      step={step}
      onStep={setStep}
      stepTitles={[t('pol.motor.step.vehicle'), t('pol.motor.step.coverages'), t('pol.motor.step.quote'), t('pol.motor.step.submit')]}
    >
      {unplaced.length > 0 && (
        <ProblemList problems={unplaced.map(({ line, problem }) => ({ ...problem, message: `${t(lineLabelKey(line))}：${problem.message}` }))} />
      )}
      <Form<MotorFormValues> form={form} name="motor" layout="vertical" initialValues={{ ...initialValues, ctplVersionId, commercialVersionId }} autoComplete="off">
        {/* Step 1: vehicle and customers */}
        <WizardStep index={0} step={step}>
          <WizardPanel title={t('rating.ctpl.vehicle')}>
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item
                  label={t('pol.plateNo')}
                  name={['motor', 'vehicle', 'plateNo']}
                  normalize={(v: string) => normalizePlate(v)}
                  validateDebounce={300}
                  rules={[
                    { required: !unregistered, message: t('common.required', { field: t('pol.plateNo') }) },
                    { validator: async (_, v: string | undefined) => { if (v && !unregistered && !isValidPlate(normalizePlate(v))) throw new Error(t('pol.motor.plateInvalid')); } },
                  ]}
                >
                  <Input maxLength={10} disabled={unregistered} placeholder={unregistered ? t('pol.motor.noPlateYet') : t('pol.motor.platePlaceholder')} autoFocus />
                </Form.Item>
                <Form.Item name={['motor', 'vehicle', 'unregistered']} valuePropName="checked" style={{ marginTop: -16 }}>
                  <Checkbox onChange={() => void form.validateFields([['motor', 'vehicle', 'plateNo']]).catch(() => undefined)}>{t('pol.motor.unregistered')}</Checkbox>
                </Form.Item>
              </Col>
              <Col xs={24} md={10}>
                <Form.Item
                  label={t('pol.vin')}
                  name={['motor', 'vehicle', 'vin']}
                  normalize={(v: string) => normalizeVin(v)}
                  extra={
                    vin && !vinProblem(vin) ? (
                      <Typography.Text type="success" data-testid="vin-ok">
                        <CheckCircleFilled /> {t('pol.motor.vinOk')}
                      </Typography.Text>
                    ) : (
                      t('pol.motor.vinHint')
                    )
                  }
                  rules={[
                    ...required('pol.vin'),
                    {
                      validator: async (_, v: string | undefined) => {
                        const problem = v ? vinProblem(normalizeVin(v)) : null;
                        // Length is judged once 17 characters could be there; wrong characters at once.
                        if (problem === 'CHARS') throw new Error(t('pol.motor.vinChars'));
                        if (problem === 'CHECK_DIGIT') throw new Error(t('pol.motor.vinCheckDigit'));
                        if (problem === 'LENGTH' && normalizeVin(v).length > 17) throw new Error(t('pol.motor.vinLength'));
                      },
                    },
                    {
                      validateTrigger: 'onBlur',
                      validator: async (_, v: string | undefined) => {
                        if (v && vinProblem(normalizeVin(v)) === 'LENGTH') throw new Error(t('pol.motor.vinLength'));
                      },
                    },
                  ]}
                  validateTrigger={['onChange', 'onBlur']}
                >
                  <Input maxLength={20} style={{ fontFamily: 'monospace' }} />
                </Form.Item>
              </Col>
              <Col xs={24} md={6}>
                <Form.Item label={t('pol.engineNo')} name={['motor', 'vehicle', 'engineNo']}>
                  <Input maxLength={30} style={{ fontFamily: 'monospace' }} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item label={t('pol.brandModel')} name={['motor', 'vehicle', 'brandModel']}>
                  <Input maxLength={60} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item label={t('rating.ctpl.usage')} name={['motor', 'vehicle', 'usage']} rules={required('rating.ctpl.usage')}>
                  <Select showSearch={{ optionFilterProp: 'label' }} options={CTPL_USAGES.map((u) => ({ value: u, label: t(`rating.ctpl.usage.${u}`) }))} />
                </Form.Item>
              </Col>
              <Col xs={12} md={4}>
                <Form.Item label={t('rating.ctpl.seats')} name={['motor', 'vehicle', 'seats']} rules={measure === 'seats' ? required('rating.ctpl.seats') : undefined}>
                  <InputNumber min={1} max={999} precision={0} style={{ width: '100%' }} suffix={t('rating.ctpl.seatsUnit')} />
                </Form.Item>
              </Col>
              {measure === 'tonnage' && (
                <Col xs={12} md={4}>
                  <Form.Item label={t('rating.ctpl.tonnage')} name={['motor', 'vehicle', 'tonnage']} rules={required('rating.ctpl.tonnage')}>
                    <InputNumber min={0.1} max={200} step={0.5} style={{ width: '100%' }} suffix={t('rating.ctpl.tonnageUnit')} />
                  </Form.Item>
                </Col>
              )}
              {measure === 'engineCc' && (
                <Col xs={12} md={4}>
                  <Form.Item label={t('rating.ctpl.engineCc')} name={['motor', 'vehicle', 'engineCc']} rules={required('rating.ctpl.engineCc')}>
                    <InputNumber min={1} max={10000} precision={0} style={{ width: '100%' }} suffix={t('rating.ctpl.engineCcUnit')} />
                  </Form.Item>
                </Col>
              )}
              <Col xs={24} md={8}>
                <Form.Item label={t('pol.registrationDate')} name={['motor', 'vehicle', 'registrationDate']} rules={dateRules('pol.registrationDate')} extra={t('pol.motor.registrationHint')}>
                  <DateInput />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item label={t('rating.commercial.actualValue')} name={['motor', 'vehicle', 'actualValue']} extra={t('pol.motor.actualValueHint')}>
                  <InputNumber<string> stringMode min="0.01" precision={2} style={{ width: '100%' }} suffix={t('rating.yuan')} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item label={t('pol.region')} name={['motor', 'region']} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('pol.region') }) }]}>
                  <AutoComplete options={CTPL_REGIONS.map((r) => ({ value: r }))} showSearch={{ filterOption: (input, option) => String(option?.value ?? '').includes(input.trim()) }} />
                </Form.Item>
              </Col>
            </Row>
          </WizardPanel>
          <WizardPanel title={t('pol.customers')}>
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item label={t('pol.policyholder')} name="policyholderId" rules={required('pol.policyholder')}>
                  <PartyPicker known={knownParties} />
                </Form.Item>
                <Form.Item name="insuredSame" valuePropName="checked" style={{ marginTop: -16 }}>
                  <Checkbox>{t('pol.motor.insuredSame')}</Checkbox>
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                {!insuredSame && (
                  <Form.Item label={t('pol.insured')} name="insuredId" rules={required('pol.insured')}>
                    <PartyPicker known={knownParties} />
                  </Form.Item>
                )}
                <Form.Item name="ownerSame" valuePropName="checked" style={insuredSame ? undefined : { marginTop: -16 }}>
                  <Checkbox>{t('pol.motor.ownerSame')}</Checkbox>
                </Form.Item>
                {!ownerSame && (
                  <Form.Item label={t('pol.owner')} name={['motor', 'vehicle', 'ownerId']} rules={required('pol.owner')}>
                    <PartyPicker known={knownParties} />
                  </Form.Item>
                )}
              </Col>
            </Row>
          </WizardPanel>
        </WizardStep>

        {/* Step 2: products, coverages and history */}
        <WizardStep index={1} step={step}>
          <LinePanel
            name="sellCtpl"
            label={t('pol.motor.sellCtpl')}
            disabled={!ctplVersions.length || (drafts.CTPL !== undefined && drafts.CTPL.state !== 'DRAFT')}
            sold={sellCtpl}
            skipped={t('pol.motor.ctplSkipped')}
          >
            <Row gutter={16}>
              <VersionField name="ctplVersionId" versions={ctplVersions} locked={Boolean(drafts.CTPL)} />
              <Col xs={24} md={12}>
                {ctplVersion && (
                  <Typography.Paragraph type="secondary" style={{ marginTop: 30 }}>
                    {ctplVersion.definition.coverages.map((c) => `${c.name} ${c.limit ? formatAmount(c.limit) : ''}`).join('；')}
                  </Typography.Paragraph>
                )}
              </Col>
              <CountField labelKey="rating.ctpl.claimFreeYears" name={['motor', 'ctplHistory', 'claimFreeYears']} unitKey="rating.life.years" />
              <CountField labelKey="rating.ctpl.atFaultAccidents" name={['motor', 'ctplHistory', 'atFaultAccidentsLastYear']} unitKey="rating.commercial.times" />
              <FlagField labelKey="rating.ctpl.fatalAtFault" name={['motor', 'ctplHistory', 'fatalAtFaultLastYear']} xs={24} md={8} />
            </Row>
          </LinePanel>
          <LinePanel
            name="sellCommercial"
            label={t('pol.motor.sellCommercial')}
            disabled={!commercialVersions.length || (drafts.COMMERCIAL_MOTOR !== undefined && drafts.COMMERCIAL_MOTOR.state !== 'DRAFT')}
            sold={sellCommercial}
            skipped={t('pol.motor.commercialSkipped')}
          >
            <Row gutter={16}>
              <VersionField name="commercialVersionId" versions={commercialVersions} locked={Boolean(drafts.COMMERCIAL_MOTOR)} />
            </Row>
            <Typography.Text strong>{t('rating.commercial.coverages')}</Typography.Text>
            <div style={{ marginTop: 8 }} data-testid="coverage-choices">
              {offered.map((c) => (
                <CoverageChoiceRow key={c.code} code={c.code} name={c.name} />
              ))}
            </div>
            <Typography.Text strong>{t('rating.commercial.ncd')}</Typography.Text>
            <Row gutter={16} style={{ marginTop: 8 }}>
              <CountField labelKey="rating.commercial.claimsLast3Years" name={['motor', 'ncdHistory', 'claimsLast3Years']} unitKey="rating.commercial.times" />
              <CountField labelKey="rating.commercial.consecutiveInsuredYears" name={['motor', 'ncdHistory', 'consecutiveInsuredYears']} unitKey="rating.life.years" />
              <CountField
                labelKey="rating.commercial.lapseMonths"
                name={['motor', 'ncdHistory', 'lapseMonths']}
                unitKey="rating.commercial.months"
                max={1200}
                optional
                extraKey="rating.commercial.lapseMonthsHint"
              />
              <FlagField labelKey="rating.commercial.newOrTransferred" name={['motor', 'ncdHistory', 'newOrTransferred']} xs={12} md={6} />
              <Col xs={24} md={8}>
                <Form.Item label={t('rating.commercial.pricingCoefficient')} name={['motor', 'pricingCoefficient']} extra={t('rating.commercial.pricingCoefficientHint')}>
                  <InputNumber<string> stringMode min="0" max="9" step="0.05" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
          </LinePanel>
        </WizardStep>

        {/* Step 3: start date, channel and the quote */}
        <WizardStep index={2} step={step}>
          <WizardPanel title={t('pol.motor.step.quote')}>
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item label={t('pol.startDate')} name="startDate" rules={dateRules('pol.startDate')} extra={t('pol.startDateHint')}>
                  <DateInput />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item label={t('pol.channel')} name="channel" rules={required('pol.channel')}>
                  <Select options={channels.map((c) => ({ value: c, label: pick(CHANNELS[c]) }))} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item label={t('pol.remark')} name="remark">
                  <Input maxLength={200} />
                </Form.Item>
              </Col>
            </Row>
          </WizardPanel>
          {Object.keys(checked).length > 0 && (
            <Card size="small" title={t('pol.quoteResult')} style={{ marginBottom: 16 }} data-testid="motor-quotes">
              <Row gutter={16}>
                {lines.map((line) => {
                  const c = checked[line];
                  return (
                    <Col xs={24} lg={12} key={line}>
                      {c?.quote ? (
                        <QuoteView quote={c.quote} title={t(lineLabelKey(line))} testId={`quote-${line}`} />
                      ) : (
                        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pol.quoteUnavailable', { line: t(lineLabelKey(line)) })} />
                      )}
                    </Col>
                  );
                })}
              </Row>
              {total && lines.every((line) => checked[line]?.quote) && (
                <Typography.Title level={5} style={{ marginTop: 16 }}>
                  {t('pol.motor.total')}：<Money value={total} strong testId="motor-total" />
                </Typography.Title>
              )}
            </Card>
          )}
        </WizardStep>

        {/* Step 4: submit and validate */}
        <WizardStep index={3} step={step}>
          <WizardPanel title={t('pol.motor.step.submit')}>
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Typography.Paragraph type="secondary">{t('pol.motor.submitHint')}</Typography.Paragraph>
              <SubmitOutcome proposals={outcome} collectQuery={collectQuery(outcome)} />
            </Space>
          </WizardPanel>
        </WizardStep>
      </Form>

      <WizardNav step={step} nextUntil={2} busy={busy} onStep={setStep} onLeave={() => void saveAndLeave()} onNext={() => void goNext()}>
        {step === 2 && (
          <>
            <QuoteButton busy={busy} onClick={() => void runCheck()} />
            <Button type="primary" disabled={busy !== null} onClick={() => setStep(3)}>
              {t('pol.wizard.next')}
            </Button>
          </>
        )}
        {step === 3 && <SubmitButton busy={busy} onClick={() => void runSubmit()} />}
      </WizardNav>
    </WizardFrame>
  );
}

/** One line's section (交强险 / 商业车险): its 投保 checkbox as the title; its fields while sold, else a note. */
function LinePanel({ name, label, disabled, sold, skipped, children }: { name: 'sellCtpl' | 'sellCommercial'; label: string; disabled: boolean; sold: boolean; skipped: string; children: ReactNode }) {
  return (
    <WizardPanel
      title={
        <Form.Item name={name} valuePropName="checked" noStyle>
          <Checkbox disabled={disabled}>{label}</Checkbox>
        </Form.Item>
      }
    >
      {sold ? children : <Typography.Text type="secondary">{skipped}</Typography.Text>}
    </WizardPanel>
  );
}

/** The product version a line is sold under; fixed once its draft is registered. */
function VersionField({ name, versions, locked }: { name: 'ctplVersionId' | 'commercialVersionId'; versions: QuotableVersion[]; locked: boolean }) {
  const { t } = useI18n();
  const required = useRequiredRule();
  return (
    <Col xs={24} md={12}>
      <Form.Item label={t('pol.productVersion')} name={name} rules={required('pol.productVersion')}>
        <Select options={versions.map((v) => ({ value: v.id, label: `${v.productName}（${v.productCode} V${v.versionNo}）` }))} disabled={locked} />
      </Form.Item>
    </Col>
  );
}

/** A whole-number rating history field (years, accidents, months). */
function CountField({
  labelKey,
  name,
  unitKey,
  max = 99,
  optional = false,
  extraKey,
}: {
  labelKey: MessageKey;
  name: FieldName;
  unitKey: MessageKey;
  max?: number;
  optional?: boolean;
  extraKey?: MessageKey;
}) {
  const { t } = useI18n();
  const required = useRequiredRule();
  return (
    <Col xs={12} md={6}>
      <Form.Item label={t(labelKey)} name={name} rules={optional ? undefined : required(labelKey)} extra={extraKey ? t(extraKey) : undefined}>
        <InputNumber min={0} max={max} precision={0} style={{ width: '100%' }} suffix={t(unitKey)} />
      </Form.Item>
    </Col>
  );
}

/** A yes/no rating history fact, aligned with the number fields beside it. */
function FlagField({ labelKey, name, xs, md }: { labelKey: MessageKey; name: FieldName; xs: number; md: number }) {
  const { t } = useI18n();
  return (
    <Col xs={xs} md={md}>
      <Form.Item label=" " name={name} valuePropName="checked">
        <Checkbox>{t(labelKey)}</Checkbox>
      </Form.Item>
    </Col>
  );
}

/** One 商业车险 coverage: its checkbox and, when chosen, the amount it is rated by. */
function CoverageChoiceRow({ code, name }: { code: string; name: string }) {
  const { t } = useI18n();
  const selected = Form.useWatch(['motor', 'coverageChoices', code, 'selected']) as boolean | undefined;
  const kind = coverageKind(code);
  const required = useRequiredRule();
  return (
    <Row gutter={8} align="top">
      <Col flex="260px">
        <Form.Item name={['motor', 'coverageChoices', code, 'selected']} valuePropName="checked" style={{ marginBottom: 12 }}>
          <Checkbox data-testid={`coverage-${code}`}>{name}</Checkbox>
        </Form.Item>
      </Col>
      {selected && kind === 'limit' && (
        <Col flex="240px">
          <Form.Item name={['motor', 'coverageChoices', code, 'limit']} rules={required('rating.commercial.limit')} style={{ marginBottom: 12 }}>
            <Select
              aria-label={t('rating.commercial.limit')}
              options={THIRD_PARTY_LIMITS.map((l) => ({ value: l, label: t('rating.commercial.limitOption', { wan: Number(l) / 10_000, yuan: formatAmount(l) }) }))}
            />
          </Form.Item>
        </Col>
      )}
      {selected && (kind === 'perSeat' || kind === 'seatsAndPerSeat') && (
        <Col flex="240px">
          <Form.Item name={['motor', 'coverageChoices', code, 'sumInsured']} rules={required('rating.commercial.sumInsured')} style={{ marginBottom: 12 }}>
            <InputNumber<string> aria-label={t('rating.commercial.sumInsured')} stringMode min="0.01" precision={2} style={{ width: '100%' }} prefix={t('rating.commercial.perSeat')} suffix={t('rating.yuan')} />
          </Form.Item>
        </Col>
      )}
      {selected && kind === 'seatsAndPerSeat' && (
        <Col flex="200px">
          <Form.Item name={['motor', 'coverageChoices', code, 'seats']} style={{ marginBottom: 12 }}>
            <InputNumber aria-label={t('rating.commercial.passengerSeats')} placeholder={t('rating.commercial.passengerSeatsHint')} min={1} max={999} precision={0} style={{ width: '100%' }} suffix={t('rating.ctpl.seatsUnit')} />
          </Form.Item>
        </Col>
      )}
      {selected && kind === 'none' && code === 'CAR_DAMAGE' && (
        <Col flex="auto">
          <Typography.Text type="secondary">{t('pol.motor.carDamageHint')}</Typography.Text>
        </Col>
      )}
    </Row>
  );
}
