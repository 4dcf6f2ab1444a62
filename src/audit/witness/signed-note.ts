import { sha256 } from '@noble/hashes/sha2.js';
import { ed25519 } from '@noble/curves/ed25519.js';

/**
 * C2SP signed notes (c2sp.org/signed-note), checkpoints (c2sp.org/tlog-checkpoint) and timestamped
 * Ed25519 cosignatures (c2sp.org/tlog-cosignature, `cosignature/v1`), so a witness of the wider
 * transparency-log ecosystem can cosign this log as well as ours can. Pure functions over
 * untrusted text: parsers return null, verifiers return false, nothing throws on bad input.
 */

/** Signature type bytes of signed-note: the log signs with 0x01, witnesses cosign with 0x04. */
export const NOTE_ED25519 = 0x01;
export const COSIGNATURE_V1 = 0x04;
/** A cosignature's bytes: the u64 timestamp, then the 64-byte Ed25519 signature. */
const COSIGNATURE_BYTES = 8 + 64;
/** signed-note asks verifiers to accept at least 16 signatures; more is refused as abuse. */
export const MAX_NOTE_SIGNATURES = 32;
const EM_DASH = '\u2014';
const KEY_NAME = /^[^\s+\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/u;

export interface NoteSignature {
  name: string;
  /** The 4-byte key id, as 8 lowercase hex digits. */
  keyId: string;
  signature: Uint8Array;
}

export interface ParsedNote {
  /** The signed text, final newline included. */
  body: string;
  signatures: NoteSignature[];
}

export interface CheckpointBody {
  origin: string;
  treeSize: number;
  /** Lowercase hex of the 32-byte root. */
  rootHash: string;
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const utf8 = (text: string) => new TextEncoder().encode(text);
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function decodeBase64(text: string): Uint8Array | null {
  return STRICT_BASE64.test(text) ? new Uint8Array(Buffer.from(text, 'base64')) : null;
}

export function isKeyName(name: string): boolean {
  return name.length > 0 && KEY_NAME.test(name);
}

/** SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4], as hex (signed-note's recommended key id). */
export function noteKeyId(name: string, type: number, publicKey: Uint8Array): string {
  return hex(sha256(Uint8Array.from([...utf8(`${name}\n`), type, ...publicKey])).subarray(0, 4));
}

/** The tlog-checkpoint body: origin line, decimal tree size, base64 root, each ending in a newline. */
export function checkpointNoteBody(checkpoint: CheckpointBody): string {
  return `${checkpoint.origin}\n${checkpoint.treeSize}\n${base64(Buffer.from(checkpoint.rootHash, 'hex'))}\n`;
}

/** The first three lines of a checkpoint body; extension lines are allowed and ignored. */
export function parseCheckpointBody(body: string): CheckpointBody | null {
  const lines = body.split('\n');
  if (lines.length < 3) return null;
  const [origin, size, root] = lines;
  if (!origin || !size || !/^(0|[1-9][0-9]{0,15})$/.test(size)) return null;
  const treeSize = Number(size);
  const rootBytes = decodeBase64(root);
  if (!Number.isSafeInteger(treeSize) || !rootBytes || rootBytes.length !== 32) return null;
  return { origin, treeSize, rootHash: hex(rootBytes) };
}

export function signatureLine(signature: NoteSignature): string {
  return `${EM_DASH} ${signature.name} ${base64(Uint8Array.from([...Buffer.from(signature.keyId, 'hex'), ...signature.signature]))}\n`;
}

export function parseSignatureLine(line: string): NoteSignature | null {
  const match = /^\u2014 (\S+) (\S+)$/u.exec(line);
  if (!match || !isKeyName(match[1])) return null;
  const bytes = decodeBase64(match[2]);
  if (!bytes || bytes.length < 5) return null;
  return { name: match[1], keyId: hex(bytes.subarray(0, 4)), signature: bytes.subarray(4) };
}

export function formatNote(note: ParsedNote): string {
  return `${note.body}\n${note.signatures.map(signatureLine).join('')}`;
}

/** Splits at the last blank line; null unless every signature line is well formed. */
export function parseNote(text: string): ParsedNote | null {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f]/.test(text) || !text.endsWith('\n')) return null;
  const split = text.lastIndexOf('\n\n');
  if (split < 0) return null;
  const lines = text.slice(split + 2, -1).split('\n');
  if (lines.length === 0 || lines.length > MAX_NOTE_SIGNATURES) return null;
  const signatures = lines.map(parseSignatureLine);
  if (signatures.some((signature) => signature === null)) return null;
  return { body: text.slice(0, split + 1), signatures: signatures as NoteSignature[] };
}

