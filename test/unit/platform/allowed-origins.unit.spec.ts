import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/platform/config/app-config';

describe('ALLOWED_ORIGINS', () => {
  it('is empty by default', () => {
    expect(loadConfig({}).ALLOWED_ORIGINS).toEqual([]);
  });

  it('reads comma-separated origins and writes them as browsers send Origin', () => {
    expect(
      loadConfig({ ALLOWED_ORIGINS: ' https://Ledger.Example.com/ ,http://10.0.0.5:8080,https://a.example:443,' })
        .ALLOWED_ORIGINS,
    ).toEqual(['https://ledger.example.com', 'http://10.0.0.5:8080', 'https://a.example']);
  });

  it.each([
    'https://ledger.example.com/portal',
    'ledger.example.com',
    'ftp://ledger.example.com',
    'null',
    'https://user:pw@ledger.example.com',
    'https://a.example?x=1',
  ])('refuses %s, naming the variable', (value) => {
    expect(() => loadConfig({ ALLOWED_ORIGINS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ALLOWED_ORIGINS: value })).toThrow(
      /ALLOWED_ORIGINS: .*give origins like https:\/\/ledger\.example\.com/,
    );
  });
});
