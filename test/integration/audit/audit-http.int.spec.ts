import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { LoggerModule } from 'nestjs-pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditHttpModule } from '../../../src/audit/http/audit-http.module';
import { verifyInclusionProofFile } from '../../../src/audit/offline/proof-verifier';
import { SealerService } from '../../../src/audit/sealer/sealer.service';
import { verifyConsistency } from '../../../src/platform/chain/merkle-proofs';
import { loadConfig } from '../../../src/platform/config/app-config';
import { EVENT_SCHEMAS } from '../../../src/event-schemas';
import { PostgresEventStore } from '../../../src/platform/event-store/postgres/postgres-event-store';
import { ErrorFilter } from '../../../src/platform/http/error.filter';
import { FeedRunnersService } from '../../../src/platform/feed-runner/feed-runners.service';
import { PlatformModule } from '../../../src/platform/platform.module';
import { PROJECTIONS } from '../../../src/platform/projections/projection';
import { REACTORS } from '../../../src/platform/reactors/reactor';
import { ALL_PROJECTIONS } from '../../../src/registry/projections.registry';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { someEvents, uniqueStream } from '../../support/events';
import { TEST_KEY, TEST_SIGNING_KEY_HEX } from './audit-ledger';
import { errorOf, json } from '../../support/json';
import { waitFor } from '../../support/wait';
import {
  checkpointPageSchema,
  consistencyProofSchema,
  inclusionProofSchema,
  publicKeySchema,
  streamEventsSchema,
  streamPageSchema,
  verificationRunSchema,
  wormIntegritySchema,
} from '../../../src/audit/http/audit.responses';
import { closeIfStarted } from '../../support/teardown';

const bytes = (hex: string) => Buffer.from(hex, 'hex');

/**
 * The projections and the sealer running as in the app, and the auditor API over HTTP; without
 * the identity module, as access control is not what is under test here.
 */
/** The read models (the sealer's leaves among them) without the contexts and their reactors. */
@Module({
  providers: [
    { provide: PROJECTIONS, useValue: ALL_PROJECTIONS },
    { provide: REACTORS, useValue: [] },
    FeedRunnersService,
  ],
})
class ProjectionsOnlyModule {}

