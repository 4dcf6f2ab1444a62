import { existsSync } from 'node:fs';
import path from 'node:path';
import type { LogBreak } from '../verification/log-break';
import { BUNDLE_FILES, type BundleFileEntry, type BundleManifest } from './bundle-format';
import { BundleMalformedError } from './bundle-reader';
import { fileDigest, RunningDigest } from './file-digest';

/**
 * The manifest's sizes and digests (docs/AUDIT-BUNDLE.md §6.3), which come before every other
 * finding: they tell a damaged copy apart from a tampered ledger. events.jsonl's digest is taken
 * while ChunkCheckers reads its lines (`eventsDigest`), so the largest file is read once rather
 * than twice; its verdict is known only at the end, and then takes precedence over whatever
 * was found after the point where it would have been checked.
 */
export class ManifestDigests {
  private events: { digest: RunningDigest; expected: BundleFileEntry } | null = null;

  constructor(
    private readonly dir: string,
    private readonly manifest: BundleManifest,
  ) {}

  /** Every file in the manifest's order: missing ones throw, the first mismatch is returned; events.jsonl's is deferred. */
  async check(): Promise<LogBreak | null> {
    for (const [name, expected] of Object.entries(this.manifest.files)) {
      const filePath = path.join(this.dir, name);
      if (!existsSync(filePath)) throw new BundleMalformedError(`${name} is missing`);
      if (name === BUNDLE_FILES.events) {
        this.events = { digest: new RunningDigest(), expected };
        continue;
      }
      const mismatch = fileMismatch(name, expected, await fileDigest(filePath));
      if (mismatch) return mismatch;
    }
    return null;
  }

  /** To be fed events.jsonl's bytes in order as they are read; undefined until check() reached it. */
  get eventsDigest(): RunningDigest | undefined {
    return this.events?.digest;
  }

  /** events.jsonl's mismatch, if any, once its reading stopped (the rest is read here). */
  async eventsMismatch(): Promise<LogBreak | null> {
    if (!this.events) return null;
    const actual = await this.events.digest.finish(path.join(this.dir, BUNDLE_FILES.events));
    return fileMismatch(BUNDLE_FILES.events, this.events.expected, actual);
  }
}

function fileMismatch(name: string, expected: BundleFileEntry, actual: BundleFileEntry): LogBreak | null {
  if (actual.sha256 === expected.sha256 && actual.bytes === expected.bytes) return null;
  return {
    problem: 'BUNDLE_FILE_MISMATCH',
    streamId: null,
    revision: null,
    expected: `${expected.sha256} (${expected.bytes} bytes)`,
    actual: `${actual.sha256} (${actual.bytes} bytes)`,
    detail: `${name} is not the file manifest.json describes: it was changed or damaged after the export`,
  };
}
