const CSRF_COOKIE = 'ss_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * The CSRF token the server keeps in a readable cookie. It is set and cleared together with
 * the httpOnly session cookies, so its presence also tells us a portal session may exist.
 */
export function csrfToken(): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === CSRF_COOKIE && value.length > 0) {
      try {
        return decodeURIComponent(value.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** After a failed sign-out the server could not clear it; a stale one would make us call /me. */
export function forgetCsrfToken(): void {
  document.cookie = `${CSRF_COOKIE}=; Max-Age=0; path=/; SameSite=Lax`;
}
