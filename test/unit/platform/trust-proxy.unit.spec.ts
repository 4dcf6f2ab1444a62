import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/platform/config/app-config';

describe('TRUST_PROXY', () => {
  it('is off by default, and off when set to false, 0 or nothing', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    for (const value of ['false', '0', ' ']) expect(loadConfig({ TRUST_PROXY: value }).TRUST_PROXY).toBe(false);
  });

  it('reads a hop count, or the proxies as addresses, CIDRs and named subnets, as Express takes them', () => {
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: ' loopback, 10.0.0.0/8 ,192.168.1.7,fd00::/8,uniquelocal' }).TRUST_PROXY).toEqual([
      'loopback',
      '10.0.0.0/8',
      '192.168.1.7',
      'fd00::/8',
      'uniquelocal',
    ]);
  });

  it.each(['true', 'proxy.example.com', '10.0.0.0/33', '10.0.0/8', '::1/129', '1.2.3.4/8/1', ','])(
    'refuses %s, naming the variable and what to give',
    (value) => {
      expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(ConfigError);
      expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY: .*give a hop count \(1\), or the proxies/);
    },
  );

  it('is set for the API instances behind the compose file’s proxy, to the private addresses only', () => {
    const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as {
      services: Record<string, { environment?: Record<string, unknown> }>;
    };
    for (const name of ['api-1', 'api-2']) expect(compose.services[name].environment?.TRUST_PROXY).toBe('uniquelocal');
    expect(compose.services.worker.environment?.TRUST_PROXY).toBeUndefined();
  });
});
