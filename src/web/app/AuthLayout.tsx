import type { ReactNode } from 'react';
import { Card, Layout, Typography, theme } from 'antd';
import { Brand } from '../components/Brand';
import { LangSwitch } from '../components/LangSwitch';

/** The centred card used by sign-in, forced password change and forced MFA enrolment. */
export function AuthLayout({ title, width = 400, children }: { title: string; width?: number; children: ReactNode }) {
  const { token } = theme.useToken();
  return (
    <Layout style={{ minHeight: '100vh', background: `linear-gradient(160deg, ${token.colorPrimaryBg} 0%, ${token.colorBgLayout} 60%)` }}>
      <Layout.Header style={{ background: 'transparent', display: 'flex', justifyContent: 'space-between', alignItems: 'center', paddingInline: 32 }}>
        <Brand light />
        <LangSwitch />
      </Layout.Header>
      <Layout.Content style={{ display: 'flex', justifyContent: 'center', alignItems: 'flex-start', padding: '8vh 16px 48px' }}>
        <Card style={{ width, maxWidth: '100%', boxShadow: token.boxShadowTertiary }}>
          <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 24, textAlign: 'center' }}>
            {title}
          </Typography.Title>
          {children}
        </Card>
      </Layout.Content>
    </Layout>
  );
}
