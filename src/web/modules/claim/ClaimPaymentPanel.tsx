import { useState } from 'react';
import { Button, Form, Input, InputNumber, Radio, Select, Space, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { PAYMENT_KINDS, type ClaimDetail, type ClaimPayment, type PaymentKind } from '../../../contracts/claim';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { notifyError, notifySuccess } from '../../app/notify';
import { usePermission } from '../../app/session';
import { DataTable } from '../../components/DataTable';
import { FormModal, showServerFieldError } from '../../components/FormModal';
import { accountNumberProblem, normalizeAccountNumber } from '../party/validation';
import { DateInput, dateValue, ReasonModal, useDateRules } from '../policy/components';
import { todayShanghai } from '../policy/dates';
import { Money, Mono } from '../policy/labels';
import { fromFen, isPositiveAmount, toFen } from '../policy/money';
import { useCoverageLossOptions } from './ClaimDetailReserves';
import { PaymentKindTag, PaymentStateTag } from './labels';
import { activityOpen, newIdempotencyKey, useCreatePayment, usePaymentDecision } from './queries';

/** What can still be paid of a kind: the approved amount less every payment not cancelled; for 预付, the reserve less pending payments. */
export function payableLeft(c: ClaimDetail, kind: PaymentKind): string {
  const live = c.payments.filter((p) => p.state !== 'CANCELLED');
  const sum = (list: ClaimPayment[]) => list.reduce((total, p) => total + (toFen(p.amount) ?? 0n), 0n);
  const left = kind === 'ADVANCE' ? (toFen(c.outstandingReserve) ?? 0n) - sum(live.filter((p) => p.state === 'PENDING')) : (toFen(c.approvedAmount) ?? 0n) - sum(live);
  return fromFen(left > 0n ? left : 0n);
}

/** Payment kinds the claim's state allows: 预付 before approval, 部分/赔款支付 once approved. */
const kindsIn = (c: ClaimDetail): PaymentKind[] => [
  ...(activityOpen('advancePayments', c.state) ? (['ADVANCE'] as const) : []),
  ...(activityOpen('payments', c.state) ? (['FINAL', 'PARTIAL'] as const) : []),
];

interface PaymentValues {
  kind: PaymentKind;
  amount: string;
  payeeName: string;
  bankName: string;
  accountNo: string;
  pair?: string;
}

/**
 * 登记赔款支付. One Idempotency-Key per opening of the dialog, sent with every try of it: a double
 * click or a retry after a lost answer replays the first payment instead of paying twice.
 */
function NewPaymentModal({ c, open, onClose }: { c: ClaimDetail; open: boolean; onClose: () => void }) {
  const { t, pick } = useI18n();
  const create = useCreatePayment();
  const options = useCoverageLossOptions(c);
  const kinds = kindsIn(c);
  const [key] = useState(newIdempotencyKey);
  const kind = kinds[0] ?? 'FINAL';
  return (
    <FormModal<PaymentValues>
      open={open}
      name="claimPayment"
      title={t('claim.pay.newTitle', { no: c.claimNo })}
      okText={t('claim.pay.create')}
      confirmLoading={create.isPending}
      onCancel={onClose}
      initialValues={{ kind, amount: payableLeft(c, kind), payeeName: c.insuredName }}
      onSubmit={(v, form) => {
        const x = options.find((o) => o.value === v.pair)?.x;
        create.mutate(
          {
            id: c.id,
            idempotencyKey: key,
            kind: v.kind,
            amount: String(v.amount),
            payeeName: v.payeeName.trim(),
            bankName: v.bankName.trim(),
            accountNo: normalizeAccountNumber(v.accountNo),
            coverageCode: x?.coverageCode ?? null,
            lossType: x?.lossType ?? null,
          },
          {
            onSuccess: (payment) => {
              onClose();
              notifySuccess(t('claim.pay.created', { no: payment.paymentNo }));
            },
            onError: (error) => {
              if (!showServerFieldError(form, error)) notifyError(error);
            },
          },
        );
      }}
    >
      <Form.Item label={t('claim.pay.kind')} name="kind" rules={[{ required: true, message: t('common.required', { field: t('claim.pay.kind') }) }]}>
        <Radio.Group optionType="button" options={kinds.map((k) => ({ value: k, label: pick(PAYMENT_KINDS[k]) }))} />
      </Form.Item>
      <Form.Item noStyle dependencies={['kind']}>
        {({ getFieldValue }) => (
          <Typography.Paragraph type="secondary">
            {t('claim.pay.left')}：<Money value={payableLeft(c, getFieldValue('kind') as PaymentKind)} testId="payment-left" />
          </Typography.Paragraph>
        )}
      </Form.Item>
      <Form.Item
        label={t('claim.pay.amount')}
        name="amount"
        rules={[
          { required: true, message: t('common.required', { field: t('claim.pay.amount') }) },
          {
            validator: async (_, value: string | undefined) => {
              if (value != null && value !== '' && !isPositiveAmount(String(value))) throw new Error(t('claim.amountInvalid'));
            },
          },
        ]}
      >
        <InputNumber<string> stringMode min="0.01" precision={2} style={{ width: '100%' }} suffix={t('rating.yuan')} autoFocus />
      </Form.Item>
      <Form.Item label={t('claim.pay.payee')} name="payeeName" rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('claim.pay.payee') }) }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item label={t('claim.pay.bank')} name="bankName" rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('claim.pay.bank') }) }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item
        label={t('claim.pay.account')}
        name="accountNo"
        rules={[
          { required: true, whitespace: true, message: t('common.required', { field: t('claim.pay.account') }) },
          {
            validator: async (_, value: string | undefined) => {
              const digits = normalizeAccountNumber(value);
              if (!digits) return;
              // Claims pay to accounts of 12–30 digits (the server's rule); card numbers also pass Luhn.
              if (!/^\d{12,30}$/.test(digits)) throw new Error(t('claim.pay.accountFormat'));
              if (accountNumberProblem(digits) === 'LUHN') throw new Error(t('claim.pay.accountLuhn'));
            },
          },
        ]}
      >
        <Input maxLength={40} inputMode="numeric" style={{ fontFamily: 'monospace' }} />
      </Form.Item>
      <Form.Item label={`${t('claim.coverage')} / ${t('claim.lossType')}`} name="pair" extra={t('claim.pay.pairHint')}>
        <Select allowClear options={options.map(({ value, label }) => ({ value, label }))} />
      </Form.Item>
    </FormModal>
  );
}

