import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig, roleFromArguments, type AppConfig } from '../../src/platform/config/app-config';

/**
 * No Docker engine here, so no `docker compose config`: this parses docker-compose.yml as Compose
 * does (YAML merge keys, `${VAR:-default}`) and checks what `config` would, and more: every
 * ledger process's configuration through the server's own schema, its role, the start order, and
 * that the proxy sends traffic to exactly the API instances.
 */
interface Service {
  image?: string;
  command?: string[];
  /** Compose takes numbers and booleans too, and hands them to the process as their text. */
  environment?: Record<string, string | number | boolean>;
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  ports?: string[];
  healthcheck?: { test: string[] };
}
interface ComposeFile {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
}

const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as ComposeFile;
const services = compose.services;

/** Compose's interpolation of the one form the file uses; any other `$` would be a surprise. */
function interpolated(value: string): string {
  const result = value.replace(/\$\{\w+:-([^}]*)\}/g, (_, fallback: string) => fallback);
  expect(result).not.toContain('$');
  return result;
}

const words = (service: Service) => (service.command ?? []).flatMap((part) => part.split(/\s+/));
const runsLedger = (service: Service) => /node dist\/src\/main\.js|npm start/.test((service.command ?? []).join(' '));
const ledgerNames = Object.keys(services).filter((name) => runsLedger(services[name]));

/** What the server would run with: the environment after interpolation, the `--role` flag over ROLE. */
function configOf(name: string): AppConfig {
  const environment = Object.fromEntries(
    Object.entries(services[name].environment ?? {}).map(([key, value]) => [key, interpolated(String(value))]),
  );
  return loadConfig({ ...environment, ...roleFromArguments(words(services[name])) });
}

/** Every service `name` waits for, directly or through others. */
function waitsFor(name: string, seen = new Set<string>()): Set<string> {
  for (const dependency of Object.keys(services[name].depends_on ?? {})) {
    if (seen.has(dependency)) continue;
    seen.add(dependency);
    waitsFor(dependency, seen);
  }
  return seen;
}

describe('docker-compose.yml', () => {
  it('runs two API instances, one worker, a proxy, a witness, PostgreSQL and EventStoreDB', () => {
    expect(Object.keys(services).sort()).toEqual([
      'api-1',
      'api-2',
      'eventstore',
      'postgres',
      'proxy',
      'witness',
      'worker',
    ]);
    expect(Object.fromEntries(ledgerNames.map((name) => [name, configOf(name).ROLE]))).toEqual({
      worker: 'worker',
      'api-1': 'api',
      'api-2': 'api',
    });
  });

  it('gives every ledger process a configuration the server accepts, on the shared stores, with the same keys', () => {
    const configs = ledgerNames.map(configOf);
    for (const config of configs) {
      expect(new URL(config.DATABASE_URL ?? '').hostname).toBe('postgres');
      expect(new URL(config.APP_DATABASE_URL ?? '').hostname).toBe('postgres');
      expect(config.EVENTSTORE_URL).toMatch(/^esdb:\/\/eventstore:2113/);
      expect([config.HOST, config.PORT, config.DEMO_SEED]).toEqual(['0.0.0.0', 3000, false]);
    }
    const shared = (config: AppConfig) => [
      config.AUTH_TOKEN_SECRET,
      config.ISSUER_KEY,
      config.SIGNING_KEY,
      config.CHECKPOINT_NOTE_KEY,
      config.DATABASE_URL,
      config.APP_DATABASE_URL,
      config.EVENTSTORE_URL,
    ];
    expect(shared(configs[0]).every((value) => value !== undefined)).toBe(true);
    for (const config of configs) expect(shared(config)).toEqual(shared(configs[0]));
  });

  it('names only services that exist, waits only on health it can see, and has no cycle', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(Object.keys(services), `${name} depends on ${dependency}`).toContain(dependency);
        expect(['service_started', 'service_healthy']).toContain(condition);
        if (condition === 'service_healthy')
          expect(services[dependency].healthcheck, `${dependency} has a healthcheck`).toBeDefined();
      }
      expect(waitsFor(name).has(name), `${name} waits for itself`).toBe(false);
    }
    expect(services.worker.depends_on).toEqual({
      eventstore: { condition: 'service_healthy' },
      postgres: { condition: 'service_healthy' },
    });
  });

  it('starts the ledger processes one after another (each runs the migrations and provisions the app login)', () => {
    for (const [index, name] of ledgerNames.entries()) {
      for (const other of ledgerNames.slice(index + 1))
        expect(waitsFor(name).has(other) || waitsFor(other).has(name), `${name} and ${other} start in turn`).toBe(true);
    }
  });

  it('publishes only the proxy, whose Caddyfile sends traffic to exactly the API instances', () => {
    const published = Object.keys(services).filter((name) => (services[name].ports ?? []).length > 0);
    expect(published.sort()).toEqual(['eventstore', 'postgres', 'proxy']);
    expect(services.proxy.volumes).toContain('./Caddyfile:/etc/caddy/Caddyfile:ro');
    expect(existsSync('Caddyfile')).toBe(true);
    const upstreams = /reverse_proxy\s+([^{\n]+)\{/.exec(readFileSync('Caddyfile', 'utf8'))?.[1].trim().split(/\s+/);
    const apis = ledgerNames.filter((name) => configOf(name).ROLE === 'api');
    expect(upstreams?.sort()).toEqual(apis.map((name) => `${name}:${configOf(name).PORT}`).sort());
    for (const name of ['proxy', ...apis]) expect(waitsFor('proxy').has(name) || name === 'proxy').toBe(true);
  });

  it('runs the witness against the log through the proxy', () => {
    const command = (services.witness.command ?? []).join(' ');
    expect(command).toContain('npm run witness --');
    expect(command).toContain('--log http://proxy:80');
    expect(waitsFor('witness').has('proxy')).toBe(true);
  });

  it('declares every named volume it mounts', () => {
    const named = Object.values(services).flatMap((service) =>
      (service.volumes ?? [])
        .map((volume) => volume.split(':')[0])
        .filter((source) => !source.startsWith('.') && !source.startsWith('/')),
    );
    expect(new Set(named)).toEqual(new Set(Object.keys(compose.volumes)));
  });
});
