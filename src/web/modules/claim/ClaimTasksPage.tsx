import { useState } from 'react';
import { Button, Card, Form, Input, Select, Switch, type TableColumnsType } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { TASK_KINDS, TASK_STATES, type ClaimTask, type TaskKind, type TaskState } from '../../../contracts/claim';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { notifyError } from '../../app/notify';
import { usePermission } from '../../app/session';
import { PagedTable, usePaging } from '../../components/DataTable';
import { FilterForm } from '../../components/FilterForm';
import { Money, Mono } from '../policy/labels';
import { TaskKindTag, TaskStateTag } from './labels';
import { claimIdOfNo, useClaimTasks, type TaskFilters } from './opsQueries';

interface FilterValues {
  q?: string;
  state?: TaskState[];
  kind?: TaskKind;
  mine?: boolean;
}

/** Open work first: what a surveyor still has to do or see reviewed. */
const OPEN_STATES: TaskState[] = ['ASSIGNED', 'RETURNED', 'SUBMITTED'];

/**
 * 查勘定损任务 (/claim-tasks): the tasks assigned to me (surveyors), or in my scope (handlers, who can
 * switch 只看我的 off); by state, kind and claim number.
 */
export default function ClaimTasksPage() {
  const { t, pick } = useI18n();
  const navigate = useNavigate();
  const can = usePermission();
  const handler = can('claim:handle');
  const paging = usePaging();
  const [form] = Form.useForm<FilterValues>();
  const initial: FilterValues = { state: OPEN_STATES, mine: true };
  const [filters, setFilters] = useState<TaskFilters>({ state: OPEN_STATES, mine: true });
  // A claim number that matched no claim: nothing to list (the API filters by claim id).
  const [noClaim, setNoClaim] = useState(false);
  const query = useClaimTasks(filters, paging.page, paging.pageSize);

  const apply = async () => {
    const values = form.getFieldsValue();
    const no = values.q?.trim();
    let claimId: string | null | undefined;
    try {
      claimId = no ? await claimIdOfNo(no) : undefined;
    } catch (error) {
      return notifyError(error);
    }
    setNoClaim(claimId === null);
    setFilters({ state: values.state?.length ? values.state : undefined, kind: values.kind, mine: handler ? values.mine : true, claimId: claimId ?? undefined });
    paging.reset();
  };

  const columns: TableColumnsType<ClaimTask> = [
    { title: t('cop.task.kind'), key: 'kind', render: (_, r) => <TaskKindTag kind={r.kind} /> },
    {
      title: t('cop.claimNo'),
      key: 'claimNo',
      render: (_, r) => (
        <Link to={`/claim-tasks/${r.id}`}>
          <Mono>{r.claimNo}</Mono>
        </Link>
      ),
    },
    { title: t('cop.task.state'), key: 'state', render: (_, r) => <TaskStateTag state={r.state} /> },
    { title: t('cop.task.assignee'), key: 'assignee', render: (_, r) => r.assignee.name },
    { title: t('cop.org'), key: 'org', render: (_, r) => r.org.name },
    { title: t('cop.task.assessed'), key: 'assessed', align: 'right', render: (_, r) => <Money value={r.assessedAmount} /> },
    { title: t('cop.task.items'), key: 'items', align: 'right', render: (_, r) => r.items.length },
    { title: t('cop.task.documents'), key: 'documents', align: 'right', render: (_, r) => r.documents.length },
    { title: t('cop.task.assignedAt'), key: 'createdAt', render: (_, r) => formatDateTime(r.createdAt) },
    { title: t('cop.task.submittedAt'), key: 'submittedAt', render: (_, r) => formatDateTime(r.submittedAt) || '—' },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, r) => (
        <Button type="link" size="small" onClick={() => navigate(`/claim-tasks/${r.id}`)}>
          {t('cop.task.open')}
        </Button>
      ),
    },
  ];

  return (
    <Card title={t('nav.claimTasks')}>
      <FilterForm<FilterValues> form={form} name="taskFilters" initialValues={initial} onApply={() => void apply()} style={{ marginBottom: 16 }}>
        <Form.Item name="q" label={t('cop.claimNo')}>
          <Input.Search allowClear enterButton autoFocus style={{ width: 280 }} maxLength={40} placeholder={t('cop.task.claimNoPlaceholder')} onSearch={() => void apply()} />
        </Form.Item>
        <Form.Item name="state" label={t('cop.task.state')}>
          <Select mode="multiple" allowClear placeholder={t('common.all')} style={{ minWidth: 220 }} options={Object.keys(TASK_STATES).map((s) => ({ value: s, label: pick(TASK_STATES[s as TaskState]) }))} />
        </Form.Item>
        <Form.Item name="kind" label={t('cop.task.kind')}>
          <Select allowClear placeholder={t('common.all')} style={{ width: 120 }} options={Object.keys(TASK_KINDS).map((k) => ({ value: k, label: pick(TASK_KINDS[k as TaskKind]) }))} />
        </Form.Item>
        {handler && (
          <Form.Item name="mine" label={t('cop.task.mine')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </FilterForm>
      <PagedTable<ClaimTask>
        query={noClaim ? { data: undefined, isFetching: false } : query}
        paging={paging}
        columns={columns}
        data-testid="task-table"
        emptyText={noClaim ? t('cop.task.noSuchClaim') : t('cop.task.empty')}
        onRow={(r) => ({ onDoubleClick: () => navigate(`/claim-tasks/${r.id}`) })}
      />
    </Card>
  );
}
