import { listNotifications } from '$lib/api/inbox';
import { requireSignedIn } from '$lib/guards';
import { live } from '$lib/live.svelte';
import { readingOf } from '$lib/page-data.svelte';
import { LISTED } from './notification-text';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent, url, fetch }) => {
  await requireSignedIn(parent, url);
  const liveMark = live.mark();
  return { liveMark, initial: await readingOf(() => listNotifications(LISTED, { fetch })) };
};
