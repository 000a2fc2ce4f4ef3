import { useState } from 'react';
import { Button, Card, Col, Descriptions, Form, Input, Row, Space, Tag, Typography } from 'antd';
import { SafetyOutlined } from '@ant-design/icons';
import type { Me } from '../../../contracts/system';
import { useT } from '../../app/i18n';
import { notifySuccess } from '../../app/notify';
import { useMe } from '../../app/session';
import { ChangePasswordForm } from '../../components/ChangePasswordForm';
import { ErrorAlert } from '../../components/ErrorAlert';
import { MfaEnrollment } from '../../components/MfaEnrollment';
import { PageLoading } from '../../components/results';
import { ScopeTag } from '../../components/ScopeTag';
import { useMfaDisable } from '../auth/queries';

function InfoCard({ me }: { me: Me }) {
  const t = useT();
  return (
    <Card title={t('profile.info')} size="small">
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: 'username', label: t('user.username'), children: me.user.username },
          { key: 'name', label: t('user.name'), children: me.user.name },
          { key: 'org', label: t('user.org'), children: `${me.user.orgName}（${me.user.orgCode}）` },
          {
            key: 'roles',
            label: t('user.roles'),
            children: (
              <Space orientation="vertical" size={4}>
                {me.roles.map((role) => (
                  <span key={role.id}>
                    {role.name} <ScopeTag scope={role.scope} />
                  </span>
                ))}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

function MfaDisableForm() {
  const t = useT();
  const disable = useMfaDisable();
  return (
    <Form
      name="mfaDisable"
      layout="vertical"
      requiredMark={false}
      onFinish={({ password }: { password: string }) => disable.mutate(password, { onSuccess: () => notifySuccess(t('profile.mfaDisabled')) })}
    >
      <Typography.Paragraph type="secondary">{t('profile.mfaDisableHint')}</Typography.Paragraph>
      <ErrorAlert error={disable.error} />
      <Form.Item label={t('auth.password')} name="password" rules={[{ required: true, message: t('common.required', { field: t('auth.password') }) }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Button danger htmlType="submit" loading={disable.isPending}>
        {t('profile.mfaDisable')}
      </Button>
    </Form>
  );
}

function MfaCard({ me }: { me: Me }) {
  const t = useT();
  const [enrolling, setEnrolling] = useState(false);
  return (
    <Card
      title={t('profile.mfa')}
      size="small"
      extra={me.user.mfaEnabled ? <Tag icon={<SafetyOutlined />} color="success">{t('home.mfaOn')}</Tag> : <Tag>{t('home.mfaOff')}</Tag>}
    >
      {me.user.mfaEnabled ? (
        <>
          <Typography.Paragraph>{t('profile.mfaOnDesc')}</Typography.Paragraph>
          <MfaDisableForm />
        </>
      ) : (
        <>
          <Typography.Paragraph>{t('profile.mfaOffDesc')}</Typography.Paragraph>
          {enrolling ? (
            <MfaEnrollment
              autoStart
              onDone={() => {
                setEnrolling(false);
                notifySuccess(t('auth.mfaEnabled'));
              }}
            />
          ) : (
            <Button type="primary" onClick={() => setEnrolling(true)}>
              {t('auth.mfaStart')}
            </Button>
          )}
        </>
      )}
    </Card>
  );
}

/** 我的资料: account info, password change, MFA on/off. */
export default function ProfilePage() {
  const t = useT();
  const { data: me } = useMe();
  if (!me) return <PageLoading />;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <InfoCard me={me} />
          <MfaCard me={me} />
        </Space>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('profile.changePassword')} size="small">
          <div style={{ maxWidth: 420 }}>
            <ChangePasswordForm onDone={() => notifySuccess(t('auth.passwordChanged'))} />
          </div>
        </Card>
      </Col>
    </Row>
  );
}
