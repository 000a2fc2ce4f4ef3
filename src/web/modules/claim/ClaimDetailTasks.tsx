import { useState } from 'react';
import { Button, Form, Radio, Space, Typography, type TableColumnsType } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { TASK_KINDS, type ClaimDetail, type ClaimDocument, type ClaimTask, type DocumentKind, type TaskKind } from '../../../contracts/claim';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { notifyError, notifySuccess } from '../../app/notify';
import { usePermission } from '../../app/session';
import { DataTable } from '../../components/DataTable';
import { FormModal } from '../../components/FormModal';
import { Money } from '../policy/labels';
import { DocumentKindTag, TaskKindTag, TaskStateTag } from './labels';
import { OpsDocumentList, OpsDocumentUpload } from './OpsDocuments';
import { OpsUserSelect } from './OpsUserSelect';
import { activityOpen, useDispatchTask } from './queries';

/** 1,234,567 bytes → "1.2 MB". */
function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

/** 调度: the kind of task; without a named surveyor the server picks the least busy one of the org. */
function DispatchModal({ c, open, onClose }: { c: ClaimDetail; open: boolean; onClose: () => void }) {
  const { t, pick } = useI18n();
  const can = usePermission();
  const dispatch = useDispatchTask();
  return (
    <FormModal<{ kind: TaskKind; assigneeId?: string }>
      open={open}
      name="dispatch"
      title={t('claim.task.dispatchTitle', { no: c.claimNo })}
      okText={t('claim.task.dispatch')}
      confirmLoading={dispatch.isPending}
      onCancel={onClose}
      initialValues={{ kind: c.policy.line === 'CTPL' || c.policy.line === 'COMMERCIAL_MOTOR' ? 'DAMAGE' : 'INJURY' }}
      onSubmit={(v) =>
        dispatch.mutate(
          { id: c.id, kind: v.kind, assigneeId: v.assigneeId ?? null },
          {
            onSuccess: (task) => {
              onClose();
              notifySuccess(t('claim.task.dispatched', { kind: pick(TASK_KINDS[task.kind]), name: task.assignee.name }));
            },
            onError: notifyError,
          },
        )
      }
    >
      <Form.Item label={t('claim.task.kind')} name="kind" rules={[{ required: true, message: t('common.required', { field: t('claim.task.kind') }) }]}>
        <Radio.Group optionType="button" options={(Object.keys(TASK_KINDS) as TaskKind[]).map((k) => ({ value: k, label: pick(TASK_KINDS[k]) }))} />
      </Form.Item>
      {/* Naming the surveyor needs the user list (user:read); otherwise the server picks. */}
      {can('user:read') && (
        <Form.Item label={t('claim.task.assignee')} name="assigneeId">
          <OpsUserSelect allowClear placeholder={t('claim.task.autoAssignShort')} />
        </Form.Item>
      )}
      <Typography.Paragraph type="secondary">{t('claim.task.autoAssign')}</Typography.Paragraph>
    </FormModal>
  );
}

/** Documents: upload (with progress, as on the task screen), photos as thumbnails (click to enlarge), every file in a table with its download link. */
export function ClaimDocuments({ c, documents }: { c: ClaimDetail; documents: ClaimDocument[] }) {
  const { t } = useI18n();
  const can = usePermission();
  const canUpload = (can('claim:handle') || can('claim:survey')) && activityOpen('documents', c.state);
  const photos = documents.filter((d) => d.mime.startsWith('image/'));
  const taskKind = new Map(c.tasks.map((task) => [task.id, task.kind]));
  const columns: TableColumnsType<ClaimDocument> = [
    { title: t('claim.doc.kind'), dataIndex: 'kind', key: 'kind', render: (k: DocumentKind) => <DocumentKindTag kind={k} /> },
    {
      title: t('claim.doc.name'),
      dataIndex: 'name',
      key: 'name',
      render: (name: string, d) => (
        <a href={d.href} download={name}>
          {name}
        </a>
      ),
    },
    { title: t('claim.doc.task'), dataIndex: 'taskId', key: 'task', render: (id: string | null) => (id && taskKind.get(id) ? <TaskKindTag kind={taskKind.get(id)!} /> : '—') },
    { title: t('claim.doc.size'), dataIndex: 'size', key: 'size', align: 'right', render: sizeText },
    { title: t('claim.doc.uploadedBy'), key: 'by', render: (_, d) => `${d.uploadedBy.name} ${formatDateTime(d.uploadedAt)}` },
  ];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {canUpload && <OpsDocumentUpload claimId={c.id} />}
      {photos.length > 0 && <OpsDocumentList documents={photos} />}
      <DataTable rows={documents} loading={false} columns={columns} emptyText={t('claim.doc.none')} pagination={false} size="small" data-testid="claim-documents" />
    </Space>
  );
}

/** 查勘定损: the tasks beside the claim (调度, state, assignee, assessed amount) and the documents. */
export function ClaimTasks({ c }: { c: ClaimDetail }) {
  const { t } = useI18n();
  const can = usePermission();
  const [dispatching, setDispatching] = useState(false);
  const columns: TableColumnsType<ClaimTask> = [
    { title: t('claim.task.kind'), dataIndex: 'kind', key: 'kind', render: (k: TaskKind) => <TaskKindTag kind={k} /> },
    { title: t('claim.state'), dataIndex: 'state', key: 'state', render: (s: ClaimTask['state']) => <TaskStateTag state={s} /> },
    { title: t('claim.task.assignee'), key: 'assignee', render: (_, task) => task.assignee.name },
    { title: t('claim.task.assessed'), dataIndex: 'assessedAmount', key: 'assessed', align: 'right', render: (v: string) => <Money value={v} /> },
    { title: t('claim.task.items'), key: 'items', align: 'right', render: (_, task) => task.items.length },
    { title: t('claim.task.createdAt'), dataIndex: 'createdAt', key: 'createdAt', render: formatDateTime },
    { title: t('claim.task.submittedAt'), dataIndex: 'submittedAt', key: 'submittedAt', render: (v: string | null) => formatDateTime(v) || '—' },
    { title: t('claim.task.reviewedBy'), key: 'reviewed', render: (_, task) => (task.reviewedBy ? `${task.reviewedBy.name} ${formatDateTime(task.reviewedAt)}` : '—') },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, task) => <Link to={`/claim-tasks/${task.id}`}>{t('claim.task.open')}</Link>,
    },
  ];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {can('claim:handle') && activityOpen('tasks', c.state) && (
        <Button type="primary" icon={<SendOutlined />} onClick={() => setDispatching(true)}>
          {t('claim.task.dispatch')}
        </Button>
      )}
      <DataTable rows={c.tasks} loading={false} columns={columns} emptyText={t('claim.task.none')} pagination={false} size="small" data-testid="claim-tasks" />
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('claim.doc.title')}
      </Typography.Title>
      <ClaimDocuments c={c} documents={c.documents} />
      <DispatchModal c={c} open={dispatching} onClose={() => setDispatching(false)} />
    </Space>
  );
}
