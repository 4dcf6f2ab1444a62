import { p256 } from '@noble/curves/nist.js';
import vectors from '../fixtures/rfc6979-p256-sha256.json';

export const N = p256.Point.CURVE().n;
export const RFC6979 = vectors;

export const hex32 = (value: bigint) => value.toString(16).padStart(64, '0');

/** Minimal DER INTEGER of a positive value: a leading zero only when the top bit is set. */
export function derInteger(value: bigint): string {
  let body = value.toString(16);
  if (body.length % 2) body = `0${body}`;
  if (parseInt(body.slice(0, 2), 16) & 0x80) body = `00${body}`;
  return `02${(body.length / 2).toString(16).padStart(2, '0')}${body}`;
}

export function derSignature(r: bigint, s: bigint): string {
  const content = derInteger(r) + derInteger(s);
  return `30${(content.length / 2).toString(16).padStart(2, '0')}${content}`;
}

/** The compressed form of an uncompressed SEC1 point: 02/03 by the parity of Y, then X. */
export function compressed(uncompressed: string): string {
  const y = BigInt(`0x${uncompressed.slice(66)}`);
  return `${y % 2n === 0n ? '02' : '03'}${uncompressed.slice(2, 66)}`;
}

export const utf8Hex = (text: string) => Buffer.from(text, 'utf8').toString('hex');
