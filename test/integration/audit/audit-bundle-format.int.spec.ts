import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { uniqueStream } from '../../support/events';
import { AuditLedger } from './audit-ledger';
import { closeIfStarted } from '../../support/teardown';

/**
 * An auditor's own verifier, written from README "Auditors" with node:crypto only (no project
 * code), run over a real export: if the README is precise enough for this, it is precise enough.
 * The shapes below are the fields it reads, as docs/AUDIT-BUNDLE.md names them (not the
 * exporter's own schemas, for the same reason).
 */
const sha256 = (...parts: (Buffer | string)[]) =>
  parts.reduce((hash, part) => hash.update(part), createHash('sha256')).digest();

const manifestSchema = z.object({
  format: z.string(),
  origin: z.string(),
  counts: z.object({ events: z.number(), sealedEvents: z.number(), checkpoints: z.number() }),
  files: z.record(z.string(), z.object({ bytes: z.number(), sha256: z.string() })),
});
const publicKeySchema = z.object({ keyId: z.string(), publicKey: z.string() });
const eventLineSchema = z.object({
  streamId: z.string(),
  revision: z.string(),
  eventId: z.string(),
  type: z.string(),
  dataText: z.string(),
  metadataText: z.string(),
  prevHash: z.string(),
  hash: z.string(),
  leafIndex: z.number().nullable(),
  leafHash: z.string().nullable(),
});
const checkpointLineSchema = z.object({
  origin: z.string(),
  treeSize: z.number(),
  rootHash: z.string(),
  keyId: z.string(),
  signature: z.string(),
  revision: z.string(),
  eventId: z.string(),
});

const readJson = async <S extends z.ZodType>(file: string, schema: S): Promise<z.output<S>> =>
  schema.parse(JSON.parse(await readFile(file, 'utf8')));
const readLines = async <S extends z.ZodType>(file: string, schema: S): Promise<z.output<S>[]> =>
  (await readFile(file, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => schema.parse(JSON.parse(line)));

function merkleRoot(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return sha256();
  if (leaves.length === 1) return leaves[0];
  let split = 1;
  while (split * 2 < leaves.length) split *= 2;
  return sha256(Buffer.of(1), merkleRoot(leaves.slice(0, split)), merkleRoot(leaves.slice(split)));
}

function checkSignature(
  checkpoint: { origin: string; treeSize: number; rootHash: string; signature: string },
  publicKeyHex: string,
): boolean {
  const point = Buffer.from(publicKeyHex, 'hex');
  const key = createPublicKey({
    format: 'jwk',
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
    },
  });
  const message = `{"origin":${JSON.stringify(checkpoint.origin)},"rootHash":"${checkpoint.rootHash}","treeSize":${checkpoint.treeSize}}`;
  return verify(
    'sha256',
    Buffer.from(message, 'utf8'),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(checkpoint.signature, 'hex'),
  );
}

describe('the export bundle, checked by an independent verifier', () => {
  let ledger: AuditLedger;
  let bundle: string;

  beforeAll(async () => {
    ledger = await AuditLedger.create('bundle_format');
    await ledger.append([uniqueStream('wallet'), uniqueStream('member'), uniqueStream('task')], 10);
    await ledger.seal();
    bundle = await ledger.exportBundle();
  });
  afterAll(async () => {
    await closeIfStarted(ledger);
  });

  it('has a manifest whose sizes and SHA-256 digests match the files', async () => {
    const manifest = await readJson(path.join(bundle, 'manifest.json'), manifestSchema);
    expect(manifest).toMatchObject({
      format: 'smartstart-audit-bundle/1',
      origin: 'smartstart-ledger',
      counts: { events: 12, sealedEvents: 12, checkpoints: 2 },
    });
    expect(Object.keys(manifest.files).sort()).toEqual(['checkpoints.jsonl', 'events.jsonl', 'public-key.json']);
    for (const [name, entry] of Object.entries(manifest.files)) {
      const content = await readFile(path.join(bundle, name));
      expect({ bytes: content.length, sha256: sha256(content).toString('hex') }).toEqual(entry);
    }
  });

  it('recomputes every chain hash, leaf, checkpoint root and signature as README describes', async () => {
    const publicKey = await readJson(path.join(bundle, 'public-key.json'), publicKeySchema);
    expect(sha256(Buffer.from(publicKey.publicKey, 'hex')).toString('hex')).toBe(publicKey.keyId);
    const events = await readLines(path.join(bundle, 'events.jsonl'), eventLineSchema);
    const heads = new Map<string, { revision: number; hash: string }>();
    const leaves: Buffer[] = [];
    for (const [position, event] of events.entries()) {
      const head = heads.get(event.streamId) ?? { revision: -1, hash: '0'.repeat(64) };
      expect([Number(event.revision), event.prevHash]).toEqual([head.revision + 1, head.hash]);
      const envelope = `{"data":${event.dataText},"eventId":"${event.eventId}","metadata":${event.metadataText},"revision":${event.revision},"streamId":"${event.streamId}","type":"${event.type}"}`;
      expect(sha256(Buffer.from(event.prevHash, 'hex'), Buffer.from(envelope, 'utf8')).toString('hex')).toBe(
        event.hash,
      );
      const leaf = sha256(Buffer.of(0), Buffer.from(event.hash, 'hex'));
      expect([event.leafIndex, event.leafHash]).toEqual([position, leaf.toString('hex')]);
      leaves.push(leaf);
      heads.set(event.streamId, { revision: Number(event.revision), hash: event.hash });
    }
    const checkpoints = await readLines(path.join(bundle, 'checkpoints.jsonl'), checkpointLineSchema);
    expect(checkpoints.map((checkpoint) => checkpoint.treeSize)).toEqual([4, 8]);
    for (const checkpoint of checkpoints) {
      expect(checkpoint.keyId).toBe(publicKey.keyId);
      expect(checkSignature(checkpoint, publicKey.publicKey)).toBe(true);
      expect(merkleRoot(leaves.slice(0, checkpoint.treeSize)).toString('hex')).toBe(checkpoint.rootHash);
      const carrier = events.find((event) => event.eventId === checkpoint.eventId);
      expect(carrier).toMatchObject({
        streamId: 'ledger-checkpoints',
        revision: checkpoint.revision,
        type: 'CheckpointSigned',
      });
      if (!carrier) throw new Error(`no event in events.jsonl carries checkpoint ${checkpoint.eventId}`);
      expect(JSON.parse(carrier.dataText)).toEqual({
        origin: checkpoint.origin,
        treeSize: checkpoint.treeSize,
        rootHash: checkpoint.rootHash,
        keyId: checkpoint.keyId,
        signature: checkpoint.signature,
      });
    }
  });
});
