import { error } from '@sveltejs/kit';
import { errorMessage, isApiError } from '$lib/api';
import { getBadge } from '$lib/api/badges';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent, params, fetch }) => {
  await parent();
  try {
    return { badge: await getBadge(params.code, { fetch }) };
  } catch (cause) {
    if (isApiError(cause) && (cause.status === 404 || cause.status === 400))
      error(404, 'There is no badge with that code.');
    error(isApiError(cause) && cause.status >= 400 ? cause.status : 503, errorMessage(cause));
  }
};
