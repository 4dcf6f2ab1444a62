import { error, redirect } from '@sveltejs/kit';
import { isApiError } from '$lib/api';
import { session } from '$lib/session.svelte';

/** A read behind a RoleGate was refused: the session lost its MFA step-up or the role. Re-read it, and the gate takes over. */
export async function recheckAccess(error: unknown): Promise<void> {
  if (isApiError(error, 'MFA_REQUIRED') || isApiError(error, 'FORBIDDEN')) await session.reload();
}

/**
 * For a page's `load`: anonymous visitors go to sign-in, and come back here afterwards. When the
 * account could not be checked (a 429, the server away) nobody is sent to sign in: the page says
 * why instead ("Slow down: retry in N s"), and the person is still signed in when it passes.
 */
export async function requireSignedIn(
  parent: () => Promise<unknown>,
  url: URL,
): Promise<NonNullable<typeof session.user>> {
  await parent();
  if (session.user) return session.user;
  if (session.problem) error(session.problem.status === 429 ? 429 : 503, session.problem.message);
  redirect(307, `/signin?next=${encodeURIComponent(url.pathname + url.search)}`);
}
