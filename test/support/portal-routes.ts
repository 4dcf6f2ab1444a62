import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { SETTLE } from './portal';

const ROUTES_DIR = path.resolve('ui', 'src', 'routes');

/**
 * Every page of the portal, read from the file system (each folder with a +page.svelte), in the
 * SvelteKit form: `/audit/streams/[streamId]`. A page added later is found here without anyone
 * listing it; a test that has no concrete id for its parameters fails (concreteRoute).
 */
export function portalRoutes(dir = ROUTES_DIR, prefix = ''): string[] {
  const entries = readdirSync(dir, { withFileTypes: true });
  const here = entries.some((entry) => entry.isFile() && entry.name === '+page.svelte') ? [prefix || '/'] : [];
  const below = entries
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => portalRoutes(path.join(dir, entry.name), `${prefix}/${entry.name}`));
  return [...here, ...below].sort();
}

/** `/tasks/[taskId]` with `ids.taskId` filled in; throws for a parameter `ids` lacks, so a new dynamic route can't be skipped. */
export function concreteRoute(route: string, ids: Readonly<Partial<Record<string, string>>>): string {
  return route.replace(/\[(\w+)\]/g, (_, name: string) => {
    const id = ids[name];
    if (id === undefined) throw new Error(`no concrete id for [${name}] in ${route}: add one to the test's ids`);
    return encodeURIComponent(id);
  });
}

/** Counts the page's requests in flight, leaving out the live stream, which stays open. */
export function trackRequests(page: Page): () => number {
  let inFlight = 0;
  const counts = (url: string) => !url.includes('/api/v1/live');
  page.on('request', (req) => {
    if (counts(req.url())) inFlight += 1;
  });
  const done = (req: { url(): string }) => {
    if (counts(req.url())) inFlight -= 1;
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return () => inFlight;
}

/**
 * Until the page has drawn its main content with no request left in flight, two frames in a row
 * (a load function's answer renders in the frame after it arrives). No fixed waits.
 */
export async function settled(page: Page, inFlight: () => number): Promise<void> {
  const deadline = Date.now() + SETTLE.timeout;
  for (;;) {
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
    const drawn = await page.evaluate<boolean>("(document.querySelector('main')?.childElementCount ?? 0) > 0");
    if (drawn && inFlight() === 0) return;
    if (Date.now() > deadline) throw new Error(`${page.url()} did not settle`);
  }
}

export interface Overflow {
  scrollWidth: number;
  innerWidth: number;
  /** The deepest elements that reach past the right edge, to say what to fix. */
  culprits: string[];
}

/** The page's width against the window's, with what sticks out. */
export function measureOverflow(page: Page): Promise<Overflow> {
  return page.evaluate<Overflow>(`(() => {
    const innerWidth = window.innerWidth;
    const describe = (el) => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + (el.dataset.testid ? '[' + el.dataset.testid + ']' : '');
    const culprits = [...document.body.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > innerWidth + 0.5 && ![...el.children].some((child) => child.getBoundingClientRect().right > innerWidth + 0.5))
      .filter((el) => { for (let up = el.parentElement; up; up = up.parentElement) { const o = getComputedStyle(up).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return false; } return true; })
      .slice(0, 5)
      .map((el) => describe(el) + ' right=' + Math.round(el.getBoundingClientRect().right));
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth, culprits };
  })()`);
}
