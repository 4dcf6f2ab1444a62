import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressed, derInteger, derSignature, hex32, N, RFC6979, utf8Hex } from '../support/ecdsa-cases';
import { startTestApp, type TestApp } from '../support/test-app';
import { errorOf } from '../support/json';
import { closeIfStarted } from '../support/teardown';

const KEY = RFC6979.publicKeyUncompressed;
const [SAMPLE, TEST] = RFC6979.vectors;
const r = BigInt(`0x${SAMPLE.r}`);
const s = BigInt(`0x${SAMPLE.s}`);
const p1363 = (rValue: bigint, sValue: bigint) => hex32(rValue) + hex32(sValue);
const MESSAGE = utf8Hex(SAMPLE.message);
const GOOD_DER = derSignature(r, s);

interface Case {
  name: string;
  publicKeyHex?: string;
  messageHex?: string;
  signatureHex: string;
  encoding: 'p1363' | 'der';
}

const VALID: Case[] = [
  { name: 'RFC 6979 A.2.5 "sample" (its s is the high one)', signatureHex: p1363(r, s), encoding: 'p1363' },
  {
    name: 'RFC 6979 A.2.5 "test"',
    messageHex: utf8Hex(TEST.message),
    signatureHex: TEST.r + TEST.s,
    encoding: 'p1363',
  },
  { name: '"sample" with n − s (the low s)', signatureHex: p1363(r, N - s), encoding: 'p1363' },
  { name: '"sample" in DER', signatureHex: GOOD_DER, encoding: 'der' },
  {
    name: '"test" in DER',
    messageHex: utf8Hex(TEST.message),
    signatureHex: derSignature(BigInt(`0x${TEST.r}`), BigInt(`0x${TEST.s}`)),
    encoding: 'der',
  },
  { name: 'the compressed public key', publicKeyHex: compressed(KEY), signatureHex: p1363(r, s), encoding: 'p1363' },
];

const INVALID: Case[] = [
  { name: 'another message', messageHex: utf8Hex('samplf'), signatureHex: p1363(r, s), encoding: 'p1363' },
  { name: 'another vector’s signature', signatureHex: TEST.r + TEST.s, encoding: 'p1363' },
  { name: 'r = 0', signatureHex: p1363(0n, s), encoding: 'p1363' },
  { name: 's = 0', signatureHex: p1363(r, 0n), encoding: 'p1363' },
  { name: 'r = n', signatureHex: p1363(N, s), encoding: 'p1363' },
  { name: 's = n', signatureHex: p1363(r, N), encoding: 'p1363' },
  { name: 'r = n + 1', signatureHex: p1363(N + 1n, s), encoding: 'p1363' },
  { name: 's = n + 1', signatureHex: p1363(r, N + 1n), encoding: 'p1363' },
  { name: 'P1363 one byte short', signatureHex: p1363(r, s).slice(0, -2), encoding: 'p1363' },
  { name: 'P1363 one byte long', signatureHex: `${p1363(r, s)}00`, encoding: 'p1363' },
  { name: 'DER given as P1363', signatureHex: GOOD_DER, encoding: 'p1363' },
  { name: 'P1363 given as DER', signatureHex: p1363(r, s), encoding: 'der' },
  { name: 'DER with a byte after the sequence', signatureHex: `${GOOD_DER}00`, encoding: 'der' },
  { name: 'DER truncated by a byte', signatureHex: GOOD_DER.slice(0, -2), encoding: 'der' },
  {
    name: 'DER with a sequence length one too long',
    signatureHex: `30${(GOOD_DER.length / 2 - 1).toString(16)}${GOOD_DER.slice(4)}`,
    encoding: 'der',
  },
  { name: 'DER with a long-form sequence length', signatureHex: `3081${GOOD_DER.slice(2)}`, encoding: 'der' },
  // "test"'s s starts 0x01: a leading zero before it is not minimal, though the signature is otherwise right.
  {
    name: 'DER with a zero-padded (non-minimal) s',
    messageHex: utf8Hex(TEST.message),
    signatureHex: derWith(derInteger(BigInt(`0x${TEST.r}`)), `022100${TEST.s}`),
    encoding: 'der',
  },
  {
    name: 'DER with a negative r (top bit set, no leading zero)',
    signatureHex: derWith(`0220${hex32(r)}`, derInteger(s)),
    encoding: 'der',
  },
  { name: 'DER with r = 0', signatureHex: derWith('020100', derInteger(s)), encoding: 'der' },
  { name: 'DER with an empty integer', signatureHex: derWith('0200', derInteger(s)), encoding: 'der' },
  { name: 'DER with r ≥ n', signatureHex: derWith(derInteger(N), derInteger(s)), encoding: 'der' },
  {
    name: 'DER with an INTEGER tag replaced',
    signatureHex: `${GOOD_DER.slice(0, 4)}03${GOOD_DER.slice(6)}`,
    encoding: 'der',
  },
  { name: 'an empty signature', signatureHex: '', encoding: 'der' },
];

