import { parentPort } from 'node:worker_threads';
import { checkChunkFast } from './fast-chunk';

// Detach one buffer before any code is hot. V8 assumes no ArrayBuffer is ever detached until one
// is, and then throws away every optimised function that relied on it: here that would be the
// first chunk sent back, after the line scanner had been compiled, and compiling it again costs
// about 100 ms of CPU per worker.
const detached = new ArrayBuffer(1);
structuredClone(detached, { transfer: [detached] });

/** A worker of ChunkCheckers: checks each chunk it is sent the fast way and sends it back with the results, typed arrays transferred. */
parentPort?.on('message', (message: { id: number; bytes: Uint8Array }) => {
  const checked = checkChunkFast(message.bytes);
  parentPort?.postMessage({ id: message.id, bytes: message.bytes, checked }, [
    message.bytes.buffer as ArrayBuffer,
    checked.fields.buffer as ArrayBuffer,
    checked.numbers.buffer as ArrayBuffer,
    checked.leaves.buffer as ArrayBuffer,
    checked.hashes.buffer as ArrayBuffer,
  ]);
});