/** An Ed25519 note key (type 0x01): how the log signs its checkpoints as notes. */
export interface NoteSigner {
  name: string;
  keyId: string;
  publicKey: Uint8Array;
  sign(body: string): NoteSignature;
}

export function noteSignerFromSeed(name: string, seed: Uint8Array): NoteSigner {
  const publicKey = ed25519.getPublicKey(seed);
  const keyId = noteKeyId(name, NOTE_ED25519, publicKey);
  return { name, keyId, publicKey, sign: (body) => ({ name, keyId, signature: ed25519.sign(utf8(body), seed) }) };
}

/** A verifier key: who (name), which algorithm (type) and the raw public key. */
export interface VerifierKey {
  name: string;
  type: number;
  publicKey: Uint8Array;
}

function matches(signature: NoteSignature, key: VerifierKey): boolean {
  return signature.name === key.name && signature.keyId === noteKeyId(key.name, key.type, key.publicKey);
}

function ed25519Verifies(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

/** True when the note carries a valid Ed25519 (0x01) signature of `key`. */
export function noteSignedBy(note: ParsedNote, key: VerifierKey): boolean {
  return note.signatures.some(
    (signature) => matches(signature, key) && ed25519Verifies(signature.signature, utf8(note.body), key.publicKey),
  );
}

/** The message a `cosignature/v1` signs: header, time line, then the checkpoint body. */
export function cosignedMessage(body: string, timestampSeconds: bigint): Uint8Array {
  return utf8(`cosignature/v1\ntime ${timestampSeconds}\n${body}`);
}

export function cosign(body: string, timestampSeconds: bigint, name: string, seed: Uint8Array): NoteSignature {
  const publicKey = ed25519.getPublicKey(seed);
  const stamp = new Uint8Array(8);
  new DataView(stamp.buffer).setBigUint64(0, timestampSeconds);
  const signature = ed25519.sign(cosignedMessage(body, timestampSeconds), seed);
  return {
    name,
    keyId: noteKeyId(name, COSIGNATURE_V1, publicKey),
    signature: Uint8Array.from([...stamp, ...signature]),
  };
}

/** The cosignature's timestamp when it is `key`'s valid cosignature/v1 over `body`; null otherwise. */
export function verifyCosignature(body: string, signature: NoteSignature, key: VerifierKey): bigint | null {
  if (key.type !== COSIGNATURE_V1 || !matches(signature, key) || signature.signature.length !== COSIGNATURE_BYTES)
    return null;
  const timestampSeconds = new DataView(signature.signature.buffer, signature.signature.byteOffset, 8).getBigUint64(0);
  if (timestampSeconds >= 2n ** 63n) return null;
  return ed25519Verifies(signature.signature.subarray(8), cosignedMessage(body, timestampSeconds), key.publicKey)
    ? timestampSeconds
    : null;
}

/** A C2SP vkey: `name+keyid+base64(type ‖ public key)`, how witness and log keys are configured. */
export function formatVerifierKey(key: VerifierKey): string {
  return `${key.name}+${noteKeyId(key.name, key.type, key.publicKey)}+${base64(Uint8Array.from([key.type, ...key.publicKey]))}`;
}

/** Null unless the vkey is well formed, Ed25519-sized, and its key id matches its key. */
export function parseVerifierKey(vkey: string): VerifierKey | null {
  const match = /^([^+]+)\+([0-9a-f]{8})\+(\S+)$/.exec(vkey.trim());
  if (!match || !isKeyName(match[1])) return null;
  const bytes = decodeBase64(match[3]);
  if (!bytes || bytes.length !== 33) return null;
  const key = { name: match[1], type: bytes[0], publicKey: bytes.subarray(1) };
  if (key.type !== NOTE_ED25519 && key.type !== COSIGNATURE_V1) return null;
  return noteKeyId(key.name, key.type, key.publicKey) === match[2] ? key : null;
}
