import { Alert, Typography } from 'antd';
import { ApiError } from '../app/api';
import { useT } from '../app/i18n';

/** An error shown in place (forms): the server's message and, in small print, its request id. */
export function ErrorAlert({ error }: { error: unknown }) {
  const t = useT();
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      title={message}
      description={
        requestId && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('common.requestId')}: {requestId}
          </Typography.Text>
        )
      }
    />
  );
}
