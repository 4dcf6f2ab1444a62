import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { once } from 'node:events';

const BLOCK_BYTES = 512;

export interface ArchiveEntry {
  name: string;
  file: string;
  sizeBytes: number;
}

/** The regular files directly in `dir`, by name: what the archive holds, and how large it will be. */
export async function archiveEntries(dir: string): Promise<ArchiveEntry[]> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => ({
      name,
      file: path.join(dir, name),
      sizeBytes: (await stat(path.join(dir, name))).size,
    })),
  );
}

/** The archive's exact length, known before a byte is sent: the browser shows progress against it. */
export function archiveSizeBytes(entries: readonly ArchiveEntry[]): number {
  return entries.reduce((total, entry) => total + BLOCK_BYTES + paddedBytes(entry.sizeBytes), 0) + 2 * BLOCK_BYTES;
}

/**
 * A POSIX ustar archive (what `tar -xf` reads everywhere) of `entries`, written to `out` as each
 * file is read, never held in memory whole. Names are the bundle's own short file names, so
 * the 100-byte name field is enough. Resolves false when `out` closed early (the download was
 * cancelled).
 */
export async function writeTar(entries: readonly ArchiveEntry[], out: Writable, modifiedAt: Date): Promise<boolean> {
  for (const entry of entries) {
    if (!(await write(out, tarHeader(entry, modifiedAt)))) return false;
    for await (const chunk of createReadStream(entry.file)) if (!(await write(out, chunk as Buffer))) return false;
    const padding = paddedBytes(entry.sizeBytes) - entry.sizeBytes;
    if (padding > 0 && !(await write(out, Buffer.alloc(padding)))) return false;
  }
  return write(out, Buffer.alloc(2 * BLOCK_BYTES));
}

async function write(out: Writable, bytes: Buffer): Promise<boolean> {
  if (out.destroyed || out.writableEnded) return false;
  if (!out.write(bytes)) await Promise.race([once(out, 'drain'), once(out, 'close')]);
  return !out.destroyed;
}

function paddedBytes(sizeBytes: number): number {
  return Math.ceil(sizeBytes / BLOCK_BYTES) * BLOCK_BYTES;
}

function tarHeader(entry: ArchiveEntry, modifiedAt: Date): Buffer {
  if (Buffer.byteLength(entry.name) > 100) throw new Error(`${entry.name}: too long for a ustar name`);
  const header = Buffer.alloc(BLOCK_BYTES);
  header.write(entry.name, 0, 100, 'utf8');
  header.write(octal(0o644, 8), 100);
  header.write(octal(0, 8), 108); // uid
  header.write(octal(0, 8), 116); // gid
  header.write(octal(entry.sizeBytes, 12), 124);
  header.write(octal(Math.floor(modifiedAt.getTime() / 1000), 12), 136);
  header.write(' '.repeat(8), 148); // the checksum counts its own field as spaces
  header.write('0', 156); // a regular file
  header.write('ustar\u000000', 257);
  const checksum = header.reduce((sum, byte) => sum + byte, 0);
  header.write(`${checksum.toString(8).padStart(6, '0')}\u0000 `, 148);
  return header;
}

/** A NUL-terminated octal field of `width` bytes. */
function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\u0000`;
}
