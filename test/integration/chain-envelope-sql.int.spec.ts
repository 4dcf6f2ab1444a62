import { readFileSync } from 'node:fs';
import canonicalize from 'canonicalize';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalEnvelope, chainHash } from '../../src/platform/chain/event-hash';
import { chainVectors } from '../support/chain-vectors';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { closeIfStarted, endIfStarted } from '../support/teardown';
import { z } from 'zod';

const envelopeVectorSchema = z.object({
  description: z.string(),
  streamId: z.string(),
  revision: z.string(),
  eventId: z.string(),
  type: z.string(),
  dataText: z.string(),
  metadataText: z.string(),
  prevHash: z.string(),
  envelope: z.string(),
  envelopeHex: z.string(),
  hash: z.string(),
});
type EnvelopeVector = z.output<typeof envelopeVectorSchema>;

const envelopeVectors = z
  .object({ vectors: z.array(envelopeVectorSchema) })
  .parse(JSON.parse(readFileSync('docs/audit-vectors/envelopes.json', 'utf8'))).vectors;
const allVectors: EnvelopeVector[] = [
  ...envelopeVectors,
  ...chainVectors.map((vector) => ({
    ...vector,
    description: `chain vector ${vector.streamId}@${vector.revision}`,
    revision: String(vector.revision),
    envelope: vector.canonicalEnvelope,
    envelopeHex: Buffer.from(vector.canonicalEnvelope).toString('hex'),
  })),
];

/**
 * The envelope has one definition (canonicalEnvelope) and one SQL twin (chain_envelope, used by
 * both append paths). Both must give the same bytes for every vector, ids that need JSON
 * escaping included, and those bytes must be JCS of the parsed envelope.
 */
describe('chain envelope: TypeScript, SQL and RFC 8785 agree byte for byte', () => {
  let database: TestDatabase;
  let owner: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase('chain_envelope');
    owner = new pg.Client(database.ownerUrl);
    await owner.connect();
  });
  afterAll(async () => {
    await endIfStarted(owner);
    await closeIfStarted(database);
  });

  it.each(allVectors)('$description', async (vector) => {
    const envelope = { ...vector, revision: BigInt(vector.revision) };
    const jcs = canonicalize({
      data: JSON.parse(vector.dataText) as unknown,
      eventId: vector.eventId,
      metadata: JSON.parse(vector.metadataText) as unknown,
      revision: Number(vector.revision),
      streamId: vector.streamId,
      type: vector.type,
    });
    expect(jcs).toBe(vector.envelope);
    expect(Buffer.from(canonicalEnvelope(envelope), 'utf8').toString('hex')).toBe(vector.envelopeHex);
    expect(chainHash(vector.prevHash, envelope)).toBe(vector.hash);

    // The app role computes it as the append paths do, so the grant is exercised too.
    const { rows } = await database.pool.query<{ bytes: Buffer; hash: Buffer }>(
      `select convert_to(chain_envelope($1, $2::bigint, $3, $4, $5, $6), 'UTF8') as bytes,
              sha256(decode($7, 'hex') || convert_to(chain_envelope($1, $2::bigint, $3, $4, $5, $6), 'UTF8')) as hash`,
      [
        vector.streamId,
        vector.revision,
        vector.eventId,
        vector.type,
        vector.dataText,
        vector.metadataText,
        vector.prevHash,
      ],
    );
    expect(rows[0].bytes.toString('hex')).toBe(vector.envelopeHex);
    expect(rows[0].hash.toString('hex')).toBe(vector.hash);
  });

  it('escapes every control character as JCS does', async () => {
    const controls = Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code)).filter(
      (character) => character !== '\u0000',
    );
    const { rows } = await database.pool.query<{ text: string }>(
      `select chain_envelope($1, 0, 'e', 't', '{}', '{}') as text`,
      [controls.join('') + '"\\/\u007f'],
    );
    expect(rows[0].text).toBe(
      canonicalEnvelope({
        streamId: controls.join('') + '"\\/\u007f',
        revision: 0n,
        eventId: 'e',
        type: 't',
        dataText: '{}',
        metadataText: '{}',
      }),
    );
  });

  it('both append paths hash through chain_envelope, and neither builds an envelope of its own', async () => {
    const { rows } = await owner.query<{ body: string }>(`select pg_get_functiondef('append_events'::regproc) as body`);
    const singleAppend = readFileSync('src/platform/event-store/postgres/postgres-single-append.ts', 'utf8');
    for (const sql of [rows[0].body, singleAppend]) {
      expect(sql).toContain('chain_envelope(');
      expect(sql).not.toContain('"eventId"');
    }
  });
});
