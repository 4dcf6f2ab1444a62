import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { LOG_ORIGIN } from '../checkpoints/checkpoint';
import type { PublicSigningKey } from '../checkpoints/signing-key';
import { BUNDLE_FILES, BUNDLE_FORMAT, type BundleCheckpoint, type BundleEvent, type BundleManifest, type BundlePublicKey } from '../offline/bundle-format';
import { DigestingWriter } from '../offline/file-digest';
import { readLoggedCheckpoints, readLogInFeedOrder, withSnapshot, type LogRow } from '../verification/feed-log-reader';

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
export async function exportBundle(pool: pg.Pool, key: PublicSigningKey, outDir: string, options: ExportOptions): Promise<BundleManifest> {
  await mkdir(outDir, { recursive: true });
  const file = (name: string) => path.join(outDir, name);
  const { counts, eventsFile, checkpointsFile } = await withSnapshot(pool, async (client) => {
    const events = await DigestingWriter.create(file(BUNDLE_FILES.events));
    let eventCount = 0;
    let sealedEvents = 0;
    for await (const page of readLogInFeedOrder(client)) {
      for (const row of page) {
        await events.write(`${JSON.stringify(bundleEvent(row))}\n`);
        sealedEvents += row.leafIndex === null ? 0 : 1;
      }
      eventCount += page.length;
      options.onProgress?.(eventCount);
    }
    const checkpoints = await readLoggedCheckpoints(client);
    const checkpointLines = await DigestingWriter.create(file(BUNDLE_FILES.checkpoints));
    for (const checkpoint of checkpoints) await checkpointLines.write(`${JSON.stringify(bundleCheckpoint(checkpoint))}\n`);
    return {
      counts: { events: eventCount, sealedEvents, checkpoints: checkpoints.length },
      eventsFile: await events.close(),
      checkpointsFile: await checkpointLines.close(),
    };
  });
  const publicKey: BundlePublicKey = { algorithm: 'ECDSA-P256-SHA256', keyId: key.keyId, publicKey: key.publicKey };
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    origin: LOG_ORIGIN,
    exportedAt: options.exportedAt.toISOString(),
    counts,
    files: {
      [BUNDLE_FILES.events]: eventsFile,
      [BUNDLE_FILES.checkpoints]: checkpointsFile,
      [BUNDLE_FILES.publicKey]: await writeWhole(file(BUNDLE_FILES.publicKey), publicKey),
    },
  };
  await writeWhole(file(BUNDLE_FILES.manifest), manifest);
  return manifest;
}

async function writeWhole(filePath: string, value: unknown) {
  const writer = await DigestingWriter.create(filePath);
  await writer.write(`${JSON.stringify(value, null, 2)}\n`);
  return writer.close();
}

function bundleEvent(row: LogRow): BundleEvent {
  return {
    txId: row.txId,
    globalPosition: row.globalPosition,
    streamId: row.streamId,
    revision: row.revision.toString(),
    eventId: row.eventId,
    type: row.type,
    dataText: row.dataText,
    metadataText: row.metadataText,
    prevHash: row.prevHash,
    hash: row.hash,
    recordedAt: row.recordedAt,
    leafIndex: row.leafIndex,
    leafHash: row.leafHash,
  };
}

function bundleCheckpoint(checkpoint: BundleCheckpoint): BundleCheckpoint {
  const { revision, eventId, signedAt, origin, treeSize, rootHash, keyId, signature } = checkpoint;
  return { revision, eventId, signedAt, origin, treeSize, rootHash, keyId, signature };
}
