import type { FactoryProvider } from '@nestjs/common';
import { APP_CONFIG, ConfigError, type AppConfig } from '../../platform/config/app-config';
import { issuerKeyFromSecret, type IssuerKey } from './issuer-key';

export const ISSUER_KEY = Symbol('OpenBadgesIssuerKey');
export const PUBLIC_BASE_URL = Symbol('PublicBaseUrl');

export const issuerKeyProvider: FactoryProvider<IssuerKey> = {
  provide: ISSUER_KEY,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => {
    if (!config.ISSUER_KEY)
      throw new ConfigError(
        'Invalid configuration:\n  ISSUER_KEY: required (the server generates one into DATA_DIR at start-up)',
      );
    return issuerKeyFromSecret(config.ISSUER_KEY);
  },
};

export const publicBaseUrlProvider: FactoryProvider<string> = {
  provide: PUBLIC_BASE_URL,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => (config.PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, ''),
};
