import { lazy, Suspense, useEffect, useMemo, type ReactNode } from 'react';
import { createBrowserRouter, Outlet, RouterProvider, useNavigate, type RouteObject } from 'react-router-dom';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Empty } from 'antd';
import antdZhCN from 'antd/locale/zh_CN';
import antdEnUS from 'antd/locale/en_US';
import { setAuthRedirectHandler } from './api';
import { I18nProvider, useI18n } from './i18n';
import { installNotifier } from './notify';
import { createQueryClient } from './queryClient';
import { RequireAuth } from './RequireAuth';
import { AppLayout } from './AppLayout';
import { pageRoutes, RouteGuard } from '../routes';
import { NotFoundResult, PageLoading } from '../components/results';
import { renderRequiredMark } from '../components/requiredMark';

const LoginPage = lazy(() => import('../modules/auth/LoginPage'));
const ChangePasswordPage = lazy(() => import('../modules/auth/ChangePasswordPage'));
const MfaEnrollPage = lazy(() => import('../modules/auth/MfaEnrollPage'));

/** Lets the API client navigate inside the SPA (401 → sign-in, pending password change / MFA). */
function AuthRedirectBridge() {
  const navigate = useNavigate();
  useEffect(() => {
    setAuthRedirectHandler((target) => {
      const here = window.location.pathname + window.location.search;
      if (here.startsWith(`/${target}`)) return;
      navigate(`/${target}`, { replace: true, state: target === 'login' ? { from: here } : undefined });
    });
  }, [navigate]);
  return (
    <Suspense fallback={<PageLoading />}>
      <Outlet />
    </Suspense>
  );
}

/** Gives notifyError() the antd App instance (so notifications follow the theme and locale). */
function NotifierBridge({ children }: { children: ReactNode }) {
  const app = AntApp.useApp();
  useEffect(() => installNotifier(app), [app]);
  return <>{children}</>;
}

const routes: RouteObject[] = [
  {
    element: <AuthRedirectBridge />,
    children: [
      { path: '/login', element: <LoginPage /> },
      { path: '/change-password', element: <ChangePasswordPage /> },
      { path: '/mfa-enroll', element: <MfaEnrollPage /> },
      {
        element: (
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        ),
        children: [
          ...pageRoutes().map((route) => ({ path: route.path, element: <RouteGuard route={route} /> })),
          { path: '*', element: <NotFoundResult /> },
        ],
      },
    ],
  },
];

const router = createBrowserRouter(routes);

function Providers({ queryClient }: { queryClient: QueryClient }) {
  const { lang, t } = useI18n();
  return (
    <ConfigProvider
      locale={lang === 'zh-CN' ? antdZhCN : antdEnUS}
      theme={{ token: { colorPrimary: '#1668dc', borderRadius: 4 } }}
      // Keep 登录 as typed (antd would render 登 录, which also changes the accessible name).
      button={{ autoInsertSpace: false }}
      form={{ requiredMark: renderRequiredMark }}
      renderEmpty={() => <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.noData')} />}
    >
      <AntApp>
        <NotifierBridge>
          <QueryClientProvider client={queryClient}>
            <RouterProvider router={router} />
          </QueryClientProvider>
        </NotifierBridge>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  const queryClient = useMemo(() => createQueryClient(), []);
  // Server texts (error messages, permission names) follow Accept-Language: reload them on a switch.
  const onLangChange = useMemo(() => () => void queryClient.invalidateQueries(), [queryClient]);
  return (
    <I18nProvider onChange={onLangChange}>
      <Providers queryClient={queryClient} />
    </I18nProvider>
  );
}
