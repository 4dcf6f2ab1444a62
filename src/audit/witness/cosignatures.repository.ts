import type { Knex } from 'knex';
import type { NoteSignature } from './signed-note';

export interface StoredCosignature {
  treeSize: number;
  witnessName: string;
  /** 8 hex digits: the signed-note key id of the witness's cosignature/v1 key. */
  keyId: string;
  rootHash: string;
  /** The cosignature's own timestamp (seconds), as the witness signed it. */
  cosignedAt: string;
  /** The signature line's bytes after the key id: timestamp ‖ Ed25519 signature. */
  signature: Uint8Array;
}

interface CosignatureRow {
  tree_size: string;
  witness_name: string;
  key_id: Buffer;
  root_hash: Buffer;
  cosigned_at_seconds: string;
  signature: Buffer;
}

const rowToCosignature = (row: CosignatureRow): StoredCosignature => ({
  treeSize: Number(row.tree_size),
  witnessName: row.witness_name,
  keyId: row.key_id.toString('hex'),
  rootHash: row.root_hash.toString('hex'),
  cosignedAt: new Date(Number(row.cosigned_at_seconds) * 1000).toISOString(),
  signature: new Uint8Array(row.signature),
});

export function asNoteSignature(cosignature: StoredCosignature): NoteSignature {
  return { name: cosignature.witnessName, keyId: cosignature.keyId, signature: cosignature.signature };
}

/** checkpoint_cosignatures: the app only inserts and reads (the table is append-only for it). */
export class CosignaturesRepository {
  constructor(private readonly knex: Knex) {}

  /** A witness that cosigns the same checkpoint again keeps its first cosignature: writes are idempotent. */
  async add(
    cosignature: Omit<StoredCosignature, 'cosignedAt'> & { cosignedAtSeconds: bigint },
  ): Promise<StoredCosignature> {
    const key = {
      tree_size: cosignature.treeSize,
      witness_name: cosignature.witnessName,
      key_id: Buffer.from(cosignature.keyId, 'hex'),
    };
    await this.knex('checkpoint_cosignatures')
      .insert({
        ...key,
        root_hash: Buffer.from(cosignature.rootHash, 'hex'),
        cosigned_at_seconds: cosignature.cosignedAtSeconds.toString(),
        signature: Buffer.from(cosignature.signature),
      })
      .onConflict(['tree_size', 'witness_name', 'key_id'])
      .ignore();
    const row = await this.knex<CosignatureRow>('checkpoint_cosignatures').where(key).first();
    if (!row)
      throw new Error(
        `the cosignature of tree size ${cosignature.treeSize} by ${cosignature.witnessName} was inserted above and must exist`,
      );
    return rowToCosignature(row);
  }

  async ofTreeSize(treeSize: number): Promise<StoredCosignature[]> {
    const rows = await this.knex<CosignatureRow>('checkpoint_cosignatures')
      .where('tree_size', treeSize)
      .orderBy('witness_name');
    return rows.map(rowToCosignature);
  }

  /** Each witness's newest cosignature (largest tree size): what the status shows. */
  async newestPerWitness(): Promise<StoredCosignature[]> {
    const rows = await this.knex<CosignatureRow>('checkpoint_cosignatures')
      .distinctOn('witness_name', 'key_id')
      .orderBy([{ column: 'witness_name' }, { column: 'key_id' }, { column: 'tree_size', order: 'desc' }]);
    return rows.map(rowToCosignature);
  }
}
