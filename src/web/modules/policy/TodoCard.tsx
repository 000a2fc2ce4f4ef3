import { useQuery } from '@tanstack/react-query';
import { Badge, Card, List, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import type { Page } from '../../../contracts/system';
import { api } from '../../app/api';
import { useT, type MessageKey } from '../../app/i18n';
import { usePermission } from '../../app/session';
import { policyKeys, withQuery } from './queries';

interface Todo {
  key: string;
  labelKey: MessageKey;
  permission: string;
  /** The list counted (pageSize 1: only its total is read). */
  count: string;
  /** Where the work is done. */
  open: string;
}

const TODOS: Todo[] = [
  { key: 'drafts', labelKey: 'pol.todo.drafts', permission: 'proposal:write', count: withQuery('/proposals', { mine: true, state: 'DRAFT' }), open: '/proposals' },
  { key: 'payment', labelKey: 'pol.todo.payment', permission: 'proposal:collect', count: withQuery('/proposals', { state: 'PENDING_PAYMENT' }), open: '/collection' },
  { key: 'conditional', labelKey: 'pol.todo.conditional', permission: 'proposal:write', count: withQuery('/proposals', { mine: true, state: 'UW_CONDITIONAL' }), open: '/proposals' },
  { key: 'referred', labelKey: 'pol.todo.referred', permission: 'proposal:underwrite', count: '/underwriting/queue', open: '/underwriting' },
  { key: 'approvals', labelKey: 'pol.todo.approvals', permission: 'endorsement:approve', count: withQuery('/endorsements', { state: 'PENDING_APPROVAL' }), open: '/endorsements/approval' },
];

function TodoCount({ todo }: { todo: Todo }) {
  const t = useT();
  const navigate = useNavigate();
  const query = useQuery({
    queryKey: [...(todo.key === 'approvals' ? policyKeys.endorsements : policyKeys.proposalList), 'todo', todo.key],
    queryFn: ({ signal }) => api.get<Page<unknown>>(`${todo.count}${todo.count.includes('?') ? '&' : '?'}pageSize=1`, undefined, signal).then((p) => p.total),
    // A module not answering yet must not pester the home page with notifications.
    meta: { silent: true },
    retry: false,
  });
  return (
    <List.Item style={{ cursor: 'pointer' }} onClick={() => navigate(todo.open)} data-testid={`todo-${todo.key}`}>
      <Typography.Link>{t(todo.labelKey)}</Typography.Link>
      <Badge count={query.data ?? 0} showZero overflowCount={999} color={query.data ? '#1668dc' : '#d9d9d9'} />
    </List.Item>
  );
}

/** 我的待办 on the home page: the policy work waiting for this user, each a click away. */
export function PolicyTodoCard() {
  const t = useT();
  const can = usePermission();
  const todos = TODOS.filter((todo) => can(todo.permission));
  if (!todos.length) return null;
  return (
    <Card title={t('pol.todo.title')} size="small" data-testid="home-todo">
      <List size="small" dataSource={todos} renderItem={(todo) => <TodoCount todo={todo} />} />
    </Card>
  );
}
