import { Alert, Button } from 'antd';
import { AuthLayout } from '../../app/AuthLayout';
import { useT } from '../../app/i18n';
import { notifySuccess } from '../../app/notify';
import { useMe } from '../../app/session';
import { MfaEnrollment } from '../../components/MfaEnrollment';
import { PageLoading } from '../../components/results';
import { useContinueSignIn, useLogout } from './queries';

/** /mfa-enroll: TOTP enrolment required by one of the user's roles, before entering the app. */
export default function MfaEnrollPage() {
  const t = useT();
  const { data: me } = useMe();
  const continueSignIn = useContinueSignIn();
  const logout = useLogout();
  if (!me) return <PageLoading />;
  return (
    <AuthLayout title={t('auth.mfaEnrollTitle')} width={460}>
      <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('auth.mfaEnrollForced')} />
      <MfaEnrollment
        autoStart
        onDone={() => {
          notifySuccess(t('auth.mfaEnabled'));
          void continueSignIn();
        }}
      />
      <Button type="link" block style={{ marginTop: 8 }} onClick={() => logout.mutate()}>
        {t('nav.logout')}
      </Button>
    </AuthLayout>
  );
}
