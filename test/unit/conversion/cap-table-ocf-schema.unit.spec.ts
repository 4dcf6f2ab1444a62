import { describe, expect, it } from 'vitest';
import { capTableOcf, type CapTableAnswer } from '../../../src/conversion/queries/cap-table-exports';
import { ocfObjectValidator } from '../../support/ocf-schemas';

/** #16 §4: every object of the OCF export validates against the Open Cap Format JSON schemas (v1.0.0, vendored). */
const validate = ocfObjectValidator();

const FOUNDER = '0b7d4c1e-8d2a-4f6b-9a3c-1e2f3a4b5c6d';
const MEMBER = '6f5e4d3c-2b1a-4c9d-8e7f-6a5b4c3d2e1f';
// A table with every kind of row the export turns into objects: a founder, a conversion grant and the pool.
const table: CapTableAnswer = {
  ventureId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  ventureName: 'Solar Co-op',
  createdAt: '2026-11-02T09:30:00.000Z',
  totalBps: '10000',
  founders: [{ userId: FOUNDER, bps: '7000' }],
  rows: [
    {
      kind: 'holder',
      holderId: FOUNDER,
      foundedBps: '7000',
      grantedBps: '0',
      bps: '7000',
      issuedShareBps: '9859',
      fullyDilutedShareBps: '7000',
    },
    {
      kind: 'holder',
      holderId: MEMBER,
      foundedBps: '0',
      grantedBps: '100',
      bps: '100',
      issuedShareBps: '141',
      fullyDilutedShareBps: '100',
    },
    {
      kind: 'pool',
      holderId: null,
      foundedBps: '0',
      grantedBps: '0',
      bps: '2900',
      issuedShareBps: null,
      fullyDilutedShareBps: '2900',
    },
  ],
  grants: [
    {
      conversionId: '9c8b7a6f-5e4d-4c3b-8a2f-1e0d9c8b7a6f',
      holderId: MEMBER,
      bps: '100',
      settledAt: '2026-12-01T12:00:00.000Z',
    },
  ],
};

describe('the OCF export against the OCF v1.0.0 JSON schemas', () => {
  const document = capTableOcf(table);
  const objects = [document.issuer, ...document.stock_classes, ...document.stakeholders, ...document.transactions];

  it('exports an issuer, the stock class, a stakeholder per holder and an issuance per founder and grant', () => {
    expect(objects.map((object) => object.object_type)).toEqual([
      'ISSUER',
      'STOCK_CLASS',
      'STAKEHOLDER',
      'STAKEHOLDER',
      'TX_STOCK_ISSUANCE',
      'TX_STOCK_ISSUANCE',
    ]);
  });

  it('validates every exported object', () => {
    expect(objects.map(validate)).toEqual(
      objects.map((object) => ({ objectType: object.object_type, id: object.id, errors: [] })),
    );
  });

  it('is a real check: it refuses what the schemas forbid', () => {
    const [stockClass] = document.stock_classes;
    const { initial_shares_authorized: authorized, ...withoutAuthorized } = stockClass;
    // The field the export used to write under a name OCF's stock class does not have.
    const renamed = validate({ ...withoutAuthorized, current_shares_authorized: authorized }).errors;
    expect(renamed).toHaveLength(2);
    expect(renamed).toEqual(
      expect.arrayContaining([
        expect.stringContaining('must NOT have additional properties'),
        expect.stringContaining("must have required property 'initial_shares_authorized'"),
      ]),
    );
    const [issuance] = document.transactions;
    expect(validate({ ...issuance, date: '2026-13-40' }).errors).toEqual([
      expect.stringContaining('must match format "date"'),
    ]);
    expect(validate({ ...document.issuer, country_of_formation: 'unknown' }).errors).not.toEqual([]);
    expect(validate({ object_type: 'VALUATION', id: 'v1' }).errors).toEqual(['no OCF schema for this type']);
  });
});
