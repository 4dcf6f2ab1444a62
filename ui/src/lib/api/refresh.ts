import { retryAfterSecondsOf, slowDown } from '$lib/slow-down.svelte';
import { CSRF_HEADER, csrfToken } from './csrf';

/**
 * `refreshed`: new cookies are set. `ended`: the session is over (no session, or the server
 * refused the refresh token). `unavailable`: no answer about the session — a 429, a 5xx or no
 * network — so nobody may be signed out for it.
 */
export type RefreshOutcome = 'refreshed' | 'ended' | 'unavailable';

const REFRESH_PATH = '/api/v1/auth/refresh';
const LOCK_NAME = 'smartstart-session-refresh';

let inFlight: Promise<RefreshOutcome> | undefined;

/**
 * Swaps the refresh cookie for new session cookies.
 *
 * The server treats a refresh token presented twice as stolen and ends the session, so two
 * refreshes must never carry the same cookie. Calls in this tab share one request, and tabs
 * take turns through a Web Lock: a tab that waited sends the cookie the first one received.
 */
export function refreshSession(fetchFn: typeof fetch = fetch): Promise<RefreshOutcome> {
  inFlight ??= serialised(() => refreshOnce(fetchFn)).finally(() => {
    inFlight = undefined;
  });
  return inFlight;
}

async function serialised(task: () => Promise<RefreshOutcome>): Promise<RefreshOutcome> {
  // Web Locks need a secure context (https or localhost); elsewhere we fall back to this tab only.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the DOM types omit that insecure contexts have no navigator.locks
  if (typeof navigator !== 'undefined' && navigator.locks) return await navigator.locks.request(LOCK_NAME, task);
  return task();
}

async function refreshOnce(fetchFn: typeof fetch): Promise<RefreshOutcome> {
  // Without the CSRF cookie there is no portal session to refresh; don't ask the server.
  const token = csrfToken();
  if (!token) return 'ended';
  try {
    const response = await fetchFn(REFRESH_PATH, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': 'application/json', [CSRF_HEADER]: token },
      body: '{}',
    });
    if (response.ok) return 'refreshed';
    if (response.status === 429) slowDown.hit(retryAfterSecondsOf(response, await errorDetails(response)));
    return response.status === 401 || response.status === 403 ? 'ended' : 'unavailable';
  } catch {
    return 'unavailable';
  }
}

async function errorDetails(response: Response): Promise<Record<string, unknown> | undefined> {
  try {
    return ((await response.json()) as { details?: Record<string, unknown> }).details;
  } catch {
    return undefined;
  }
}
