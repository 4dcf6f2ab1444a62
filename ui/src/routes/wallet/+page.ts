import { requireSignedIn } from '$lib/guards';
import { session } from '$lib/session.svelte';
import { readWallet } from './wallet-feed.svelte';
import type { PageLoad } from './$types';

// A failed first read is returned, not thrown, so the page can show it and keep retrying.
export const load: PageLoad = async ({ parent, url, fetch }) => {
  await requireSignedIn(parent, url);
  const userId = session.user!.userId;
  return { userId, initial: await readWallet(userId, fetch) };
};
