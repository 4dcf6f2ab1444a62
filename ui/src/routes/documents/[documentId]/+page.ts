import { error } from '@sveltejs/kit';
import { errorMessage, isApiError } from '$lib/api';
import { listClients } from '$lib/api/clients';
import { listDocumentSignatureRequests } from '$lib/api/signatures';
import { getDocument, listComments, listViews, type DocumentDetail } from '$lib/api/documents';
import { getVenture } from '$lib/api/ventures';
import { requireSignedIn } from '$lib/guards';
import { readingOf } from '$lib/page-data.svelte';
import { session } from '$lib/session.svelte';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent, url, params, fetch }) => {
  await requireSignedIn(parent, url);
  try {
    const document = await getDocument(params.documentId, { fetch });
    // Only the owner sees who viewed it, and shares it with their clients.
    const owner = document.ownerId === session.user?.userId;
    const [views, clients] = owner
      ? await Promise.all([
          readingOf(() => listViews(params.documentId, { fetch })),
          readingOf(() => listClients({ fetch })),
        ])
      : [null, null];
    const ventureId = document.ventureId;
    const [signatureRequests, comments, venture] = await Promise.all([
      readingOf(() => listDocumentSignatureRequests(params.documentId, { fetch })),
      maySeeComments(document, owner) ? readingOf(() => listComments(params.documentId, { fetch })) : null,
      ventureId === null ? null : readingOf(() => getVenture(ventureId, { fetch })),
    ]);
    return { document, views, clients, signatureRequests, comments, venture };
  } catch (cause) {
    if (isApiError(cause, 'DOCUMENT_NOT_FOUND')) error(404, 'No such document, or it is not shared with you.');
    error(isApiError(cause) && cause.status > 0 ? cause.status : 503, errorMessage(cause));
  }
};

/** The owner, and a member whose share lets them view it now (auditors see the document, not its conversation). */
function maySeeComments(document: DocumentDetail, owner: boolean): boolean {
  const me = session.user?.userId;
  return owner || document.shares.some((share) => share.toUserId === me && share.active && share.canView);
}
