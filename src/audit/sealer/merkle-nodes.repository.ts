import type { Knex } from 'knex';
import { frontierKeys, nodeKey, nodesCompleted, tileStartOf, type MerkleNode } from '../proofs/merkle-nodes';
import type { MerkleLeaf, MerkleLeavesRepository } from './merkle-leaves.repository';

interface NodeRow {
  level: number;
  node_index: string;
  hash: Buffer;
}

/**
 * The stored interior nodes of the Merkle log (see proofs/merkle-nodes.ts). Like the leaves, a
 * node is appended once and never rewritten; the table name is a parameter for `__rebuild`.
 */
export class MerkleNodesRepository {
  constructor(
    private readonly knex: Knex,
    private readonly table = 'merkle_nodes',
  ) {}

  /** The nodes asked for that exist, by nodeKey(level, index): one query. */
  async byKey(keys: readonly { level: number; index: number }[]): Promise<Map<string, Uint8Array>> {
    if (keys.length === 0) return new Map();
    const { rows } = await this.knex.raw<{ rows: NodeRow[] }>(
      `select stored.level, stored.node_index, stored.hash from ?? as stored
       join unnest(?::smallint[], ?::bigint[]) as wanted(level, node_index) using (level, node_index)`,
      [this.table, keys.map((key) => key.level), keys.map((key) => String(key.index))],
    );
    return new Map(rows.map((row) => [nodeKey(row.level, Number(row.node_index)), new Uint8Array(row.hash)]));
  }

  /**
   * Stores the nodes that the leaves just appended complete: reads the few earlier leaves of the
   * last partial tile and the frontier of the old tree, and writes every new node in one statement.
   */
  async sealGrowth(leaves: MerkleLeavesRepository, oldSize: number, added: readonly MerkleLeaf[]): Promise<void> {
    const tileStart = tileStartOf(oldSize);
    const [earlier, frontier] = await Promise.all([
      leaves.range(tileStart, oldSize),
      this.byKey(frontierKeys(oldSize)),
    ]);
    const hashes = [...earlier, ...added].map((leaf) => leaf.leafHash);
    await this.append(nodesCompleted(oldSize, oldSize + added.length, hashes, frontier));
  }

  private async append(nodes: readonly MerkleNode[]): Promise<void> {
    if (nodes.length === 0) return;
    await this.knex.raw(
      `insert into ?? (level, node_index, hash)
       select level, node_index, substring(?::bytea from ordinal::int * 32 - 31 for 32)
       from unnest(?::smallint[], ?::bigint[]) with ordinality as node(level, node_index, ordinal)`,
      [
        this.table,
        Buffer.concat(nodes.map((node) => node.hash)),
        nodes.map((node) => node.level),
        nodes.map((node) => String(node.index)),
      ],
    );
  }
}
