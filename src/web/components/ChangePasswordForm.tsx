import { useState } from 'react';
import { Alert, Button, Form, Input } from 'antd';
import { isApiError } from '../app/api';
import { useT } from '../app/i18n';
import { useChangePassword } from '../modules/auth/queries';
import { ErrorAlert } from './ErrorAlert';
import { PasswordRules, ruleKeys } from './PasswordRules';

interface Values {
  oldPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** Old / new / confirm password, with the rules listed and the server's rejected rules shown. */
export function ChangePasswordForm({ onDone }: { onDone?: () => void }) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();
  const [violated, setViolated] = useState<string[]>([]);

  const weak = isApiError(change.error, 'AUTH_PASSWORD_WEAK') ? change.error : null;
  const otherError = change.error && !weak && !isApiError(change.error, 'AUTH_INVALID_CREDENTIALS') ? change.error : null;

  const onFinish = ({ oldPassword, newPassword }: Values) => {
    setViolated([]);
    change.mutate(
      { oldPassword, newPassword },
      {
        onSuccess: () => {
          form.resetFields();
          onDone?.();
        },
        onError: (error) => {
          if (isApiError(error, 'AUTH_PASSWORD_WEAK')) {
            const rules = error.details?.rules;
            setViolated(Array.isArray(rules) ? rules.filter((r): r is string => typeof r === 'string') : []);
          } else if (isApiError(error, 'AUTH_INVALID_CREDENTIALS')) {
            form.setFields([{ name: 'oldPassword', errors: [error.message] }]);
          }
        },
      },
    );
  };

  return (
    <Form form={form} name="changePassword" layout="vertical" onFinish={onFinish} requiredMark={false} autoComplete="off">
      <PasswordRules violated={violated} />
      {weak && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          title={t('auth.weakTitle')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="password-weak-rules">
              {ruleKeys(weak.details?.rules).map((key) => (
                <li key={key}>{t(key)}</li>
              ))}
            </ul>
          }
        />
      )}
      <ErrorAlert error={otherError} />
      <Form.Item
        label={t('auth.oldPassword')}
        name="oldPassword"
        rules={[{ required: true, message: t('common.required', { field: t('auth.oldPassword') }) }]}
      >
        <Input.Password autoComplete="current-password" autoFocus />
      </Form.Item>
      <Form.Item
        label={t('auth.newPassword')}
        name="newPassword"
        rules={[{ required: true, message: t('common.required', { field: t('auth.newPassword') }) }]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label={t('auth.confirmPassword')}
        name="confirmPassword"
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('common.required', { field: t('auth.confirmPassword') }) },
          ({ getFieldValue }) => ({
            validator: (_, value: string | undefined) =>
              !value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('auth.confirmMismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={change.isPending} block>
        {t('auth.changePassword')}
      </Button>
    </Form>
  );
}
