import type { App } from 'antd';
import { Typography } from 'antd';
import { ApiError } from './api';
import { getLang, translate } from './i18n';

type AppApi = ReturnType<typeof App.useApp>;

/** antd's context-aware message/notification, installed by <NotifierBridge> so non-React code can use them. */
let appApi: AppApi | null = null;

export function installNotifier(api: AppApi): void {
  appApi = api;
}

export function notifySuccess(text: string): void {
  appApi?.message.success(text);
}

/** Shows an error as a notification: the server's localized message, with the request id in small print. */
export function notifyError(error: unknown): void {
  if (error instanceof ApiError && error.handled) return;
  if (error instanceof DOMException && error.name === 'AbortError') return;
  const lang = getLang();
  const message = error instanceof Error ? error.message : String(error);
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  appApi?.notification.error({
    title: translate(lang, 'common.errorTitle'),
    description: (
      <div>
        <div data-testid="error-message">{message}</div>
        {requestId && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {translate(lang, 'common.requestId')}: {requestId}
          </Typography.Text>
        )}
      </div>
    ),
    placement: 'topRight',
    duration: 6,
  });
}
