import { CSRF_HEADER, csrfToken } from './csrf';

const REFRESH_PATH = '/api/v1/auth/refresh';
const LOCK_NAME = 'smartstart-session-refresh';

let inFlight: Promise<boolean> | undefined;

/**
 * Swaps the refresh cookie for new session cookies; true when it worked.
 *
 * The server treats a refresh token presented twice as stolen and ends the session, so two
 * refreshes must never carry the same cookie. Calls in this tab share one request, and tabs
 * take turns through a Web Lock: a tab that waited sends the cookie the first one received.
 */
export function refreshSession(fetchFn: typeof fetch = fetch): Promise<boolean> {
  inFlight ??= serialised(() => refreshOnce(fetchFn)).finally(() => {
    inFlight = undefined;
  });
  return inFlight;
}

async function serialised(task: () => Promise<boolean>): Promise<boolean> {
  // Web Locks need a secure context (https or localhost); elsewhere we fall back to this tab only.
  if (typeof navigator !== 'undefined' && navigator.locks) return await navigator.locks.request(LOCK_NAME, task);
  return task();
}

async function refreshOnce(fetchFn: typeof fetch): Promise<boolean> {
  // Without the CSRF cookie there is no portal session to refresh; don't ask the server.
  const token = csrfToken();
  if (!token) return false;
  try {
    const response = await fetchFn(REFRESH_PATH, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': 'application/json', [CSRF_HEADER]: token },
      body: '{}',
    });
    return response.ok;
  } catch {
    return false;
  }
}
