import { session } from '$lib/session.svelte';
import type { LayoutLoad } from './$types';

// A pure SPA: the NestJS server serves the built files, so nothing renders on a server and
// nothing is prerendered (adapter-static's fallback would overwrite a prerendered index).
export const ssr = false;
export const prerender = false;

// Every page knows who is signed in before it renders, so guards and the nav never flicker.
export const load: LayoutLoad = async () => {
  await session.ensureLoaded();
};
