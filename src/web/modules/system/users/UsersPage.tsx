import { useState } from 'react';
import { Button, Card, Popconfirm, Space, Tag, Tooltip, type TableColumnsType } from 'antd';
import { DownloadOutlined, LockOutlined, PlusOutlined, SafetyOutlined } from '@ant-design/icons';
import type { UserListItem } from '../../../../contracts/system';
import { apiUrl } from '../../../app/api';
import { formatDateTime } from '../../../app/format';
import { useT } from '../../../app/i18n';
import { notifySuccess } from '../../../app/notify';
import { useMe, usePermission } from '../../../app/session';
import { PagedTable, usePaging, type SortState } from '../../../components/DataTable';
import { OneTimePasswordModal } from '../../../components/OneTimePasswordModal';
import { ScopeTag } from '../../../components/ScopeTag';
import { useResetPassword, useUserAction, useUsers, userQueryParams, type UserAction, type UserFilters, type UserSort } from '../queries';
import { RevealableText } from './RevealableText';
import { UserFiltersBar } from './UserFiltersBar';
import { AssignRolesModal, CreateUserModal, EditUserModal } from './UserForms';

/** Table sort (column + direction) ↔ the `sort` parameter of GET /users. */
function toUserSort(sort: SortState | undefined): UserSort | undefined {
  if (!sort) return undefined;
  const desc = sort.order === 'descend';
  if (sort.field === 'username') return desc ? '-username' : 'username';
  if (sort.field === 'name') return 'name';
  if (sort.field === 'createdAt') return desc ? '-createdAt' : 'createdAt';
  return undefined;
}
function sortOrderOf(sort: UserSort | undefined, field: string): 'ascend' | 'descend' | null {
  if (sort === field) return 'ascend';
  if (sort === `-${field}`) return 'descend';
  return null;
}

type Dialog = { kind: 'edit' | 'roles'; user: UserListItem } | { kind: 'create' } | null;

function RowActions({ user, onEdit, onRoles, onPassword }: {
  user: UserListItem;
  onEdit: () => void;
  onRoles: () => void;
  onPassword: (password: string) => void;
}) {
  const t = useT();
  const can = usePermission();
  const action = useUserAction();
  const reset = useResetPassword();
  const run = (kind: UserAction, done: string) => action.mutate({ id: user.id, action: kind }, { onSuccess: () => notifySuccess(done) });
  const write = can('user:write');
  return (
    <Space size={0} wrap={false}>
      {write && (
        <>
          <Button type="link" size="small" onClick={onEdit}>
            {t('common.edit')}
          </Button>
          <Button type="link" size="small" onClick={onRoles}>
            {t('user.assignRoles')}
          </Button>
          {user.status === 'ACTIVE' ? (
            <Popconfirm title={t('user.disableConfirm')} onConfirm={() => run('disable', t('user.disabled'))} okText={t('common.ok')} cancelText={t('common.cancel')}>
              <Button type="link" size="small" danger>
                {t('user.disable')}
              </Button>
            </Popconfirm>
          ) : (
            <Popconfirm title={t('user.enableConfirm')} onConfirm={() => run('enable', t('user.enabled'))} okText={t('common.ok')} cancelText={t('common.cancel')}>
              <Button type="link" size="small">
                {t('user.enable')}
              </Button>
            </Popconfirm>
          )}
          <Popconfirm
            title={t('user.resetConfirm')}
            onConfirm={() => reset.mutate(user.id, { onSuccess: ({ initialPassword }) => onPassword(initialPassword) })}
            okText={t('common.ok')}
            cancelText={t('common.cancel')}
          >
            <Button type="link" size="small">
              {t('user.resetPassword')}
            </Button>
          </Popconfirm>
          {user.mfaEnabled && (
            <Popconfirm title={t('user.resetMfaConfirm')} onConfirm={() => run('reset-mfa', t('user.mfaReset'))} okText={t('common.ok')} cancelText={t('common.cancel')}>
              <Button type="link" size="small">
                {t('user.resetMfa')}
              </Button>
            </Popconfirm>
          )}
        </>
      )}
      {user.locked && can('user:unlock') && (
        <Button type="link" size="small" onClick={() => run('unlock', t('user.unlocked'))}>
          {t('user.unlock')}
        </Button>
      )}
    </Space>
  );
}

