import { getUserDevices } from '$lib/api';
import { requireSignedIn } from '$lib/guards';
import { readingOf } from '$lib/page-data.svelte';
import { session } from '$lib/session.svelte';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent, url, fetch }) => {
  await requireSignedIn(parent, url);
  const userId = session.user?.userId;
  // Side by side: the KYC status or roles may have changed since sign-in (a compliance decision, a grant).
  const [, devices] = await Promise.all([
    session.reload(),
    userId ? readingOf(() => getUserDevices(userId, { fetch })) : null,
  ]);
  return { devices };
};