function derWith(rInteger: string, sInteger: string): string {
  const content = rInteger + sInteger;
  return `30${(content.length / 2).toString(16).padStart(2, '0')}${content}`;
}

describe('POST /api/v1/signatures/verify: standard ECDSA P-256 / SHA-256, strict about encodings', () => {
  let app: TestApp;
  const verify = (body: object) => request(app.baseUrl).post('/api/v1/signatures/verify').send(body);
  const call = (testCase: Case) =>
    verify({
      publicKeyHex: testCase.publicKeyHex ?? KEY,
      messageHex: testCase.messageHex ?? MESSAGE,
      signatureHex: testCase.signatureHex,
      encoding: testCase.encoding,
    });

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false', SIGNATURE_VERIFY_RATE_LIMIT_MAX: '1000' } });
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  it('accepts the published vectors, either s, DER and the compressed key, without signing in', async () => {
    for (const testCase of VALID)
      expect((await call(testCase).expect(200)).body, testCase.name).toEqual({ valid: true });
  });

  it('answers valid: false for every malformed or wrong signature', async () => {
    for (const testCase of INVALID) expect((await call(testCase)).body, testCase.name).toEqual({ valid: false });
  });

  it('refuses a malformed key with 400: off the curve, the point at infinity, a wrong length or prefix', async () => {
    const y = BigInt(`0x${KEY.slice(66)}`);
    const offCurve = `04${KEY.slice(2, 66)}${hex32(y + 1n)}`;
    for (const publicKeyHex of [
      offCurve,
      '00',
      KEY.slice(2),
      `05${KEY.slice(2)}`,
      `02${'ff'.repeat(32)}`,
      compressed(KEY).slice(0, -2),
    ]) {
      const response = await verify({
        publicKeyHex,
        messageHex: MESSAGE,
        signatureHex: p1363(r, s),
        encoding: 'p1363',
      }).expect(400);
      expect(errorOf(response).error, publicKeyHex).toBe('INVALID_PUBLIC_KEY');
    }
  });

  it('refuses malformed hex and unknown encodings with 400', async () => {
    for (const body of [
      { publicKeyHex: KEY, messageHex: 'abc', signatureHex: p1363(r, s), encoding: 'p1363' },
      { publicKeyHex: KEY, messageHex: MESSAGE, signatureHex: 'zz', encoding: 'p1363' },
      { publicKeyHex: `${KEY}0`, messageHex: MESSAGE, signatureHex: p1363(r, s), encoding: 'p1363' },
      { publicKeyHex: KEY, messageHex: MESSAGE, signatureHex: p1363(r, s), encoding: 'raw' },
    ]) {
      expect(errorOf(await verify(body).expect(400)).error).toBe('VALIDATION_FAILED');
    }
  });
});

describe('the verify endpoint’s own rate limit', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false', SIGNATURE_VERIFY_RATE_LIMIT_MAX: '3' } });
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  it('answers 429 past SIGNATURE_VERIFY_RATE_LIMIT_MAX calls from one address in a window', async () => {
    const body = { publicKeyHex: KEY, messageHex: MESSAGE, signatureHex: p1363(r, s), encoding: 'p1363' };
    for (let call = 0; call < 3; call++)
      await request(app.baseUrl).post('/api/v1/signatures/verify').send(body).expect(200);
    const limited = await request(app.baseUrl).post('/api/v1/signatures/verify').send(body).expect(429);
    expect(errorOf(limited).error).toBe('RATE_LIMITED');
  });
});
