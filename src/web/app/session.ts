import { useQuery } from '@tanstack/react-query';
import type { Me } from '../../contracts/system';
import { api } from './api';

export const meQueryKey = ['me'] as const;

/** The signed-in user (GET /me). Errors redirect through the API client, so no notification here. */
export function useMe() {
  return useQuery({
    queryKey: meQueryKey,
    queryFn: ({ signal }) => api.get<Me>('/me', undefined, signal),
    staleTime: 60_000,
    retry: false,
    meta: { silent: true },
  });
}

export function hasPermission(me: Me | undefined, permission: string | undefined): boolean {
  if (!permission) return true;
  return me?.permissions.includes(permission) ?? false;
}

/** `can('user:write')` for the signed-in user (false while /me is loading). */
export function usePermission(): (permission: string) => boolean {
  const { data } = useMe();
  return (permission) => hasPermission(data, permission);
}