describe('the auditor API over a running sealer', () => {
  let database: TestDatabase;
  let app: NestExpressApplication;
  let http: ReturnType<typeof request>;
  const wallet = uniqueStream('wallet');

  beforeAll(async () => {
    database = await createTestDatabase('audit_http');
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      SIGNING_KEY: TEST_SIGNING_KEY_HEX,
      CHECKPOINT_NOTE_KEY: 'test-checkpoint-note-key-0123456789abcdef',
      CHECKPOINT_EVERY_EVENTS: '4',
      CHECKPOINT_EVERY_MS: '3600000',
      LEADER_RETRY_MS: '200',
      PROJECTION_POLL_MS: '20',
    });
    const moduleRef = await Test.createTestingModule({
      imports: [
        LoggerModule.forRoot({ pinoHttp: { level: 'silent' } }),
        PlatformModule.forRoot({ config, database, eventSchemas: EVENT_SCHEMAS }),
        ProjectionsOnlyModule,
        AuditHttpModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ErrorFilter }],
    }).compile();
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- Nest types its options as a class but reads them as a plain object (its own docs pass a literal)
    app = await moduleRef.createNestApplication<NestExpressApplication>({ logger: false }).init();
    http = request(app.getHttpServer());
    // Fillers of no type the app knows, so past the schema check, through the bare adapter.
    const store = new PostgresEventStore(database.pool);
    await store.append(wallet, someEvents(5), { expectedRevision: 'no_stream' });
    await store.append(uniqueStream('member'), someEvents(4), { expectedRevision: 'no_stream' });
  });
  afterAll(async () => {
    await closeIfStarted(app);
    await closeIfStarted(database);
  });

  const checkpoints = () =>
    waitFor('the sealer to sign two checkpoints', async () => {
      const { checkpoints: signed } = json(
        await http.get('/api/v1/audit/checkpoints').expect(200),
        checkpointPageSchema,
      );
      return signed.length === 2 ? signed : undefined;
    });

  it('signs checkpoints every N events on one leader, listed newest first', async () => {
    expect((await checkpoints()).map((checkpoint) => checkpoint.treeSize)).toEqual([8, 4]);
    expect(app.get(SealerService).leader).toBe(true);
    const publicKey = json(await http.get('/api/v1/audit/public-key').expect(200), publicKeySchema);
    expect(publicKey).toEqual({ algorithm: 'ECDSA-P256-SHA256', keyId: TEST_KEY.keyId, publicKey: TEST_KEY.publicKey });
  });

  it('serves inclusion proofs that verify against the signed checkpoint, and maps errors to 4xx', async () => {
    await checkpoints();
    const stream = json(await http.get(`/api/v1/audit/streams/${wallet}`).expect(200), streamEventsSchema);
    const proof = await http.get(`/api/v1/audit/proofs/inclusion/${stream.events[1].eventId}`).expect(200);
    expect(json(proof, inclusionProofSchema)).toMatchObject({
      treeSize: 8,
      event: { streamId: wallet, revision: '1', hash: stream.events[1].hash },
    });
    expect(verifyInclusionProofFile(proof.body, TEST_KEY)).toEqual({ status: 'VERIFIED', reason: null });
    expect(errorOf(await http.get('/api/v1/audit/proofs/inclusion/not-a-uuid').expect(400)).error).toBe(
      'VALIDATION_FAILED',
    );
    expect(
      errorOf(await http.get('/api/v1/audit/proofs/inclusion/00000000-0000-4000-8000-00000000abcd').expect(404)).error,
    ).toBe('EVENT_NOT_IN_LOG');
    expect(
      errorOf(await http.get(`/api/v1/audit/proofs/inclusion/${stream.events[1].eventId}?treeSize=999`).expect(409))
        .error,
    ).toBe('TREE_SIZE_UNAVAILABLE');
  });

  it('serves consistency proofs between tree sizes', async () => {
    await checkpoints();
    const body = json(await http.get('/api/v1/audit/proofs/consistency?from=4').expect(200), consistencyProofSchema);
    expect(body).toMatchObject({
      fromTreeSize: 4,
      toTreeSize: 8,
      fromCheckpoint: { treeSize: 4 },
      toCheckpoint: { treeSize: 8 },
    });
    const { fromCheckpoint, toCheckpoint } = body;
    if (!fromCheckpoint || !toCheckpoint) throw new Error('the consistency proof names no signed checkpoints');
    expect(
      verifyConsistency(4, 8, body.proof.map(bytes), bytes(fromCheckpoint.rootHash), bytes(toCheckpoint.rootHash)),
    ).toBe(true);
    await http.get('/api/v1/audit/proofs/consistency?from=0').expect(400);
  });

  it('runs a full verification in the background with visible progress', async () => {
    await checkpoints();
    const started = json(await http.post('/api/v1/audit/verify').send({}).expect(202), verificationRunSchema);
    const finished = await waitFor('the verification run to finish', async () => {
      const run = json(await http.get(`/api/v1/audit/verify/${started.id}`).expect(200), verificationRunSchema);
      return run.status === 'RUNNING' ? undefined : run;
    });
    expect(finished).toMatchObject({ status: 'VERIFIED', report: { firstBreak: null, checkpointsChecked: 2 } });
    expect(finished.eventsChecked).toBe(finished.eventsTotal);
    await http.get('/api/v1/audit/verify/00000000-0000-4000-8000-000000000000').expect(404);
  });

  it('lists streams by category with paging and reads one with its hashes', async () => {
    await checkpoints();
    const page = json(await http.get('/api/v1/audit/streams?category=wallet&limit=10').expect(200), streamPageSchema);
    expect(page).toMatchObject({ streams: [{ streamId: wallet, eventCount: 5 }], nextAfter: null });
    const stream = json(
      await http.get(`/api/v1/audit/streams/${wallet}?fromRevision=3&limit=1`).expect(200),
      streamEventsSchema,
    );
    expect(stream.events).toEqual([
      expect.objectContaining({ revision: '3', prevHash: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown }),
    ]);
    await http.get('/api/v1/audit/streams/wallet-nobody').expect(404);
    await http.get('/api/v1/audit/streams/Not%20A%20Stream').expect(400);
    expect(json(await http.get('/api/debug/worm/integrity').expect(200), wormIntegritySchema)).toEqual({
      lastCheck: null,
    });
  });
});
