import { getProgressHistory } from '$lib/api/progress';
import { requireSignedIn } from '$lib/guards';
import { live } from '$lib/live.svelte';
import { readWallet } from './wallet-feed.svelte';
import type { PageLoad } from './$types';

// A failed first read is returned, not thrown, so the page can show it and keep retrying. The
// mark comes before the read: an award that lands meanwhile still reaches the page.
export const load: PageLoad = async ({ parent, url, fetch }) => {
  const { userId } = await requireSignedIn(parent, url);
  const liveMark = live.mark();
  const [initial, progress] = await Promise.all([
    readWallet(userId, fetch),
    // The chart's XP and reputation lines; the page works without them.
    getProgressHistory({ fetch }).catch(() => []),
  ]);
  return { userId, liveMark, initial, progress };
};
