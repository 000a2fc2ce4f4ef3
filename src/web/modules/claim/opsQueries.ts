import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ApprovalInboxItem,
  ClaimAuthority,
  ClaimAuthorityInput,
  ClaimAuthorityLine,
  ClaimDetail,
  ClaimDocument,
  ClaimKpis,
  ClaimPaymentItem,
  ClaimReviewRow,
  ClaimSettings,
  ClaimTask,
  PaymentState,
  TaskItem,
  TaskKind,
  TaskState,
} from '../../../contracts/claim';
import type { Page } from '../../../contracts/system';
import { api, ApiError, uploadFile } from '../../app/api';
import { withQuery } from '../policy/queries';
import { claimKeys, useClaimWritten, type UploadTarget } from './queries';

/**
 * Client hooks of the claim operations pages (docs/api-claim.md: tasks, 核赔 inbox, payment list,
 * reviews, KPIs, settings). Claim actions, payment decisions and the claim detail are the handling
 * pages' hooks (./queries.ts); the keys below share their prefixes so one write refreshes both.
 */
export const opsKeys = {
  task: (id: string) => [...claimKeys.tasks, 'detail', id] as const,
  authority: [...claimKeys.approvals, 'authority'] as const,
  reviews: ['claim-reviews'] as const,
  kpis: ['claim-kpis'] as const,
  authorities: ['claim-authorities'] as const,
};

function useInvalidate() {
  const queryClient = useQueryClient();
  return (...keys: (readonly string[])[]) => Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}

// ---------------------------------------------------------------- 查勘定损任务

export interface TaskFilters {
  mine?: boolean;
  state?: TaskState[];
  kind?: TaskKind;
  claimId?: string;
}

export function useClaimTasks(filters: TaskFilters, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...claimKeys.tasks, 'list', filters, page, pageSize],
    queryFn: ({ signal }) => api.get<Page<ClaimTask>>(withQuery('/claim-tasks', { ...filters, page, pageSize }), undefined, signal),
    placeholderData: keepPreviousData,
  });
}

export function useClaimTask(id: string | undefined) {
  return useQuery({
    queryKey: opsKeys.task(id ?? ''),
    queryFn: ({ signal }) => api.get<ClaimTask>(`/claim-tasks/${id}`, undefined, signal),
    enabled: Boolean(id),
    meta: { silent: true },
  });
}

/** A claim number → its id (the task list filters by claim id); null when there is no such claim in scope. */
export async function claimIdOfNo(claimNo: string): Promise<string | null> {
  try {
    return (await api.get<ClaimDetail>(`/claims/by-no/${encodeURIComponent(claimNo)}`)).id;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 400)) return null;
    throw error;
  }
}

export interface TaskUpdate {
  findings: string | null;
  items: Omit<TaskItem, 'amount'>[];
  version: number;
}

function useTaskWritten() {
  const queryClient = useQueryClient();
  const claimWritten = useClaimWritten();
  return (task: ClaimTask) => {
    claimWritten(task.claimId);
    queryClient.setQueryData(opsKeys.task(task.id), task);
  };
}

/** PUT findings and items; the page shows 409 (stale) and field errors itself. */
export function useSaveTask() {
  const written = useTaskWritten();
  return useMutation({
    mutationFn: ({ id, ...body }: TaskUpdate & { id: string }) => api.put<ClaimTask>(`/claim-tasks/${id}`, body),
    onSuccess: written,
    meta: { silent: true },
  });
}

export type TaskAction = { action: 'submit' } | { action: 'review'; decision: 'APPROVE' | 'RETURN'; note: string | null } | { action: 'cancel'; reason: string };

export function useTaskAction() {
  const written = useTaskWritten();
  return useMutation({
    mutationFn: ({ id, ...input }: TaskAction & { id: string }) => {
      const { action, ...body } = input;
      return api.post<ClaimTask>(`/claim-tasks/${id}/${action}`, action === 'submit' ? undefined : body);
    },
    onSuccess: written,
  });
}

/** Uploads one file as the raw request body with its own Content-Type, with a progress bar; the server's 413/415 come back as ApiError. */
type UploadInput = Omit<UploadTarget, 'name'> & { file: File; onProgress: (percent: number) => void };

