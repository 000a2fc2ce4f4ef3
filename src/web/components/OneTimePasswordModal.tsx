import { Alert, Button, Modal, Typography } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import { useT } from '../app/i18n';
import { notifySuccess } from '../app/notify';

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** Shows a generated one-time password exactly once, with a copy button. */
export function OneTimePasswordModal({ password, username, onClose }: { password: string | null; username?: string; onClose: () => void }) {
  const t = useT();
  return (
    <Modal
      open={password !== null}
      title={t('user.initialPasswordTitle')}
      onCancel={onClose}
      mask={{ closable: false }}
      closable={false}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('user.passwordNoted')}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={t('user.initialPasswordHint')} style={{ marginBottom: 16 }} />
      {username && <Typography.Paragraph type="secondary">{t('user.username')}：{username}</Typography.Paragraph>}
      <div style={{ display: 'flex', gap: 8, alignItems: 'center', justifyContent: 'center' }}>
        <Typography.Text code style={{ fontSize: 20, padding: '4px 12px', userSelect: 'all' }} data-testid="one-time-password">
          {password}
        </Typography.Text>
        <Button
          icon={<CopyOutlined />}
          onClick={async () => {
            if (password && (await copyText(password))) notifySuccess(t('common.copied'));
            else notifySuccess(t('common.copyFailed'));
          }}
        >
          {t('common.copy')}
        </Button>
      </div>
    </Modal>
  );
}