/** 确认支付: the bank's reference and the day the money went out (today by default). */
export function PaidModal({ claimId, payment, onClose }: { claimId: string; payment: ClaimPayment | null; onClose: () => void }) {
  const { t } = useI18n();
  const decide = usePaymentDecision();
  const dateRules = useDateRules();
  return (
    <FormModal<{ reference: string; paidOn: string }>
      open={payment !== null}
      name="paymentPaid"
      title={t('claim.pay.paidTitle', { no: payment?.paymentNo ?? '' })}
      okText={t('claim.pay.markPaid')}
      confirmLoading={decide.isPending}
      onCancel={onClose}
      initialValues={{ paidOn: todayShanghai() }}
      onSubmit={(v, form) =>
        decide.mutate(
          { claimId, paymentId: payment!.id, decision: 'paid', reference: v.reference.trim(), paidOn: dateValue(v.paidOn) ?? v.paidOn },
          {
            onSuccess: (p) => {
              onClose();
              notifySuccess(t('claim.pay.paid', { no: p.paymentNo }));
            },
            onError: (error) => {
              if (!showServerFieldError(form, error)) notifyError(error);
            },
          },
        )
      }
    >
      <Typography.Paragraph>
        {payment?.payeeName} · <Money value={payment?.amount} strong />
      </Typography.Paragraph>
      <Form.Item label={t('claim.pay.reference')} name="reference" rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('claim.pay.reference') }) }]}>
        <Input maxLength={60} autoFocus />
      </Form.Item>
      <Form.Item label={t('claim.pay.paidOn')} name="paidOn" rules={dateRules('claim.pay.paidOn')}>
        <DateInput />
      </Form.Item>
    </FormModal>
  );
}

