import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import type { SignInResult } from '../../../contracts/system';
import { AuthLayout } from '../../app/AuthLayout';
import { useT } from '../../app/i18n';
import { ErrorAlert } from '../../components/ErrorAlert';
import { MfaCodeInput, mfaCodeRules } from '../../components/MfaCodeInput';
import { nextStepPath, useLogin, useMfaVerify, useWantedPath } from './queries';

function MfaStep({ onDone, onBack }: { onDone: (result: SignInResult) => void; onBack: () => void }) {
  const t = useT();
  const verify = useMfaVerify();
  return (
    <Form name="mfaVerify" layout="vertical" requiredMark={false} onFinish={({ code }: { code: string }) => verify.mutate(code, { onSuccess: onDone })}>
      <Typography.Paragraph type="secondary">{t('auth.mfaHint')}</Typography.Paragraph>
      <ErrorAlert error={verify.error} />
      <Form.Item label={t('auth.mfaCode')} name="code" rules={mfaCodeRules(t)}>
        <MfaCodeInput autoFocus size="large" />
      </Form.Item>
      <Button type="primary" htmlType="submit" size="large" block loading={verify.isPending}>
        {t('auth.verify')}
      </Button>
      <Button type="link" block onClick={onBack} style={{ marginTop: 8 }}>
        {t('auth.back')}
      </Button>
    </Form>
  );
}

/** /login: username + password, then the 6-digit code when the account has MFA. */
export default function LoginPage() {
  const t = useT();
  const navigate = useNavigate();
  const wanted = useWantedPath();
  const login = useLogin();
  const [step, setStep] = useState<'password' | 'mfa'>('password');

  const proceed = (result: SignInResult) => {
    if (result.mfaRequired) {
      setStep('mfa');
      return;
    }
    navigate(nextStepPath(result, wanted), { replace: true, state: { from: wanted } });
  };

  return (
    <AuthLayout title={t('auth.loginTitle')}>
      {step === 'mfa' ? (
        <MfaStep
          onDone={proceed}
          onBack={() => {
            login.reset();
            setStep('password');
          }}
        />
      ) : (
        <Form
          name="login"
          layout="vertical"
          requiredMark={false}
          onFinish={(values: { username: string; password: string }) => login.mutate(values, { onSuccess: proceed })}
        >
          <ErrorAlert error={login.error} />
          <Form.Item
            label={t('auth.username')}
            name="username"
            rules={[{ required: true, message: t('common.required', { field: t('auth.username') }) }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item
            label={t('auth.password')}
            name="password"
            rules={[{ required: true, message: t('common.required', { field: t('auth.password') }) }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block loading={login.isPending}>
            {t('auth.login')}
          </Button>
        </Form>
      )}
    </AuthLayout>
  );
}
