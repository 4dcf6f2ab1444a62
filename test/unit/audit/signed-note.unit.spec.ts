import { assert, describe, expect, it } from 'vitest';
import {
  checkpointNoteBody,
  COSIGNATURE_V1,
  cosign,
  formatNote,
  formatVerifierKey,
  NOTE_ED25519,
  noteSignedBy,
  noteSignerFromSeed,
  parseCheckpointBody,
  parseNote,
  parseVerifierKey,
  verifyCosignature,
} from '../../../src/audit/witness/signed-note';

// The example of golang.org/x/mod/sumdb/note (the reference implementation of C2SP signed notes):
// its verifier key, the seed inside its PRIVATE+KEY (after the 0x01 type byte), and its signed note.
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_SEED = new Uint8Array(Buffer.from('AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', 'base64').subarray(1));
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE = `${GO_TEXT}\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

const WITNESS_SEED = new Uint8Array(32).fill(7);
const checkpoint = {
  origin: 'smartstart-ledger',
  treeSize: 20852163,
  rootHash: '0ac5186a91863e8e1d90c808014aa89bf5da8e3ee1d9f07630f0378f68f1ab62',
};

describe('C2SP signed notes', () => {
  it('verifies and reproduces the Go sumdb/note example byte for byte', () => {
    const key = parseVerifierKey(GO_VKEY);
    expect(key).toMatchObject({ name: 'PeterNeumann', type: NOTE_ED25519 });
    const note = parseNote(GO_NOTE);
    expect(note?.body).toBe(GO_TEXT);
    assert.exists(note, 'the Go note parses');
    assert.exists(key, 'the Go verifier key parses');
    expect(noteSignedBy(note, key)).toBe(true);
    const signer = noteSignerFromSeed('PeterNeumann', GO_SEED);
    expect(formatVerifierKey({ name: signer.name, type: NOTE_ED25519, publicKey: signer.publicKey })).toBe(GO_VKEY);
    expect(formatNote({ body: GO_TEXT, signatures: [signer.sign(GO_TEXT)] })).toBe(GO_NOTE);
  });

  it('rejects an altered text, a key with a wrong id, and malformed notes', () => {
    const altered = parseNote(GO_NOTE.replace('answer', 'Answer'));
    const key = parseVerifierKey(GO_VKEY);
    assert.exists(altered, 'the altered note still parses');
    assert.exists(key, 'the Go verifier key parses');
    expect(noteSignedBy(altered, key)).toBe(false);
    expect(parseVerifierKey(GO_VKEY.replace('c74f20a3', 'c74f20a4'))).toBeNull();
    expect(parseNote(GO_TEXT)).toBeNull();
    expect(parseNote(GO_NOTE.replace('\u2014', '-'))).toBeNull();
    expect(parseNote(GO_NOTE.replace('PeterNeumann x08', 'Peter+Neumann x08'))).toBeNull();
    expect(parseNote(`${GO_NOTE.slice(0, 10)}\t${GO_NOTE.slice(10)}`)).toBeNull();
  });

  it('writes a tlog-checkpoint body as origin, size and base64 root, and reads it back', () => {
    const body = checkpointNoteBody(checkpoint);
    expect(body).toBe('smartstart-ledger\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n');
    expect(parseCheckpointBody(body)).toEqual(checkpoint);
    expect(parseCheckpointBody(`${body}extension line\n`)).toEqual(checkpoint);
    expect(parseCheckpointBody(body.replace('20852163', '020852163'))).toBeNull();
    expect(parseCheckpointBody(body.replace('CsUY', 'CsU'))).toBeNull();
  });

  it('cosigns as cosignature/v1: a timestamp, then Ed25519 over the header, the time line and the body', () => {
    const body = checkpointNoteBody(checkpoint);
    const signature = cosign(body, 1679315147n, 'witness.example/w1', WITNESS_SEED);
    expect(signature.signature).toHaveLength(72);
    expect(Buffer.from(signature.signature.subarray(0, 8)).readBigUInt64BE()).toBe(1679315147n);
    const vkey = formatVerifierKey({
      name: 'witness.example/w1',
      type: COSIGNATURE_V1,
      publicKey: noteSignerFromSeed('x', WITNESS_SEED).publicKey,
    });
    const key = parseVerifierKey(vkey);
    assert.exists(key, 'the witness verifier key parses');
    expect(verifyCosignature(body, signature, key)).toBe(1679315147n);
    expect(verifyCosignature(body.replace('20852163', '20852164'), signature, key)).toBeNull();
    const shifted = Uint8Array.from(signature.signature);
    shifted[7] ^= 1;
    expect(verifyCosignature(body, { ...signature, signature: shifted }, key)).toBeNull();
    // A cosignature key is not a note key: the type byte is part of the key id.
    expect(verifyCosignature(body, signature, { ...key, type: NOTE_ED25519 })).toBeNull();
  });
});
