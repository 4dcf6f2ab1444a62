import { createHash } from 'node:crypto';
import type { FactoryProvider } from '@nestjs/common';
import { APP_CONFIG, ConfigError, type AppConfig } from '../../platform/config/app-config';
import { LOG_ORIGIN } from '../checkpoints/checkpoint';
import { noteSignerFromSeed, type NoteSigner } from './signed-note';

export const CHECKPOINT_NOTE_SIGNER = Symbol('CheckpointNoteSigner');

/**
 * The log's Ed25519 note key, named by the log's origin. Checkpoints are signed with ECDSA P-256,
 * which C2SP signed notes allow only in the transparency-dev/witness flavour (type 0x02, over the
 * note text): the witnesses of the ecosystem verify Ed25519 (0x01) log signatures, so the note
 * gets its own key. The seed is SHA-256 of a label and the secret, so no other key equals it.
 */
export function checkpointNoteSignerFromSecret(secret: string): NoteSigner {
  const seed = createHash('sha256').update('smartstart/checkpoint-note/v1\u0000').update(secret).digest();
  return noteSignerFromSeed(LOG_ORIGIN, new Uint8Array(seed));
}

export const checkpointNoteSignerProvider: FactoryProvider<NoteSigner> = {
  provide: CHECKPOINT_NOTE_SIGNER,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => {
    if (!config.CHECKPOINT_NOTE_KEY)
      throw new ConfigError(
        'Invalid configuration:\n  CHECKPOINT_NOTE_KEY: required (the server generates one into DATA_DIR at start-up)',
      );
    return checkpointNoteSignerFromSecret(config.CHECKPOINT_NOTE_KEY);
  },
};
