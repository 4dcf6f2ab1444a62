import { error } from '@sveltejs/kit';
import { errorMessage, isApiError } from '$lib/api';
import { getProfile } from '$lib/api/profiles';
import { requireSignedIn } from '$lib/guards';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent, url, params, fetch }) => {
  await requireSignedIn(parent, url);
  try {
    return { profile: await getProfile(params.userId, { fetch }) };
  } catch (cause) {
    if (isApiError(cause) && (cause.status === 404 || cause.status === 400)) error(404, 'There is no member with that id.');
    error(isApiError(cause) && cause.status >= 400 ? cause.status : 503, errorMessage(cause));
  }
};
