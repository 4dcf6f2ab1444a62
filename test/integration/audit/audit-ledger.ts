import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { SignedCheckpoint } from '../../../src/audit/checkpoints/checkpoint';
import { signingKeyFromSecret } from '../../../src/audit/checkpoints/signing-key';
import { exportBundle } from '../../../src/audit/export/bundle-export';
import { verifyBundle, type BundleVerificationReport } from '../../../src/audit/offline/bundle-verifier';
import { CheckpointSealer, type CheckpointPolicy } from '../../../src/audit/sealer/checkpoint-sealer';
import { merkleLeavesProjection } from '../../../src/audit/sealer/merkle-leaves.projection';
import { MerkleLeavesRepository } from '../../../src/audit/sealer/merkle-leaves.repository';
import { MerkleNodesRepository } from '../../../src/audit/sealer/merkle-nodes.repository';
import type { LogVerificationReport } from '../../../src/audit/verification/log-break';
import { verifyLedgerLog } from '../../../src/audit/verification/online-verifier';
import type { Clock } from '../../../src/shared-kernel/clock';
import type { GlobalPosition } from '../../../src/platform/event-store/event-store.port';
import { PostgresEventStore } from '../../../src/platform/event-store/postgres/postgres-event-store';
import { liveTables } from '../../../src/platform/projections/projection';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { anEvent } from '../../support/events';

/** A fixed test key: never used outside tests. */
export const TEST_SIGNING_KEY_HEX = '6b1f0c7c1bd8b5f2f2cbb7b6f0a4d7e1b1a2c3d4e5f60718293a4b5c6d7e8f90';
export const TEST_KEY = signingKeyFromSecret(TEST_SIGNING_KEY_HEX);

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(private nowMs = Date.parse('2026-11-24T00:00:00.000Z')) {}
  now(): Date {
    return new Date(this.nowMs);
  }
  advance(ms: number): void {
    this.nowMs += ms;
  }
}

/**
 * A real database with the audit machinery driven step by step: events appended one per
 * transaction (so tests can reorder them), leaves sealed by the real projection, checkpoints
 * signed by the real CheckpointSealer with a manual clock.
 */
export class AuditLedger {
  readonly store: PostgresEventStore;
  readonly leaves: MerkleLeavesRepository;
  readonly nodes: MerkleNodesRepository;
  readonly clock = new ManualClock();
  readonly sealer: CheckpointSealer;
  private feedPosition: GlobalPosition | null = null;
  private readonly bundles: string[] = [];

  private constructor(
    readonly database: TestDatabase,
    readonly owner: pg.Client,
    policy: CheckpointPolicy,
  ) {
    this.store = new PostgresEventStore(database.pool);
    this.leaves = new MerkleLeavesRepository(database.knex);
    this.nodes = new MerkleNodesRepository(database.knex);
    this.sealer = new CheckpointSealer({
      store: this.store,
      leaves: this.leaves,
      key: TEST_KEY,
      clock: this.clock,
      policy,
    });
  }

  static async create(
    label: string,
    policy: CheckpointPolicy = { everyEvents: 4, everyMs: 3_600_000 },
  ): Promise<AuditLedger> {
    const database = await createTestDatabase(label);
    const owner = new pg.Client(database.ownerUrl);
    await owner.connect();
    const ledger = new AuditLedger(database, owner, policy);
    await ledger.sealer.restore();
    return ledger;
  }

  /** `count` events, round-robin over `streams`, each in its own transaction. */
  async append(streams: string[], count: number): Promise<void> {
    for (let index = 0; index < count; index += 1) {
      await this.store.append(streams[index % streams.length], [anEvent('SomethingHappened', { index })], {
        expectedRevision: 'any',
      });
    }
  }

  /**
   * Applies the leaves projection to the whole feed, as the runner would. The feed hides rows
   * newer than any transaction still open in the cluster (another test file's, say), so it
   * polls until every stored event has its leaf.
   */
  async sealLeaves(): Promise<void> {
    const stored = Number((await this.owner.query<{ count: string }>('select count(*) from events')).rows[0].count);
    while ((await this.leaves.size()) < stored) {
      const events = await this.store.readAll({ fromPosition: this.feedPosition, maxCount: 500 });
      if (events.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      else {
        await this.database.knex.transaction((transaction) =>
          merkleLeavesProjection.apply(transaction, events, liveTables(merkleLeavesProjection)),
        );
        this.feedPosition = events[events.length - 1].position;
      }
    }
  }

  /** Seals leaves and signs checkpoints until nothing new happens, checkpoint events included. */
  async seal(): Promise<SignedCheckpoint[]> {
    const signed: SignedCheckpoint[] = [];
    for (;;) {
      await this.sealLeaves();
      const round = await this.sealer.sealPending();
      if (round.length === 0) return signed;
      signed.push(...round);
    }
  }

  verifyOnline(trustedCheckpoint?: SignedCheckpoint): Promise<LogVerificationReport> {
    return verifyLedgerLog(this.database.pool, TEST_KEY, { trustedCheckpoint });
  }

  /** Exports a bundle into a fresh temporary directory and returns its path. */
  async exportBundle(): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), 'smartstart-bundle-'));
    this.bundles.push(dir);
    await exportBundle(this.database.pool, TEST_KEY, dir, { exportedAt: this.clock.now() });
    return dir;
  }

  async verifyOffline(trustedCheckpoint?: SignedCheckpoint): Promise<BundleVerificationReport> {
    return verifyBundle(await this.exportBundle(), { trustedCheckpoint });
  }

  /** The last line of a bundle's checkpoints.jsonl: what an auditor keeps from an export. */
  static async lastCheckpointOf(bundleDir: string): Promise<SignedCheckpoint> {
    const lines = (await readFile(path.join(bundleDir, 'checkpoints.jsonl'), 'utf8')).trim().split('\n');
    const { origin, treeSize, rootHash, keyId, signature } = JSON.parse(lines[lines.length - 1]) as SignedCheckpoint;
    return { origin, treeSize, rootHash, keyId, signature };
  }

  async close(): Promise<void> {
    await Promise.all(this.bundles.map((dir) => rm(dir, { recursive: true, force: true })));
    await this.owner.end();
    await this.database.close();
  }
}
