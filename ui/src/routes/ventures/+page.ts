import { errorMessage } from '$lib/api';
import { listVentures, type Venture } from '$lib/api/ventures';
import { requireSignedIn } from '$lib/guards';
import { live } from '$lib/live.svelte';
import type { PageLoad } from './$types';

export type VenturesReading = { ok: true; ventures: Venture[] } | { ok: false; message: string };

// A failed read is returned, not thrown, so the page still offers to found a venture.
export const load: PageLoad = async ({ parent, url, fetch }) => {
  await requireSignedIn(parent, url);
  const liveMark = live.mark();
  const initial: VenturesReading = await listVentures({ fetch }).then(
    (ventures) => ({ ok: true, ventures }) as const,
    (error: unknown) => ({ ok: false, message: errorMessage(error) }) as const,
  );
  return { initial, liveMark };
};
