import { useState } from 'react';
import { App, Button, Card, Form, Input, Segmented, Space, Typography, type TableColumnsType } from 'antd';
import { CheckOutlined, StopOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { PAYMENT_STATES, type ClaimPaymentItem, type PaymentState } from '../../../contracts/claim';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { notifyError, notifySuccess } from '../../app/notify';
import { DataTable } from '../../components/DataTable';
import { FormModal, showServerFieldError } from '../../components/FormModal';
import { DateInput, dateValue, useDateRules } from '../policy/components';
import { todayShanghai } from '../policy/dates';
import { Money, Mono, useMoneyText } from '../policy/labels';
import { PaymentKindTag, PaymentStateTag } from './labels';
import { usePayments } from './opsQueries';
import { usePaymentDecision } from './queries';

type StateFilter = PaymentState | 'ALL';

/**
 * 赔款支付 (/claim-payments): payment orders waiting to be paid (or all), 确认支付 with the bank's
 * reference and the date paid, and 取消 of a pending one with a reason. There is no payment export
 * in the API, so no Excel button here.
 */
export default function ClaimPaymentsPage() {
  const { t, pick } = useI18n();
  const { modal } = App.useApp();
  const money = useMoneyText();
  const dateRules = useDateRules();
  const [state, setState] = useState<StateFilter>('PENDING');
  const query = usePayments(state === 'ALL' ? undefined : state);
  const decide = usePaymentDecision();
  const [paying, setPaying] = useState<ClaimPaymentItem | null>(null);
  const [cancelling, setCancelling] = useState<ClaimPaymentItem | null>(null);
  const rows = query.data?.pages.flatMap((p) => p.items);

  const columns: TableColumnsType<ClaimPaymentItem> = [
    { title: t('cop.pay.no'), key: 'no', render: (_, r) => <Mono>{r.paymentNo}</Mono> },
    {
      title: t('cop.claimNo'),
      key: 'claim',
      render: (_, r) => (
        <Link to={`/claims/${r.claim.id}`}>
          <Mono>{r.claim.claimNo}</Mono>
        </Link>
      ),
    },
    { title: t('cop.org'), key: 'org', render: (_, r) => r.org.name },
    { title: t('cop.pay.kind'), key: 'kind', render: (_, r) => <PaymentKindTag kind={r.kind} /> },
    { title: t('cop.pay.amount'), key: 'amount', align: 'right', render: (_, r) => <Money value={r.amount} strong /> },
    { title: t('cop.pay.payee'), key: 'payee', render: (_, r) => r.payeeName },
    { title: t('cop.pay.bank'), key: 'bank', render: (_, r) => r.bankName },
    { title: t('cop.pay.account'), key: 'account', render: (_, r) => <Mono>{r.accountNoMasked}</Mono> },
    { title: t('cop.pay.state'), key: 'state', render: (_, r) => <PaymentStateTag state={r.state} /> },
    { title: t('cop.pay.createdBy'), key: 'created', render: (_, r) => `${r.createdBy.name} ${formatDateTime(r.createdAt)}` },
    {
      title: t('cop.pay.outcome'),
      key: 'outcome',
      render: (_, r) =>
        r.state === 'PAID'
          ? `${formatDateTime(r.paidAt)} · ${r.paidReference ?? ''}`
          : r.state === 'CANCELLED'
            ? `${formatDateTime(r.cancelledAt)} · ${r.cancelReason ?? ''}`
            : '—',
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, r) =>
        r.state === 'PENDING' && (
          <Space size={0}>
            <Button type="link" size="small" icon={<CheckOutlined />} onClick={() => setPaying(r)}>
              {t('cop.pay.markPaid')}
            </Button>
            <Button type="link" size="small" danger icon={<StopOutlined />} onClick={() => setCancelling(r)}>
              {t('cop.pay.cancel')}
            </Button>
          </Space>
        ),
    },
  ];

  return (
    <Card title={t('nav.claimPayments')}>
      <Space style={{ marginBottom: 16 }} wrap>
        <Segmented<StateFilter>
          value={state}
          onChange={setState}
          options={[...(Object.keys(PAYMENT_STATES) as PaymentState[]).map((s) => ({ value: s, label: pick(PAYMENT_STATES[s]) })), { value: 'ALL', label: t('common.all') }]}
        />
        <Typography.Text type="secondary">{t('cop.pay.hint')}</Typography.Text>
      </Space>
      <DataTable<ClaimPaymentItem>
        rows={rows}
        loading={query.isFetching}
        columns={columns}
        pagination={false}
        data-testid="payment-table"
        emptyText={state === 'PENDING' ? t('cop.pay.emptyPending') : t('cop.pay.empty')}
      />
      {query.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}

      <FormModal<{ reference: string; paidOn: string }>
        open={paying !== null}
        name="paid"
        title={t('cop.pay.paidTitle', { no: paying?.paymentNo ?? '' })}
        okText={t('cop.pay.markPaid')}
        confirmLoading={decide.isPending}
        initialValues={{ paidOn: todayShanghai() }}
        onCancel={() => setPaying(null)}
        onSubmit={(values, form) =>
          paying &&
          decide.mutate(
            { claimId: paying.claim.id, paymentId: paying.id, decision: 'paid', reference: values.reference.trim(), paidOn: dateValue(values.paidOn) ?? values.paidOn },
            {
              onSuccess: () => {
                setPaying(null);
                notifySuccess(t('cop.pay.paid', { no: paying.paymentNo }));
              },
              onError: (error) => {
                if (!showServerFieldError(form, error)) notifyError(error);
              },
            },
          )
        }
      >
        <Typography.Paragraph>
          {t('cop.pay.paidSummary', { payee: paying?.payeeName ?? '', amount: money(paying?.amount), account: paying?.accountNoMasked ?? '' })}
        </Typography.Paragraph>
        <Form.Item label={t('cop.pay.reference')} name="reference" rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('cop.pay.reference') }) }]}>
          <Input maxLength={60} autoFocus />
        </Form.Item>
        <Form.Item label={t('cop.pay.paidOn')} name="paidOn" rules={dateRules('cop.pay.paidOn')}>
          <DateInput />
        </Form.Item>
      </FormModal>

      <FormModal<{ reason: string }>
        open={cancelling !== null}
        name="cancelPayment"
        title={t('cop.pay.cancelTitle', { no: cancelling?.paymentNo ?? '' })}
        okText={t('cop.pay.cancel')}
        confirmLoading={decide.isPending}
        onCancel={() => setCancelling(null)}
        onSubmit={(values, form) =>
          cancelling &&
          modal.confirm({
            title: t('cop.pay.cancelConfirmTitle'),
            content: t('cop.pay.cancelConfirm', { no: cancelling.paymentNo, amount: money(cancelling.amount) }),
            okText: t('cop.pay.cancel'),
            okButtonProps: { danger: true },
            cancelText: t('common.cancel'),
            onOk: () =>
              decide.mutateAsync({ claimId: cancelling.claim.id, paymentId: cancelling.id, decision: 'cancel', reason: values.reason.trim() }).then(
                () => {
                  setCancelling(null);
                  notifySuccess(t('cop.pay.cancelled', { no: cancelling.paymentNo }));
                },
                (error: unknown) => {
                  if (!showServerFieldError(form, error)) notifyError(error);
                },
              ),
          })
        }
      >
        <Form.Item label={t('cop.pay.cancelReason')} name="reason" rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('cop.pay.cancelReason') }) }]}>
          <Input.TextArea rows={3} maxLength={500} autoFocus />
        </Form.Item>
      </FormModal>
    </Card>
  );
}
