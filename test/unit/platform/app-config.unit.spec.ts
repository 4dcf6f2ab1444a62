import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/platform/config/app-config';

describe('the configuration defaults', () => {
  it('listens on loopback unless HOST is set', () => {
    expect(loadConfig({}).HOST).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
  });
});
