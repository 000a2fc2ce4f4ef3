import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CalculationInput,
  CalculationSheet,
  ClaimAction,
  ClaimDetail,
  ClaimDocument,
  ClaimPayment,
  ClaimPartyInput,
  ClaimReportInput,
  ClaimState,
  ClaimSummary,
  ClaimTask,
  DeclineReason,
  DocumentKind,
  DuplicateState,
  LossType,
  PaymentInput,
  ReportablePolicy,
  TaskKind,
} from '../../../contracts/claim';
import type { ProductLine } from '../../../contracts/product';
import type { Page } from '../../../contracts/system';
import { activityAllowed } from '../../../contracts/claim';
import { api, request } from '../../app/api';
import { withQuery } from '../policy/queries';

/** Client hooks of claims (docs/api-claim.md); shapes from src/contracts/claim.ts. */
export const claimKeys = {
  all: ['claims'] as const,
  list: ['claims', 'list'] as const,
  detail: (id: string) => ['claims', 'detail', id] as const,
  policies: ['claims', 'policies'] as const,
  tasks: ['claim-tasks'] as const,
  approvals: ['claim-approvals'] as const,
  payments: ['claim-payments'] as const,
  settings: ['claim-settings'] as const,
};

/**
 * After any write on a claim: the detail as answered (or refetched), and every claim list
 * (worklist, tasks, approval inbox, payments) refreshed. The ops pages use it too.
 */
export function useClaimWritten() {
  const queryClient = useQueryClient();
  return (claimId: string, detail?: ClaimDetail) => {
    if (detail) queryClient.setQueryData(claimKeys.detail(detail.id), detail);
    else void queryClient.invalidateQueries({ queryKey: claimKeys.detail(claimId) });
    void queryClient.invalidateQueries({ queryKey: claimKeys.list });
    void queryClient.invalidateQueries({ queryKey: claimKeys.tasks });
    void queryClient.invalidateQueries({ queryKey: claimKeys.approvals });
    void queryClient.invalidateQueries({ queryKey: claimKeys.payments });
  };
}

export type { ClaimActivity } from '../../../contracts/claim';
export const activityOpen = activityAllowed;

// ---------- requests the JSON client does not make: extra headers, raw bodies ----------

// ---------- 报案 ----------

/** 报案 search: policies by number, plate, ID number or name, with cover on the loss date. */
export function useReportablePolicies(q: string, lossDate: string | undefined) {
  return useQuery({
    queryKey: [...claimKeys.policies, q, lossDate ?? ''],
    queryFn: ({ signal }) => api.get<{ items: ReportablePolicy[] } | ReportablePolicy[]>('/claims/policies', { q, lossDate }, signal).then((r) => (Array.isArray(r) ? r : r.items)),
    enabled: q.trim().length > 0,
  });
}

export function useReportClaim() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ClaimReportInput) => api.post<ClaimDetail>('/claims', body),
    onSuccess: (detail) => {
      queryClient.setQueryData(claimKeys.detail(detail.id), detail);
      void queryClient.invalidateQueries({ queryKey: claimKeys.list });
    },
    meta: { silent: true },
  });
}

// ---------- worklist and detail ----------

export interface ClaimFilters {
  q?: string;
  state?: ClaimState[];
  handlerId?: string;
  mine?: boolean;
  orgId?: string;
  line?: ProductLine;
  lossDateFrom?: string;
  lossDateTo?: string;
  duplicate?: DuplicateState;
  sort?: string;
}

export function useClaims(filters: ClaimFilters, page: number, pageSize: number, enabled = true) {
  return useQuery({
    queryKey: [...claimKeys.list, filters, page, pageSize],
    queryFn: ({ signal }) => api.get<Page<ClaimSummary>>(withQuery('/claims', { ...filters, page, pageSize }), undefined, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useClaim(id: string | undefined) {
  return useQuery({
    queryKey: claimKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api.get<ClaimDetail>(`/claims/${id}`, undefined, signal),
    enabled: Boolean(id),
    // 404 (unknown or out of scope) is shown by the page.
    meta: { silent: true },
  });
}

// ---------- writes on a claim (each answers the claim's detail unless said otherwise) ----------
// Mutations are silent: the caller puts a field error under its field, else notifies.

export interface ClaimUpdate {
  lossPlace?: string;
  description?: string;
  atFault?: boolean | null;
  liabilityShare?: string | null;
  parties?: ClaimPartyInput[];
  version: number;
}

export function useUpdateClaim() {
  const written = useClaimWritten();
  return useMutation({
    mutationFn: ({ id, ...body }: ClaimUpdate & { id: string }) => api.patch<ClaimDetail>(`/claims/${id}`, body),
    onSuccess: (detail) => written(detail.id, detail),
    meta: { silent: true },
  });
}

export interface ReserveInput {
  coverageCode: string;
  lossType: LossType;
  amount: string;
}

/** The bodies of the state-table actions (POST /claims/:id/<action>). */
export interface ClaimActionBodies {
  register: { reserves: ReserveInput[]; reason?: string | null };
  'submit-approval': Record<string, never>;
  approve: Record<string, never>;
  escalate: { reason?: string | null };
  return: { reason: string };
  decline: { declineCode: string; reason: string };
  close: Record<string, never>;
  withdraw: { reason: string };
  reopen: { reason: string; reserves: ReserveInput[] };
}

export type ClaimActionVariables = { [A in ClaimAction]: { id: string; action: A; body: ClaimActionBodies[A] } }[ClaimAction];

export function useClaimAction() {
  const written = useClaimWritten();
  return useMutation({
    mutationFn: ({ id, action, body }: ClaimActionVariables) => api.post<ClaimDetail>(`/claims/${id}/${action}`, body),
    onSuccess: (detail, { id }) => written(id, detail),
    meta: { silent: true },
  });
}

export function useDuplicateDecision() {
  const written = useClaimWritten();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string } & ({ decision: 'LINK'; duplicateOf: string } | { decision: 'DISTINCT' })) => api.post<ClaimDetail>(`/claims/${id}/duplicate`, body),
    onSuccess: (detail, { id }) => written(id, detail),
    meta: { silent: true },
  });
}

