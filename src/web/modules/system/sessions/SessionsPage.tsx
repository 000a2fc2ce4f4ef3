import { Button, Card, Popconfirm, Space, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import type { SessionInfo } from '../../../../contracts/system';
import { formatDateTime } from '../../../app/format';
import { useT } from '../../../app/i18n';
import { notifySuccess } from '../../../app/notify';
import { usePermission } from '../../../app/session';
import { PagedTable, usePaging } from '../../../components/DataTable';
import { useEndSession, useSessions } from '../queries';
import { browserName } from './userAgent';

/** 会话管理: open sessions, and ending one (session:write). */
export default function SessionsPage() {
  const t = useT();
  const can = usePermission();
  const paging = usePaging();
  const query = useSessions(paging.page, paging.pageSize);
  const end = useEndSession();

  const columns: TableColumnsType<SessionInfo> = [
    {
      title: t('session.user'),
      key: 'user',
      render: (_, session) => (
        <Space size={4}>
          <span>{session.name}</span>
          <Typography.Text type="secondary">{session.username}</Typography.Text>
          {session.current && <Tag color="processing">{t('session.current')}</Tag>}
        </Space>
      ),
    },
    { title: t('session.org'), dataIndex: 'orgName', key: 'orgName' },
    { title: t('session.ip'), dataIndex: 'ip', key: 'ip', render: (ip: string | null) => ip ?? '—' },
    {
      title: t('session.browser'),
      dataIndex: 'userAgent',
      key: 'userAgent',
      render: (ua: string | null) => <Tooltip title={ua}>{browserName(ua)}</Tooltip>,
    },
    { title: t('session.createdAt'), dataIndex: 'createdAt', key: 'createdAt', render: formatDateTime },
    { title: t('session.lastSeenAt'), dataIndex: 'lastSeenAt', key: 'lastSeenAt', render: formatDateTime },
    { title: t('session.expiresAt'), dataIndex: 'expiresAt', key: 'expiresAt', render: formatDateTime },
  ];
  if (can('session:write')) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, session) => (
        <Popconfirm
          title={t('session.endConfirm')}
          okText={t('common.ok')}
          cancelText={t('common.cancel')}
          onConfirm={() => end.mutate(session.id, { onSuccess: () => notifySuccess(t('session.ended')) })}
        >
          <Button type="link" size="small" danger>
            {t('session.end')}
          </Button>
        </Popconfirm>
      ),
    });
  }

  return (
    <Card
      title={t('nav.sessions')}
      extra={
        <Button icon={<ReloadOutlined />} onClick={() => void query.refetch()} loading={query.isFetching}>
          {t('common.refresh')}
        </Button>
      }
    >
      <PagedTable<SessionInfo> query={query} paging={paging} columns={columns} emptyText={t('session.empty')} />
    </Card>
  );
}
