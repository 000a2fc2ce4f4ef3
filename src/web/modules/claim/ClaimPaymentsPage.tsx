import { useState } from 'react';
import { Button, Card, Segmented, Space, Typography, type TableColumnsType } from 'antd';
import { CheckOutlined, StopOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { PAYMENT_STATES, type ClaimPaymentItem, type PaymentState } from '../../../contracts/claim';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { notifyError, notifySuccess } from '../../app/notify';
import { DataTable } from '../../components/DataTable';
import { ReasonModal } from '../policy/components';
import { Money, Mono } from '../policy/labels';
import { PaidModal } from './ClaimPaymentPanel';
import { PaymentKindTag, PaymentStateTag } from './labels';
import { usePayments } from './opsQueries';
import { usePaymentDecision } from './queries';

type StateFilter = PaymentState | 'ALL';

/**
 * 赔款支付 (/claim-payments): payment orders waiting to be paid (or all), 确认支付 with the bank's
 * reference and the date paid, and 取消 of a pending one with a reason — the same dialogs as on the
 * claim's 支付 tab. There is no payment export in the API, so no Excel button here.
 */
export default function ClaimPaymentsPage() {
  const { t, pick } = useI18n();
  const [state, setState] = useState<StateFilter>('PENDING');
  const query = usePayments(state === 'ALL' ? undefined : state);
  const decide = usePaymentDecision();
  const [paying, setPaying] = useState<ClaimPaymentItem | null>(null);
  const [cancelling, setCancelling] = useState<ClaimPaymentItem | null>(null);
  const rows = query.data?.pages.flatMap((p) => p.items);

  const columns: TableColumnsType<ClaimPaymentItem> = [
    { title: t('claim.pay.no'), key: 'no', render: (_, r) => <Mono>{r.paymentNo}</Mono> },
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
    { title: t('claim.pay.kind'), key: 'kind', render: (_, r) => <PaymentKindTag kind={r.kind} /> },
    { title: t('claim.pay.amount'), key: 'amount', align: 'right', render: (_, r) => <Money value={r.amount} strong /> },
    { title: t('claim.pay.payee'), key: 'payee', render: (_, r) => r.payeeName },
    { title: t('claim.pay.bank'), key: 'bank', render: (_, r) => r.bankName },
    { title: t('claim.pay.account'), key: 'account', render: (_, r) => <Mono>{r.accountNoMasked}</Mono> },
    { title: t('cop.pay.state'), key: 'state', render: (_, r) => <PaymentStateTag state={r.state} /> },
    { title: t('claim.pay.createdBy'), key: 'created', render: (_, r) => `${r.createdBy.name} ${formatDateTime(r.createdAt)}` },
    {
      title: t('claim.pay.outcome'),
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
              {t('claim.pay.markPaid')}
            </Button>
            <Button type="link" size="small" danger icon={<StopOutlined />} onClick={() => setCancelling(r)}>
              {t('claim.pay.cancel')}
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

      <PaidModal claimId={paying?.claim.id ?? ''} payment={paying} onClose={() => setPaying(null)} />
      <ReasonModal
        open={cancelling !== null}
        title={t('claim.pay.cancelTitle', { no: cancelling?.paymentNo ?? '' })}
        label={t('claim.pay.cancelReason')}
        okText={t('claim.pay.cancel')}
        danger
        pending={decide.isPending}
        onCancel={() => setCancelling(null)}
        onSubmit={(reason) =>
          cancelling &&
          decide.mutate(
            { claimId: cancelling.claim.id, paymentId: cancelling.id, decision: 'cancel', reason },
            {
              onSuccess: () => {
                setCancelling(null);
                notifySuccess(t('claim.pay.cancelled', { no: cancelling.paymentNo }));
              },
              onError: notifyError,
            },
          )
        }
      />
    </Card>
  );
}
