import { retryAfterSecondsOf, slowDown, slowDownMessage } from '$lib/slow-down.svelte';
import { CSRF_HEADER, csrfToken } from './csrf';
import { refreshSession } from './refresh';

/** The body every API error carries. */
export interface ApiErrorBody {
  error: string;
  message: string;
  /** isApiErrorBody checks only the message: a body from something other than our API may lack the rest. */
  details?: Record<string, unknown>;
}

/** A failed API call. `status` is 0 when the server could not be reached at all. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface RequestOptions {
  /** SvelteKit's `fetch` inside `load`, the global one elsewhere. */
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** Extra request headers, e.g. a client's share-link token (it never goes into a URL). */
  headers?: Record<string, string>;
  /**
   * False for sign-in and sign-up, where a 401 answers the credentials, and for a share link,
   * where it answers the token; everywhere else a 401 means the 15-minute access token ran out,
   * so we refresh once and retry once.
   */
  refreshOnUnauthenticated?: boolean;
}

export interface SendOptions extends RequestOptions {
  body?: unknown;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

let sessionExpiredListener: (() => void) | undefined;

/** Called when a refresh fails: the session is over and the person has to sign in again. */
export function onSessionExpired(listener: () => void): void {
  sessionExpiredListener = listener;
}

/** For callers outside requestJson (the live stream) that learnt the session is over. */
export function reportSessionExpired(): void {
  sessionExpiredListener?.();
}

export function getJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return requestJson<T>('GET', path, options);
}

/** A request with a JSON body: POST, PATCH or PUT. */
export function sendJson<T>(
  method: 'POST' | 'PATCH' | 'PUT',
  path: string,
  body: unknown = {},
  options: Omit<SendOptions, 'body'> = {},
): Promise<T> {
  return requestJson<T>(method, path, { ...options, body });
}

export function postJson<T>(path: string, body: unknown = {}, options: Omit<SendOptions, 'body'> = {}): Promise<T> {
  return sendJson<T>('POST', path, body, options);
}

export function patchJson<T>(path: string, body: unknown = {}, options: Omit<SendOptions, 'body'> = {}): Promise<T> {
  return sendJson<T>('PATCH', path, body, options);
}

export function deleteJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return requestJson<T>('DELETE', path, options);
}

async function requestJson<T>(method: Method, path: string, options: SendOptions): Promise<T> {
  const fetchFn = options.fetch ?? fetch;
  let response = await send(fetchFn, method, path, options);
  if (response.status === 401 && options.refreshOnUnauthenticated !== false) {
    const outcome = await refreshSession(fetchFn);
    if (outcome === 'refreshed') response = await send(fetchFn, method, path, options);
    // Only an answer about the session ends it: a refresh that met a 429 or a blip leaves it be.
    if (outcome === 'unavailable') throw unavailable();
    if (response.status === 401) sessionExpiredListener?.();
  }
  const body = await readJson(response);
  if (response.status === 429) throw rateLimited(response, body);
  if (!response.ok) throw toApiError(response, body);
  if (response.status === 204) return undefined as T;
  if (body === undefined) {
    // Usually the SPA fallback answering a path the API does not know.
    throw new ApiError(response.status, 'not_json', `Expected JSON from ${path} but got something else.`);
  }
  return body as T;
}

async function send(fetchFn: typeof fetch, method: Method, path: string, options: SendOptions): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers, accept: 'application/json' };
  if (method !== 'GET') {
    // Cookie sessions must echo the CSRF cookie on unsafe requests; a cross-site page can't read it.
    const token = csrfToken();
    if (token) headers[CSRF_HEADER] = token;
  }
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  try {
    // Auth is a same-origin httpOnly cookie; tokens never go into localStorage.
    return await fetchFn(path, {
      method,
      credentials: 'same-origin',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'unreachable', 'The ledger API is unreachable. Check that the server is running.');
  }
}

async function readJson(response: Response): Promise<unknown> {
  if (!response.headers.get('content-type')?.includes('json')) return undefined;
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

/** The error a non-2xx answer stands for; also for callers that send without fetch (upload progress). */
export function toApiError(response: Pick<Response, 'status' | 'statusText'>, body: unknown): ApiError {
  if (isApiErrorBody(body)) {
    return new ApiError(response.status, body.error, body.message, body.details ?? {});
  }
  // Proxies and gateways answer with HTML or nothing; the status line is all we have.
  const statusText = response.statusText ? ` ${response.statusText}` : '';
  return new ApiError(response.status, 'http_error', `The server answered HTTP ${response.status}${statusText}.`);
}

/** A 429 is "wait", never "you are signed out": the banner counts down, the message says how long. */
function rateLimited(response: Response, body: unknown): ApiError {
  // An account locked after failed sign-ins is a 429 too, with its own code and words.
  if (isApiErrorBody(body) && body.error !== 'RATE_LIMITED') return toApiError(response, body);
  const details = isApiErrorBody(body) ? (body.details ?? {}) : {};
  const retryAfterSeconds = retryAfterSecondsOf(response, details);
  slowDown.hit(retryAfterSeconds);
  return new ApiError(429, 'RATE_LIMITED', slowDownMessage(retryAfterSeconds), { ...details, retryAfterSeconds });
}

/** The session could not be renewed just now; the refresh already set the slow-down banner if it was a 429. */
function unavailable(): ApiError {
  const retryAfterSeconds = slowDown.secondsLeft;
  if (retryAfterSeconds > 0)
    return new ApiError(429, 'RATE_LIMITED', slowDownMessage(retryAfterSeconds), { retryAfterSeconds });
  return new ApiError(0, 'unreachable', 'Could not renew your session just now. Try again in a moment.');
}

function isApiErrorBody(body: unknown): body is ApiErrorBody {
  return typeof body === 'object' && body !== null && typeof (body as ApiErrorBody).message === 'string';
}

/** A message fit to show a person, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}
