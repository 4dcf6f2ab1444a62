import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { BundleFileEntry } from './bundle-format';

/** Size and SHA-256 of a file, streamed. */
export async function fileDigest(path: string): Promise<BundleFileEntry> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: hash.digest('hex') };
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
