import { readLedgerStatus } from '$lib/ledger-status.svelte';
import { live } from '$lib/live.svelte';
import type { PageLoad } from './$types';

// Everyone's view of the ledger: readable signed in or not. The mark comes before the read.
export const load: PageLoad = async ({ fetch }) => {
  const liveMark = live.mark();
  return { liveMark, initial: await readLedgerStatus(fetch) };
};
