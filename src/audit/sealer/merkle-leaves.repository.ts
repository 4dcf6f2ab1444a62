import type { Knex } from 'knex';

/** Leaf `leafIndex` of the global Merkle log: one event, in feed order. */
export interface MerkleLeaf {
  leafIndex: number;
  eventId: string;
  streamId: string;
  revision: bigint;
  /** The event's chain hash (32 bytes). */
  eventHash: Uint8Array;
  /** SHA-256(0x00 ‖ eventHash). */
  leafHash: Uint8Array;
}

interface MerkleLeafRow {
  leaf_index: string;
  event_id: string;
  stream_id: string;
  revision: string;
  event_hash: Buffer;
  leaf_hash: Buffer;
}

const PAGE_SIZE = 10_000;
/** SHA-256, the size of both hash columns. */
const HASH_BYTES = 32;

/**
 * One query per method. The table name is a parameter because the projection also writes into
 * its `__rebuild` copy.
 */
export class MerkleLeavesRepository {
  constructor(
    private readonly knex: Knex,
    private readonly table = 'merkle_leaves',
  ) {}

  /** One past the highest index, i.e. the number of leaves, since indexes are contiguous from 0. */
  async size(): Promise<number> {
    const row = (await this.knex(this.table).max('leaf_index as highest').first()) as
      { highest: string | null } | undefined;
    return row?.highest == null ? 0 : Number(row.highest) + 1;
  }

  async sealedAmong(eventIds: readonly string[]): Promise<Set<string>> {
    const result = await this.knex.raw<{ rows: { event_id: string }[] }>(
      'select event_id from ?? where event_id = any(?::uuid[])',
      [this.table, [...eventIds]],
    );
    return new Set(result.rows.map((row) => row.event_id));
  }

  /**
   * One statement for the whole batch: its columns travel as four arrays, and both hash columns as
   * one binary value each (the hashes end to end, 32 bytes apiece), not as per-leaf parameters.
   */
  async append(leaves: readonly MerkleLeaf[]): Promise<void> {
    if (leaves.length === 0) return;
    const hashes = (key: 'eventHash' | 'leafHash') => Buffer.concat(leaves.map((leaf) => leaf[key]));
    await this.knex.raw(
      `insert into ?? (leaf_index, event_id, stream_id, revision, event_hash, leaf_hash)
       select leaf.leaf_index, leaf.event_id, leaf.stream_id, leaf.revision,
              substring(?::bytea from leaf.ordinal::int * ${HASH_BYTES} - ${HASH_BYTES - 1} for ${HASH_BYTES}),
              substring(?::bytea from leaf.ordinal::int * ${HASH_BYTES} - ${HASH_BYTES - 1} for ${HASH_BYTES})
       from unnest(?::bigint[], ?::uuid[], ?::text[], ?::bigint[]) with ordinality as leaf(leaf_index, event_id, stream_id, revision, ordinal)`,
      [
        this.table,
        hashes('eventHash'),
        hashes('leafHash'),
        leaves.map((leaf) => String(leaf.leafIndex)),
        leaves.map((leaf) => leaf.eventId),
        leaves.map((leaf) => leaf.streamId),
        leaves.map((leaf) => leaf.revision.toString()),
      ],
    );
  }

  /** Leaves with from ≤ index < to, in index order, at most one page. */
  async range(from: number, to: number): Promise<MerkleLeaf[]> {
    const rows = await this.knex<MerkleLeafRow>(this.table)
      .where('leaf_index', '>=', from)
      .andWhere('leaf_index', '<', to)
      .orderBy('leaf_index')
      .limit(PAGE_SIZE);
    return rows.map(toLeaf);
  }

  /** The leaf hashes of the given indexes that exist, by index: one query. */
  async hashesAt(indexes: readonly number[]): Promise<Map<number, Uint8Array>> {
    if (indexes.length === 0) return new Map();
    const { rows } = await this.knex.raw<{ rows: { leaf_index: string; leaf_hash: Buffer }[] }>(
      'select leaf_index, leaf_hash from ?? where leaf_index = any(?::bigint[])',
      [this.table, indexes.map(String)],
    );
    return new Map(rows.map((row) => [Number(row.leaf_index), new Uint8Array(row.leaf_hash)]));
  }

  async ofEvent(eventId: string): Promise<MerkleLeaf | null> {
    const row = await this.knex<MerkleLeafRow>(this.table).where({ event_id: eventId }).first();
    return row ? toLeaf(row) : null;
  }

  async at(leafIndex: number): Promise<MerkleLeaf | null> {
    const row = await this.knex<MerkleLeafRow>(this.table)
      .where({ leaf_index: String(leafIndex) })
      .first();
    return row ? toLeaf(row) : null;
  }
}

/** Pages of leaves with from ≤ index < to, so scanning the whole log holds one page at a time. */
export async function* leafPages(
  leaves: MerkleLeavesRepository,
  from: number,
  to = Number.MAX_SAFE_INTEGER,
): AsyncGenerator<MerkleLeaf[]> {
  for (let next = from; next < to;) {
    const page = await leaves.range(next, to);
    if (page.length === 0) return;
    if (page[0].leafIndex !== next)
      throw new Error(`merkle_leaves has no leaf ${next} (found ${page[0].leafIndex} next)`);
    yield page;
    next = page[page.length - 1].leafIndex + 1;
  }
}

function toLeaf(row: MerkleLeafRow): MerkleLeaf {
  return {
    leafIndex: Number(row.leaf_index),
    eventId: row.event_id,
    streamId: row.stream_id,
    revision: BigInt(row.revision),
    eventHash: row.event_hash,
    leafHash: row.leaf_hash,
  };
}
