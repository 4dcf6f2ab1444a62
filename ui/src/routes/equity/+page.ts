import { requireSignedIn } from '$lib/guards';
import { live } from '$lib/live.svelte';
import { session } from '$lib/session.svelte';
import { readEquity } from './member-equity.svelte';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent, url, fetch }) => {
  await requireSignedIn(parent, url);
  const liveMark = live.mark();
  // Side by side: a KYC decision may have landed since sign-in, and the conversion widget depends on it.
  const [, initial] = await Promise.all([session.reload(), readEquity(fetch)]);
  return { liveMark, initial };
};
