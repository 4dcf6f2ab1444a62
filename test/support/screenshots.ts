import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/** Where the browser tests leave their screenshots (git-ignored): look at them after a run. */
export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots');
const WIDTHS_PX = [1280, 390] as const;

/**
 * Full-page screenshots of what `page` shows at a desktop and a phone width
 * (`<name>-1280.png`, `<name>-390.png`); the page gets its own size back afterwards.
 */
export async function screenshots(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const before = page.viewportSize();
  for (const width of WIDTHS_PX) {
    await page.setViewportSize({ width, height: before?.height ?? 844 });
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${width}.png`), fullPage: true });
  }
  if (before) await page.setViewportSize(before);
}
