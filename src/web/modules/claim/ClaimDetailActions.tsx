import { useState, type ReactNode } from 'react';
import { Alert, App, Button, Form, Input, Select, Space } from 'antd';
import { CLAIM_ACTIONS, type ClaimAction, type ClaimDetail } from '../../../contracts/claim';
import { isApiError } from '../../app/api';
import { useI18n } from '../../app/i18n';
import { notifyError, notifySuccess } from '../../app/notify';
import { FormModal, showServerFieldError } from '../../components/FormModal';
import { ReasonModal } from '../policy/components';
import { useMoneyText } from '../policy/labels';
import { ReservesModal } from './ClaimDetailReserves';
import { useClaimAction, useDeclineReasons, type ClaimActionVariables } from './queries';

/** 拒赔: a reason code from the claim settings and the approver's explanation (it goes into the letter). */
function DeclineModal({ c, open, onClose }: { c: ClaimDetail; open: boolean; onClose: () => void }) {
  const { t, pick } = useI18n();
  const action = useClaimAction();
  const reasons = useDeclineReasons(open);
  return (
    <FormModal<{ declineCode: string; reason: string }>
      open={open}
      name="decline"
      title={t('claim.decline.title', { no: c.claimNo })}
      okText={pick(CLAIM_ACTIONS.decline)}
      confirmLoading={action.isPending}
      onCancel={onClose}
      onSubmit={(v, form) =>
        action.mutate(
          { id: c.id, action: 'decline', body: { declineCode: v.declineCode, reason: v.reason.trim() } },
          {
            onSuccess: () => {
              onClose();
              notifySuccess(t('claim.decline.done'));
            },
            onError: (error) => {
              if (!showServerFieldError(form, error)) notifyError(error);
            },
          },
        )
      }
    >
      <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('claim.decline.warning')} />
      <Form.Item label={t('claim.decline.code')} name="declineCode" rules={[{ required: true, message: t('common.required', { field: t('claim.decline.code') }) }]}>
        <Select
          loading={reasons.isFetching}
          options={(reasons.data ?? []).map((r) => ({ value: r.code, label: pick(r) }))}
          notFoundContent={reasons.isError ? t('claim.decline.reasonsUnavailable') : undefined}
        />
      </Form.Item>
      <Form.Item label={t('claim.decline.reason')} name="reason" rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('claim.decline.reason') }) }]}>
        <Input.TextArea rows={3} maxLength={500} showCount />
      </Form.Item>
    </FormModal>
  );
}

type Dialog = 'register' | 'reopen' | 'withdraw' | 'return' | 'escalate' | 'decline';

/**
 * The claim's action buttons: exactly the `actions` the server allows this user now. Destructive
 * ones (注销, 拒赔) ask for a reason and warn; 立案 and 重开 take reserves. An approval above the
 * approver's authority says so with the org to escalate to and offers 上报.
 */
export function ClaimActionBar({ c }: { c: ClaimDetail }) {
  const { t, pick } = useI18n();
  const { modal } = App.useApp();
  const money = useMoneyText();
  const action = useClaimAction();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [exceeded, setExceeded] = useState<{ message: string; orgName: string | null } | null>(null);

  const run = (vars: ClaimActionVariables) =>
    action.mutate(vars, {
      onSuccess: () => {
        setDialog(null);
        setExceeded(null);
        notifySuccess(t('claim.actionDone', { action: pick(CLAIM_ACTIONS[vars.action]) }));
      },
      onError: (error) => {
        if (isApiError(error, 'CLAIM_AUTHORITY_EXCEEDED')) {
          const to = error.details?.escalateTo as { orgName?: string } | null | undefined;
          setExceeded({ message: error.message, orgName: to?.orgName ?? null });
        } else notifyError(error);
      },
    });
  const confirm = (vars: ClaimActionVariables, content: ReactNode) =>
    modal.confirm({ title: pick(CLAIM_ACTIONS[vars.action]), content, okText: t('common.ok'), cancelText: t('common.cancel'), onOk: () => run(vars) });
  const pending = (a: ClaimAction) => action.isPending && action.variables?.action === a;
  const confirmText = {
    'submit-approval': t('claim.confirm.submit', { amount: money(c.calculatedTotal) }),
    approve: t('claim.confirm.approve', { amount: money(c.calculatedTotal) }),
    close: t('claim.confirm.close', { paid: money(c.paidAmount) }),
  };

  const button = (a: ClaimAction): ReactNode => {
    const label = pick(CLAIM_ACTIONS[a]);
    const id = c.id;
    switch (a) {
      case 'register':
      case 'reopen':
      case 'escalate':
      case 'return':
        return (
          <Button key={a} type={a === 'register' ? 'primary' : 'default'} onClick={() => setDialog(a)}>
            {label}
          </Button>
        );
      case 'submit-approval':
      case 'approve':
      case 'close':
        return (
          <Button key={a} type="primary" loading={pending(a)} onClick={() => confirm({ id, action: a, body: {} }, confirmText[a])}>
            {label}
          </Button>
        );
      case 'decline':
      case 'withdraw':
        return (
          <Button key={a} danger onClick={() => setDialog(a)}>
            {label}
          </Button>
        );
    }
  };

  const reasonDialog = (a: 'withdraw' | 'return' | 'escalate', labelKey: 'claim.withdraw.reason' | 'claim.return.reason' | 'claim.escalate.reason') => (
    <ReasonModal
      open={dialog === a}
      title={`${pick(CLAIM_ACTIONS[a])} ${c.claimNo}`}
      label={t(labelKey)}
      okText={pick(CLAIM_ACTIONS[a])}
      danger={a === 'withdraw'}
      required={a !== 'escalate'}
      pending={action.isPending}
      onCancel={() => setDialog(null)}
      onSubmit={(reason) => run(a === 'escalate' ? { id: c.id, action: a, body: { reason: reason || null } } : { id: c.id, action: a, body: { reason } })}
    />
  );

  return (
    <>
      {c.actions.length > 0 && (
        <Space wrap data-testid="claim-actions">
          {c.actions.map(button)}
        </Space>
      )}
      {exceeded && (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setExceeded(null) }}
          data-testid="authority-exceeded"
          style={{ marginTop: 12 }}
          title={exceeded.message}
          description={exceeded.orgName ? t('claim.escalate.target', { org: exceeded.orgName }) : t('claim.escalate.noTarget')}
          action={
            c.actions.includes('escalate') && exceeded.orgName ? (
              <Button danger onClick={() => setDialog('escalate')}>
                {pick(CLAIM_ACTIONS.escalate)}
              </Button>
            ) : undefined
          }
        />
      )}
      {dialog === 'register' && <ReservesModal c={c} mode="register" open onClose={() => setDialog(null)} />}
      {dialog === 'reopen' && <ReservesModal c={c} mode="reopen" open onClose={() => setDialog(null)} />}
      {reasonDialog('withdraw', 'claim.withdraw.reason')}
      {reasonDialog('return', 'claim.return.reason')}
      {reasonDialog('escalate', 'claim.escalate.reason')}
      <DeclineModal c={c} open={dialog === 'decline'} onClose={() => setDialog(null)} />
    </>
  );
}
