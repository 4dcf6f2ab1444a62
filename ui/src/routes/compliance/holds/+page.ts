import { listLegalHolds } from '$lib/api/legal-holds';
import { requireSignedIn } from '$lib/guards';
import { readingOf } from '$lib/page-data.svelte';
import { session } from '$lib/session.svelte';
import type { PageLoad } from './$types';

// Only compliance reads the holds (with an MFA-verified session); RoleGate explains to anyone else.
export const load: PageLoad = async ({ parent, url, fetch }) => {
  await requireSignedIn(parent, url);
  const allowed = session.hasRole('compliance') && session.user?.mfaVerified === true;
  return { initial: allowed ? await readingOf(() => listLegalHolds({ fetch })) : null };
};
