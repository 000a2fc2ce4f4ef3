import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  EndorsementDetail,
  EndorsementInput,
  EndorsementItem,
  EndorsementState,
  EndorsementSummary,
  EndorsementTrial,
  PaymentInput,
  PolicyDetail,
  PolicyState,
  PolicySummary,
  ProposalAction,
  ProposalDetail,
  ProposalInput,
  ProposalNumberRange,
  ProposalState,
  ProposalSummary,
  ProposalUpdate,
  RenewalRow,
  RenewalSettings,
  ServicingSettings,
  UnderwriteInput,
  UnderwritingAuthority,
  UnderwritingRules,
  ValidationProblem,
} from '../../../contracts/policy';
import type { ProductLine, ProductQuote, QuotableVersion } from '../../../contracts/product';
import type { Page } from '../../../contracts/system';
import { api, API_BASE } from '../../app/api';

/** Client hooks of policy administration (docs/api-policy.md); shapes from src/contracts/policy.ts. */
export const policyKeys = {
  proposals: ['proposals'] as const,
  proposalList: ['proposals', 'list'] as const,
  proposal: (id: string) => ['proposals', 'detail', id] as const,
  policies: ['policies'] as const,
  policy: (id: string) => ['policies', 'detail', id] as const,
  partyPolicies: (partyId: string) => ['policies', 'party', partyId] as const,
  endorsements: ['endorsements'] as const,
  renewals: ['renewals'] as const,
  quotable: ['proposals', 'quotable-versions'] as const,
  admin: ['policy-admin'] as const,
  setting: (key: string) => ['policy-admin', 'setting', key] as const,
};

/**
 * `path?query` for a list or its export: empty values and false toggles are left out, arrays repeat
 * the parameter (state=A&state=B), as the list endpoints take them.
 */
export function withQuery(path: string, filters: object): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    for (const one of Array.isArray(value) ? value : [value]) search.append(key, typeof one === 'string' ? one.trim() : String(one));
  }
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

/** The href of an Excel export (a plain download: the session cookie goes along). */
export const exportHref = (path: string, filters: object) => `${API_BASE}${withQuery(path, filters)}`;

// ---------- proposals ----------

export interface ProposalFilters {
  q?: string;
  state?: ProposalState[];
  productLine?: ProductLine;
  mine?: boolean;
  referred?: boolean;
  dateFrom?: string;
  dateTo?: string;
  sort?: string;
}

