import { useState } from 'react';
import { Button, Card, DatePicker, Descriptions, Drawer, Form, Input, Select, Space, Typography, type GetProps, type TableColumnsType } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { ENDORSEMENT_ITEM_CODES, ENDORSEMENT_ITEMS, ENDORSEMENT_STATES, type EndorsementState, type EndorsementSummary } from '../../../contracts/policy';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { notifyError, notifySuccess } from '../../app/notify';
import { useMe, usePermission } from '../../app/session';
import { PagedTable, usePaging } from '../../components/DataTable';
import { showServerFieldError } from '../../components/FormModal';
import { PageLoading } from '../../components/results';
import { CollectionView, PaymentModal, ReasonModal } from './components';
import { EndorsementStateTag, Money, Mono } from './labels';
import { exportHref, useEndorsement, useEndorsementDecision, useEndorsementPayment, useEndorsements, type EndorsementFilters } from './queries';

type RangeValue = GetProps<typeof DatePicker.RangePicker>['value'];

/** One item: its calculation and money, and 收/付费 once applied. */
function EndorsementDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t, pick } = useI18n();
  const can = usePermission();
  const query = useEndorsement(id ?? undefined);
  const pay = useEndorsementPayment();
  const [paying, setPaying] = useState(false);
  const e = query.data;
  return (
    <Drawer open={id !== null} onClose={onClose} size="large" title={e ? `${pick(ENDORSEMENT_ITEMS[e.item])} ${e.endorsementNo}` : t('common.loading')}>
      {!e ? (
        <PageLoading />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }} data-testid="endorsement-detail">
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'policy', label: t('pol.policyNo'), children: <Link to={`/policies/${e.policyId}`}>{e.policyNo}</Link> },
              { key: 'state', label: t('pol.state'), children: <EndorsementStateTag state={e.state} /> },
              { key: 'effective', label: t('pol.effectiveDate'), children: e.effectiveDate },
              { key: 'amount', label: t('pol.endorsementAmount'), children: e.direction ? <>{t(`pol.direction.${e.direction}`)} <Money value={e.amount} /></> : t('pol.endorse.noMoney') },
              { key: 'reason', label: t('pol.endorse.reason'), children: e.reason ?? '—' },
              { key: 'requested', label: t('pol.requestedBy'), children: `${e.requestedBy.name} ${formatDateTime(e.requestedAt)}` },
              ...(e.decidedBy ? [{ key: 'decided', label: t('pol.decidedBy'), children: `${e.decidedBy.name} ${formatDateTime(e.decidedAt)} ${e.decisionNote ?? ''}` }] : []),
            ]}
          />
          <Typography.Text strong>{t('pol.derivation')}</Typography.Text>
          <ol style={{ margin: 0, paddingInlineStart: 20 }}>
            {e.calculation.explanation.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ol>
          {e.calculation.changes.map((c) => (
            <div key={c.field}>
              {c.field}：{c.before ?? '—'} → {c.after ?? '—'}
            </div>
          ))}
          {e.billing && (
            <>
              <Typography.Text strong>{e.direction === 'PAYABLE' ? t('pol.endorse.refund') : t('pol.endorse.premiumDue')}</Typography.Text>
              <CollectionView collection={e.billing} />
              {e.billing.status === 'OPEN' && can('proposal:collect') && (
                <Button type="primary" onClick={() => setPaying(true)}>
                  {e.direction === 'PAYABLE' ? t('pol.endorse.recordRefund') : t('pol.payment.record')}
                </Button>
              )}
            </>
          )}
          <PaymentModal
            open={paying}
            title={e.direction === 'PAYABLE' ? t('pol.endorse.recordRefund') : t('pol.payment.record')}
            outstanding={e.billing?.outstanding ?? null}
            pending={pay.isPending}
            onCancel={() => setPaying(false)}
            onSubmit={(body, form) =>
              pay.mutate(
                { id: e.id, ...body },
                {
                  onSuccess: () => {
                    setPaying(false);
                    void query.refetch();
                    notifySuccess(t('pol.payment.recorded'));
                  },
                  onError: (error) => {
                    if (!showServerFieldError(form, error)) notifyError(error);
                  },
                },
              )
            }
          />
        </Space>
      )}
    </Drawer>
  );
}

/**
 * 保全审批 (approval = true: items waiting for me, approve / reject with a reason) and 保全查询 (all
 * items in my scope, filters, export; the requester may withdraw a pending one).
 */
