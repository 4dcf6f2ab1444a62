import type pg from 'pg';
import type { PublicSigningKey } from '../checkpoints/signing-key';
import type { BundleManifest } from '../offline/bundle-format';
import { BundleWriter } from '../offline/bundle-writer';
import { readLoggedCheckpoints, readLogInFeedOrder, withSnapshot } from '../verification/feed-log-reader';

export interface ExportOptions {
  exportedAt: Date;
  onProgress?(this: void, eventsWritten: number): void;
}

/**
 * Writes the auditor bundle into `outDir` (which must not already hold one) from one snapshot:
 * events.jsonl in feed order, checkpoints.jsonl, public-key.json, then manifest.json with the
 * counts and each file's SHA-256. Nothing is verified here: that is the offline verifier's job,
 * and a tampered database must export as it is.
 */
export async function exportBundle(
  pool: pg.Pool,
  key: PublicSigningKey,
  outDir: string,
  options: ExportOptions,
): Promise<BundleManifest> {
  const writer = await BundleWriter.open(outDir);
  const checkpoints = await withSnapshot(pool, async (client) => {
    for await (const page of readLogInFeedOrder(client)) {
      for (const row of page) await writer.writeEvent(row);
      options.onProgress?.(writer.eventsWritten);
    }
    return readLoggedCheckpoints(client);
  });
  return writer.finish(checkpoints, key, options.exportedAt);
}
