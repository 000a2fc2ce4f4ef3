import { useState } from 'react';
import { Button, Card, Popconfirm, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined, SafetyOutlined } from '@ant-design/icons';
import type { Role } from '../../../../contracts/system';
import { useT } from '../../../app/i18n';
import { notifySuccess } from '../../../app/notify';
import { usePermission } from '../../../app/session';
import { DataTable } from '../../../components/DataTable';
import { useDeleteRole, useRoles } from '../queries';
import { RoleEditor, type RoleEditorState } from './RoleEditor';

/** 角色管理: roles with their permission counts; the matrix editor in a drawer. */
export default function RolesPage() {
  const t = useT();
  const can = usePermission();
  const roles = useRoles();
  const remove = useDeleteRole();
  const [editor, setEditor] = useState<RoleEditorState>(null);
  const canWrite = can('role:write');

  const columns: TableColumnsType<Role> = [
    { title: t('role.code'), dataIndex: 'code', key: 'code', render: (code: string) => <Typography.Text code>{code}</Typography.Text> },
    {
      title: t('role.name'),
      dataIndex: 'name',
      key: 'name',
      render: (name: string, role) => (
        <Space size={4}>
          {name}
          <Tag color={role.builtin ? 'gold' : 'blue'}>{t(role.builtin ? 'role.builtin' : 'role.custom')}</Tag>
        </Space>
      ),
    },
    { title: t('role.description'), dataIndex: 'description', key: 'description', ellipsis: true },
    { title: t('role.permissions'), key: 'permissions', render: (_, role) => t('role.permCount', { count: role.permissions.length }) },
    {
      title: t('role.mfaRequired'),
      dataIndex: 'mfaRequired',
      key: 'mfaRequired',
      render: (on: boolean) => (on ? <Tag icon={<SafetyOutlined />} color="success">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>),
    },
    { title: t('role.userCount'), dataIndex: 'userCount', key: 'userCount', align: 'right' },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, role) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditor({ mode: canWrite ? 'edit' : 'view', role })}>
            {canWrite ? t('common.edit') : t('common.view')}
          </Button>
          {canWrite && !role.builtin && (
            <Popconfirm
              title={t('role.deleteConfirm', { name: role.name })}
              okText={t('common.ok')}
              cancelText={t('common.cancel')}
              onConfirm={() => remove.mutate(role.id, { onSuccess: () => notifySuccess(t('role.deleted')) })}
            >
              <Button type="link" size="small" danger>
                {t('common.delete')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={t('nav.roles')}
      extra={
        canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditor({ mode: 'create' })}>
            {t('role.create')}
          </Button>
        )
      }
    >
      <DataTable<Role> rows={roles.data} loading={roles.isFetching} columns={columns} emptyText={t('role.empty')} pagination={false} />
      <RoleEditor state={editor} onClose={() => setEditor(null)} />
    </Card>
  );
}
