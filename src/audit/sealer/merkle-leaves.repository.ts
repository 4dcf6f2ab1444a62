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
    const row = (await this.knex(this.table).max('leaf_index as highest').first()) as { highest: string | null } | undefined;
    return row?.highest == null ? 0 : Number(row.highest) + 1;
  }

  async sealedAmong(eventIds: readonly string[]): Promise<Set<string>> {
    const result = await this.knex.raw('select event_id from ?? where event_id = any(?::uuid[])', [this.table, [...eventIds]]);
    return new Set((result.rows as Array<{ event_id: string }>).map((row) => row.event_id));
  }

  /** One statement for the whole batch: its columns travel as six arrays, not six parameters per leaf. */
  async append(leaves: readonly MerkleLeaf[]): Promise<void> {
    if (leaves.length === 0) return;
    const rows = leaves.map(toRow);
    const column = <Key extends keyof MerkleLeafRow>(key: Key) => rows.map((row) => row[key]);
    await this.knex.raw(
      `insert into ?? (leaf_index, event_id, stream_id, revision, event_hash, leaf_hash)
       select * from unnest(?::bigint[], ?::uuid[], ?::text[], ?::bigint[], ?::bytea[], ?::bytea[])`,
      [this.table, column('leaf_index'), column('event_id'), column('stream_id'), column('revision'), column('event_hash'), column('leaf_hash')],
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

  async ofEvent(eventId: string): Promise<MerkleLeaf | null> {
    const row = await this.knex<MerkleLeafRow>(this.table).where({ event_id: eventId }).first();
    return row ? toLeaf(row) : null;
  }

  async at(leafIndex: number): Promise<MerkleLeaf | null> {
    const row = await this.knex<MerkleLeafRow>(this.table).where({ leaf_index: String(leafIndex) }).first();
    return row ? toLeaf(row) : null;
  }
}

/** Pages of leaves with from ≤ index < to, so scanning the whole log holds one page at a time. */
export async function* leafPages(leaves: MerkleLeavesRepository, from: number, to = Number.MAX_SAFE_INTEGER): AsyncGenerator<MerkleLeaf[]> {
  for (let next = from; next < to; ) {
    const page = await leaves.range(next, to);
    if (page.length === 0) return;
    if (page[0].leafIndex !== next) throw new Error(`merkle_leaves has no leaf ${next} (found ${page[0].leafIndex} next)`);
    yield page;
    next = page[page.length - 1].leafIndex + 1;
  }
}

function toRow(leaf: MerkleLeaf): MerkleLeafRow {
  return {
    leaf_index: String(leaf.leafIndex),
    event_id: leaf.eventId,
    stream_id: leaf.streamId,
    revision: leaf.revision.toString(),
    event_hash: Buffer.from(leaf.eventHash),
    leaf_hash: Buffer.from(leaf.leafHash),
  };
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
