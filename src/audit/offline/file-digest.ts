import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { BundleFileEntry } from './bundle-format';

/** Size and SHA-256 of a file, streamed. */
export async function fileDigest(path: string): Promise<BundleFileEntry> {
  return new RunningDigest().finish(path);
}

/**
 * Size and SHA-256 of a file, fed its bytes in order by a reader that reads it anyway (the
 * offline verifier's chunks of events.jsonl, so a 156 MiB file is read once, not twice), and
 * finished from wherever that reader stopped.
 */
export class RunningDigest {
  private readonly hash = createHash('sha256');
  private bytes = 0;

  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
  }

  /** Reads the rest of the file after the bytes fed so far; call once. */
  async finish(path: string): Promise<BundleFileEntry> {
    for await (const chunk of createReadStream(path, { start: this.bytes })) this.update(chunk as Buffer);
    return { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }
}

/** Writes a file (created, never overwritten) and digests what it wrote, honouring back-pressure. */
export class DigestingWriter {
  private readonly hash = createHash('sha256');
  private bytes = 0;

  private constructor(private readonly stream: WriteStream) {}

  static async create(path: string): Promise<DigestingWriter> {
    const stream = createWriteStream(path, { flags: 'wx' });
    await once(stream, 'open');
    return new DigestingWriter(stream);
  }

  async write(text: string): Promise<void> {
    const chunk = Buffer.from(text, 'utf8');
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<BundleFileEntry> {
    await new Promise<void>((resolve, reject) =>
      this.stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
    return { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }
}
