import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import type pg from 'pg';
import type { PublicSigningKey } from '../checkpoints/signing-key';
import { exportCosignatures } from '../witness/bundle-cosignatures';
import { exportBundle } from './bundle-export';
import { archiveEntries, archiveSizeBytes, writeTar } from './tar-archive';

export interface BundleDownload {
  fileName: string;
  sizeBytes: number;
  /** Streams the archive to `out`, then deletes the files it was made of. */
  send(out: Writable): Promise<void>;
  /** Deletes the files without sending them (the request failed before streaming). */
  discard(): Promise<void>;
}

/**
 * The auditor bundle (docs/AUDIT-BUNDLE.md), exactly as `npm run audit export` writes it, as one
 * tar archive for the portal: exported from one snapshot into a private temporary directory
 * first, so its length is known and sent up front and the browser can show real progress.
 */
export async function prepareBundleDownload(
  pool: pg.Pool,
  key: PublicSigningKey,
  exportedAt: Date,
): Promise<BundleDownload> {
  const workDir = await mkdtemp(path.join(tmpdir(), 'smartstart-bundle-'));
  const discard = () => rm(workDir, { recursive: true, force: true });
  try {
    const bundleDir = path.join(workDir, 'bundle');
    await exportBundle(pool, key, bundleDir, { exportedAt });
    await exportCosignatures(pool, bundleDir);
    const entries = await archiveEntries(bundleDir);
    return {
      fileName: `smartstart-audit-bundle-${exportedAt.toISOString().replace(/[:.]/g, '-')}.tar`,
      sizeBytes: archiveSizeBytes(entries),
      discard,
      async send(out) {
        try {
          if (await writeTar(entries, out, exportedAt)) out.end();
        } finally {
          await discard();
        }
      },
    };
  } catch (error) {
    await discard();
    throw error;
  }
}
