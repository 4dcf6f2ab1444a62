import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { LOG_ORIGIN } from '../checkpoints/checkpoint';
import type { PublicSigningKey } from '../checkpoints/signing-key';
import type { LogRow } from '../verification/feed-log-reader';
import {
  BUNDLE_FILES,
  BUNDLE_FORMAT,
  type BundleCheckpoint,
  type BundleEvent,
  type BundleFileEntry,
  type BundleManifest,
  type BundlePublicKey,
} from './bundle-format';
import { DigestingWriter } from './file-digest';

/**
 * Writes the four files of a bundle (docs/AUDIT-BUNDLE.md) in their exact form: events one line
 * each as they come, then the checkpoints, the public key and the manifest with the counts and
 * each file's SHA-256. It writes what it is given and checks nothing: the export must write a
 * tampered database as it is.
 */
export class BundleWriter {
  private eventCount = 0;
  private sealedEvents = 0;

  private constructor(
    private readonly dir: string,
    private readonly events: DigestingWriter,
  ) {}

  /** `dir` must not already hold a bundle: files are created, never overwritten. */
  static async open(dir: string): Promise<BundleWriter> {
    await mkdir(dir, { recursive: true });
    return new BundleWriter(dir, await DigestingWriter.create(path.join(dir, BUNDLE_FILES.events)));
  }

  get eventsWritten(): number {
    return this.eventCount;
  }

  async writeEvent(row: LogRow): Promise<void> {
    await this.events.write(`${JSON.stringify(bundleEvent(row))}\n`);
    this.eventCount += 1;
    this.sealedEvents += row.leafIndex === null ? 0 : 1;
  }

  /** Closes events.jsonl and writes the other three files; returns the manifest. */
  async finish(
    checkpoints: readonly BundleCheckpoint[],
    key: PublicSigningKey,
    exportedAt: Date,
  ): Promise<BundleManifest> {
    const eventsFile = await this.events.close();
    const checkpointLines = await DigestingWriter.create(path.join(this.dir, BUNDLE_FILES.checkpoints));
    for (const checkpoint of checkpoints)
      await checkpointLines.write(`${JSON.stringify(bundleCheckpoint(checkpoint))}\n`);
    const publicKey: BundlePublicKey = { algorithm: 'ECDSA-P256-SHA256', keyId: key.keyId, publicKey: key.publicKey };
    const manifest: BundleManifest = {
      format: BUNDLE_FORMAT,
      origin: LOG_ORIGIN,
      exportedAt: exportedAt.toISOString(),
      counts: { events: this.eventCount, sealedEvents: this.sealedEvents, checkpoints: checkpoints.length },
      files: {
        [BUNDLE_FILES.events]: eventsFile,
        [BUNDLE_FILES.checkpoints]: await checkpointLines.close(),
        [BUNDLE_FILES.publicKey]: await this.writeWhole(BUNDLE_FILES.publicKey, publicKey),
      },
    };
    await this.writeWhole(BUNDLE_FILES.manifest, manifest);
    return manifest;
  }

  private async writeWhole(name: string, value: unknown): Promise<BundleFileEntry> {
    const writer = await DigestingWriter.create(path.join(this.dir, name));
    await writer.write(`${JSON.stringify(value, null, 2)}\n`);
    return writer.close();
  }
}

/** The fields in the order the spec lists them. */
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
