import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';

/** Where browser tests leave their screenshots (git-ignored): test-results/screenshots/<name>-<width>.png. */
export const SCREENSHOT_DIR = path.resolve('test-results', 'screenshots');

/** The widths every key page is shown at (#16): a laptop and a phone. */
const WIDTHS = [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
] as const;

/**
 * Full-page screenshots of what `page` shows now at each width, then the laptop width back. Each
 * width waits for the page to lay out again (a resize is a new frame), not for a fixed time.
 */
export async function saveScreenshots(page: Page, name: string): Promise<string[]> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const files: string[] = [];
  for (const viewport of WIDTHS) {
    await page.setViewportSize(viewport);
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
    const file = path.join(SCREENSHOT_DIR, `${name}-${viewport.width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    files.push(file);
  }
  await page.setViewportSize(WIDTHS[0]);
  return files;
}
