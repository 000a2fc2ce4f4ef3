import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type {
  OrganizationDetail,
  OrganizationInput,
  PartyDetail,
  PartyImportResult,
  PartyKind,
  PartyPage,
  PartyRelationship,
  PersonDetail,
  PersonIdType,
  PersonInput,
  RelationshipInput,
  RevealField,
} from '../../../contracts/party';
import { api, uploadWorkbook, type QueryParams } from '../../app/api';

/** Query keys of the party module; invalidating a prefix refreshes every variant of it. */
export const partyKeys = {
  all: ['party'] as const,
  lists: ['party', 'list'] as const,
  detail: (id: string) => ['party', 'detail', id] as const,
  relationships: (id: string) => ['party', 'relationships', id] as const,
  idCheck: (number: string) => ['party', 'id-check', number] as const,
  usccCheck: (code: string) => ['party', 'uscc-check', code] as const,
};

// ---------- list ----------

export type PartySort = 'name' | '-name' | 'createdAt' | '-createdAt';

export interface PartyFilters {
  q?: string;
  kind?: PartyKind;
  idType?: PersonIdType | 'USCC';
  orgId?: string;
  subOrgs?: boolean;
  createdFrom?: string;
  createdTo?: string;
  sort?: PartySort;
}

/** The filters as query parameters of GET /parties and GET /parties/export. */
export function partyQueryParams(filters: PartyFilters): QueryParams {
  // subOrgs only means something with an org picked.
  const { subOrgs, ...rest } = filters;
  return { ...rest, subOrgs: filters.orgId ? subOrgs : undefined };
}

export function useParties(filters: PartyFilters, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...partyKeys.lists, filters, page, pageSize],
    queryFn: ({ signal }) => api.get<PartyPage>('/parties', { ...partyQueryParams(filters), page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });
}

/**
 * Keyset continuation past the numbered pages (total capped at 10,000): starts at `cursor`
 * (the last numbered page's nextCursor) and follows nextCursor on each 加载更多.
 */
export function usePartiesAfter(filters: PartyFilters, cursor: string | null, pageSize: number) {
  return useInfiniteQuery({
    queryKey: [...partyKeys.lists, 'after', filters, cursor, pageSize],
    queryFn: ({ pageParam, signal }) => api.get<PartyPage>('/parties', { ...partyQueryParams(filters), cursor: pageParam, pageSize }, signal),
    initialPageParam: cursor ?? '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: cursor !== null,
  });
}

/** Customers matching `q` for pickers (relationships): the first 20. */
export function usePartySearch(q: string) {
  const text = q.trim();
  return useQuery({
    queryKey: [...partyKeys.lists, 'search', text],
    queryFn: ({ signal }) => api.get<PartyPage>('/parties', { q: text, pageSize: 20 }, signal).then((page) => page.items),
    enabled: text.length > 0,
    placeholderData: (previous) => previous,
    meta: { silent: true },
  });
}

// ---------- detail and writes ----------

export function usePartyDetail(id: string | undefined) {
  return useQuery({
    queryKey: partyKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api.get<PartyDetail>(`/parties/${id}`, undefined, signal),
    enabled: Boolean(id),
    // A 404 (unknown or out of scope) is shown by the page.
    meta: { silent: true },
  });
}

function useInvalidateParties() {
  const queryClient = useQueryClient();
  return (detail?: PartyDetail) => {
    if (detail) queryClient.setQueryData(partyKeys.detail(detail.id), detail);
    return queryClient.invalidateQueries({ queryKey: partyKeys.lists });
  };
}

export function useCreatePerson() {
  const invalidate = useInvalidateParties();
  return useMutation({
    mutationFn: (body: PersonInput) => api.post<PersonDetail>('/parties/persons', body),
    onSuccess: (detail) => invalidate(detail),
  });
}

export function useCreateOrganization() {
  const invalidate = useInvalidateParties();
  return useMutation({
    mutationFn: (body: OrganizationInput) => api.post<OrganizationDetail>('/parties/organizations', body),
    onSuccess: (detail) => invalidate(detail),
  });
}

export type PersonPatch = Partial<PersonInput> & { version: number };
export type OrganizationPatch = Partial<OrganizationInput> & { version: number };

export function useUpdatePerson() {
  const invalidate = useInvalidateParties();
  return useMutation({
    mutationFn: ({ id, ...body }: PersonPatch & { id: string }) => api.patch<PersonDetail>(`/parties/persons/${id}`, body),
    onSuccess: (detail) => invalidate(detail),
  });
}

export function useUpdateOrganization() {
  const invalidate = useInvalidateParties();
  return useMutation({
    mutationFn: ({ id, ...body }: OrganizationPatch & { id: string }) => api.patch<OrganizationDetail>(`/parties/organizations/${id}`, body),
    onSuccess: (detail) => invalidate(detail),
  });
}

