import { live } from '$lib/live.svelte';
import { session } from '$lib/session.svelte';
import type { LayoutLoad } from './$types';

// A pure SPA: the NestJS server serves the built files, so nothing renders on a server and
// nothing is prerendered (adapter-static's fallback would overwrite a prerendered index).
export const ssr = false;
export const prerender = false;

// How long the first page waits for the live stream: a page that reads its data after the stream
// opened misses no change; if it takes longer, the page reloads once when it opens.
const STREAM_WAIT_MS = 1_500;

// Every page knows who is signed in before it renders, so guards and the nav never flicker.
export const load: LayoutLoad = async () => {
  await session.ensureLoaded();
  await live.connected(STREAM_WAIT_MS);
};