/** 支付: the claim's payments, 登记支付 while the state allows, and 确认支付/取消支付 of pending ones. */
export function ClaimPayments({ c }: { c: ClaimDetail }) {
  const { t } = useI18n();
  const can = usePermission();
  const canPay = can('claim:pay');
  // A new key per opening: the modal is mounted afresh each time.
  const [opening, setOpening] = useState(0);
  const [paying, setPaying] = useState<ClaimPayment | null>(null);
  const [cancelling, setCancelling] = useState<ClaimPayment | null>(null);
  const decide = usePaymentDecision();
  const columns: TableColumnsType<ClaimPayment> = [
    { title: t('claim.pay.no'), dataIndex: 'paymentNo', key: 'no', render: (v: string) => <Mono>{v}</Mono> },
    { title: t('claim.pay.kind'), dataIndex: 'kind', key: 'kind', render: (k: PaymentKind) => <PaymentKindTag kind={k} /> },
    { title: t('claim.state'), dataIndex: 'state', key: 'state', render: (s: ClaimPayment['state']) => <PaymentStateTag state={s} /> },
    { title: t('claim.pay.amount'), dataIndex: 'amount', key: 'amount', align: 'right', render: (v: string) => <Money value={v} /> },
    { title: t('claim.pay.payee'), dataIndex: 'payeeName', key: 'payee' },
    { title: t('claim.pay.bank'), dataIndex: 'bankName', key: 'bank' },
    { title: t('claim.pay.account'), dataIndex: 'accountNoMasked', key: 'account', render: (v: string) => <Mono>{v}</Mono> },
    { title: t('claim.pay.createdBy'), key: 'created', render: (_, p) => `${p.createdBy.name} ${formatDateTime(p.createdAt)}` },
    {
      title: t('claim.pay.outcome'),
      key: 'outcome',
      render: (_, p) =>
        p.state === 'PAID' ? `${formatDateTime(p.paidAt)} ${p.paidReference ?? ''}` : p.state === 'CANCELLED' ? `${formatDateTime(p.cancelledAt)} ${p.cancelReason ?? ''}` : '—',
    },
    ...(canPay
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, p: ClaimPayment) =>
              p.state === 'PENDING' && (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => setPaying(p)}>
                    {t('claim.pay.markPaid')}
                  </Button>
                  <Button type="link" size="small" danger onClick={() => setCancelling(p)}>
                    {t('claim.pay.cancel')}
                  </Button>
                </Space>
              ),
          },
        ]
      : []),
  ];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {canPay && kindsIn(c).length > 0 && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpening((n) => n + 1)}>
          {t('claim.pay.new')}
        </Button>
      )}
      <DataTable rows={c.payments} loading={false} columns={columns} emptyText={t('claim.pay.none')} pagination={false} size="small" data-testid="claim-payments" />
      {opening > 0 && <NewPaymentModal key={opening} c={c} open onClose={() => setOpening(0)} />}
      <PaidModal claimId={c.id} payment={paying} onClose={() => setPaying(null)} />
      <ReasonModal
        open={cancelling !== null}
        title={t('claim.pay.cancelTitle', { no: cancelling?.paymentNo ?? '' })}
        label={t('claim.pay.cancelReason')}
        okText={t('claim.pay.cancel')}
        danger
        pending={decide.isPending}
        onCancel={() => setCancelling(null)}
        onSubmit={(reason) =>
          decide.mutate(
            { claimId: c.id, paymentId: cancelling!.id, decision: 'cancel', reason },
            {
              onSuccess: (p) => {
                setCancelling(null);
                notifySuccess(t('claim.pay.cancelled', { no: p.paymentNo }));
              },
              onError: notifyError,
            },
          )
        }
      />
    </Space>
  );
}
