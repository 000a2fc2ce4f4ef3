import Decimal from 'decimal.js';
import { App, Button, Form, Input, InputNumber, Select, Space, Table, Typography, type FormListFieldData, type TableColumnType, type TableColumnsType } from 'antd';
import { DeleteOutlined, PlusOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import { ITEM_KINDS, LOSS_TYPES, type ClaimCoverage, type ClaimTask, type ItemKind, type LossType, type TaskItem } from '../../../contracts/claim';
import { isApiError } from '../../app/api';
import { useI18n } from '../../app/i18n';
import { notifyError, notifySuccess } from '../../app/notify';
import { DataTable } from '../../components/DataTable';
import { showServerFieldError } from '../../components/FormModal';
import { Money } from '../policy/labels';
import { LossTypeTag } from './labels';
import { useSaveTask, useTaskAction } from './opsQueries';

interface ItemValues {
  kind?: ItemKind;
  name?: string;
  coverageCode?: string;
  lossType?: LossType;
  unitPrice?: string | null;
  quantity?: string | null;
}

interface TaskValues {
  findings?: string;
  items: ItemValues[];
}

/** unitPrice × quantity to the fen, half up — what the server stores (it recomputes); null while incomplete. */
export function itemAmount(unitPrice: string | null | undefined, quantity: string | null | undefined): Decimal | null {
  try {
    if (!unitPrice || !quantity) return null;
    return new Decimal(unitPrice).times(quantity).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  } catch {
    return null;
  }
}

/** 合计 under the items: the six item columns, then the amount (and the form's delete column). */
function TotalRow({ total, trailingCell }: { total: string; trailingCell?: boolean }) {
  const { t } = useI18n();
  return (
    <Table.Summary.Row>
      <Table.Summary.Cell index={0} colSpan={6} align="right">
        {t('cop.item.total')}
      </Table.Summary.Cell>
      <Table.Summary.Cell index={1} align="right">
        <Money value={total} strong testId="items-total" />
      </Table.Summary.Cell>
      {trailingCell && <Table.Summary.Cell index={2} />}
    </Table.Summary.Row>
  );
}

/** The findings and items as saved (a submitted or finished task, or someone else's). */
function TaskView({ task, coverages }: { task: ClaimTask; coverages: ClaimCoverage[] }) {
  const { t, pick } = useI18n();
  const columns: TableColumnsType<TaskItem> = [
    { title: t('cop.item.kind'), key: 'kind', render: (_, it) => pick(ITEM_KINDS[it.kind]) },
    { title: t('cop.item.name'), dataIndex: 'name', key: 'name' },
    { title: t('cop.item.coverage'), key: 'coverage', render: (_, it) => coverages.find((c) => c.code === it.coverageCode)?.name ?? it.coverageCode },
    { title: t('cop.item.lossType'), key: 'lossType', render: (_, it) => <LossTypeTag type={it.lossType} /> },
    { title: t('cop.item.unitPrice'), key: 'unitPrice', align: 'right', render: (_, it) => <Money value={it.unitPrice} /> },
    { title: t('cop.item.quantity'), dataIndex: 'quantity', key: 'quantity', align: 'right' },
    { title: t('cop.item.amount'), key: 'amount', align: 'right', render: (_, it) => <Money value={it.amount} /> },
  ];
  return (
    <>
      <Typography.Text type="secondary">{t('cop.task.findings')}</Typography.Text>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="task-findings">
        {task.findings || '—'}
      </Typography.Paragraph>
      <DataTable<TaskItem>
        rows={task.items}
        loading={false}
        rowKey={(it) => `${it.name}-${it.coverageCode}-${it.amount}`}
        columns={columns}
        pagination={false}
        emptyText={t('cop.task.noItemsSaved')}
        data-testid="task-items"
        summary={() => <TotalRow total={task.assessedAmount} />}
      />
    </>
  );
}

/**
 * 查勘定损结果: findings and the assessed items (kind, name, coverage and loss type from the claim's
 * coverages, unit price × quantity, the amount to the fen as typed), 保存 (PUT with the version)
 * and 提交审核 — for the assignee while the task is open; others see it read-only. A stale version
 * (409) offers to reload.
 */
export function OpsTaskForm({ task, coverages, editable, onReload }: { task: ClaimTask; coverages: ClaimCoverage[]; editable: boolean; onReload: () => void }) {
  return editable ? <TaskForm task={task} coverages={coverages} onReload={onReload} /> : <TaskView task={task} coverages={coverages} />;
}

function TaskForm({ task, coverages, onReload }: { task: ClaimTask; coverages: ClaimCoverage[]; onReload: () => void }) {
  const { t, pick } = useI18n();
  const { modal } = App.useApp();
  const [form] = Form.useForm<TaskValues>();
  const save = useSaveTask();
  const action = useTaskAction();
  const items = Form.useWatch('items', form) ?? task.items;
  const total = items.reduce((sum, it) => sum.plus(itemAmount(it?.unitPrice, it?.quantity) ?? 0), new Decimal(0));

  const payload = (values: TaskValues) => ({
    id: task.id,
    version: task.version,
    findings: values.findings?.trim() || null,
    items: (values.items ?? []).map((it) => ({
      kind: it.kind!,
      name: it.name!.trim(),
      coverageCode: it.coverageCode!,
      lossType: it.lossType!,
      unitPrice: String(it.unitPrice),
      quantity: String(it.quantity),
    })),
  });

  const onSaveError = (error: unknown) => {
    if (isApiError(error, 'CLAIM_STALE')) {
      modal.confirm({
        title: t('cop.task.staleTitle'),
        content: t('cop.task.staleContent'),
        okText: t('cop.task.reload'),
        cancelText: t('common.cancel'),
        onOk: onReload,
      });
    } else if (!showServerFieldError(form, error)) notifyError(error);
  };

  const submit = async () => {
    let values: TaskValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    if (!values.findings?.trim()) {
      form.setFields([{ name: 'findings', errors: [t('cop.task.findingsRequired')] }]);
      form.scrollToField('findings');
      return;
    }
    modal.confirm({
      title: t('cop.task.submitTitle'),
      content: t('cop.task.submitContent', { n: values.items?.length ?? 0, total: total.toFixed(2) }),
      okText: t('cop.task.submit'),
      cancelText: t('common.cancel'),
      // Saved first, so what is on screen is what goes to review; the submit's errors are notified.
      onOk: () =>
        save.mutateAsync(payload(values)).then(
          (saved) => action.mutateAsync({ id: saved.id, action: 'submit' }).then(() => notifySuccess(t('cop.task.submitted')), () => undefined),
          onSaveError,
        ),
    });
  };

  const required = (field: string) => [{ required: true, message: t('common.required', { field }) }];
  /** 单价 / 数量: a decimal typed with at most two places, kept as text (no float on the way). */
  const numberColumn = (key: 'unitPrice' | 'quantity', min: string, max: string, width: number): TableColumnType<FormListFieldData> => ({
    title: t(`cop.item.${key}`),
    key,
    width,
    render: (_, field) => (
      <Form.Item name={[field.name, key]} rules={required(t(`cop.item.${key}`))} style={{ margin: 0 }}>
        <InputNumber<string> aria-label={t(`cop.item.${key}N`, { n: field.name + 1 })} stringMode min={min} max={max} precision={2} style={{ width: '100%' }} />
      </Form.Item>
    ),
  });
  return (
    <Form<TaskValues>
      form={form}
      name="task"
      layout="vertical"
      autoComplete="off"
      initialValues={{ findings: task.findings ?? '', items: task.items.map(({ amount: _amount, ...it }) => it) }}
      onFinish={(values) => save.mutate(payload(values), { onSuccess: () => notifySuccess(t('common.saved')), onError: onSaveError })}
    >
      <Form.Item label={t('cop.task.findings')} name="findings" extra={t('cop.task.findingsHint')}>
        <Input.TextArea rows={4} maxLength={2000} showCount />
      </Form.Item>
      <Typography.Text strong>{t('cop.task.itemsTitle')}</Typography.Text>
      <Form.List name="items">
        {(fields, { add, remove }) => (
          <>
            <Table
              size="small"
              pagination={false}
              rowKey="key"
              dataSource={fields}
              scroll={{ x: 'max-content' }}
              style={{ marginTop: 8 }}
              data-testid="task-items"
              locale={{ emptyText: t('cop.task.noItems') }}
              columns={[
                {
                  title: t('cop.item.kind'),
                  key: 'kind',
                  width: 110,
                  render: (_, field) => (
                    <Form.Item name={[field.name, 'kind']} rules={required(t('cop.item.kind'))} style={{ margin: 0 }}>
                      <Select aria-label={t('cop.item.kindN', { n: field.name + 1 })} options={Object.keys(ITEM_KINDS).map((k) => ({ value: k, label: pick(ITEM_KINDS[k as ItemKind]) }))} />
                    </Form.Item>
                  ),
                },
                {
                  title: t('cop.item.name'),
                  key: 'name',
                  width: 170,
                  render: (_, field) => (
                    <Form.Item name={[field.name, 'name']} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('cop.item.name') }) }]} style={{ margin: 0 }}>
                      <Input aria-label={t('cop.item.nameN', { n: field.name + 1 })} maxLength={100} />
                    </Form.Item>
                  ),
                },
                {
                  title: t('cop.item.coverage'),
                  key: 'coverage',
                  width: 180,
                  render: (_, field) => (
                    <Form.Item name={[field.name, 'coverageCode']} rules={required(t('cop.item.coverage'))} style={{ margin: 0 }}>
                      <Select
                        aria-label={t('cop.item.coverageN', { n: field.name + 1 })}
                        popupMatchSelectWidth={false}
                        options={coverages.map((c) => ({ value: c.code, label: c.name }))}
                        onChange={(code: string) => {
                          // The loss type follows the coverage: the only one it answers for, else pick again.
                          const types = coverages.find((c) => c.code === code)?.lossTypes ?? [];
                          form.setFieldValue(['items', field.name, 'lossType'], types.length === 1 ? types[0] : undefined);
                        }}
                      />
                    </Form.Item>
                  ),
                },
                {
                  title: t('cop.item.lossType'),
                  key: 'lossType',
                  width: 100,
                  render: (_, field) => (
                    <Form.Item noStyle shouldUpdate>
                      {({ getFieldValue }) => {
                        const code = getFieldValue(['items', field.name, 'coverageCode']) as string | undefined;
                        const types = coverages.find((c) => c.code === code)?.lossTypes ?? [];
                        return (
                          <Form.Item name={[field.name, 'lossType']} rules={required(t('cop.item.lossType'))} style={{ margin: 0 }}>
                            <Select aria-label={t('cop.item.lossTypeN', { n: field.name + 1 })} options={types.map((l) => ({ value: l, label: pick(LOSS_TYPES[l]) }))} />
                          </Form.Item>
                        );
                      }}
                    </Form.Item>
                  ),
                },
                numberColumn('unitPrice', '0', '9999999999.99', 140),
                numberColumn('quantity', '0.01', '999999.99', 100),
                {
                  title: t('cop.item.amount'),
                  key: 'amount',
                  align: 'right',
                  width: 120,
                  render: (_, field) => {
                    const it = items[field.name];
                    return <Money value={itemAmount(it?.unitPrice, it?.quantity)?.toFixed(2)} testId={`item-amount-${field.name}`} />;
                  },
                },
                {
                  title: '',
                  key: 'remove',
                  width: 40,
                  render: (_, field) => <Button type="text" danger aria-label={t('cop.item.removeN', { n: field.name + 1 })} icon={<DeleteOutlined />} onClick={() => remove(field.name)} />,
                },
              ]}
              summary={() => <TotalRow total={total.toFixed(2)} trailingCell />}
            />
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              style={{ marginTop: 8 }}
              onClick={() => {
                const only = coverages.length === 1 ? coverages[0] : undefined;
                add({ quantity: '1', coverageCode: only?.code, lossType: only?.lossTypes.length === 1 ? only.lossTypes[0] : undefined });
              }}
            >
              {t('cop.item.add')}
            </Button>
          </>
        )}
      </Form.List>
      <Space style={{ marginTop: 16 }}>
        <Button htmlType="submit" icon={<SaveOutlined />} loading={save.isPending}>
          {t('common.save')}
        </Button>
        <Button type="primary" icon={<SendOutlined />} loading={action.isPending} onClick={() => void submit()}>
          {t('cop.task.submit')}
        </Button>
      </Space>
    </Form>
  );
}
