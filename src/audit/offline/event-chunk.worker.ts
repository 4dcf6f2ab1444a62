import { parentPort } from 'node:worker_threads';
import { checkChunk } from './event-chunk';

/** A worker of checkedChunks: checks each chunk it is sent and sends the results back, typed arrays transferred. */
parentPort?.on('message', (message: { id: number; bytes: Uint8Array }) => {
  const checked = checkChunk(message.bytes);
  parentPort?.postMessage({ id: message.id, checked }, [
    checked.fields.buffer as ArrayBuffer,
    checked.numbers.buffer as ArrayBuffer,
    checked.leaves.buffer as ArrayBuffer,
  ]);
});
