import { parentPort } from 'node:worker_threads';
import { checkChunkFast } from './fast-chunk';

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
