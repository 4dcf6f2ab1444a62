import { listDocuments } from '$lib/api/documents';
import { listMySignatureRequests, listSigningKeys } from '$lib/api/signatures';
import { listVentures } from '$lib/api/ventures';
import { requireSignedIn } from '$lib/guards';
import { readingOf } from '$lib/page-data.svelte';
import type { PageLoad } from './$types';

// A failed read is shown in place, so the page still offers the upload.
export const load: PageLoad = async ({ parent, url, fetch }) => {
  await requireSignedIn(parent, url);
  const [initial, keys, waiting, ventures] = await Promise.all([
    readingOf(() => listDocuments({ fetch })),
    readingOf(() => listSigningKeys({ fetch })),
    readingOf(() => listMySignatureRequests('waiting', { fetch })),
    readingOf(() => listVentures({ fetch })),
  ]);
  return { initial, keys, waiting, ventures };
};
