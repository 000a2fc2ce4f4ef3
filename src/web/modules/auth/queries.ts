import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useLocation, useNavigate } from 'react-router-dom';
import type { Me, SignInResult } from '../../../contracts/system';
import { api } from '../../app/api';
import { meQueryKey } from '../../app/session';

export interface MfaSetup {
  secret: string;
  otpauthUrl: string;
  qrDataUrl: string;
}

/** Where to land after a step of signing in: the next mandatory step, else the page the user wanted. */
export function nextStepPath(state: Pick<Me, 'mustChangePassword' | 'mfaEnrollmentRequired'>, wanted = '/'): string {
  if (state.mustChangePassword) return '/change-password';
  if (state.mfaEnrollmentRequired) return '/mfa-enroll';
  return wanted;
}

/** The page the user was sent away from (kept in router state by the 401 redirect). */
export function useWantedPath(): string {
  const location = useLocation();
  const from = (location.state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('/login') ? from : '/';
}

/** After a sign-in step succeeded: reload /me and go to the next step or into the app. */
export function useContinueSignIn() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const wanted = useWantedPath();
  return async () => {
    const me = await queryClient.fetchQuery({ queryKey: meQueryKey, queryFn: () => api.get<Me>('/me'), staleTime: 0 });
    navigate(nextStepPath(me, wanted), { replace: true, state: { from: wanted } });
  };
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; password: string }) => api.post<SignInResult>('/auth/login', body),
    // A new user signs in: forget whatever the previous one had loaded.
    onSuccess: () => queryClient.clear(),
    meta: { silent: true },
  });
}

export function useMfaVerify() {
  return useMutation({
    mutationFn: (code: string) => api.post<SignInResult>('/auth/mfa/verify', { code }),
    meta: { silent: true },
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { oldPassword: string; newPassword: string }) => api.post('/auth/password', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meQueryKey }),
    meta: { silent: true },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => api.post('/auth/logout'),
    onSettled: () => {
      navigate('/login', { replace: true });
      queryClient.clear();
    },
    meta: { silent: true },
  });
}

export function useMfaSetup() {
  return useMutation({ mutationFn: () => api.post<MfaSetup>('/me/mfa/setup') });
}

export function useMfaEnable() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api.post('/me/mfa/enable', { code }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meQueryKey }),
    meta: { silent: true },
  });
}

export function useMfaDisable() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (password: string) => api.post('/me/mfa/disable', { password }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meQueryKey }),
    meta: { silent: true },
  });
}
