import { readLedgerStatus } from '$lib/ledger-status.svelte';
import type { PageLoad } from './$types';

// A failed first read is returned, not thrown, so the page can show it and keep retrying.
export const load: PageLoad = async ({ fetch }) => ({ initial: await readLedgerStatus(fetch) });
