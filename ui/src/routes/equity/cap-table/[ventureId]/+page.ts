import { getCapTable } from '$lib/api/conversion';
import { getVenture } from '$lib/api/ventures';
import { requireSignedIn } from '$lib/guards';
import { readingOf } from '$lib/page-data.svelte';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent, url, params, fetch }) => {
  await requireSignedIn(parent, url);
  const [capTable, venture] = await Promise.all([
    readingOf(() => getCapTable(params.ventureId, { fetch })),
    // The name is a heading only; the table must show without it.
    getVenture(params.ventureId, { fetch }).catch(() => null),
  ]);
  return { ventureId: params.ventureId, capTable, ventureName: venture?.name ?? null };
};
