import { availableParallelism } from 'node:os';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { checkChunk, completeChunk } from './event-chunk';
import type { CheckedChunk } from './fast-chunk';
import type { RunningDigest } from './file-digest';

/** Large enough that a chunk's hand-over costs little next to checking its ~6,000 lines. */
const CHUNK_BYTES = 4 * 1024 * 1024;
const NEWLINE = 0x0a;

/** A chunk of whole lines, as read, and what checking it found. */
export interface ReadChunk {
  bytes: Buffer;
  checked: CheckedChunk;
  /** `checked.hashes` as words, for ByteChains to compare 8 at a time. */
  hashWords: Int32Array;
}

/**
 * Checks events.jsonl in chunks of whole lines (checkChunkFast) on a pool of worker threads, the
 * main thread completing each with the lines the fast path left (completeChunk). Started first
 * thing, so the workers load their code while the main thread checks digests and signatures.
 * `threads: 0` checks in this thread; so does a run from TypeScript sources (tests), where no
 * compiled worker exists.
 */
export class ChunkCheckers {
  private readonly pool: WorkerPool | null;

  constructor(threads = defaultThreads()) {
    const workerFile = path.join(__dirname, 'event-chunk.worker.js');
    this.pool = threads > 0 && __filename.endsWith('.js') ? new WorkerPool(workerFile, threads) : null;
  }

  /**
   * Each chunk's bytes with its results, in file order, a few chunks ahead; `digest` is fed
   * every byte read.
   */
  async *checked(filePath: string, digest?: RunningDigest): AsyncGenerator<ReadChunk> {
    const pool = this.pool;
    const ahead: Promise<ReadChunk>[] = [];
    for await (const bytes of chunksOfLines(filePath, digest)) {
      ahead.push(
        pool
          ? pool.check(bytes).then((back) => readChunk(back.bytes, completeChunk(back.bytes, back.checked)))
          : Promise.resolve(readChunk(bytes, checkChunk(bytes))),
      );
      if (ahead.length > 2 * (pool?.size ?? 0)) yield await (ahead.shift() as Promise<ReadChunk>);
    }
    while (ahead.length > 0) yield await (ahead.shift() as Promise<ReadChunk>);
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }
}

export function readChunk(bytes: Uint8Array, checked: CheckedChunk): ReadChunk {
  const hashes = checked.hashes;
  return {
    bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    checked,
    // A fresh or transferred array starts at offset 0, so its words are aligned.
    hashWords: new Int32Array(hashes.buffer, hashes.byteOffset, hashes.length / 4),
  };
}

/** One thread is the main one's, which keeps the order-dependent checks; the rest hash. */
function defaultThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

async function* chunksOfLines(filePath: string, digest?: RunningDigest): AsyncGenerator<Uint8Array> {
  const handle = await open(filePath, 'r');
  try {
    let carry: Uint8Array = new Uint8Array(0);
    for (;;) {
      const block = new Uint8Array(carry.length + CHUNK_BYTES);
      block.set(carry);
      const { bytesRead } = await handle.read(block, carry.length, CHUNK_BYTES, null);
      digest?.update(block.subarray(carry.length, carry.length + bytesRead));
      const filled = block.subarray(0, carry.length + bytesRead);
      if (bytesRead === 0) {
        if (filled.length > 0) yield filled;
        return;
      }
      const end = filled.lastIndexOf(NEWLINE) + 1;
      carry = filled.slice(end);
      if (end > 0) yield filled.subarray(0, end);
    }
  } finally {
    await handle.close();
  }
}

/** A chunk back from its worker: its bytes, moved there and back rather than copied, and the results. */
interface CheckedOnWorker {
  bytes: Uint8Array;
  checked: CheckedChunk;
}

class WorkerPool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { resolve(back: CheckedOnWorker): void; reject(error: Error): void }>();
  private nextId = 0;

  constructor(
    file: string,
    readonly size: number,
  ) {
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(file);
      worker.on('message', ({ id, bytes, checked }: CheckedOnWorker & { id: number }) => {
        // A transferred Buffer arrives as a plain Uint8Array over the same memory.
        const { buffer, byteOffset, byteLength } = checked.leaves;
        this.waiting.get(id)?.resolve({
          bytes,
          checked: { ...checked, leaves: Buffer.from(buffer, byteOffset, byteLength) },
        });
        this.waiting.delete(id);
      });
      worker.on('error', (error) => this.failAll(error));
      return worker;
    });
  }

  /** `bytes` must be the only view of its own buffer: the buffer moves to the worker (no copy) and back. */
  check(bytes: Uint8Array): Promise<CheckedOnWorker> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.workers[id % this.size].postMessage({ id, bytes }, [bytes.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private failAll(error: Error): void {
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}
