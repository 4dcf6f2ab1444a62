import { parentPort } from 'node:worker_threads';
import { checkChunk } from './event-chunk';

/** A worker of ChunkChecker: checks each chunk it is sent and sends the columns back, leaves transferred. */
parentPort?.on('message', (message: { id: number; bytes: Uint8Array }) => {
  const checked = checkChunk(message.bytes);
  parentPort?.postMessage({ id: message.id, checked }, [checked.leaves.buffer as ArrayBuffer]);
});
