// What the motor and life wizards share: placing problems under fields (and clearing the old ones),
// the step a field lives on, Ctrl+Enter for the step's main button, the step frame and bottom bar,
// submit-and-validate, and the result of 提交校验.
import { useCallback, useEffect, useRef, type ReactNode } from 'react';
import { Alert, Button, Card, Result, Space, Steps, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { CalculatorOutlined, SendOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import type { ProposalDetail } from '../../../contracts/policy';
import { useT } from '../../app/i18n';
import { sameName, underAny, type FieldName } from './problems';
import { ReferredAlert } from './components';
import { ProposalStateTag } from './labels';
import { proposalApi } from './queries';

/** Which long request a wizard is waiting for (its buttons are disabled meanwhile). */
export type WizardBusy = 'check' | 'submit' | null;

/** Server problems shown under fields; the next round replaces the previous one. */
export function useFieldProblems(form: FormInstance) {
  const shown = useRef<FieldName[]>([]);
  const clear = useCallback(() => {
    if (shown.current.length) form.setFields(shown.current.map((name) => ({ name, errors: [] })));
    shown.current = [];
  }, [form]);
  const place = useCallback(
    (fields: { name: FieldName; errors: string[] }[]) => {
      clear();
      const merged: { name: FieldName; errors: string[] }[] = [];
      for (const f of fields) {
        const same = merged.find((m) => sameName(m.name, f.name));
        if (same) same.errors.push(...f.errors.filter((e) => !same.errors.includes(e)));
        else merged.push({ name: f.name, errors: [...f.errors] });
      }
      if (merged.length) form.setFields(merged);
      shown.current = merged.map((m) => m.name);
    },
    [form, clear],
  );
  return { place, clear };
}

/** The first step (index) holding one of `names`, by each step's field prefixes; -1 if none. */
export function firstStepOf(names: FieldName[], steps: readonly (readonly FieldName[])[]): number {
  let first = -1;
  for (const name of names) {
    const i = steps.findIndex((prefixes) => underAny(name, prefixes));
    if (i >= 0 && (first < 0 || i < first)) first = i;
  }
  return first;
}

/**
 * Opens the earliest step holding one of the problem fields (never jumps forward past the clerk)
 * and scrolls to the first field once antd has rendered the errors.
 */
export function revealProblems(form: FormInstance, names: FieldName[], steps: readonly (readonly FieldName[])[], step: number, setStep: (step: number) => void) {
  const first = firstStepOf(names, steps);
  if (first >= 0 && first < step) setStep(first);
  if (names.length) setTimeout(() => form.scrollToField(names[0]), 0);
}

/** Whether the fields under `names` pass the form's own rules (antd shows the errors). */
export async function fieldsValid(form: FormInstance, names: FieldName[]): Promise<boolean> {
  try {
    await form.validateFields(names, { recursive: true });
    return true;
  } catch {
    return false;
  }
}

/** 提交校验 of one proposal: a draft is submitted, then validated when the server allows it now. */
export async function submitAndValidate(p: ProposalDetail): Promise<ProposalDetail> {
  let next = p;
  if (next.state === 'DRAFT') next = await proposalApi.submit(next.id);
  if (next.state === 'PENDING_VALIDATION' && next.actions.includes('validate')) next = await proposalApi.validate(next.id);
  return next;
}

/** Ctrl+Enter (⌘Enter) anywhere runs the current step's main button. */
export function useCtrlEnter(handler: () => void) {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
        event.preventDefault();
        latest.current();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

/**
 * After 提交校验: each proposal's outcome — 待收费 (go to 收费), 已转人工核保 with the reasons, or still
 * a draft with problems (shown under the fields above).
 */
export function SubmitOutcome({ proposals, collectQuery }: { proposals: ProposalDetail[]; collectQuery: string }) {
  const t = useT();
  const navigate = useNavigate();
  if (!proposals.length) return null;
  const payable = proposals.filter((p) => p.state === 'PENDING_PAYMENT');
  const referred = proposals.filter((p) => p.state === 'PENDING_UNDERWRITING' && p.uwReferred);
  const allPayable = payable.length === proposals.length;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="submit-outcome">
      {proposals.map((p) => (
        <div key={p.id}>
          <Space wrap>
            <Typography.Text strong>{p.product.name}</Typography.Text>
            <Typography.Text style={{ fontFamily: 'monospace' }}>{p.proposalNo}</Typography.Text>
            <ProposalStateTag state={p.state} />
            <Button type="link" size="small" onClick={() => navigate(`/proposals/${p.id}`)}>
              {t('pol.openProposal')}
            </Button>
          </Space>
        </div>
      ))}
      {referred.map((p) => (
        <ReferredAlert key={p.id} p={p} />
      ))}
      {payable.length > 0 && (
        <Result
          status={allPayable ? 'success' : 'info'}
          title={allPayable ? t('pol.readyForPayment') : t('pol.partlyReady', { n: payable.length })}
          extra={
            <Button type="primary" onClick={() => navigate(`/collection?q=${encodeURIComponent(collectQuery)}`)}>
              {t('pol.goCollect')}
            </Button>
          }
        />
      )}
    </Space>
  );
}

/** The wizard's frame: its card title, the shortcut hint (after `extra`), and the steps (only going back is a click). */
export function WizardFrame({
  title,
  extra,
  step,
  onStep,
  stepTitles,
  children,
}: {
  title: ReactNode;
  extra?: ReactNode;
  step: number;
  onStep: (step: number) => void;
  stepTitles: string[];
  children: ReactNode;
}) {
  const t = useT();
  return (
    <Card
      title={title}
      extra={
        <Space>
          {extra}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('pol.wizard.shortcut')}
          </Typography.Text>
        </Space>
      }
    >
      <Steps current={step} onChange={(next) => next < step && onStep(next)} style={{ marginBottom: 24 }} items={stepTitles.map((title) => ({ title }))} />
      {children}
    </Card>
  );
}

/** One step's content; the others stay mounted (hidden) so antd keeps and validates their fields. */
export function WizardStep({ index, step, children }: { index: number; step: number; children: ReactNode }) {
  return <div style={{ display: step === index ? undefined : 'none' }}>{children}</div>;
}

/** A titled section of a wizard step. */
export function WizardPanel({ title, extra, children }: { title: ReactNode; extra?: ReactNode; children: ReactNode }) {
  return (
    <Card size="small" title={title} extra={extra} style={{ marginBottom: 16 }}>
      {children}
    </Card>
  );
}

/**
 * The bottom bar: 暂存并返回, 上一步, 下一步 while `step < nextUntil`; `children` are the buttons of
 * the later steps (试算, 提交校验…).
 */
export function WizardNav({
  step,
  nextUntil,
  busy,
  onStep,
  onLeave,
  onNext,
  children,
}: {
  step: number;
  nextUntil: number;
  busy: WizardBusy;
  onStep: (step: number) => void;
  onLeave: () => void;
  onNext: () => void;
  children?: ReactNode;
}) {
  const t = useT();
  return (
    <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
      <Button disabled={busy !== null} onClick={onLeave}>
        {t('pol.wizard.leave')}
      </Button>
      {step > 0 && <Button onClick={() => onStep(step - 1)}>{t('pol.wizard.prev')}</Button>}
      {step < nextUntil && (
        <Button type="primary" onClick={onNext}>
          {t('pol.wizard.next')}
        </Button>
      )}
      {children}
    </Space>
  );
}

/** 试算. */
export function QuoteButton({ busy, onClick }: { busy: WizardBusy; onClick: () => void }) {
  const t = useT();
  return (
    <Button icon={<CalculatorOutlined />} loading={busy === 'check'} disabled={busy !== null} onClick={onClick}>
      {t('pol.wizard.quote')}
    </Button>
  );
}

/** 提交校验. */
export function SubmitButton({ busy, disabled = false, onClick }: { busy: WizardBusy; disabled?: boolean; onClick: () => void }) {
  const t = useT();
  return (
    <Button type="primary" icon={<SendOutlined />} loading={busy === 'submit'} disabled={busy !== null || disabled} onClick={onClick}>
      {t('pol.wizard.submit')}
    </Button>
  );
}
