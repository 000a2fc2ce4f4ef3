import type { ErrorBody } from '../../contracts/system';
import { getLang, translate } from './i18n';

export const API_BASE = '/api/v1';

/** An error answered by the server (or a network failure, code NETWORK). `message` is already localized. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  readonly requestId: string | undefined;
  /** True when the client already reacted (redirected to sign-in etc.): don't notify the user again. */
  handled = false;

  constructor(status: number, code: string, message: string, details?: Record<string, unknown>, requestId?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.requestId = requestId;
  }
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

/** Where the app must go when the server refuses for an account reason. */
export type AuthRedirect = 'login' | 'change-password' | 'mfa-enroll';
type AuthRedirectHandler = (target: AuthRedirect) => void;

let authRedirectHandler: AuthRedirectHandler = (target) => {
  window.location.assign(`/${target}`);
};

/** The router registers itself here so redirects keep the single-page state. */
export function setAuthRedirectHandler(handler: AuthRedirectHandler): void {
  authRedirectHandler = handler;
}

/** 401 codes that mean "wrong input", not "signed out": the caller shows them in place. */
const CREDENTIAL_CODES = new Set(['AUTH_INVALID_CREDENTIALS', 'AUTH_MFA_INVALID']);

function redirectFor(error: ApiError): AuthRedirect | null {
  if (error.status === 401 && !CREDENTIAL_CODES.has(error.code)) return 'login';
  if (error.status === 403 && error.code === 'AUTH_PASSWORD_CHANGE_REQUIRED') return 'change-password';
  if (error.status === 403 && error.code === 'AUTH_MFA_ENROLLMENT_REQUIRED') return 'mfa-enroll';
  return null;
}

export function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

export type QueryValue = string | number | boolean | null | undefined;
export type QueryParams = Record<string, QueryValue>;

/** `/api/v1{path}?query`, leaving out empty values. Also used for download links. */
export function apiUrl(path: string, query?: QueryParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const qs = search.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    /* not JSON: fall through */
  }
  if (isErrorBody(body)) {
    const { code, message, details, requestId } = body.error;
    return new ApiError(response.status, code, message, details, requestId);
  }
  const requestId = response.headers.get('x-request-id') ?? undefined;
  return new ApiError(response.status, `HTTP_${response.status}`, response.statusText || `HTTP ${response.status}`, undefined, requestId);
}

export interface RequestOptions {
  query?: QueryParams;
  body?: unknown;
  signal?: AbortSignal;
  /** Headers of the call's own (e.g. Idempotency-Key). */
  headers?: Record<string, string>;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': getLang() === 'en-US' ? 'en' : 'zh-CN',
  };
  if (method !== 'GET' && method !== 'HEAD') {
    const csrf = readCookie('csrf-token');
    if (csrf) headers['x-csrf-token'] = csrf;
  }
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  Object.assign(headers, options.headers);

  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'NETWORK', translate(getLang(), 'common.networkError'));
  }

  if (!response.ok) {
    const error = await toApiError(response);
    const target = redirectFor(error);
    if (target) {
      error.handled = true;
      authRedirectHandler(target);
    }
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, query?: QueryParams, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T = void>(path: string, body?: unknown) => request<T>('POST', path, { body }),
  put: <T = void>(path: string, body?: unknown) => request<T>('PUT', path, { body }),
  patch: <T = void>(path: string, body?: unknown) => request<T>('PATCH', path, { body }),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
};

/** The content type of an .xlsx body (imports). */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * POSTs a file as the raw body with XMLHttpRequest (fetch has no upload progress), with its own
 * Content-Type; errors come back as ApiError with the server's details (field, row). `onProgress`
 * gets 0–100.
 */
export function uploadFile<T>(path: string, query: QueryParams, file: File, contentType: string, onProgress: (percent: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl(path, query));
    xhr.withCredentials = true;
    xhr.setRequestHeader('Content-Type', contentType);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', getLang() === 'en-US' ? 'en' : 'zh-CN');
    const csrf = readCookie('csrf-token');
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', translate(getLang(), 'common.networkError')));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(100);
        resolve(body as T);
        return;
      }
      const error = (body as ErrorBody | null)?.error;
      reject(
        error && typeof error.code === 'string'
          ? new ApiError(xhr.status, error.code, error.message, error.details, error.requestId)
          : new ApiError(xhr.status, `HTTP_${xhr.status}`, xhr.statusText || `HTTP ${xhr.status}`, undefined, xhr.getResponseHeader('x-request-id') ?? undefined),
      );
    };
    xhr.send(file);
  });
}

/** An Excel workbook (imports). */
export const uploadWorkbook = <T>(path: string, query: QueryParams, file: File, onProgress: (percent: number) => void): Promise<T> => uploadFile<T>(path, query, file, XLSX_TYPE, onProgress);
