import type { EventSchema } from '../../platform/event-store/event-schemas';
import { CHECKPOINT_SIGNED, signedCheckpointSchema } from './checkpoint';

/** The sealer's events on `ledger-checkpoints`: the same schema verifiers hold them to when they read them back. */
export const checkpointEventSchemas: Record<typeof CHECKPOINT_SIGNED, EventSchema> = {
  [CHECKPOINT_SIGNED]: { version: 1, schema: signedCheckpointSchema, upcasters: [] },
};
