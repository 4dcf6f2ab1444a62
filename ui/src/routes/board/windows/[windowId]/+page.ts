import { requireSignedIn } from '$lib/guards';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent, url, params }) => {
  await requireSignedIn(parent, url);
  return { windowId: params.windowId };
};
