import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { EventMetadata } from '../../src/platform/event-store/event-store.port';
import type { JsonObject } from '../../src/shared-kernel/json';

export interface ChainVector {
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  data: JsonObject;
  metadata: EventMetadata;
  dataText: string;
  metadataText: string;
  canonicalEnvelope: string;
  prevHash: string;
  hash: string;
}

// The fixture is ours and checked by the chain-vector specs themselves; its shape is the interface above.
export const chainVectors = (
  JSON.parse(readFileSync(path.resolve('test/fixtures/chain-vectors.json'), 'utf8')) as { vectors: ChainVector[] }
).vectors;
