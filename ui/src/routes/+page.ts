import { getMyInbox } from '$lib/api/inbox';
import { readLedgerStatus } from '$lib/ledger-status.svelte';
import { live } from '$lib/live.svelte';
import { readingOf } from '$lib/page-data.svelte';
import { session } from '$lib/session.svelte';
import type { PageLoad } from './$types';

// Signed in: your own dashboard. Signed out: the welcome and the ledger's status (also at /status).
// A failed first read is returned, not thrown, so the page can show it and keep retrying. The
// mark comes first: a change that lands while the page's data is read still reaches the page.
export const load: PageLoad = async ({ fetch, parent }) => {
  await parent();
  const liveMark = live.mark();
  if (session.user)
    return { view: 'dashboard' as const, liveMark, inbox: await readingOf(() => getMyInbox({ fetch })) };
  return { view: 'status' as const, liveMark, initial: await readLedgerStatus(fetch) };
};
