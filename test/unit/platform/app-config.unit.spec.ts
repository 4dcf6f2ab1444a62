import { describe, expect, it } from 'vitest';
import {
  COSIGNATURE_V1,
  formatVerifierKey,
  NOTE_ED25519,
  noteSignerFromSeed,
} from '../../../src/audit/witness/signed-note';
import {
  loadConfig,
  roleFromArguments,
  runsBackgroundWork,
  runsScheduledJobs,
  servesApi,
} from '../../../src/platform/config/app-config';

describe('the configuration defaults', () => {
  it('listens on loopback unless HOST is set', () => {
    expect(loadConfig({}).HOST).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
  });
});

describe('WITNESS_KEYS', () => {
  const vkey = (name: string, type: number) =>
    formatVerifierKey({ name, type, publicKey: noteSignerFromSeed(name, new Uint8Array(32).fill(3)).publicKey });

  it('reads comma-separated cosignature/v1 vkeys, none by default', () => {
    expect(loadConfig({}).WITNESS_KEYS).toEqual([]);
    const keys = loadConfig({
      WITNESS_KEYS: `${vkey('w.example/1', COSIGNATURE_V1)}, ${vkey('w.example/2', COSIGNATURE_V1)}`,
    }).WITNESS_KEYS;
    expect(keys.map((key) => key.name)).toEqual(['w.example/1', 'w.example/2']);
  });

  it('refuses a log key, a key id that does not match, and a witness named twice', () => {
    expect(() => loadConfig({ WITNESS_KEYS: vkey('w.example/1', NOTE_ED25519) })).toThrow(/WITNESS_KEYS/);
    expect(() =>
      loadConfig({ WITNESS_KEYS: vkey('w.example/1', COSIGNATURE_V1).replace('w.example/1', 'w.example/9') }),
    ).toThrow(/WITNESS_KEYS/);
    expect(() =>
      loadConfig({ WITNESS_KEYS: `${vkey('w.example/1', COSIGNATURE_V1)},${vkey('w.example/1', COSIGNATURE_V1)}` }),
    ).toThrow(/a name twice/);
  });
});

describe('ROLE and --role', () => {
  const database = {
    DATABASE_URL: 'postgres://owner@db.example/smartstart',
    APP_DATABASE_URL: 'postgres://smartstart_app@db.example/smartstart',
  };
  const withFlag = (environment: Record<string, string>, argv: string[]) =>
    loadConfig({ ...environment, ...roleFromArguments(argv) });

  it('is all by default, which does everything', () => {
    const config = loadConfig({});
    expect(config.ROLE).toBe('all');
    expect([servesApi(config), runsBackgroundWork(config), runsScheduledJobs(config)]).toEqual([true, true, true]);
  });

  it('splits the work: an api serves and runs nothing in the background, a worker the reverse', () => {
    const api = loadConfig({ ...database, ROLE: 'api' });
    expect([servesApi(api), runsBackgroundWork(api), runsScheduledJobs(api)]).toEqual([true, false, false]);
    const worker = loadConfig({ ...database, ROLE: 'worker' });
    expect([servesApi(worker), runsBackgroundWork(worker), runsScheduledJobs(worker)]).toEqual([false, true, true]);
    expect(runsScheduledJobs(loadConfig({ ...database, ROLE: 'worker', SCHEDULED_JOBS: 'false' }))).toBe(false);
  });

  it('takes the flag over the variable, in both spellings, leaving other arguments alone', () => {
    expect(withFlag({ ...database, ROLE: 'api' }, ['--role', 'worker']).ROLE).toBe('worker');
    expect(withFlag({ ...database, ROLE: 'worker' }, ['--verbose', '--role=api']).ROLE).toBe('api');
    expect(withFlag({ ...database, ROLE: 'worker' }, ['--verbose']).ROLE).toBe('worker');
  });

  it('refuses a bad value, a flag without one, and a split role on the embedded default, saying what to do', () => {
    expect(() => withFlag(database, ['--role', 'web'])).toThrow(
      /ROLE: must be one of api, worker, all \(set by --role or ROLE\)/,
    );
    expect(() => loadConfig({ ...database, ROLE: 'API' })).toThrow(/ROLE: must be one of api, worker, all/);
    expect(() => roleFromArguments(['--role'])).toThrow(/--role needs a value: one of api, worker, all/);
    expect(() => roleFromArguments(['--role='])).toThrow(/--role needs a value/);
    expect(() => loadConfig({ ROLE: 'worker' })).toThrow(
      /ROLE: api and worker processes share one PostgreSQL: set DATABASE_URL/,
    );
  });
});
