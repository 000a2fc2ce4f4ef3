import { useState } from 'react';
import { Alert, Button, Form, Input, InputNumber, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { LOSS_TYPES, type ClaimDetail, type LossType, type ReserveChange, type ReserveLine } from '../../../contracts/claim';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { notifyError, notifySuccess } from '../../app/notify';
import { usePermission } from '../../app/session';
import { DataTable } from '../../components/DataTable';
import { FormModal, showServerFieldError } from '../../components/FormModal';
import { Money } from '../policy/labels';
import { isPositiveAmount, toFen } from '../policy/money';
import { LossTypeTag, ReserveKindTag } from './labels';
import { activityOpen, useChangeReserve, useClaimAction, type ReserveInput } from './queries';

/** A coverage and loss type a reserve, a calculation or a payment is about. */
export interface CoverageLoss {
  key: string;
  coverageCode: string;
  coverageName: string;
  lossType: LossType;
}

/** Every (coverage, loss type) the claim's policy can answer for, in the policy's order. */
export function coverageLossesOf(c: Pick<ClaimDetail, 'coverages'>): CoverageLoss[] {
  return c.coverages.flatMap((cov) => cov.lossTypes.map((lossType) => ({ key: `${cov.code}|${lossType}`, coverageCode: cov.code, coverageName: cov.name, lossType })));
}

/** Select options of coverage × loss type: "机动车损失保险 · 车损". */
export function useCoverageLossOptions(c: Pick<ClaimDetail, 'coverages'>) {
  const { pick } = useI18n();
  return coverageLossesOf(c).map((x) => ({ value: x.key, label: `${x.coverageName} · ${pick(LOSS_TYPES[x.lossType])}`, x }));
}

const keyOf = (x: { coverageCode: string; lossType: LossType }) => `${x.coverageCode}|${x.lossType}`;

interface ReservesValues {
  amounts?: Record<string, string | undefined>;
  reason?: string;
}

/**
 * 立案 / 重开: a table form with one reserve per coverage and loss type (blank = none), and the
 * reason (required to reopen). At least one positive reserve is needed (the server's NO_RESERVE).
 */
export function ReservesModal({ c, mode, open, onClose }: { c: ClaimDetail; mode: 'register' | 'reopen'; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const action = useClaimAction();
  const rows = coverageLossesOf(c);
  const current = new Map(c.reserves.map((r) => [keyOf(r), r.amount]));
  const [empty, setEmpty] = useState(false);
  const columns: TableColumnsType<(typeof rows)[number]> = [
    { title: t('claim.coverage'), dataIndex: 'coverageName', key: 'coverage' },
    { title: t('claim.lossType'), dataIndex: 'lossType', key: 'lossType', render: (lt: LossType) => <LossTypeTag type={lt} /> },
    {
      title: t('claim.reserve.amount'),
      key: 'amount',
      width: 220,
      render: (_, row) => (
        <Form.Item name={['amounts', row.key]} style={{ margin: 0 }}>
          <InputNumber<string> aria-label={`${row.coverageName} ${t('claim.reserve.amount')} ${row.lossType}`} data-testid={`reserve-${row.key}`} stringMode min="0" precision={2} style={{ width: '100%' }} suffix={t('rating.yuan')} />
        </Form.Item>
      ),
    },
  ];
  const submit = (v: ReservesValues) => {
    const reserves: ReserveInput[] = rows.flatMap((row) => {
      const amount = v.amounts?.[row.key];
      return amount && isPositiveAmount(String(amount)) ? [{ coverageCode: row.coverageCode, lossType: row.lossType, amount: String(amount) }] : [];
    });
    if (reserves.length === 0) return setEmpty(true);
    setEmpty(false);
    const done = () => {
      onClose();
      notifySuccess(t(mode === 'register' ? 'claim.reserve.registered' : 'claim.reserve.reopened'));
    };
    const onError = notifyError;
    if (mode === 'register') action.mutate({ id: c.id, action: 'register', body: { reserves, reason: v.reason?.trim() || null } }, { onSuccess: done, onError });
    else action.mutate({ id: c.id, action: 'reopen', body: { reserves, reason: v.reason?.trim() ?? '' } }, { onSuccess: done, onError });
  };
  return (
    <FormModal<ReservesValues>
      open={open}
      name={mode === 'register' ? 'claimRegister' : 'claimReopen'}
      width={760}
      title={t(mode === 'register' ? 'claim.reserve.registerTitle' : 'claim.reserve.reopenTitle', { no: c.claimNo })}
      okText={t(mode === 'register' ? 'claim.reserve.registerOk' : 'claim.reserve.reopenOk')}
      confirmLoading={action.isPending}
      onCancel={onClose}
      initialValues={{ amounts: mode === 'register' ? Object.fromEntries(current) : {} }}
      onSubmit={submit}
    >
      <Typography.Paragraph type="secondary">{t('claim.reserve.hint')}</Typography.Paragraph>
      {empty && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('claim.reserve.noneEntered')} />}
      <Table rowKey="key" size="small" pagination={false} columns={columns} dataSource={rows} style={{ marginBottom: 16 }} />
      <Form.Item
        label={t(mode === 'register' ? 'claim.reserve.registerReason' : 'claim.reserve.reopenReason')}
        name="reason"
        rules={[{ required: mode === 'reopen', whitespace: true, message: t('common.required', { field: t('claim.reason') }) }]}
      >
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}

interface ChangeValues {
  pair: string;
  amount: string;
  reason: string;
}

/** 估损调整: the new reserve of one coverage and loss type, with the reason (one ADJUST row). */
function ReserveChangeModal({ c, pair, onClose }: { c: ClaimDetail; pair: string | null; onClose: () => void }) {
  const { t } = useI18n();
  const change = useChangeReserve();
  const options = useCoverageLossOptions(c);
  const current = new Map(c.reserves.map((r) => [keyOf(r), r.amount]));
  return (
    <FormModal<ChangeValues>
      open={pair !== null}
      name="reserveChange"
      title={t('claim.reserve.changeTitle')}
      okText={t('common.save')}
      confirmLoading={change.isPending}
      onCancel={onClose}
      initialValues={{ pair: pair || undefined, amount: pair ? current.get(pair) : undefined }}
      onSubmit={(v, form) => {
        const x = options.find((o) => o.value === v.pair)!.x;
        change.mutate(
          { id: c.id, coverageCode: x.coverageCode, lossType: x.lossType, amount: String(v.amount), reason: v.reason.trim() },
          {
            onSuccess: () => {
              onClose();
              notifySuccess(t('claim.reserve.changed'));
            },
            onError: (error) => {
              if (!showServerFieldError(form, error)) notifyError(error);
            },
          },
        );
      }}
    >
      <Form.Item label={`${t('claim.coverage')} / ${t('claim.lossType')}`} name="pair" rules={[{ required: true, message: t('common.required', { field: t('claim.coverage') }) }]}>
        <Select options={options.map(({ value, label }) => ({ value, label }))} disabled={Boolean(pair)} />
      </Form.Item>
      <Form.Item noStyle dependencies={['pair']}>
        {({ getFieldValue }) => (
          <Typography.Paragraph type="secondary">
            {t('claim.reserve.current')}：<Money value={current.get(getFieldValue('pair') as string) ?? '0.00'} />
          </Typography.Paragraph>
        )}
      </Form.Item>
      <Form.Item label={t('claim.reserve.newAmount')} name="amount" rules={[{ required: true, message: t('common.required', { field: t('claim.reserve.newAmount') }) }]}>
        <InputNumber<string> stringMode min="0" precision={2} style={{ width: '100%' }} suffix={t('rating.yuan')} autoFocus />
      </Form.Item>
      <Form.Item label={t('claim.reserve.changeReason')} name="reason" rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('claim.reserve.changeReason') }) }]}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}