export function EndorsementsPage({ approval }: { approval: boolean }) {
  const { t, pick } = useI18n();
  const can = usePermission();
  const { data: me } = useMe();
  const paging = usePaging();
  const [filters, setFilters] = useState<EndorsementFilters>(approval ? { state: 'PENDING_APPROVAL' } : {});
  const query = useEndorsements(filters, paging.page, paging.pageSize);
  const decide = useEndorsementDecision();
  const [deciding, setDeciding] = useState<{ row: EndorsementSummary; action: 'approve' | 'reject' | 'withdraw' } | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [form] = Form.useForm<{ q?: string; state?: EndorsementState; item?: EndorsementFilters['item']; requested?: RangeValue }>();

  const apply = () => {
    const { q, state, item, requested } = form.getFieldsValue();
    setFilters({ q: q?.trim() || undefined, state: approval ? 'PENDING_APPROVAL' : state, item, dateFrom: requested?.[0]?.format('YYYY-MM-DD'), dateTo: requested?.[1]?.format('YYYY-MM-DD') });
    paging.reset();
  };

  const columns: TableColumnsType<EndorsementSummary> = [
    {
      title: t('pol.endorsementNo'),
      dataIndex: 'endorsementNo',
      key: 'no',
      render: (no: string, e) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setOpen(e.id)}>
          <Mono>{no}</Mono>
        </Button>
      ),
    },
    { title: t('pol.policyNo'), key: 'policy', render: (_, e) => <Link to={`/policies/${e.policyId}`}><Mono>{e.policyNo}</Mono></Link> },
    { title: t('pol.endorsementItem'), dataIndex: 'item', key: 'item', render: (i: EndorsementSummary['item']) => pick(ENDORSEMENT_ITEMS[i]) },
    { title: t('pol.state'), dataIndex: 'state', key: 'state', render: (s: EndorsementState) => <EndorsementStateTag state={s} /> },
    { title: t('pol.effectiveDate'), dataIndex: 'effectiveDate', key: 'effective' },
    { title: t('pol.endorsementAmount'), key: 'amount', align: 'right', render: (_, e) => (e.direction ? <>{t(`pol.direction.${e.direction}`)} <Money value={e.amount} /></> : '—') },
    { title: t('pol.requestedBy'), key: 'requested', render: (_, e) => `${e.requestedBy.name} ${formatDateTime(e.requestedAt)}` },
    { title: t('pol.decidedBy'), key: 'decided', render: (_, e) => (e.decidedBy ? `${e.decidedBy.name} ${formatDateTime(e.decidedAt)}` : '—') },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, e) =>
        e.state === 'PENDING_APPROVAL' && (
          <Space size={0}>
            {can('endorsement:approve') && e.requestedBy.id !== me?.user.id && (
              <>
                <Button type="link" size="small" onClick={() => setDeciding({ row: e, action: 'approve' })}>
                  {t('pol.endorse.approve')}
                </Button>
                <Button type="link" size="small" danger onClick={() => setDeciding({ row: e, action: 'reject' })}>
                  {t('pol.endorse.reject')}
                </Button>
              </>
            )}
            {can('endorsement:request') && e.requestedBy.id === me?.user.id && (
              <Button type="link" size="small" danger onClick={() => setDeciding({ row: e, action: 'withdraw' })}>
                {t('pol.action.withdraw')}
              </Button>
            )}
          </Space>
        ),
    },
  ];

  const labels = {
    approve: { title: t('pol.endorse.approveTitle'), label: t('pol.endorse.note'), ok: t('pol.endorse.approve') },
    reject: { title: t('pol.endorse.rejectTitle'), label: t('pol.endorse.rejectReason'), ok: t('pol.endorse.reject') },
    withdraw: { title: t('pol.endorse.withdrawTitle'), label: t('pol.endorse.note'), ok: t('pol.action.withdraw') },
  };
  const current = deciding ? labels[deciding.action] : null;

  return (
    <Card
      title={approval ? t('nav.endorsementApprovals') : t('nav.endorsements')}
      extra={
        !approval && (
          <Button icon={<DownloadOutlined />} href={exportHref('/endorsements/export', filters)}>
            {t('common.export')}
          </Button>
        )
      }
    >
      <Form form={form} layout="inline" name="endorsementFilters" style={{ marginBottom: 16, rowGap: 8 }} onValuesChange={(changed) => !('q' in changed) && apply()}>
        <Form.Item name="q" label={t('common.search')}>
          <Input.Search allowClear enterButton autoFocus style={{ width: 300 }} placeholder={t('pol.endorse.searchPlaceholder')} onSearch={apply} />
        </Form.Item>
        {!approval && (
          <Form.Item name="state" label={t('pol.state')}>
            <Select allowClear placeholder={t('common.all')} style={{ width: 140 }} options={(Object.keys(ENDORSEMENT_STATES) as EndorsementState[]).map((s) => ({ value: s, label: pick(ENDORSEMENT_STATES[s]) }))} />
          </Form.Item>
        )}
        <Form.Item name="item" label={t('pol.endorsementItem')}>
          <Select allowClear placeholder={t('common.all')} style={{ width: 180 }} popupMatchSelectWidth={false} options={ENDORSEMENT_ITEM_CODES.map((i) => ({ value: i, label: pick(ENDORSEMENT_ITEMS[i]) }))} />
        </Form.Item>
        <Form.Item name="requested" label={t('pol.endorse.requestedRange')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: 240 }} />
        </Form.Item>
      </Form>
      <PagedTable<EndorsementSummary>
        query={query}
        paging={paging}
        columns={columns}
        data-testid="endorsement-table"
        emptyText={approval ? t('pol.endorse.noPending') : t('pol.endorsements.none')}
      />
      <ReasonModal
        open={deciding !== null}
        title={current ? `${current.title} · ${deciding?.row.endorsementNo}` : ''}
        label={current?.label ?? ''}
        okText={current?.ok ?? ''}
        required={deciding?.action === 'reject'}
        danger={deciding?.action === 'reject'}
        pending={decide.isPending}
        onCancel={() => setDeciding(null)}
        onSubmit={(note) =>
          deciding &&
          decide.mutate(
            { id: deciding.row.id, action: deciding.action, note },
            {
              onSuccess: (detail) => {
                setDeciding(null);
                notifySuccess(t('pol.endorse.decided', { no: detail.endorsementNo, state: pick(ENDORSEMENT_STATES[detail.state]) }));
              },
            },
          )
        }
      />
      <EndorsementDrawer id={open} onClose={() => setOpen(null)} />
    </Card>
  );
}

export function EndorsementApprovalsPage() {
  return <EndorsementsPage approval />;
}

export function EndorsementSearchPage() {
  return <EndorsementsPage approval={false} />;
}
