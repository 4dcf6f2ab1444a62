import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capTableOcfSchema, capTableSchema } from '../../src/conversion/http/conversion.responses';
import { ventureCreatedSchema } from '../../src/ventures/http/ventures.responses';
import { signUp, type TestUser } from '../support/identity';
import { errorOf, json, validationIssues } from '../support/json';
import { ocfObjectValidator } from '../support/ocf-schemas';
import { closeIfStarted } from '../support/teardown';
import { startTestApp, type TestApp } from '../support/test-app';

/** #16 §4: a venture starts with its founders' allocation, and its cap table adds up to 10,000 bp. */
describe('a cap table that adds up', () => {
  let app: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let member: TestUser;

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    [alice, bob, member] = [await signUp(app), await signUp(app), await signUp(app)];
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });
  const api = () => request(app.baseUrl);
  const create = (founders: unknown) =>
    api()
      .post('/api/v1/ventures')
      .set(alice.auth)
      .send({ name: `Venture ${randomUUID().slice(0, 8)}`, founders });
  const capTable = async (ventureId: string) =>
    json(await api().get(`/api/v1/ventures/${ventureId}/cap-table`).set(member.auth).expect(200), capTableSchema);

  it("refuses founders' allocations over 10,000 bp, a founder named twice, 0 bp, and non-string bp", async () => {
    const over = await create([
      { userId: alice.userId, bps: '6000' },
      { userId: bob.userId, bps: '4001' },
    ]).expect(400);
    expect(validationIssues(over)).toEqual([
      { path: 'founders', message: 'founders may hold at most 10000 bp (100 %) together' },
    ]);
    const twice = await create([
      { userId: alice.userId, bps: '1' },
      { userId: alice.userId, bps: '1' },
    ]).expect(400);
    expect(validationIssues(twice)[0].message).toBe('founders must name each person once');
    await create([{ userId: alice.userId, bps: '0' }]).expect(400);
    await create([{ userId: alice.userId, bps: 2500 }]).expect(400);
  });

  it('refuses a founder who is not a registered user (422 UNKNOWN_USERS)', async () => {
    const stranger = randomUUID();
    const refused = await create([{ userId: stranger, bps: '100' }]).expect(422);
    expect(errorOf(refused)).toMatchObject({ error: 'UNKNOWN_USERS', details: { unknownUserIds: [stranger] } });
  });

  it('adds up to 10,000 bp with the unallocated pool, in both views', async () => {
    const { ventureId } = json(
      await create([
        { userId: alice.userId, bps: '6000' },
        { userId: bob.userId, bps: '21' },
      ]).expect(201),
      ventureCreatedSchema,
    );
    await app.waitForProjections();
    const table = await capTable(ventureId);
    expect(table).toMatchObject({
      totalBps: '10000',
      issuedBps: '6021',
      unallocatedBps: '3979',
      fullyDilutedBps: '10000',
    });
    expect(table.rows).toEqual([
      expect.objectContaining({
        kind: 'holder',
        holderId: alice.userId,
        bps: '6000',
        foundedBps: '6000',
        fullyDilutedShareBps: '6000',
        issuedShareBps: '9965',
      }),
      expect.objectContaining({
        kind: 'holder',
        holderId: bob.userId,
        bps: '21',
        fullyDilutedShareBps: '21',
        issuedShareBps: '35',
      }),
      expect.objectContaining({
        kind: 'pool',
        holderId: null,
        bps: '3979',
        fullyDilutedShareBps: '3979',
        issuedShareBps: null,
      }),
    ]);
    const sum = (values: (string | null)[]) => values.reduce((total, value) => total + BigInt(value ?? 0), 0n);
    expect(sum(table.rows.map((row) => row.bps))).toBe(10_000n);
    expect(sum(table.rows.map((row) => row.issuedShareBps))).toBe(10_000n);
    expect(table.founders).toEqual([
      { userId: alice.userId, bps: '6000' },
      { userId: bob.userId, bps: '21' },
    ]);
  });

  it('without founders, the whole venture is the pool; an unknown venture is 404', async () => {
    const { ventureId } = json(await create(undefined).expect(201), ventureCreatedSchema);
    await app.waitForProjections();
    expect((await capTable(ventureId)).rows).toEqual([
      expect.objectContaining({ kind: 'pool', bps: '10000', fullyDilutedShareBps: '10000' }),
    ]);
    const missing = await api().get(`/api/v1/ventures/${randomUUID()}/cap-table`).set(member.auth).expect(404);
    expect(errorOf(missing).error).toBe('VENTURE_NOT_FOUND');
  });

  describe('exports', () => {
    let ventureId: string;

    beforeAll(async () => {
      ({ ventureId } = json(
        await create([
          { userId: alice.userId, bps: '7000' },
          { userId: bob.userId, bps: '1500' },
        ]).expect(201),
        ventureCreatedSchema,
      ));
      await app.waitForProjections();
    });

    it('CSV: a row per holder, the pool and a total, as an attachment', async () => {
      const response = await api().get(`/api/v1/ventures/${ventureId}/cap-table/csv`).set(member.auth).expect(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toBe('attachment; filename="cap-table.csv"');
      expect(response.text.split('\r\n')).toEqual([
        'holder,kind,founded_bp,granted_bp,total_bp,issued_percent,fully_diluted_percent',
        `${alice.userId},holder,7000,0,7000,82.35,70.00`,
        `${bob.userId},holder,1500,0,1500,17.65,15.00`,
        'unallocated pool,pool,0,0,1500,,15.00',
        'total,,,,10000,100.00,100.00',
        '',
      ]);
    });

    it('OCF: v1.0.0 issuer, stock class, stakeholders and one stock issuance per founder, each valid by the OCF schemas', async () => {
      const response = await api().get(`/api/v1/ventures/${ventureId}/cap-table/ocf`).set(member.auth).expect(200);
      const ocf = json(response, capTableOcfSchema);
      expect(ocf.ocf_version).toBe('1.0.0');
      expect(ocf.issuer).toMatchObject({ object_type: 'ISSUER', id: ventureId });
      expect(ocf.stock_classes[0]).toMatchObject({ initial_shares_authorized: '10000', class_type: 'COMMON' });
      expect(ocf.stakeholders.map((stakeholder) => stakeholder.id)).toEqual([alice.userId, bob.userId]);
      expect(ocf.transactions.map(({ stakeholder_id, quantity }) => [stakeholder_id, quantity])).toEqual([
        [alice.userId, '7000'],
        [bob.userId, '1500'],
      ]);
      const validate = ocfObjectValidator();
      const objects = [ocf.issuer, ...ocf.stock_classes, ...ocf.stakeholders, ...ocf.transactions];
      expect(objects.flatMap((object) => validate(object).errors)).toEqual([]);
    });

    it('needs a signed-in caller', async () => {
      await api().get(`/api/v1/ventures/${ventureId}/cap-table/csv`).expect(401);
      await api().get(`/api/v1/ventures/${ventureId}/cap-table/ocf`).expect(401);
    });
  });
});
