import { Alert, Button, Typography } from 'antd';
import { AuthLayout } from '../../app/AuthLayout';
import { useT } from '../../app/i18n';
import { useMe } from '../../app/session';
import { ChangePasswordForm } from '../../components/ChangePasswordForm';
import { PageLoading } from '../../components/results';
import { useContinueSignIn, useLogout } from './queries';

/** /change-password: the password change a new or reset account must make before anything else. */
export default function ChangePasswordPage() {
  const t = useT();
  const { data: me } = useMe();
  const continueSignIn = useContinueSignIn();
  const logout = useLogout();
  if (!me) return <PageLoading />;
  return (
    <AuthLayout title={t('auth.changePasswordTitle')} width={440}>
      <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginTop: -12 }}>
        {me.user.name}（{me.user.username}）
      </Typography.Paragraph>
      {me.mustChangePassword && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('auth.changePasswordForced')} />}
      <ChangePasswordForm onDone={() => void continueSignIn()} />
      <Button type="link" block style={{ marginTop: 8 }} onClick={() => logout.mutate()}>
        {t('nav.logout')}
      </Button>
    </AuthLayout>
  );
}
