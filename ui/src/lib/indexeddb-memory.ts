import type { CheckpointMemory, MonitoredCheckpoint } from './log-monitor.js';

const DATABASE = 'smartstart-log-monitor';
const STORE = 'checkpoints';

function request<T>(operation: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    operation.onsuccess = () => resolve(operation.result);
    operation.onerror = () => reject(operation.error ?? new Error('the IndexedDB request failed'));
  });
}

/** The portal's memory: one record per monitor (`audit`, `wallet`) in IndexedDB. */
export function indexedDbMemory(name: string): CheckpointMemory {
  const open = async () => {
    const opening = indexedDB.open(DATABASE, 1);
    opening.onupgradeneeded = () => opening.result.createObjectStore(STORE);
    return request(opening);
  };
  return {
    async read() {
      const database = await open();
      const value: unknown = await request(database.transaction(STORE).objectStore(STORE).get(name));
      database.close();
      return (value as MonitoredCheckpoint | undefined) ?? null;
    },
    async write(checkpoint) {
      const database = await open();
      await request(database.transaction(STORE, 'readwrite').objectStore(STORE).put(checkpoint, name));
      database.close();
    },
  };
}
