import { error } from '@sveltejs/kit';
import { errorMessage, isApiError } from '$lib/api';
import { getSignatureRequest } from '$lib/api/signatures';
import { requireSignedIn } from '$lib/guards';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent, url, params, fetch }) => {
  await requireSignedIn(parent, url);
  try {
    return { request: await getSignatureRequest(params.requestId, { fetch }) };
  } catch (cause) {
    if (isApiError(cause, 'SIGNATURE_REQUEST_NOT_FOUND'))
      error(404, 'No such signature request that you take part in.');
    error(isApiError(cause) && cause.status > 0 ? cause.status : 503, errorMessage(cause));
  }
};
