import { listVentures } from '$lib/api/ventures';
import { requireSignedIn } from '$lib/guards';
import { readingOf } from '$lib/page-data.svelte';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent, url, fetch }) => {
  await requireSignedIn(parent, url);
  return { ventures: await readingOf(() => listVentures({ fetch })) };
};
