import type { Knex } from 'knex';
import type { LogVerificationReport } from './log-break';

export interface VerificationRun {
  id: string;
  status: 'RUNNING' | 'VERIFIED' | 'BROKEN' | 'FAILED';
  startedAt: string;
  finishedAt: string | null;
  eventsChecked: number;
  eventsTotal: number;
  report: LogVerificationReport | null;
  error: string | null;
}

interface VerificationRunRow {
  id: string;
  status: VerificationRun['status'];
  started_at: Date;
  finished_at: Date | null;
  events_checked: string;
  events_total: string;
  report: LogVerificationReport | null;
  error: string | null;
}

/** Auditor-started full verifications and their progress, readable from any instance. */
export class AuditVerificationsRepository {
  constructor(private readonly knex: Knex) {}

  async start(id: string, startedAt: Date): Promise<void> {
    await this.knex('audit_verifications').insert({ id, status: 'RUNNING', started_at: startedAt });
  }

  async progress(id: string, counts: { eventsChecked?: number; eventsTotal?: number }): Promise<void> {
    await this.knex('audit_verifications')
      .where({ id })
      .update({ events_checked: counts.eventsChecked, events_total: counts.eventsTotal });
  }

  async finish(id: string, finishedAt: Date, report: LogVerificationReport): Promise<void> {
    await this.knex('audit_verifications')
      .where({ id })
      .update({
        status: report.status,
        finished_at: finishedAt,
        events_checked: report.eventsChecked,
        report: JSON.stringify(report),
      });
  }

  async fail(id: string, finishedAt: Date, error: string): Promise<void> {
    await this.knex('audit_verifications').where({ id }).update({ status: 'FAILED', finished_at: finishedAt, error });
  }

  async find(id: string): Promise<VerificationRun | null> {
    const row = await this.knex<VerificationRunRow>('audit_verifications').where({ id }).first();
    return row ? toRun(row) : null;
  }
}

function toRun(row: VerificationRunRow): VerificationRun {
  return {
    id: row.id,
    status: row.status,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    eventsChecked: Number(row.events_checked),
    eventsTotal: Number(row.events_total),
    report: row.report,
    error: row.error,
  };
}
