import { useEffect, useRef } from 'react';
import { Button, Form, Space, Typography } from 'antd';
import { isApiError } from '../app/api';
import { useT } from '../app/i18n';
import { useMfaEnable, useMfaSetup } from '../modules/auth/queries';
import { ErrorAlert } from './ErrorAlert';
import { MfaCodeInput, mfaCodeRules } from './MfaCodeInput';

/**
 * TOTP enrolment: POST /me/mfa/setup → QR code and secret → the user types a code → POST /me/mfa/enable.
 * `autoStart` begins immediately (forced enrolment); otherwise a 开始绑定 button does.
 */
export function MfaEnrollment({ autoStart = false, onDone }: { autoStart?: boolean; onDone?: () => void }) {
  const t = useT();
  const setup = useMfaSetup();
  const enable = useMfaEnable();
  const [form] = Form.useForm<{ code: string }>();
  const started = useRef(false);

  const start = () => {
    started.current = true;
    setup.mutate();
  };
  useEffect(() => {
    if (autoStart && !started.current) start();
  }, [autoStart]);

  if (!setup.data) {
    return (
      <Space orientation="vertical">
        <ErrorAlert error={setup.error} />
        <Button type="primary" onClick={start} loading={setup.isPending}>
          {t('auth.mfaStart')}
        </Button>
      </Space>
    );
  }

  const onFinish = ({ code }: { code: string }) =>
    enable.mutate(code, {
      onSuccess: () => onDone?.(),
      onError: (error) => {
        if (isApiError(error, 'AUTH_MFA_INVALID')) form.setFields([{ name: 'code', errors: [error.message] }]);
      },
    });

  const { qrDataUrl, secret } = setup.data;
  return (
    <div>
      <Typography.Paragraph>{t('auth.mfaStep1')}</Typography.Paragraph>
      <div style={{ textAlign: 'center', marginBottom: 12 }}>
        <img src={qrDataUrl} alt={t('auth.mfaQrAlt')} width={180} height={180} data-testid="mfa-qr" />
      </div>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
        {t('auth.mfaStep2')}
      </Typography.Paragraph>
      <Typography.Paragraph copyable={{ text: secret }} style={{ textAlign: 'center' }}>
        <code data-testid="mfa-secret" style={{ fontSize: 15, letterSpacing: 1, wordBreak: 'break-all' }}>
          {secret}
        </code>
      </Typography.Paragraph>
      <Typography.Paragraph>{t('auth.mfaStep3')}</Typography.Paragraph>
      <ErrorAlert error={enable.error && !isApiError(enable.error, 'AUTH_MFA_INVALID') ? enable.error : null} />
      <Form form={form} name="mfaEnable" layout="vertical" onFinish={onFinish} requiredMark={false}>
        <Form.Item label={t('auth.mfaCode')} name="code" rules={mfaCodeRules(t)}>
          <MfaCodeInput autoFocus />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={enable.isPending} block>
          {t('auth.mfaEnable')}
        </Button>
      </Form>
    </div>
  );
}
