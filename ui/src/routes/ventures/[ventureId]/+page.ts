import { error } from '@sveltejs/kit';
import { errorMessage, isApiError } from '$lib/api';
import { getVenture } from '$lib/api/ventures';
import { requireSignedIn } from '$lib/guards';
import { live } from '$lib/live.svelte';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent, url, params, fetch }) => {
  await requireSignedIn(parent, url);
  const liveMark = live.mark();
  try {
    return { venture: await getVenture(params.ventureId, { fetch }), liveMark };
  } catch (cause) {
    if (isApiError(cause) && (cause.status === 404 || cause.status === 400))
      error(404, 'There is no venture with that id.');
    error(isApiError(cause) && cause.status >= 400 ? cause.status : 503, errorMessage(cause));
  }
};
