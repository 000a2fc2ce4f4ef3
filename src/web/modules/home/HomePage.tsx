import { useNavigate } from 'react-router-dom';
import { Button, Card, Col, Descriptions, Empty, Row, Space, Table, Tag, Typography } from 'antd';
import type { DataScope, Me } from '../../../contracts/system';
import { useI18n, type MessageKey } from '../../app/i18n';
import { shanghaiHour } from '../../app/format';
import { hasPermission, useMe } from '../../app/session';
import { ScopeTag } from '../../components/ScopeTag';
import { PageLoading } from '../../components/results';
import { pageRoutes } from '../../routes';
import { PolicyTodoCard } from '../policy/TodoCard';

function greetingKey(hour: number): MessageKey {
  if (hour < 12) return 'home.greeting.morning';
  if (hour < 18) return 'home.greeting.afternoon';
  return 'home.greeting.evening';
}

function RolesCard({ me }: { me: Me }) {
  const { t } = useI18n();
  return (
    <Card title={t('home.roles')} size="small" style={{ height: '100%' }}>
      {me.roles.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.noRoles')} />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }} data-testid="home-roles">
          {me.roles.map((role) => (
            <div key={role.id} style={{ display: 'flex', justifyContent: 'space-between' }}>
              <span>
                {role.name} <Typography.Text type="secondary">{role.code}</Typography.Text>
              </span>
              <ScopeTag scope={role.scope} />
            </div>
          ))}
        </Space>
      )}
    </Card>
  );
}

function ScopesCard({ me }: { me: Me }) {
  const { t } = useI18n();
  const rows = Object.entries(me.dataScopes).map(([permission, scope]) => ({ permission, scope }));
  return (
    <Card title={t('home.scopes')} size="small">
      <Table<{ permission: string; scope: DataScope }>
        size="small"
        rowKey="permission"
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.noData')} /> }}
        columns={[
          { title: t('home.permission'), dataIndex: 'permission', render: (value: string) => <Typography.Text code>{value}</Typography.Text> },
          { title: t('home.scope'), dataIndex: 'scope', render: (scope: DataScope) => <ScopeTag scope={scope} /> },
        ]}
      />
    </Card>
  );
}

function QuickLinks({ me }: { me: Me }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const links = pageRoutes().filter((route) => route.path !== '/' && !route.hideInMenu && hasPermission(me, route.permission));
  if (!links.length) return null;
  return (
    <Card title={t('home.quickLinks')} size="small">
      <Space wrap>
        {links.map((route) => (
          <Button key={route.path} icon={route.icon} onClick={() => navigate(route.path)}>
            {t(route.labelKey)}
          </Button>
        ))}
      </Space>
    </Card>
  );
}

/** 工作台: greets the user, lists the policy work waiting for them (我的待办), and shows their organisation, roles and data scopes. */
export default function HomePage() {
  const { t } = useI18n();
  const { data: me } = useMe();
  if (!me) return <PageLoading />;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="home-greeting">
          {t('home.hello', { greeting: t(greetingKey(shanghaiHour())), name: me.user.name })}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('home.welcome')}</Typography.Paragraph>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          items={[
            { key: 'username', label: t('user.username'), children: me.user.username },
            { key: 'org', label: t('home.org'), children: `${me.user.orgName}（${me.user.orgCode}）` },
            {
              key: 'mfa',
              label: t('home.mfa'),
              children: me.user.mfaEnabled ? <Tag color="success">{t('home.mfaOn')}</Tag> : <Tag>{t('home.mfaOff')}</Tag>,
            },
          ]}
        />
      </Card>
      <PolicyTodoCard />
      <QuickLinks me={me} />
      <Row gutter={16}>
        <Col xs={24} lg={10}>
          <RolesCard me={me} />
        </Col>
        <Col xs={24} lg={14}>
          <ScopesCard me={me} />
        </Col>
      </Row>
    </Space>
  );
}
