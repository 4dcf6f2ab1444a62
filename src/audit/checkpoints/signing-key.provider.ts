import { Logger, type FactoryProvider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../platform/config/app-config';
import type { SigningKey } from './signing-key';
import { loadSigningKey } from './signing-key-store';

export const CHECKPOINT_SIGNING_KEY = Symbol('CheckpointSigningKey');

/** Loaded (or generated) once at start-up, so a bad SIGNING_KEY stops the server at once. */
export const signingKeyProvider: FactoryProvider<Promise<SigningKey>> = {
  provide: CHECKPOINT_SIGNING_KEY,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) =>
    loadSigningKey(config, { generate: true, warn: (message) => new Logger('Sealer').warn(message) }),
};
