import { describe, expect, it } from 'vitest';
import { COSIGNATURE_V1, formatVerifierKey, NOTE_ED25519, noteSignerFromSeed } from '../../../src/audit/witness/signed-note';
import { loadConfig } from '../../../src/platform/config/app-config';

describe('the configuration defaults', () => {
  it('listens on loopback unless HOST is set', () => {
    expect(loadConfig({}).HOST).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
  });
});

describe('WITNESS_KEYS', () => {
  const vkey = (name: string, type: number) => formatVerifierKey({ name, type, publicKey: noteSignerFromSeed(name, new Uint8Array(32).fill(3)).publicKey });

  it('reads comma-separated cosignature/v1 vkeys, none by default', () => {
    expect(loadConfig({}).WITNESS_KEYS).toEqual([]);
    const keys = loadConfig({ WITNESS_KEYS: `${vkey('w.example/1', COSIGNATURE_V1)}, ${vkey('w.example/2', COSIGNATURE_V1)}` }).WITNESS_KEYS;
    expect(keys.map((key) => key.name)).toEqual(['w.example/1', 'w.example/2']);
  });

  it('refuses a log key, a key id that does not match, and a witness named twice', () => {
    expect(() => loadConfig({ WITNESS_KEYS: vkey('w.example/1', NOTE_ED25519) })).toThrow(/WITNESS_KEYS/);
    expect(() => loadConfig({ WITNESS_KEYS: vkey('w.example/1', COSIGNATURE_V1).replace('w.example/1', 'w.example/9') })).toThrow(/WITNESS_KEYS/);
    expect(() => loadConfig({ WITNESS_KEYS: `${vkey('w.example/1', COSIGNATURE_V1)},${vkey('w.example/1', COSIGNATURE_V1)}` })).toThrow(/a name twice/);
  });
});
