import { createHmac, randomBytes } from 'node:crypto';

/** RFC 6238 TOTP with the parameters every authenticator app defaults to: SHA-1, 6 digits, 30 s. */
const STEP_SECONDS = 30;
const DIGITS = 6;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function generateTotpSecret(): string {
  return toBase32(randomBytes(20));
}

export function totpCode(secretBase32: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const digest = createHmac('sha1', fromBase32(secretBase32)).update(counter).digest();
  const offset = digest[digest.length - 1] & 0x0f;
  const binary = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** DIGITS).padStart(DIGITS, '0');
}

export function totpStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / STEP_SECONDS);
}

/**
 * The step a code matches, allowing one step of clock drift either way, or null. Steps at or
 * before `lastUsedStep` are refused so a code can't be replayed.
 */
export function matchTotp(secretBase32: string, code: string, nowMs: number, lastUsedStep: number): number | null {
  const current = totpStep(nowMs);
  for (const step of [current - 1, current, current + 1]) {
    if (step > lastUsedStep && totpCode(secretBase32, step) === code) return step;
  }
  return null;
}

export function otpauthUri(secretBase32: string, accountLabel: string, issuer = 'SmartStart'): string {
  const label = encodeURIComponent(`${issuer}:${accountLabel}`);
  return `otpauth://totp/${label}?secret=${secretBase32}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=${DIGITS}&period=${STEP_SECONDS}`;
}

function toBase32(bytes: Buffer): string {
  let bits = '';
  for (const byte of bytes) bits += byte.toString(2).padStart(8, '0');
  let out = '';
  for (let index = 0; index + 5 <= bits.length; index += 5) out += BASE32[parseInt(bits.slice(index, index + 5), 2)];
  return out;
}

function fromBase32(text: string): Buffer {
  let bits = '';
  for (const char of text.replace(/=+$/, '').toUpperCase()) {
    const value = BASE32.indexOf(char);
    if (value < 0) throw new Error('not base32');
    bits += value.toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let index = 0; index + 8 <= bits.length; index += 8) bytes.push(parseInt(bits.slice(index, index + 8), 2));
  return Buffer.from(bytes);
}
