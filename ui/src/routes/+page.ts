import { readLedgerStatus } from '$lib/ledger-status.svelte';
import { live } from '$lib/live.svelte';
import type { PageLoad } from './$types';

// A failed first read is returned, not thrown, so the page can show it and keep retrying. The
// mark comes first: a change that lands while the status is read still reaches the page.
export const load: PageLoad = async ({ fetch }) => {
  const liveMark = live.mark();
  return { liveMark, initial: await readLedgerStatus(fetch) };
};
