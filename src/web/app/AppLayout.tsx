import { Suspense, useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Avatar, Breadcrumb, Button, Dropdown, Layout, Menu, Space, Typography, theme, type MenuProps } from 'antd';
import { ApartmentOutlined, DownOutlined, LogoutOutlined, MenuFoldOutlined, MenuUnfoldOutlined, UserOutlined } from '@ant-design/icons';
import { buildMenuItems, findRouteTrail, menuKeyFor } from '../routes';
import { useI18n } from './i18n';
import { useMe } from './session';
import { Brand } from '../components/Brand';
import { LangSwitch } from '../components/LangSwitch';
import { PageLoading } from '../components/results';
import { useLogout } from '../modules/auth/queries';

const SIDER_WIDTH = 216;

function UserMenu() {
  const { t } = useI18n();
  const { data: me } = useMe();
  const navigate = useNavigate();
  const logout = useLogout();
  const items: MenuProps['items'] = [
    { key: 'profile', icon: <UserOutlined />, label: t('nav.profile') },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: t('nav.logout'), danger: true },
  ];
  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'profile') navigate('/profile');
    if (key === 'logout') logout.mutate();
  };
  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
      <Button type="text" data-testid="user-menu" style={{ height: 40 }}>
        <Space size={8}>
          <Avatar size="small" icon={<UserOutlined />} />
          <span>{me?.user.name}</span>
          <DownOutlined style={{ fontSize: 10 }} />
        </Space>
      </Button>
    </Dropdown>
  );
}

/** The signed-in frame: side menu from the route table, header with org, language and user menu. */
export function AppLayout() {
  const { t } = useI18n();
  const { token } = theme.useToken();
  const { data: me } = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);

  const menuItems = useMemo(() => buildMenuItems(me, t), [me, t]);
  const trail = findRouteTrail(location.pathname);
  const defaultOpenKeys = trail.slice(0, -1).map((route) => route.path);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        collapsible
        collapsed={collapsed}
        trigger={null}
        width={SIDER_WIDTH}
        style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
      >
        <div style={{ height: 64, display: 'flex', alignItems: 'center', paddingInline: collapsed ? 24 : 20 }}>
          <Brand collapsed={collapsed} />
        </div>
        <Menu
          theme="dark"
          mode="inline"
          items={menuItems}
          selectedKeys={[menuKeyFor(location.pathname)]}
          defaultOpenKeys={collapsed ? [] : defaultOpenKeys.length ? defaultOpenKeys : ['/system']}
          onClick={({ key }) => navigate(key)}
          aria-label={t('app.name')}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            paddingInline: 16,
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            position: 'sticky',
            top: 0,
            zIndex: 10,
          }}
        >
          <Space size={16}>
            <Button
              type="text"
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              onClick={() => setCollapsed(!collapsed)}
              aria-label="menu"
            />
            <Breadcrumb items={trail.map((route) => ({ title: t(route.labelKey) }))} />
          </Space>
          <Space size={8}>
            <Typography.Text type="secondary" data-testid="current-org">
              <ApartmentOutlined style={{ marginRight: 6 }} />
              {me?.user.orgName}
            </Typography.Text>
            <LangSwitch />
            <UserMenu />
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 16 }}>
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
        <Layout.Footer style={{ textAlign: 'center', padding: '8px 16px', color: token.colorTextTertiary, fontSize: 12 }}>
          {t('app.fullName')}
        </Layout.Footer>
      </Layout>
    </Layout>
  );
}
