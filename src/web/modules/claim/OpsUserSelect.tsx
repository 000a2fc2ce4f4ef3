import { useState } from 'react';
import { Select, type SelectProps } from 'antd';
import { useQueries, useQuery } from '@tanstack/react-query';
import type { UserBrief } from '../../../contracts/policy';
import type { Page, UserListItem } from '../../../contracts/system';
import { api } from '../../app/api';
import { usePermission } from '../../app/session';

/**
 * Picks users by name or username (GET /users?q=, needs user:read). Users already chosen show by
 * name: from `known`, else looked up one by one (GET /users/:id); without user:read, as their ids.
 */
export function OpsUserSelect({ known = [], ...props }: Omit<SelectProps<string | string[]>, 'options' | 'showSearch'> & { known?: UserBrief[] }) {
  const can = usePermission();
  const [q, setQ] = useState('');
  const users = useQuery({
    queryKey: ['claim-ops', 'users', q],
    queryFn: ({ signal }) => api.get<Page<UserListItem>>('/users', { q: q || undefined, pageSize: 20 }, signal),
    enabled: can('user:read'),
  });
  const chosen = props.value === undefined || props.value === null ? [] : Array.isArray(props.value) ? props.value : [props.value];
  const unknown = chosen.filter((id) => !known.some((u) => u.id === id) && !users.data?.items.some((u) => u.id === id));
  const looked = useQueries({
    queries: unknown.map((id) => ({
      queryKey: ['claim-ops', 'user', id],
      queryFn: ({ signal }: { signal: AbortSignal }) => api.get<UserBrief>(`/users/${id}`, undefined, signal),
      enabled: can('user:read'),
      staleTime: Infinity,
      meta: { silent: true },
    })),
  });
  const options = [
    ...(users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.name}（${u.username}，${u.orgName}）` })),
    ...[...known, ...looked.flatMap((r) => (r.data ? [r.data] : []))].map((u) => ({ value: u.id, label: `${u.name}（${u.username}）` })),
  ].filter((o, i, all) => all.findIndex((x) => x.value === o.value) === i);
  return <Select<string | string[]> {...props} loading={users.isFetching} showSearch={{ filterOption: false, onSearch: setQ }} options={options} />;
}
