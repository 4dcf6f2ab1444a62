import { redirect } from '@sveltejs/kit';
import { session } from '$lib/session.svelte';

/** For a page's `load`: anonymous visitors go to sign-in, and come back here afterwards. */
export async function requireSignedIn(parent: () => Promise<unknown>, url: URL): Promise<void> {
  await parent();
  if (!session.user) redirect(307, `/signin?next=${encodeURIComponent(url.pathname + url.search)}`);
}
