import type { ReactNode } from 'react';
import { Navigate } from 'react-router-dom';
import { ApiError } from './api';
import { useMe } from './session';
import { ErrorResult, PageLoading } from '../components/results';

/**
 * Gate of the signed-in app: waits for /me, and sends users with a pending password change or
 * MFA enrolment to the page they must finish first (they cannot skip it).
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { data: me, error, isPending, refetch } = useMe();
  if (isPending) return <PageLoading />;
  if (error) {
    if (error instanceof ApiError && error.handled) return <PageLoading />;
    return <ErrorResult error={error} onRetry={() => void refetch()} />;
  }
  if (me.mustChangePassword) return <Navigate to="/change-password" replace />;
  if (me.mfaEnrollmentRequired) return <Navigate to="/mfa-enroll" replace />;
  return <>{children}</>;
}
