import type pg from 'pg';
import { EventIdConflictError, WrongExpectedVersionError } from '../event-store.errors';
import type { AppendResult, ExpectedRevision } from '../event-store.port';
import { appendSingle, type SingleEventRow } from './postgres-single-append';

interface Queued {
  row: SingleEventRow;
  expected: ExpectedRevision;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

interface BatchAnswer {
  ord: number;
  error_code: string | null;
  error_detail: string | null;
  last_revision: string | null;
  last_tx_id: string | null;
  last_position: string | null;
}

export interface GroupCommitOptions {
  /** Writes in flight at once; what arrives while all are busy waits and goes in one batch. */
  maxInFlight: number;
  /** Most items in one batch. */
  maxBatch: number;
}

/**
 * Group commit for single-event appends at an exact revision (the intake's and the process
 * managers' hot path). While fewer than `maxInFlight` writes run, an append goes alone, as fast
 * as it can; appends arriving while all are busy queue, and the next free turn writes them all
 * in one transaction (append_event_batch): one WAL flush for many commands, each with its own
 * revision check and its own answer. Nothing waits on a timer, so a quiet store adds no latency.
 */
export class GroupCommit {
  private readonly queue: Queued[] = [];
  private inFlight = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: GroupCommitOptions,
  ) {}

  append(row: SingleEventRow, expected: ExpectedRevision): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, expected, resolve, reject });
      if (this.inFlight < this.options.maxInFlight) void this.writeTurns();
    });
  }

  private async writeTurns(): Promise<void> {
    this.inFlight += 1;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.options.maxBatch);
        if (batch.length === 1) await this.writeAlone(batch[0]);
        else await this.writeTogether(batch);
      }
    } finally {
      this.inFlight -= 1;
    }
  }

  private async writeAlone(item: Queued): Promise<void> {
    // connect()/release() rather than pool.query(): pool.query discards the connection on every
    // error, and conflicts are routine errors here.
    const client = await this.pool.connect().catch((error: unknown) => (item.reject(error), null));
    if (!client) return;
    try {
      item.resolve(await appendSingle(client, item.row, item.expected));
    } catch (error) {
      item.reject(error);
    } finally {
      client.release();
    }
  }

  private async writeTogether(batch: readonly Queued[]): Promise<void> {
    let answers: BatchAnswer[];
    try {
      const rows = batch.map((item) => item.row);
      const { rows: answered } = await this.pool.query<BatchAnswer>({
        name: 'append_event_batch',
        text: 'select ord, error_code, error_detail, last_revision, last_tx_id, last_position from append_event_batch($1, $2, $3::uuid[], $4, $5, $6)',
        values: [
          rows.map((row) => row.streamId),
          batch.map((item) => String(item.expected)),
          rows.map((row) => row.eventId),
          rows.map((row) => row.type),
          rows.map((row) => row.dataText),
          rows.map((row) => row.metadataText),
        ],
      });
      answers = answered;
    } catch {
      // The batch as a whole failed (a deadlock with another writer, a lost connection): each
      // item is asked again alone, where its own answer, success or refusal, is exact.
      for (const item of batch) await this.writeAlone(item);
      return;
    }
    const byOrd = new Map(answers.map((answer) => [answer.ord, answer]));
    for (const [index, item] of batch.entries()) await this.answer(item, byOrd.get(index + 1));
  }

  private async answer(item: Queued, answer: BatchAnswer | undefined): Promise<void> {
    const { row, expected } = item;
    if (answer?.error_code === null) {
      item.resolve({
        nextExpectedRevision: BigInt(answer.last_revision as string),
        position: `${answer.last_tx_id}:${answer.last_position}`,
      });
    } else if (answer?.error_code === 'SS002') {
      item.reject(
        new WrongExpectedVersionError(row.streamId, expected, answer.error_detail ? BigInt(answer.error_detail) : null),
      );
    } else if (answer?.error_code === 'SS001') {
      item.reject(new EventIdConflictError(row.eventId, row.streamId));
    } else {
      // A concurrent single append took its revision or id in between: the single path tells which.
      await this.writeAlone(item);
    }
  }
}
