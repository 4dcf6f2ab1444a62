import sparticuzChromium from '@sparticuz/chromium';
import { existsSync } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Browser } from 'playwright-core';

// The machines have no system Chrome and no apt, so we use the Chromium that ships inside
// @sparticuz/chromium (headless_shell, Linux x64). It is ESM-only; vitest loads test files as
// ESM, and tsc (nodenext, CommonJS) accepts the import through Node >= 20.19's require(esm).
//
// We deliberately do not pass `sparticuzChromium.args` whole: it carries Lambda-only flags
// (`--single-process`, `--disable-web-security`) that make Playwright contexts crash on close
// and would hide same-origin bugs in the UI.
const ARGS = [
  // We run as root in containers, where the setuid/namespace sandbox is unavailable.
  '--no-sandbox',
  '--disable-setuid-sandbox',
  '--no-zygote',
  '--disable-gpu',
  // Keep the browser from phoning home or updating itself during a test.
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  // Container /dev/shm is often 64 MB; renderers crash when it fills up.
  '--disable-dev-shm-usage',
  // Screenshots should not depend on the host's hinting settings.
  '--font-render-hinting=none',
];

const LOCK_DIR = path.join(tmpdir(), 'smartstart-chromium.lock');
const EXTRACTED_MARKER = path.join(tmpdir(), 'smartstart-chromium.extracted');
const STALE_LOCK_MS = 120_000;

export async function launchBrowser(): Promise<Browser> {
  const executablePath = await extractChromiumOnce();
  return chromium.launch({ executablePath, headless: true, args: ARGS });
}

/**
 * executablePath() decompresses the binary to /tmp/chromium and reuses any file already there.
 * Two vitest workers launching at once would otherwise exec a half-written binary, and a run
 * killed mid-extraction would leave a truncated one forever; so extraction is serialised
 * across processes and a marker records that it completed.
 */
async function extractChromiumOnce(): Promise<string> {
  await acquireLock();
  try {
    if (!existsSync(EXTRACTED_MARKER)) {
      await rm(path.join(tmpdir(), 'chromium'), { force: true });
      await rm(path.join(tmpdir(), 'fonts'), { recursive: true, force: true });
    }
    const executablePath = await sparticuzChromium.executablePath();
    await writeFile(EXTRACTED_MARKER, executablePath);
    return executablePath;
  } finally {
    await rm(LOCK_DIR, { recursive: true, force: true });
  }
}

/** mkdir is atomic, so it works as a lock between processes. */
async function acquireLock(): Promise<void> {
  for (;;) {
    try {
      await mkdir(LOCK_DIR);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const lockAgeMs = await stat(LOCK_DIR).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      // A holder that was killed never releases; extraction takes seconds, not minutes.
      if (lockAgeMs > STALE_LOCK_MS) await rm(LOCK_DIR, { recursive: true, force: true });
      await sleep(100);
    }
  }
}
