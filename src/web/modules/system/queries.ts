import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AuditPage,
  AuditVerifyResult,
  DataScope,
  Org,
  OrgType,
  Page,
  PermissionInfo,
  Role,
  SessionInfo,
  UserDetail,
  UserListItem,
} from '../../../contracts/system';
import { api, type QueryParams } from '../../app/api';

/** Query keys of the system module; invalidating a prefix refreshes every variant of it. */
export const systemKeys = {
  orgs: ['system', 'orgs'] as const,
  users: ['system', 'users'] as const,
  roles: ['system', 'roles'] as const,
  permissions: ['system', 'permissions'] as const,
  sessions: ['system', 'sessions'] as const,
  audit: ['system', 'audit'] as const,
};

// ---------- organisations ----------

export interface OrgInput {
  code: string;
  name: string;
  type: OrgType;
}

export function useOrgs(enabled = true) {
  return useQuery({
    queryKey: systemKeys.orgs,
    queryFn: ({ signal }) => api.get<{ items: Org[] }>('/orgs', undefined, signal).then((r) => r.items),
    enabled,
  });
}

export function useCreateOrg() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: OrgInput & { parentId: string }) => api.post<Org>('/orgs', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: systemKeys.orgs }),
  });
}

export function useUpdateOrg() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: Partial<OrgInput> & { id: string; status?: Org['status'] }) => api.patch<Org>(`/orgs/${id}`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: systemKeys.orgs }),
  });
}

export function useMoveOrg() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, parentId }: { id: string; parentId: string }) => api.post<Org>(`/orgs/${id}/move`, { parentId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: systemKeys.orgs }),
  });
}

// ---------- users ----------

export type UserSort = 'username' | '-username' | 'name' | '-createdAt' | 'createdAt';

export interface UserFilters {
  q?: string;
  orgId?: string;
  subOrgs?: boolean;
  status?: UserListItem['status'];
  roleId?: string;
  sort?: UserSort;
}

export interface RoleGrant {
  roleId: string;
  scope: DataScope;
}

export interface CreateUserInput {
  username: string;
  name: string;
  orgId: string;
  mobile?: string;
  email?: string;
  roles: RoleGrant[];
}

export type UpdateUserInput = Partial<Pick<CreateUserInput, 'name' | 'orgId' | 'mobile' | 'email'>>;

export function userQueryParams(filters: UserFilters): QueryParams {
  return { ...filters };
}

export function useUsers(filters: UserFilters, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...systemKeys.users, 'list', filters, page, pageSize],
    queryFn: ({ signal }) => api.get<Page<UserListItem>>('/users', { ...userQueryParams(filters), page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });
}

function useInvalidateUsers() {
  const queryClient = useQueryClient();
  return () => Promise.all([queryClient.invalidateQueries({ queryKey: systemKeys.users }), queryClient.invalidateQueries({ queryKey: systemKeys.roles })]);
}

export function useCreateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (body: CreateUserInput) => api.post<{ user: UserDetail; initialPassword: string | null }>('/users', body),
    onSuccess: invalidate,
  });
}

export function useUpdateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: ({ id, ...body }: UpdateUserInput & { id: string }) => api.patch<UserDetail>(`/users/${id}`, body),
    onSuccess: invalidate,
  });
}

export function useSetUserRoles() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: ({ id, roles }: { id: string; roles: RoleGrant[] }) => api.put<UserDetail>(`/users/${id}/roles`, { roles }),
    onSuccess: invalidate,
  });
}

export type UserAction = 'disable' | 'enable' | 'unlock' | 'reset-mfa';

export function useUserAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: UserAction }) => api.post<UserDetail>(`/users/${id}/${action}`),
    onSuccess: (_user, { action }) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: systemKeys.users }),
        // Disabling and MFA reset end the user's sessions.
        action === 'disable' || action === 'reset-mfa' ? queryClient.invalidateQueries({ queryKey: systemKeys.sessions }) : undefined,
      ]),
  });
}

export function useResetPassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<{ initialPassword: string }>(`/users/${id}/reset-password`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: systemKeys.users }),
  });
}

export function useRevealUserField() {
  return useMutation({
    mutationFn: ({ id, field }: { id: string; field: 'mobile' | 'email' }) => api.post<{ value: string }>(`/users/${id}/reveal`, { field }),
  });
}

// ---------- roles ----------

export interface RoleInput {
  code: string;
  name: string;
  description?: string;
  permissions: string[];
  mfaRequired: boolean;
}

export function useRoles(enabled = true) {
  return useQuery({
    queryKey: systemKeys.roles,
    queryFn: ({ signal }) => api.get<{ items: Role[] }>('/roles', undefined, signal).then((r) => r.items),
    enabled,
  });
}

export function usePermissionCatalogue() {
  return useQuery({
    queryKey: systemKeys.permissions,
    queryFn: ({ signal }) => api.get<{ items: PermissionInfo[] }>('/permissions', undefined, signal).then((r) => r.items),
    staleTime: 5 * 60_000,
  });
}

export function useCreateRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RoleInput) => api.post<Role>('/roles', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: systemKeys.roles }),
  });
}

export function useUpdateRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: Partial<Omit<RoleInput, 'code'>> & { id: string }) => api.patch<Role>(`/roles/${id}`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: systemKeys.roles }),
  });
}

export function useDeleteRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/roles/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: systemKeys.roles }),
  });
}

// ---------- sessions ----------

export function useSessions(page: number, pageSize: number, userId?: string) {
  return useQuery({
    queryKey: [...systemKeys.sessions, userId ?? null, page, pageSize],
    queryFn: ({ signal }) => api.get<Page<SessionInfo>>('/sessions', { userId, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useEndSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/sessions/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: systemKeys.sessions }),
  });
}

// ---------- audit ----------

export interface AuditFilters {
  from?: string;
  to?: string;
  username?: string;
  action?: string;
  objectType?: string;
  objectId?: string;
  outcome?: 'SUCCESS' | 'FAILURE' | 'DENIED';
}

export const AUDIT_PAGE_SIZE = 50;

export function useAuditEvents(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: [...systemKeys.audit, filters],
    queryFn: ({ pageParam, signal }) =>
      api.get<AuditPage>('/audit-events', { ...filters, cursor: pageParam, pageSize: AUDIT_PAGE_SIZE }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useVerifyAudit() {
  return useMutation({ mutationFn: () => api.post<AuditVerifyResult>('/audit-events/verify') });
}