/** 立案与估损: the current reserve per coverage and loss type, 估损调整, and every change made. */
export function ClaimReserves({ c }: { c: ClaimDetail }) {
  const { t } = useI18n();
  const can = usePermission();
  const [changing, setChanging] = useState<string | null>(null);
  const canChange = can('claim:handle') && activityOpen('reserves', c.state);
  const currentColumns: TableColumnsType<ReserveLine> = [
    { title: t('claim.coverage'), dataIndex: 'coverageName', key: 'coverage' },
    { title: t('claim.lossType'), dataIndex: 'lossType', key: 'lossType', render: (lt: LossType) => <LossTypeTag type={lt} /> },
    { title: t('claim.reserve.amount'), dataIndex: 'amount', key: 'amount', align: 'right', render: (v: string) => <Money value={v} /> },
    ...(canChange
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, r: ReserveLine) => (
              <Button type="link" size="small" onClick={() => setChanging(keyOf(r))}>
                {t('claim.reserve.change')}
              </Button>
            ),
          },
        ]
      : []),
  ];
  const historyColumns: TableColumnsType<ReserveChange> = [
    { title: t('claim.at'), dataIndex: 'at', key: 'at', render: formatDateTime },
    { title: t('claim.coverage'), dataIndex: 'coverageCode', key: 'coverage', render: (code: string) => c.coverages.find((x) => x.code === code)?.name ?? code },
    { title: t('claim.lossType'), dataIndex: 'lossType', key: 'lossType', render: (lt: LossType) => <LossTypeTag type={lt} /> },
    { title: t('claim.reserve.kind'), dataIndex: 'kind', key: 'kind', render: (k: ReserveChange['kind']) => <ReserveKindTag kind={k} /> },
    { title: t('claim.reserve.delta'), dataIndex: 'delta', key: 'delta', align: 'right', render: (v: string) => <Money value={toFen(v) !== null && toFen(v)! > 0n ? `+${v}` : v} /> },
    { title: t('claim.reason'), dataIndex: 'reason', key: 'reason', render: (v: string) => v || '—' },
    { title: t('claim.by'), key: 'by', render: (_, r) => r.by?.name ?? t('claim.system') },
  ];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space>
        <Typography.Text strong>{t('claim.outstandingReserve')}：</Typography.Text>
        <Money value={c.outstandingReserve} strong testId="reserve-total" />
        {canChange && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setChanging('')}>
            {t('claim.reserve.changeOther')}
          </Button>
        )}
      </Space>
      <DataTable rows={c.reserves} loading={false} columns={currentColumns} rowKey={keyOf} emptyText={t('claim.reserve.none')} pagination={false} size="small" data-testid="reserve-table" />
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('claim.reserve.history')}
      </Typography.Title>
      <DataTable rows={c.reserveHistory} loading={false} columns={historyColumns} emptyText={t('claim.reserve.noHistory')} pagination={false} size="small" data-testid="reserve-history" />
      <ReserveChangeModal c={c} pair={changing} onClose={() => setChanging(null)} />
    </Space>
  );
}