/** 用户管理: server-paged, filterable, sortable user list with the account actions. */
export default function UsersPage() {
  const t = useT();
  const can = usePermission();
  const { data: me } = useMe();
  const paging = usePaging();
  const [filters, setFilters] = useState<UserFilters>({ subOrgs: true });
  const query = useUsers(filters, paging.page, paging.pageSize);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [oneTime, setOneTime] = useState<{ username: string; password: string } | null>(null);
  const canReveal = can('pii:reveal');

  const columns: TableColumnsType<UserListItem> = [
    { title: t('user.username'), dataIndex: 'username', key: 'username', sorter: true, sortOrder: sortOrderOf(filters.sort, 'username'), fixed: 'left' },
    { title: t('user.name'), dataIndex: 'name', key: 'name', sorter: true, sortDirections: ['ascend'], sortOrder: sortOrderOf(filters.sort, 'name') },
    { title: t('user.org'), dataIndex: 'orgName', key: 'orgName' },
    {
      title: t('user.roles'),
      key: 'roles',
      render: (_, user) => (
        <Space size={[4, 4]} wrap style={{ maxWidth: 320 }}>
          {user.roles.map((role) => (
            <Tooltip key={role.id} title={<ScopeTag scope={role.scope} />}>
              <Tag>{role.name}</Tag>
            </Tooltip>
          ))}
        </Space>
      ),
    },
    {
      title: t('user.mobile'),
      key: 'mobile',
      render: (_, user) => <RevealableText userId={user.id} field="mobile" masked={user.mobile} canReveal={canReveal} />,
    },
    {
      title: t('user.email'),
      key: 'email',
      render: (_, user) => <RevealableText userId={user.id} field="email" masked={user.email} canReveal={canReveal} />,
    },
    {
      title: t('user.status'),
      key: 'status',
      render: (_, user) => (
        <Space size={4}>
          <Tag color={user.status === 'ACTIVE' ? 'success' : 'default'}>{t(`user.status.${user.status}`)}</Tag>
          {user.locked && (
            <Tag color="error" icon={<LockOutlined />}>
              {t('user.locked')}
            </Tag>
          )}
          {user.mfaEnabled && (
            <Tooltip title={t('user.mfa')}>
              <SafetyOutlined style={{ color: '#52c41a' }} aria-label={t('user.mfa')} />
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      title: t('common.createdAt'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      sorter: true,
      sortOrder: sortOrderOf(filters.sort, 'createdAt'),
      render: (value: string) => formatDateTime(value),
    },
  ];
  // Read-only viewers (e.g. auditors) get no actions column at all.
  if (can('user:write') || can('user:unlock')) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, user) => (
        <RowActions
          user={user}
          onEdit={() => setDialog({ kind: 'edit', user })}
          onRoles={() => setDialog({ kind: 'roles', user })}
          onPassword={(password) => setOneTime({ username: user.username, password })}
        />
      ),
    });
  }

  return (
    <Card
      title={t('nav.users')}
      extra={
        <Space>
          <Button icon={<DownloadOutlined />} href={apiUrl('/users/export', userQueryParams(filters))}>
            {t('common.export')}
          </Button>
          {can('user:write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })}>
              {t('user.create')}
            </Button>
          )}
        </Space>
      }
    >
      <div style={{ marginBottom: 16 }}>
        <UserFiltersBar
          onChange={(next) => {
            setFilters((current) => ({ ...next, sort: current.sort }));
            paging.reset();
          }}
        />
      </div>
      <PagedTable<UserListItem>
        query={query}
        paging={paging}
        columns={columns}
        emptyText={t('user.empty')}
        onSortChange={(sort) => setFilters((current) => ({ ...current, sort: toUserSort(sort) }))}
      />
      <CreateUserModal
        open={dialog?.kind === 'create'}
        defaultOrgId={filters.orgId ?? me?.user.orgId}
        onClose={() => setDialog(null)}
        onCreated={(username, password) => {
          setDialog(null);
          if (password) setOneTime({ username, password });
        }}
      />
      <EditUserModal user={dialog?.kind === 'edit' ? dialog.user : null} onClose={() => setDialog(null)} />
      <AssignRolesModal user={dialog?.kind === 'roles' ? dialog.user : null} onClose={() => setDialog(null)} />
      <OneTimePasswordModal password={oneTime?.password ?? null} username={oneTime?.username} onClose={() => setOneTime(null)} />
    </Card>
  );
}
