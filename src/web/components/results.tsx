import { Button, Result, Spin } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useT } from '../app/i18n';

export function PageLoading() {
  const t = useT();
  return (
    <div style={{ display: 'flex', justifyContent: 'center', alignItems: 'center', minHeight: 240 }}>
      <Spin description={t('common.loading')} />
    </div>
  );
}

function HomeButton() {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Button type="primary" onClick={() => navigate('/')}>
      {t('common.backHome')}
    </Button>
  );
}

export function ForbiddenResult() {
  const t = useT();
  return <Result status="403" title={t('result.403.title')} subTitle={t('result.403.sub')} extra={<HomeButton />} />;
}

export function NotFoundResult() {
  const t = useT();
  return <Result status="404" title={t('result.404.title')} subTitle={t('result.404.sub')} extra={<HomeButton />} />;
}

export function ErrorResult({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  return (
    <Result
      status="error"
      title={t('result.error.title')}
      subTitle={error instanceof Error ? error.message : String(error)}
      extra={onRetry && <Button onClick={onRetry}>{t('common.refresh')}</Button>}
    />
  );
}