export function useProposals(filters: ProposalFilters, page: number, pageSize: number, enabled = true) {
  return useQuery({
    queryKey: [...policyKeys.proposalList, filters, page, pageSize],
    queryFn: ({ signal }) => api.get<Page<ProposalSummary>>(withQuery('/proposals', { ...filters, page, pageSize }), undefined, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useProposal(id: string | undefined) {
  return useQuery({
    queryKey: policyKeys.proposal(id ?? ''),
    queryFn: ({ signal }) => api.get<ProposalDetail>(`/proposals/${id}`, undefined, signal),
    enabled: Boolean(id),
    // 404 (unknown or out of scope) is shown by the page.
    meta: { silent: true },
  });
}

/** Versions a proposal can be registered on today (approved, in their effective period). */
export function useQuotableVersions() {
  return useQuery({
    queryKey: policyKeys.quotable,
    queryFn: ({ signal }) => api.get<{ items: QuotableVersion[] }>('/products/quotable', undefined, signal).then((r) => r.items),
    staleTime: 5 * 60_000,
  });
}

/** After any write: the detail as answered, and every list refreshed. */
function useProposalWritten() {
  const queryClient = useQueryClient();
  return (detail?: ProposalDetail) => {
    if (detail) queryClient.setQueryData(policyKeys.proposal(detail.id), detail);
    void queryClient.invalidateQueries({ queryKey: policyKeys.proposalList });
    void queryClient.invalidateQueries({ queryKey: policyKeys.policies });
  };
}

/** Raw calls the wizards chain (create → update → check → submit → validate). Errors are shown by the caller. */
export const proposalApi = {
  create: (body: ProposalInput) => api.post<ProposalDetail>('/proposals', body),
  update: (id: string, body: ProposalUpdate) => api.put<ProposalDetail>(`/proposals/${id}`, body),
  check: (id: string) => api.post<{ problems: ValidationProblem[]; quote: ProductQuote | null }>(`/proposals/${id}/check`, {}),
  submit: (id: string) => api.post<ProposalDetail>(`/proposals/${id}/submit`, {}),
  validate: (id: string) => api.post<ProposalDetail>(`/proposals/${id}/validate`, {}),
  get: (id: string) => api.get<ProposalDetail>(`/proposals/${id}`),
  withdraw: (id: string, reason: string) => api.post<ProposalDetail>(`/proposals/${id}/withdraw`, { reason }),
};

export function useProposalWrite() {
  const written = useProposalWritten();
  return { written };
}

/** The one-click actions of the detail page (POST /proposals/:id/<action> with an optional body). */
export type SimpleAction = Exclude<ProposalAction, 'record-payment' | 'underwrite' | 'issue'>;

export function useProposalAction() {
  const written = useProposalWritten();
  return useMutation({
    mutationFn: ({ id, action, body }: { id: string; action: SimpleAction; body?: object }) => api.post<ProposalDetail>(`/proposals/${id}/${action}`, body ?? {}),
    onSuccess: (detail) => written(detail),
  });
}

export function useUnderwrite() {
  const written = useProposalWritten();
  return useMutation({
    mutationFn: ({ id, ...body }: UnderwriteInput & { id: string }) => api.post<ProposalDetail>(`/proposals/${id}/underwrite`, body),
    onSuccess: (detail) => written(detail),
    meta: { silent: true },
  });
}

export function useRecordPayment() {
  const written = useProposalWritten();
  return useMutation({
    mutationFn: ({ id, ...body }: PaymentInput & { id: string }) => api.post<ProposalDetail>(`/proposals/${id}/payments`, body),
    onSuccess: (detail) => written(detail),
    meta: { silent: true },
  });
}

export function useIssue() {
  const written = useProposalWritten();
  return useMutation({
    mutationFn: ({ id, receiptDate }: { id: string; receiptDate?: string }) =>
      api.post<{ proposal: ProposalDetail; policy: PolicyDetail }>(`/proposals/${id}/issue`, receiptDate ? { receiptDate } : {}),
    onSuccess: (result) => written(result.proposal),
  });
}

// ---------- underwriting worklist ----------

export interface UnderwritingFilters {
  q?: string;
  line?: ProductLine;
}

/** 核保工作台: referred proposals waiting for an underwriter, within my scope. */
export function useUnderwritingQueue(filters: UnderwritingFilters, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...policyKeys.proposalList, 'uw-queue', filters, page, pageSize],
    queryFn: ({ signal }) => api.get<Page<ProposalSummary>>(withQuery('/underwriting/queue', { ...filters, page, pageSize }), undefined, signal),
    placeholderData: keepPreviousData,
  });
}

// ---------- policies ----------

export interface PolicyFilters {
  q?: string;
  state?: PolicyState[];
  productLine?: ProductLine;
  startFrom?: string;
  startTo?: string;
  endFrom?: string;
  endTo?: string;
  sort?: string;
}

export function usePolicies(filters: PolicyFilters, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...policyKeys.policies, 'list', filters, page, pageSize],
    queryFn: ({ signal }) => api.get<Page<PolicySummary>>(withQuery('/policies', { ...filters, page, pageSize }), undefined, signal),
    placeholderData: keepPreviousData,
  });
}

export function usePolicy(id: string | undefined) {
  return useQuery({
    queryKey: policyKeys.policy(id ?? ''),
    queryFn: ({ signal }) => api.get<PolicyDetail>(`/policies/${id}`, undefined, signal),
    enabled: Boolean(id),
    meta: { silent: true },
  });
}

/** The customer's policies (客户 360). */
export function usePartyPolicies(partyId: string, enabled: boolean) {
  return useQuery({
    queryKey: policyKeys.partyPolicies(partyId),
    queryFn: ({ signal }) => api.get<PolicySummary[] | { items: PolicySummary[] }>(`/parties/${partyId}/policies`, undefined, signal).then((r) => (Array.isArray(r) ? r : r.items)),
    enabled,
  });
}

// ---------- 保全 ----------

export function useEndorsementTrial() {
  return useMutation({
    mutationFn: ({ policyId, ...body }: EndorsementInput & { policyId: string }) => api.post<EndorsementTrial>(`/policies/${policyId}/endorsements/trial`, body),
    meta: { silent: true },
  });
}

export function useApplyEndorsement() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ policyId, ...body }: EndorsementInput & { policyId: string; expectedAmount: string }) => api.post<EndorsementDetail>(`/policies/${policyId}/endorsements`, body),
    onSuccess: (_d, { policyId }) => {
      void queryClient.invalidateQueries({ queryKey: policyKeys.policy(policyId) });
      void queryClient.invalidateQueries({ queryKey: policyKeys.endorsements });
      void queryClient.invalidateQueries({ queryKey: policyKeys.policies });
    },
    meta: { silent: true },
  });
}

export interface EndorsementFilters {
  q?: string;
  state?: EndorsementState;
  item?: EndorsementItem;
  dateFrom?: string;
  dateTo?: string;
}

export function useEndorsements(filters: EndorsementFilters, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...policyKeys.endorsements, 'list', filters, page, pageSize],
    queryFn: ({ signal }) => api.get<Page<EndorsementSummary>>(withQuery('/endorsements', { ...filters, page, pageSize }), undefined, signal),
    placeholderData: keepPreviousData,
  });
}

