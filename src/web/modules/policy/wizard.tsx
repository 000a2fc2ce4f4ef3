// What the motor and life wizards share: placing problems under fields (and clearing the old ones),
// the step a field lives on, Ctrl+Enter for the step's main button, and the result of 提交校验.
import { useCallback, useEffect, useRef } from 'react';
import { Alert, Button, Result, Space, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { useNavigate } from 'react-router-dom';
import type { ProposalDetail } from '../../../contracts/policy';
import { useT } from '../../app/i18n';
import { sameName, underAny, type FieldName } from './problems';
import { ProposalStateTag } from './labels';

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
        <Alert
          key={p.id}
          type="warning"
          showIcon
          data-testid="referred"
          title={t('pol.referredTitle', { no: p.proposalNo })}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {(p.uwAuto?.reasons ?? []).map((r, i) => (
                <li key={i}>{r.message}</li>
              ))}
            </ul>
          }
        />
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