export function useRevealPartyField() {
  return useMutation({
    mutationFn: ({ id, field, index }: { id: string; field: RevealField; index?: number }) =>
      api.post<{ value: string }>(`/parties/${id}/reveal`, index === undefined ? { field } : { field, index }),
  });
}

// ---------- relationships ----------

export function useRelationships(id: string) {
  return useQuery({
    queryKey: partyKeys.relationships(id),
    queryFn: ({ signal }) => api.get<{ items: PartyRelationship[] }>(`/parties/${id}/relationships`, undefined, signal).then((r) => r.items),
  });
}

/** POST on the `from` party; both parties' lists change. */
export function useAddRelationship() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ fromPartyId, ...body }: RelationshipInput & { fromPartyId: string }) =>
      api.post<PartyRelationship>(`/parties/${fromPartyId}/relationships`, body),
    onSuccess: (_rel, { fromPartyId, toPartyId }) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: partyKeys.relationships(fromPartyId) }),
        queryClient.invalidateQueries({ queryKey: partyKeys.relationships(toPartyId) }),
      ]),
  });
}

export function useEndRelationship() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ partyId, relId, endDate }: { partyId: string; otherPartyId: string; relId: string; endDate: string }) =>
      api.post<PartyRelationship>(`/parties/${partyId}/relationships/${relId}/end`, { endDate }),
    onSuccess: (_rel, { partyId, otherPartyId }) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: partyKeys.relationships(partyId) }),
        queryClient.invalidateQueries({ queryKey: partyKeys.relationships(otherPartyId) }),
      ]),
  });
}

// ---------- identity checks (no permission, nothing stored) ----------

export type IdReason = 'LENGTH' | 'FORMAT' | 'CHECKSUM' | 'DATE' | 'REGION';
export type IdCheckResult =
  | { valid: true; normalized: string; birthDate: string; sex: 'M' | 'F'; province: string }
  | { valid: false; reason: IdReason };
export type UsccReason = 'LENGTH' | 'FORMAT' | 'CHECKSUM';
export type UsccCheckResult = { valid: true } | { valid: false; reason: UsccReason };

const CHECK_OPTIONS = { staleTime: Infinity, gcTime: 10 * 60_000, retry: false } as const;

function idCheckOptions(number: string) {
  return {
    queryKey: partyKeys.idCheck(number),
    queryFn: ({ signal }: { signal: AbortSignal }) => api.get<IdCheckResult>('/parties/id-check', { type: 'RESIDENT_ID', number }, signal),
    ...CHECK_OPTIONS,
  };
}

function usccCheckOptions(code: string) {
  return {
    queryKey: partyKeys.usccCheck(code),
    queryFn: ({ signal }: { signal: AbortSignal }) => api.get<UsccCheckResult>('/parties/uscc-check', { code }, signal),
    ...CHECK_OPTIONS,
  };
}

/** Checks a resident ID once it has 15 or 18 characters (cached per number: the validator and the form share it). */
export function fetchIdCheck(queryClient: QueryClient, number: string): Promise<IdCheckResult> {
  return queryClient.fetchQuery(idCheckOptions(number));
}

export function fetchUsccCheck(queryClient: QueryClient, code: string): Promise<UsccCheckResult> {
  return queryClient.fetchQuery(usccCheckOptions(code));
}

/** The verdict on a complete resident ID (15/18 characters); undefined while shorter. */
export function useIdCheck(number: string | undefined, enabled: boolean) {
  const complete = Boolean(number && (number.length === 15 || number.length === 18));
  return useQuery({ ...idCheckOptions(number ?? ''), enabled: enabled && complete, meta: { silent: true } });
}

export function useUsccCheck(code: string | undefined) {
  return useQuery({ ...usccCheckOptions(code ?? ''), enabled: code?.length === 18, meta: { silent: true } });
}

// ---------- import ----------


export interface ImportOptions {
  dryRun: boolean;
  acceptPartial: boolean;
}

/** POST /parties/import with the raw .xlsx body, reporting upload progress (0–100). */
export function uploadPartyImport(file: File, options: ImportOptions, onProgress: (percent: number) => void): Promise<PartyImportResult> {
  return uploadWorkbook<PartyImportResult>('/parties/import', { dryRun: options.dryRun, acceptPartial: options.acceptPartial }, file, onProgress);
}

export function useImportParties() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, onProgress, ...options }: ImportOptions & { file: File; onProgress: (percent: number) => void }) =>
      uploadPartyImport(file, options, onProgress),
    // The page shows the error in place (a file that is not the template, too large…).
    meta: { silent: true },
    onSuccess: (result) => {
      if (result.created > 0) return queryClient.invalidateQueries({ queryKey: partyKeys.lists });
    },
  });
}
