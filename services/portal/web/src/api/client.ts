import type { SessionView } from './types';
import { learnServerClock } from './server-clock';

/**
 * The one way the app talks to the BFF. Same-origin cookies carry the session; the CSRF token from
 * `GET /auth/session` goes on every state-changing request; error bodies of every shape the
 * platform produces (`{code, message}` from the BFF, `{error, message, details}` from a service's
 * DomainError filter, `{message: string[]}` from Nest's ValidationPipe) become one ApiError.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
    /** The portal's X-Request-Id: what a user reads out to the help desk, and what its logs are searched by. */
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;
let onSessionLost: ((code: string) => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The shell registers how to send the user back to the sign-in page. */
export function onSessionEnded(handler: (code: string) => void): void {
  onSessionLost = handler;
}

const SESSION_ENDED_CODES = new Set(['SESSION_EXPIRED', 'NOT_SIGNED_IN']);

export async function errorFromResponse(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  return errorFromBody(response.status, text, response.headers.get('x-request-id') ?? undefined);
}

export function errorFromBody(status: number, text: string, requestIdHeader?: string): ApiError {
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  const record = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const rawCode = typeof record.code === 'string' ? record.code : typeof record.error === 'string' ? record.error : '';
  // Nest's own HttpExceptions put the reason phrase ("Bad Request") in `error`; that is no code.
  const code = /^[A-Z0-9_]+$/.test(rawCode) ? rawCode : `HTTP_${status}`;
  const rawMessage = record.message;
  const message = Array.isArray(rawMessage) ? rawMessage.join('; ') : typeof rawMessage === 'string' ? rawMessage : '';
  const details = record.details && typeof record.details === 'object' ? (record.details as Record<string, unknown>) : undefined;
  const requestId = typeof record.requestId === 'string' ? record.requestId : requestIdHeader;
  return new ApiError(status, code, message, details, requestId);
}

function reportSessionLoss(error: ApiError, path: string): void {
  if (error.status === 401 && SESSION_ENDED_CODES.has(error.code) && !path.startsWith('/auth/session')) {
    onSessionLost?.(error.code);
  }
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  signal?: AbortSignal;
  /** Sent as they are (e.g. `Idempotency-Key`). */
  headers?: Record<string, string>;
}

export function withQuery(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function send(path: string, options: RequestOptions, accept: string): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { ...options.headers, Accept: accept };
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const url = withQuery(path, options.query);
  let response: Response;
  const sentAt = Date.now();
  try {
    response = await fetch(url, { method, headers, body, credentials: 'same-origin', signal: options.signal });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'NETWORK_ERROR', '');
  }
  learnServerClock(response.headers.get('Date'), response.headers.get('Cache-Control'), sentAt, Date.now());
  if (!response.ok) {
    const error = await errorFromResponse(response);
    reportSessionLoss(error, path);
    throw error;
  }
  return response;
}

/** JSON in, JSON out; 204 answers `undefined`. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options, 'application/json');
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Bytes of a file (the verifier's evidence viewer), with the type the server decided from the content. */
export async function fetchBytes(path: string, signal?: AbortSignal): Promise<{ bytes: ArrayBuffer; contentType: string }> {
  const response = await send(path, { signal }, '*/*');
  return { bytes: await response.arrayBuffer(), contentType: response.headers.get('Content-Type') ?? 'application/octet-stream' };
}

export async function fetchSession(): Promise<SessionView | { signedOut: string }> {
  try {
    const session = await api<SessionView>('/auth/session');
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return { signedOut: error.code };
    throw error;
  }
}

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadHandle<T> {
  done: Promise<{ status: number; body: T }>;
  abort: () => void;
}

/**
 * Multipart upload through XMLHttpRequest, because fetch cannot report upload progress. Text fields
 * go before the file: the service then checks the destination and deadline before storing a byte.
 */
export function upload<T>(
  path: string,
  fields: Record<string, string | undefined>,
  file: File,
  onProgress: (progress: UploadProgress) => void,
  extraHeaders: Record<string, string> = {},
): UploadHandle<T> {
  const xhr = new XMLHttpRequest();
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) if (value !== undefined && value !== '') form.append(key, value);
  form.append('file', file, file.name);
  const done = new Promise<{ status: number; body: T }>((resolve, reject) => {
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    for (const [key, value] of Object.entries(extraHeaders)) xhr.setRequestHeader(key, value);
    xhr.upload.onprogress = (event) => onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve({ status: xhr.status, body: JSON.parse(xhr.responseText) as T });
        } catch {
          resolve({ status: xhr.status, body: undefined as T });
        }
        return;
      }
      const error = errorFromBody(xhr.status, xhr.responseText, xhr.getResponseHeader('x-request-id') ?? undefined);
      reportSessionLoss(error, path);
      reject(error);
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK_ERROR', ''));
    xhr.onabort = () => reject(new ApiError(0, 'UPLOAD_ABORTED', ''));
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

/** A retry of the same upload must carry the same key, so the service answers once (Idempotency-Key). */
export function newIdempotencyKey(): string {
  // randomUUID exists only in secure contexts; an office intranet may serve plain http.
  if (typeof crypto.randomUUID === 'function' && window.isSecureContext) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export const downloadPath = (evidenceId: string): string => `/api/submissions/v1/evidence/${encodeURIComponent(evidenceId)}/download`;
