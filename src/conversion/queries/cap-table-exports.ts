/**
 * The cap table as files: CSV for a spreadsheet, and Open Cap Format (OCF) objects for cap-table
 * tools. Pure, from the cap table route's own answer, so the files say what the page says.
 *
 * OCF: objects of Open Cap Format v1.0.0 (https://github.com/Open-Cap-Table-Coalition/Open-Cap-Format-OCF)
 * in one JSON document rather than the manifest-and-files package: ISSUER (the venture), one
 * STOCK_CLASS (common, 1 share = 1 bp, 10,000 authorized), a STAKEHOLDER per holder and a
 * TX_STOCK_ISSUANCE per founder allocation and per conversion grant. Each object validates against
 * the v1.0.0 JSON schemas (test/fixtures/ocf-v1.0.0, checked by a unit test); OCF keeps later 1.x
 * object schemas backwards compatible. The ledger knows no legal names, country of formation or
 * prices: stakeholders are named by member id, share prices are 0, and the required
 * country_of_formation is ZZ, the ISO 3166-1 code for an unknown country.
 */

export const OCF_VERSION = '1.0.0' as const;
/** ISO 3166-1 user-assigned "unknown or unspecified country": OCF requires a country the ledger does not record. */
const UNKNOWN_COUNTRY = 'ZZ' as const;
const STOCK_CLASS_ID = 'common-bp';

export interface CapTableAnswer {
  ventureId: string;
  ventureName: string;
  createdAt: string;
  totalBps: string;
  founders: { userId: string; bps: string }[];
  rows: {
    kind: 'holder' | 'pool';
    holderId: string | null;
    foundedBps: string;
    grantedBps: string;
    bps: string;
    issuedShareBps: string | null;
    fullyDilutedShareBps: string;
  }[];
  grants: { conversionId: string; holderId: string; bps: string; settledAt: string }[];
}

/** "1234" bp of a share → "12.34" (percent with two decimals), without floating point. */
export function percentOf(shareBps: string): string {
  const value = BigInt(shareBps);
  return `${value / 100n}.${(value % 100n).toString().padStart(2, '0')}`;
}

export function capTableCsv(table: CapTableAnswer): string {
  const header = ['holder', 'kind', 'founded_bp', 'granted_bp', 'total_bp', 'issued_percent', 'fully_diluted_percent'];
  const lines = table.rows.map((row) => [
    row.holderId ?? 'unallocated pool',
    row.kind,
    row.foundedBps,
    row.grantedBps,
    row.bps,
    row.issuedShareBps === null ? '' : percentOf(row.issuedShareBps),
    percentOf(row.fullyDilutedShareBps),
  ]);
  const total = table.rows.reduce((sum, row) => sum + BigInt(row.bps), 0n).toString();
  const issuedTotal = table.rows.some((row) => row.kind === 'holder') ? '100.00' : '';
  lines.push(['total', '', '', '', total, issuedTotal, '100.00']);
  // Every cell is an id, a fixed word or a number: nothing needs quoting or formula escaping.
  return [header, ...lines].map((cells) => cells.join(',')).join('\r\n') + '\r\n';
}

const day = (instant: string) => instant.slice(0, 10);
const zeroPrice = { amount: '0', currency: 'USD' };

export function capTableOcf(table: CapTableAnswer) {
  const holderIds = table.rows.flatMap((row) => (row.holderId === null ? [] : [row.holderId]));
  const founderIssuances = table.founders.map((founder) =>
    issuance(
      `founder-${founder.userId}`,
      founder.userId,
      founder.bps,
      day(table.createdAt),
      "Founders' initial allocation",
    ),
  );
  const grantIssuances = table.grants.map((grant) =>
    issuance(
      `conversion-${grant.conversionId}`,
      grant.holderId,
      grant.bps,
      day(grant.settledAt),
      'BUZ conversion grant',
    ),
  );
  return {
    ocf_version: OCF_VERSION,
    generator: 'SmartStart Ledger',
    issuer: {
      object_type: 'ISSUER' as const,
      id: table.ventureId,
      legal_name: table.ventureName,
      formation_date: day(table.createdAt),
      country_of_formation: UNKNOWN_COUNTRY,
      comments: ['The ledger does not record the country of formation: ZZ stands for unknown.'],
    },
    stock_classes: [
      {
        object_type: 'STOCK_CLASS' as const,
        id: STOCK_CLASS_ID,
        name: 'Common (basis points)',
        class_type: 'COMMON' as const,
        default_id_prefix: 'BP-',
        initial_shares_authorized: table.totalBps,
        board_approval_date: day(table.createdAt),
        votes_per_share: '1',
        par_value: zeroPrice,
        price_per_share: zeroPrice,
        seniority: '1',
        comments: ['One share is one basis point of the venture; 10,000 is the whole venture.'],
      },
    ],
    stakeholders: holderIds.map((holderId) => ({
      object_type: 'STAKEHOLDER' as const,
      id: holderId,
      name: { legal_name: holderId },
      stakeholder_type: 'INDIVIDUAL' as const,
      comments: ['Named by SmartStart member id: the ledger holds no legal names.'],
    })),
    transactions: [...founderIssuances, ...grantIssuances],
  };
}

function issuance(id: string, stakeholderId: string, quantity: string, date: string, comment: string) {
  return {
    object_type: 'TX_STOCK_ISSUANCE' as const,
    id,
    security_id: id,
    custom_id: id,
    stakeholder_id: stakeholderId,
    stock_class_id: STOCK_CLASS_ID,
    date,
    quantity,
    share_price: zeroPrice,
    security_law_exemptions: [] as never[],
    stock_legend_ids: [] as never[],
    comments: [comment],
  };
}