/** 估损调整: the new reserve of one coverage and loss type, with the reason. */
export function useChangeReserve() {
  const written = useClaimWritten();
  return useMutation({
    mutationFn: ({ id, ...body }: ReserveInput & { id: string; reason: string }) => api.post<ClaimDetail>(`/claims/${id}/reserves`, body),
    onSuccess: (detail, { id }) => written(id, detail),
    meta: { silent: true },
  });
}

// ---------- tasks and documents ----------

/** 调度: a survey/damage/injury task, to a named surveyor or the least busy one. Answers the task. */
export function useDispatchTask() {
  const written = useClaimWritten();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; kind: TaskKind; assigneeId?: string | null }) => api.post<ClaimTask>(`/claims/${id}/tasks`, body),
    onSuccess: (_task, { id }) => written(id),
    meta: { silent: true },
  });
}

/** Where an upload goes (POST /claims/:id/documents?kind=&name=&taskId=; the body is the file). */
export interface UploadTarget {
  claimId: string;
  kind: Exclude<DocumentKind, 'DECLINE_LETTER'>;
  name: string;
  taskId?: string;
}

// ---------- 理算 ----------

export function useCalculationPreview() {
  return useMutation({
    mutationFn: ({ id, ...body }: CalculationInput & { id: string }) => api.post<CalculationSheet>(`/claims/${id}/calculations/preview`, body),
    meta: { silent: true },
  });
}

export function useSaveCalculation() {
  const written = useClaimWritten();
  return useMutation({
    mutationFn: ({ id, ...body }: CalculationInput & { id: string }) => api.post<ClaimDetail | CalculationSheet>(`/claims/${id}/calculations`, body),
    onSuccess: (answer, { id }) => written(id, 'claimNo' in answer ? answer : undefined),
    meta: { silent: true },
  });
}

/** 拒赔原因 (claim settings); readable by approvers — empty when the server refuses. */
export function useDeclineReasons(enabled: boolean) {
  return useQuery({
    queryKey: [...claimKeys.settings, 'decline-reasons'],
    queryFn: ({ signal }) => api.get<{ declineReasons: DeclineReason[] }>('/claim-settings', undefined, signal).then((s) => s.declineReasons),
    enabled,
    staleTime: 5 * 60_000,
    meta: { silent: true },
  });
}

// ---------- 支付 ----------

/** A fresh Idempotency-Key (crypto.randomUUID needs a secure context; plain-HTTP intranets fall back to random bytes). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * 登记赔款支付 with an `Idempotency-Key`: the caller makes one key per dialog opening and sends it
 * with every try, so a double click or a retry after a lost answer never pays twice.
 */
export function useCreatePayment() {
  const written = useClaimWritten();
  return useMutation({
    mutationFn: ({ id, idempotencyKey, ...body }: PaymentInput & { id: string; idempotencyKey: string }) =>
      request<ClaimPayment>('POST', `/claims/${id}/payments`, { body, headers: { 'Idempotency-Key': idempotencyKey } }),
    onSuccess: (_payment, { id }) => written(id),
    meta: { silent: true },
  });
}

/** 确认支付 / 取消支付 of one payment; `claimId` refreshes its claim. */
export function usePaymentDecision() {
  const written = useClaimWritten();
  return useMutation({
    mutationFn: ({ paymentId, ...v }: { claimId: string; paymentId: string } & ({ decision: 'paid'; reference: string; paidOn: string } | { decision: 'cancel'; reason: string })) =>
      v.decision === 'paid'
        ? api.post<ClaimPayment>(`/claim-payments/${paymentId}/paid`, { reference: v.reference, paidOn: v.paidOn })
        : api.post<ClaimPayment>(`/claim-payments/${paymentId}/cancel`, { reason: v.reason }),
    onSuccess: (_payment, { claimId }) => written(claimId),
    meta: { silent: true },
  });
}