const uploadWithProgress = ({ claimId, kind, taskId, file, onProgress }: UploadInput): Promise<ClaimDocument> =>
  uploadFile<ClaimDocument>(`/claims/${claimId}/documents`, { kind, name: file.name, taskId }, file, file.type || 'application/octet-stream', onProgress);

export function useUploadWithProgress() {
  const written = useClaimWritten();
  return useMutation({
    mutationFn: uploadWithProgress,
    // The task's document list is under claimKeys.tasks, which this refreshes too.
    onSuccess: (_doc, { claimId }) => written(claimId),
    meta: { silent: true },
  });
}

// ---------------------------------------------------------------- 核赔

export type ApprovalScope = 'mine' | 'all';

export function useApprovalInbox(scope: ApprovalScope, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...claimKeys.approvals, 'inbox', scope, page, pageSize],
    queryFn: async ({ signal }): Promise<Page<ApprovalInboxItem>> => ({
      ...(await api.get<{ items: ApprovalInboxItem[]; total: number }>('/claim-approvals', { scope, page, pageSize }, signal)),
      page,
      pageSize,
    }),
    placeholderData: keepPreviousData,
  });
}

export function useMyAuthority() {
  return useQuery({
    queryKey: opsKeys.authority,
    queryFn: ({ signal }) => api.get<ClaimAuthorityLine[]>('/claim-approvals/authority', undefined, signal),
  });
}

// ---------------------------------------------------------------- 赔款支付

export function usePayments(state: PaymentState | undefined) {
  return useInfiniteQuery({
    queryKey: [...claimKeys.payments, 'list', state],
    queryFn: ({ signal, pageParam }) => api.get<{ items: ClaimPaymentItem[]; nextCursor: string | null }>('/claim-payments', { state, cursor: pageParam, pageSize: 50 }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

// ---------------------------------------------------------------- 结案质检

export function useReviews(state: 'PENDING' | 'DONE') {
  return useQuery({
    queryKey: [...opsKeys.reviews, state],
    queryFn: ({ signal }) => api.get<{ items: ClaimReviewRow[] }>('/claim-reviews', { state }, signal).then((r) => r.items),
  });
}

export function useCompleteReview() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; result: 'PASS' | 'ISSUE'; findings: string | null }) => api.post<ClaimReviewRow>(`/claim-reviews/${id}/complete`, body),
    onSuccess: () => invalidate(opsKeys.reviews),
    meta: { silent: true },
  });
}

// ---------------------------------------------------------------- 理赔看板

export interface KpiFilters {
  orgId?: string;
  from?: string;
  to?: string;
}

export function useClaimKpis(filters: KpiFilters) {
  return useQuery({
    queryKey: [...opsKeys.kpis, filters],
    queryFn: ({ signal }) => api.get<ClaimKpis>('/claims/kpis', { ...filters }, signal),
    placeholderData: keepPreviousData,
  });
}

// ---------------------------------------------------------------- 理赔设置

export function useClaimAuthorities() {
  return useQuery({
    queryKey: opsKeys.authorities,
    queryFn: ({ signal }) => api.get<ClaimAuthority[]>('/claim-authorities', undefined, signal),
  });
}

export function usePutClaimAuthority() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: ClaimAuthorityInput) => api.put<ClaimAuthority>('/claim-authorities', body),
    onSuccess: () => invalidate(opsKeys.authorities, opsKeys.authority),
    meta: { silent: true },
  });
}

export function useDeleteClaimAuthority() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/claim-authorities/${id}`),
    onSuccess: () => invalidate(opsKeys.authorities, opsKeys.authority),
  });
}

/** Settings in force; approvers read the decline reasons from here too (claim:read). */
export function useClaimSettings(enabled = true) {
  return useQuery({
    queryKey: claimKeys.settings,
    queryFn: ({ signal }) => api.get<ClaimSettings>('/claim-settings', undefined, signal),
    staleTime: 5 * 60_000,
    enabled,
  });
}

export function usePutClaimSettings() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: Partial<ClaimSettings>) => api.put<ClaimSettings>('/claim-settings', body),
    // The decline reasons approvers pick from are a query of their own under the same prefix.
    onSuccess: () => invalidate(claimKeys.settings),
    meta: { silent: true },
  });
}
