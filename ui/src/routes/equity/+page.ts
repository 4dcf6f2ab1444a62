import { requireSignedIn } from '$lib/guards';
import { live } from '$lib/live.svelte';
import { session } from '$lib/session.svelte';
import { readEquity } from './member-equity.svelte';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent, url, fetch }) => {
  await requireSignedIn(parent, url);
  // A KYC decision may have landed since sign-in; the conversion widget depends on it.
  await session.reload();
  const liveMark = live.mark();
  return { liveMark, initial: await readEquity(fetch) };
};
