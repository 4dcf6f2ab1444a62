import { error } from '@sveltejs/kit';
import { errorMessage, isApiError } from '$lib/api';
import { getDocument } from '$lib/api/documents';
import { requireSignedIn } from '$lib/guards';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent, url, params, fetch }) => {
  await requireSignedIn(parent, url);
  try {
    return { document: await getDocument(params.documentId, { fetch }) };
  } catch (cause) {
    if (isApiError(cause, 'DOCUMENT_NOT_FOUND')) error(404, 'No such document, or it is not shared with you.');
    error(isApiError(cause) && cause.status > 0 ? cause.status : 503, errorMessage(cause));
  }
};
