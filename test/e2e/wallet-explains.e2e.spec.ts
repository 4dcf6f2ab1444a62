import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userStream } from '../../src/identity/domain/user.events';
import { acceptance, givenReputation, integrationAuth } from '../support/earning';
import { signUp, type TestUser } from '../support/identity';
import { startTestApp, type TestApp } from '../support/test-app';
import { postedTask } from '../support/ventures';
import { errorOf, json } from '../support/json';
import { closeIfStarted } from '../support/teardown';
import { walletSchema } from '../../src/wallet/http/wallet.responses';

/** `value`, known to be there: a missing one fails the test with `what` instead of as `undefined` later. */
function present<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}`);
  return value;
}

describe('the wallet tells the truth: gates as they are now, running balance, task titles, award inputs (#16 §2)', () => {
  let app: TestApp;
  let officer: TestUser;
  let member: TestUser;
  let reviewers: TestUser[];
  const api = () => request(app.baseUrl);
  const wallet = async () => json(await api().get('/api/v1/wallet/me').set(member.auth).expect(200), walletSchema);
  const gate = (view: { gates: { gate: string; passing: boolean; detail: string }[] }, name: string) =>
    view.gates.find((entry) => entry.gate === name);

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    officer = await signUp(app, { roles: ['compliance', 'admin'], mfa: true });
    reviewers = [await signUp(app), await signUp(app)];
    await givenReputation(app, reviewers[0].userId, 64);
    await givenReputation(app, reviewers[1].userId, 100);
    // Reputation and a compliant device, but no KYC yet: the first award is withheld.
    member = await signUp(app);
    await givenReputation(app, member.userId, 75);
    await api()
      .post('/api/v1/devices/posture')
      .set(member.auth)
      .send({ deviceId: 'laptop', diskEncrypted: true, osUpToDate: true, screenLock: true })
      .expect(200);
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  it('shows a withheld award with the BUZ it withheld, and the gate as it stands now once KYC has passed', async () => {
    await api()
      .post('/api/v1/events/task/accepted')
      .set(await integrationAuth(app))
      .send(
        acceptance(
          member.userId,
          reviewers.map((reviewer) => reviewer.userId),
        ),
      )
      .expect(200);
    await app.waitForProjections();
    const before = await wallet();
    expect(gate(before, 'KYC')).toEqual({
      gate: 'KYC',
      passing: false,
      detail: 'KYC is NOT_SUBMITTED, it must be PASSED',
    });
    expect(gate(before, 'DEVICE')?.passing).toBe(true);
    expect(gate(before, 'REPUTATION')).toEqual({
      gate: 'REPUTATION',
      passing: true,
      detail: 'reputation 75.000 is at least 60.000',
    });
    // The worked example (A, quality 4, reviewers at 64 and 100) prices 163 BUZ: that is what was withheld.
    expect(before.ledger[0]).toMatchObject({
      type: 'BuzIssuanceWithheld',
      reason: 'KYC',
      amountBuz: null,
      requestedBuz: '163',
      balanceAfterBuz: '0',
      award: null,
      taskTitle: null,
    });

    await api()
      .post('/api/v1/kyc')
      .set(member.auth)
      .send({
        legalName: 'Test Member',
        dateOfBirth: '1990-01-01',
        country: 'DE',
        documentType: 'ID_CARD',
        documentNumber: 'ID123456',
      })
      .expect(202);
    await api()
      .post(`/api/v1/kyc/${member.userId}/decision`)
      .set(officer.auth)
      .send({ status: 'PASSED', reason: 'checked' })
      .expect(200);
    const after = await wallet();
    expect(gate(after, 'KYC')).toEqual({ gate: 'KYC', passing: true, detail: 'KYC is PASSED' });
    // The entry keeps what was true then: the ledger is history, the gates are now.
    expect(after.ledger[0].detail).toBe('KYC is NOT_SUBMITTED, it must be PASSED');
  });

  it('pays a portal task under its title, with its inputs, and a running balance after every entry', async () => {
    const owner = await signUp(app);
    const { taskId } = await postedTask(app, owner, { title: 'Write the wallet guide', tier: 'B', kind: 'docs' });
    await api().post(`/api/v1/tasks/${taskId}/claim`).set(member.auth).send({}).expect(200);
    await api().post(`/api/v1/tasks/${taskId}/submit`).set(member.auth).send({}).expect(200);
    await api()
      .post(`/api/v1/tasks/${taskId}/reviews`)
      .set(reviewers[1].auth)
      .send({ quality: 5, verdict: 'APPROVE', comment: 'Clear' })
      .expect(201);
    await api()
      .post(`/api/v1/tasks/${taskId}/accept`)
      .set(owner.auth)
      .send({ helpfulReviewerIds: [reviewers[1].userId] })
      .expect(200);
    await api()
      .post('/api/v1/events/task/accepted')
      .set(await integrationAuth(app))
      .send(acceptance(member.userId, [reviewers[0].userId], { tier: 'C', quality: 3 }))
      .expect(200);
    await app.waitForProjections();

    const view = await wallet();
    const issued = view.ledger.filter((entry) => entry.type === 'BuzIssued');
    expect(issued).toHaveLength(2);
    const portal = issued.find((entry) => entry.taskId === taskId);
    // B 80 × quality 5 (1.4) × cred 1.0 (one reviewer at 100) = 112.
    expect(portal).toMatchObject({
      taskTitle: 'Write the wallet guide',
      amountBuz: '112',
      requestedBuz: '112',
      award: {
        tier: 'B',
        quality: 5,
        qualityMultiplier: '1.4',
        reviewerCred: '1.000000',
        reviewerCount: 1,
        capped: false,
      },
    });
    // Newest first; each balance is the one before plus what the entry paid.
    const oldestFirst = [...view.ledger].reverse();
    let balance = 0n;
    for (const entry of oldestFirst) {
      if (entry.type === 'BuzIssued') balance += BigInt(present(entry.amountBuz, 'the BUZ a BuzIssued entry paid'));
      expect(entry.balanceAfterBuz).toBe(balance.toString());
    }
    expect(view.balanceBuz).toBe(balance.toString());
    // A deeper page still carries the running balance of the whole wallet.
    const older = json(
      await api()
        .get('/api/v1/wallet/me')
        .query({ limit: 1, cursor: view.ledger[0].revision })
        .set(member.auth)
        .expect(200),
      walletSchema,
    );
    expect(older.ledger[0].balanceAfterBuz).toBe(view.ledger[1].balanceAfterBuz);
  });

  it('records the reason of a role revocation on the event (RoleRevoked v2), and asks for one', async () => {
    const auditor = await signUp(app, { roles: ['auditor'] });
    const revoke = (body: object) =>
      api().post(`/api/v1/admin/users/${auditor.userId}/roles/auditor/revoke`).set(officer.auth).send(body);
    expect(errorOf(await revoke({}).expect(400)).error).toBe('VALIDATION_FAILED');
    await revoke({ reason: 'the audit is finished' }).expect(200);
    const revoked = (await app.store.readStream(userStream(auditor.userId))).filter(
      (event) => event.type === 'RoleRevoked',
    );
    expect(revoked.map((event) => [event.data, event.metadata.schemaVersion])).toEqual([
      [{ role: 'auditor', revokedBy: officer.userId, reason: 'the audit is finished' }, 2],
    ]);
  });
});
