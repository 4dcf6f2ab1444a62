import type { Knex } from 'knex';
import type { ChainBreak } from '../../platform/chain/chain-verifier';
import type { VerificationReport } from './ledger-verifier';

export interface IntegrityCheck {
  status: 'RUNNING' | 'VERIFIED' | 'BROKEN' | 'FAILED';
  startedAt: string;
  finishedAt: string | null;
  eventsChecked: number;
  streamsChecked: number;
  firstBreak: ChainBreak | null;
  error: string | null;
}

interface IntegrityCheckRow {
  id: string;
  status: IntegrityCheck['status'];
  started_at: Date;
  finished_at: Date | null;
  events_checked: string;
  streams_checked: string;
  first_break: ChainBreak | null;
  error: string | null;
}

/** Results of the periodic full verification; an operational table, not part of the ledger. */
export class IntegrityChecksRepository {
  constructor(private readonly knex: Knex) {}

  async start(startedAt: Date): Promise<string> {
    const [row] = await this.knex<{ id: string; started_at: Date; status: string }>('integrity_checks')
      .insert({ started_at: startedAt, status: 'RUNNING' })
      .returning('id');
    return row.id;
  }

  async finish(id: string, finishedAt: Date, report: VerificationReport): Promise<void> {
    await this.knex('integrity_checks')
      .where({ id })
      .update({
        finished_at: finishedAt,
        status: report.status,
        events_checked: report.eventsChecked,
        streams_checked: report.streamsChecked,
        first_break: report.firstBreak ? JSON.stringify(report.firstBreak) : null,
      });
  }

  async fail(id: string, finishedAt: Date, error: string): Promise<void> {
    await this.knex('integrity_checks').where({ id }).update({ finished_at: finishedAt, status: 'FAILED', error });
  }

  /** The newest finished check (a running one is not a result yet). */
  async latestFinished(): Promise<IntegrityCheck | null> {
    const row = await this.knex<IntegrityCheckRow>('integrity_checks')
      .whereNot({ status: 'RUNNING' })
      .orderBy('id', 'desc')
      .first();
    return row ? toIntegrityCheck(row) : null;
  }
}

function toIntegrityCheck(row: IntegrityCheckRow): IntegrityCheck {
  return {
    status: row.status,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    eventsChecked: Number(row.events_checked),
    streamsChecked: Number(row.streams_checked),
    firstBreak: row.first_break,
    error: row.error,
  };
}
