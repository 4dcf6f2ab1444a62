import { error } from '@sveltejs/kit';
import { errorMessage, isApiError } from '$lib/api';
import { listBadges } from '$lib/api/badges';
import type { PageLoad } from './$types';

// The directory is public: what earns a badge is no secret.
export const load: PageLoad = async ({ parent, fetch }) => {
  await parent();
  try {
    return { badges: await listBadges({ fetch }) };
  } catch (cause) {
    error(isApiError(cause) && cause.status >= 400 ? cause.status : 503, errorMessage(cause));
  }
};
