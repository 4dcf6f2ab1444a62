import { getUserDevices } from '$lib/api';
import { requireSignedIn } from '$lib/guards';
import { readingOf } from '$lib/page-data.svelte';
import { session } from '$lib/session.svelte';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent, url, fetch }) => {
  await requireSignedIn(parent, url);
  // The KYC status or roles may have changed since sign-in (a compliance decision, a grant).
  await session.reload();
  const userId = session.user?.userId;
  return { devices: userId ? await readingOf(() => getUserDevices(userId, { fetch })) : null };
};