export function useEndorsement(id: string | undefined) {
  return useQuery({
    queryKey: [...policyKeys.endorsements, 'detail', id ?? ''],
    queryFn: ({ signal }) => api.get<EndorsementDetail>(`/endorsements/${id}`, undefined, signal),
    enabled: Boolean(id),
  });
}

export function useEndorsementDecision() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, note }: { id: string; action: 'approve' | 'reject' | 'withdraw'; note?: string }) =>
      api.post<EndorsementDetail>(`/endorsements/${id}/${action}`, action === 'withdraw' ? {} : { note: note || undefined }),
    onSuccess: (detail) => {
      void queryClient.invalidateQueries({ queryKey: policyKeys.endorsements });
      void queryClient.invalidateQueries({ queryKey: policyKeys.policy(detail.policyId) });
    },
  });
}

export function useEndorsementPayment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: PaymentInput & { id: string }) => api.post<EndorsementDetail>(`/endorsements/${id}/payments`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: policyKeys.endorsements }),
    meta: { silent: true },
  });
}

// ---------- renewals ----------

export interface RenewalFilters {
  q?: string;
  state?: 'NO_PROPOSAL' | 'PROPOSED' | 'ISSUED';
  daysWithin?: number;
}

export function useRenewals(filters: RenewalFilters, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...policyKeys.renewals, filters, page, pageSize],
    queryFn: ({ signal }) => api.get<Page<RenewalRow>>(withQuery('/renewals', { ...filters, page, pageSize }), undefined, signal),
    placeholderData: keepPreviousData,
  });
}

export function useRunRenewals() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ created: number }>('/renewals/run', {}),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: policyKeys.renewals });
      void queryClient.invalidateQueries({ queryKey: policyKeys.proposalList });
    },
  });
}

// ---------- 承保设置 ----------

export function useNumberRanges() {
  return useQuery({
    queryKey: [...policyKeys.admin, 'ranges'],
    queryFn: ({ signal }) => api.get<{ items: ProposalNumberRange[] }>('/proposal-number-ranges', { pageSize: 200 }, signal).then((r) => r.items),
  });
}

export interface NumberRangeInput {
  orgId: string;
  prefix: string;
  startNo: string;
  endNo: string;
  width?: number;
  remark?: string | null;
}

function useInvalidateAdmin() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: policyKeys.admin });
}

export function useCreateNumberRange() {
  const invalidate = useInvalidateAdmin();
  return useMutation({
    mutationFn: (body: NumberRangeInput) => api.post<ProposalNumberRange>('/proposal-number-ranges', body),
    onSuccess: invalidate,
    meta: { silent: true },
  });
}

export function useCloseNumberRange() {
  const invalidate = useInvalidateAdmin();
  return useMutation({
    mutationFn: (id: string) => api.post<ProposalNumberRange>(`/proposal-number-ranges/${id}/close`, {}),
    onSuccess: invalidate,
  });
}

export function useAuthorities() {
  return useQuery({
    queryKey: [...policyKeys.admin, 'authorities'],
    queryFn: ({ signal }) => api.get<{ items: UnderwritingAuthority[] }>('/underwriting-authorities', { pageSize: 200 }, signal).then((r) => r.items),
  });
}

export function usePutAuthority() {
  const invalidate = useInvalidateAdmin();
  return useMutation({
    mutationFn: (body: { userId: string; line: ProductLine; maxSumAssured: string }) => api.put<UnderwritingAuthority>('/underwriting-authorities', body),
    onSuccess: invalidate,
    meta: { silent: true },
  });
}

export interface SettingDocuments {
  underwriting: UnderwritingRules;
  servicing: ServicingSettings;
  renewal: RenewalSettings;
}
export type SettingKey = keyof SettingDocuments;

export function useSetting<K extends SettingKey>(key: K) {
  return useQuery({
    queryKey: policyKeys.setting(key),
    queryFn: ({ signal }) => api.get<SettingDocuments[K]>(`/policy-settings/${key}`, undefined, signal),
  });
}

export function usePutSetting<K extends SettingKey>(key: K) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SettingDocuments[K]) => api.put<SettingDocuments[K]>(`/policy-settings/${key}`, body),
    onSuccess: (saved) => queryClient.setQueryData(policyKeys.setting(key), saved),
    meta: { silent: true },
  });
}

/** The other proposal of a motor bundle (交强险 + 商业车险 for one vehicle), found by its bundleId. */
export function useBundlePartner(detail: ProposalDetail | undefined) {
  return useQuery({
    queryKey: [...policyKeys.proposalList, 'bundle', detail?.bundleId ?? '', detail?.id ?? ''],
    queryFn: async ({ signal }) => {
      const page = await api.get<Page<ProposalSummary>>(withQuery('/proposals', { bundleId: detail!.bundleId!, pageSize: 20 }), undefined, signal);
      const partner = page.items.find((p) => p.id !== detail!.id);
      return partner ? api.get<ProposalDetail>(`/proposals/${partner.id}`, undefined, signal) : null;
    },
    enabled: Boolean(detail?.bundleId),
  });
}
