import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateProductInput,
  ProductDetail,
  ProductLine,
  ProductPage,
  ProductQuote,
  ProductQuoteInput,
  QuotableVersion,
  RatingReference,
  UpdateVersionInput,
  VersionDetail,
  VersionDiff,
  VersionStatus,
} from '../../../contracts/product';
import { api, type QueryParams } from '../../app/api';

/** Client hooks of /api/v1/products (docs/api-product.md); shapes from src/contracts/product.ts. */
export const productKeys = {
  all: ['products'] as const,
  list: (filters: ProductFilters, page: number, pageSize: number) => ['products', 'list', filters, page, pageSize] as const,
  detail: (id: string) => ['products', 'detail', id] as const,
  version: (id: string) => ['products', 'version', id] as const,
  diff: (from: string, to: string) => ['products', 'diff', from, to] as const,
  quotable: ['products', 'quotable'] as const,
  reference: ['products', 'reference'] as const,
};

export interface ProductFilters {
  q?: string;
  line?: ProductLine;
  status?: VersionStatus;
}

export const productQueryParams = (f: ProductFilters): QueryParams => ({ q: f.q?.trim() || undefined, line: f.line, status: f.status });

export function useProducts(filters: ProductFilters, page: number, pageSize: number) {
  return useQuery({
    queryKey: productKeys.list(filters, page, pageSize),
    queryFn: ({ signal }) => api.get<ProductPage>('/products', { ...productQueryParams(filters), page, pageSize }, signal),
    placeholderData: (previous) => previous,
  });
}

export function useProduct(id: string | undefined) {
  return useQuery({
    queryKey: productKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api.get<ProductDetail>(`/products/${id}`, undefined, signal),
    enabled: !!id,
  });
}

export function useVersion(id: string | undefined) {
  return useQuery({
    queryKey: productKeys.version(id ?? ''),
    queryFn: ({ signal }) => api.get<VersionDetail>(`/products/versions/${id}`, undefined, signal),
    enabled: !!id,
  });
}

export function useVersionDiff(from: string | undefined, to: string | undefined) {
  return useQuery({
    queryKey: productKeys.diff(from ?? '', to ?? ''),
    queryFn: ({ signal }) => api.get<VersionDiff>('/products/versions/diff', { from, to }, signal),
    enabled: !!from && !!to,
  });
}

export function useQuotableVersions() {
  return useQuery({
    queryKey: productKeys.quotable,
    queryFn: ({ signal }) => api.get<{ items: QuotableVersion[] }>('/products/quotable', undefined, signal).then((r) => r.items),
  });
}

export function useRatingReference(enabled = true) {
  return useQuery({
    queryKey: productKeys.reference,
    queryFn: ({ signal }) => api.get<RatingReference>('/products/rating-reference', undefined, signal),
    staleTime: 10 * 60_000,
    enabled,
  });
}

function useInvalidateProducts() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: productKeys.all });
}

export function useCreateProduct() {
  const invalidate = useInvalidateProducts();
  return useMutation({
    mutationFn: (body: CreateProductInput) => api.post<ProductDetail>('/products', body),
    onSuccess: invalidate,
    meta: { silent: true },
  });
}

export function useNewVersion() {
  const invalidate = useInvalidateProducts();
  return useMutation({
    mutationFn: (productId: string) => api.post<VersionDetail>(`/products/${productId}/versions`, {}),
    onSuccess: invalidate,
  });
}

export function useUpdateVersion() {
  const invalidate = useInvalidateProducts();
  return useMutation({
    mutationFn: ({ id, ...body }: UpdateVersionInput & { id: string }) => api.put<VersionDetail>(`/products/versions/${id}`, body),
    onSuccess: invalidate,
  });
}

export function useVersionAction() {
  const invalidate = useInvalidateProducts();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'approve' | 'retire' }) => api.post<VersionDetail>(`/products/versions/${id}/${action}`, {}),
    onSuccess: invalidate,
  });
}

export function useProductQuote() {
  return useMutation({
    mutationFn: ({ id, ...body }: ProductQuoteInput & { id: string }) => api.post<ProductQuote>(`/products/versions/${id}/quote`, body),
  });
}
