import { randomUUID } from 'node:crypto';
import pg from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryReplaySchema, streamReplaySchema } from '../../src/audit/http/audit.responses';
import type { JsonObject } from '../../src/shared-kernel/json';
import { walletStream } from '../../src/wallet/domain/wallet.events';
import { metadata } from '../support/events';
import { signUp, type TestUser } from '../support/identity';
import { startTestApp, type TestApp } from '../support/test-app';
import { errorOf, json } from '../support/json';
import { arrayContaining } from '../support/matchers';
import { closeIfStarted } from '../support/teardown';

/** Given: 100 BUZ in January, 50 in February, 30 of them locked in March. */
const givenWalletHistory: { type: string; data: JsonObject; occurredAt: string }[] = [
  {
    type: 'BuzAdjusted',
    data: { amountBuz: '100', reason: 'opening balance' },
    occurredAt: '2026-01-10T09:00:00.000Z',
  },
  { type: 'BuzAdjusted', data: { amountBuz: '50', reason: 'bonus' }, occurredAt: '2026-02-10T09:00:00.000Z' },
  {
    type: 'BuzLocked',
    data: { amountBuz: '30', conversionId: 'conversion-1' },
    occurredAt: '2026-03-01T09:00:00.000Z',
  },
];

describe('replay for auditors (real app on PostgreSQL, auditor with an MFA-verified session)', () => {
  let app: TestApp;
  let auditor: TestUser;
  let owner: pg.Client;
  let wallet: string;
  let walletOwnerId: string;
  const get = (path: string, as: TestUser = auditor) => request(app.baseUrl).get(path).set(as.auth);

  beforeAll(async () => {
    app = await startTestApp();
    auditor = await signUp(app, { roles: ['auditor'], mfa: true });
    walletOwnerId = randomUUID();
    wallet = walletStream(walletOwnerId);
    const events = givenWalletHistory.map(({ type, data, occurredAt }) => ({
      eventId: randomUUID(),
      type,
      data,
      metadata: metadata({ occurredAt }),
    }));
    await app.store.append(wallet, events, { expectedRevision: 'no_stream' });
    await app.waitForProjections();
    owner = new pg.Client(app.ownerUrl);
    await owner.connect();
  });
  afterAll(async () => {
    // A failed beforeAll leaves it unassigned, as closeIfStarted explains.
    await (owner as pg.Client | undefined)?.end();
    await closeIfStarted(app);
  });

  it('shows the balance of a wallet on a past date, and now', async () => {
    const past = await get(`/api/v1/audit/replay/${wallet}?at=2026-01-31T23:59:59Z`).expect(200);
    expect(past.body).toMatchObject({
      streamId: wallet,
      category: 'wallet',
      revision: '0',
      headRevision: '2',
      at: '2026-01-31T23:59:59.000Z',
      eventsApplied: 1,
    });
    const pastReplay = json(past, streamReplaySchema);
    expect(pastReplay.state).toMatchObject({ balanceBuz: '100', lockedBuz: '0' });
    expect(pastReplay.crossCheck).toMatchObject({ checked: false, matches: false, readModel: 'wallets' });

    const now = await get(`/api/v1/audit/replay/${wallet}`).expect(200);
    expect(now.body).toMatchObject({
      revision: '2',
      eventsApplied: 3,
      lastEventAt: '2026-03-01T09:00:00.000Z',
      state: { balanceBuz: '150', lockedBuz: '30' },
    });
    expect(json(now, streamReplaySchema).crossCheck).toEqual({
      checked: true,
      matches: true,
      differences: [],
      readModel: 'wallets',
      reason: null,
    });

    const atRevision = await get(`/api/v1/audit/replay/${wallet}?atRevision=1`).expect(200);
    expect(atRevision.body).toMatchObject({
      revision: '1',
      eventsApplied: 2,
      state: { balanceBuz: '150', lockedBuz: '0' },
    });
  });

  it('cross-checks users against identity_users', async () => {
    const body = json(await get(`/api/v1/audit/replay/user-${auditor.userId}`).expect(200), streamReplaySchema);
    expect(body.state).toMatchObject({
      registered: true,
      mfaEnabled: true,
      roles: arrayContaining(['auditor']),
    });
    expect(body.crossCheck).toMatchObject({ checked: true, matches: true, readModel: 'identity_users' });
  });

  it('replays a whole category page by page', async () => {
    const first = await get('/api/v1/audit/replay-category/wallet?at=2026-02-28T00:00:00Z&limit=1').expect(200);
    expect(first.body).toMatchObject({
      category: 'wallet',
      at: '2026-02-28T00:00:00.000Z',
      streams: [{ streamId: wallet, state: { balanceBuz: '150' } }],
      nextAfter: wallet,
    });
    const next = await get(`/api/v1/audit/replay-category/wallet?after=${wallet}&limit=1`).expect(200);
    expect(next.body).toEqual({ category: 'wallet', at: null, streams: [], nextAfter: null });
  });

  it('reports a read-model row tampered with by the table owner as a difference', async () => {
    await owner.query('update wallets set balance_buz = 999 where user_id = $1', [walletOwnerId]);
    const body = json(await get(`/api/v1/audit/replay/${wallet}`).expect(200), streamReplaySchema);
    expect(body.state).toMatchObject({ balanceBuz: '150' });
    expect(body.crossCheck).toEqual({
      checked: true,
      matches: false,
      differences: [{ field: 'balanceBuz', replayed: '150', readModel: '999' }],
      readModel: 'wallets',
      reason: null,
    });
    const page = await get('/api/v1/audit/replay-category/wallet').expect(200);
    const [first] = json(page, categoryReplaySchema).streams;
    expect(first).toHaveProperty('crossCheck.differences', body.crossCheck.differences);
  });

  it('answers clear 400s and 404s', async () => {
    const both = await get(`/api/v1/audit/replay/${wallet}?atRevision=1&at=2026-01-31T00:00:00Z`).expect(400);
    expect(errorOf(both).message).toContain('not both');
    expect(errorOf(await get(`/api/v1/audit/replay/${wallet}?at=yesterday`).expect(400)).message).toContain('ISO 8601');
    await get(`/api/v1/audit/replay/${wallet}?atRevision=-1`).expect(400);
    await get('/api/v1/audit/replay/not%20a%20stream').expect(400);
    await get('/api/v1/audit/replay-category/Wallet!').expect(400);
    expect(errorOf(await get(`/api/v1/audit/replay/${wallet}?atRevision=9`).expect(404)).error).toBe(
      'REVISION_NOT_FOUND',
    );
    expect(errorOf(await get(`/api/v1/audit/replay/${walletStream(randomUUID())}`).expect(404)).error).toBe(
      'STREAM_NOT_FOUND',
    );
    expect(errorOf(await get('/api/v1/audit/replay/ledger-checkpoints').expect(404)).error).toBe(
      'REPLAY_CATEGORY_UNKNOWN',
    );
    expect(errorOf(await get('/api/v1/audit/replay-category/nothing').expect(404)).error).toBe(
      'REPLAY_CATEGORY_UNKNOWN',
    );
  });

  it('is for auditors only', async () => {
    const member = await signUp(app);
    expect(errorOf(await get(`/api/v1/audit/replay/${wallet}`, member).expect(403)).error).toBe('FORBIDDEN');
  });
});
