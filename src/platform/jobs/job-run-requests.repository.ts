import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import { DomainError } from '../../shared-kernel/domain-error';
import { ERROR_CATALOG, type ErrorCode } from '../../shared-kernel/error-catalog';
import { KNEX } from '../platform.tokens';

/** How long an API instance waits for a worker to take a run, then withdraws it (a worker polls every RUN_REQUEST_POLL_MS). */
const CLAIM_WAIT_MS = 15_000;
/** How long it waits for a taken run to finish before answering without it (the run goes on). */
const FINISH_WAIT_MS = 10 * 60_000;
/** How often the waiting API instance looks at its request. */
const ANSWER_POLL_MS = 100;
/** How often a worker looks at the queue: rarely enough that an idle worker hardly notices (a manual run is rare). */
export const RUN_REQUEST_POLL_MS = 500;

export interface ClaimedRunRequest {
  requestId: string;
  job: string;
  options: Record<string, unknown>;
}

/** What a worker writes back: the job's answer, or the error it ended with (a DomainError's code survives the trip). */
export type RunRequestOutcome =
  { result: unknown } | { error: { code: string | null; message: string; details: Record<string, unknown> } };

interface RequestRow {
  request_id: string;
  claimed_at: Date | null;
  finished_at: Date | null;
  result: unknown;
  error: { code: string | null; message: string; details: Record<string, unknown> } | null;
}

/**
 * "Run now" from an API instance, which runs no jobs itself (#18): a row in `job_run_requests`
 * that a worker claims (skip locked, so two workers never take the same one), runs exactly as its
 * own manual run would, and answers in the same row. Polling, not LISTEN/NOTIFY: a manual run is
 * rare, and a poll survives a dropped connection and a worker started after the request.
 */
@Injectable()
export class JobRunRequestsRepository {
  constructor(@Inject(KNEX) private readonly knex: Knex) {}

  /** API side: queues the run and waits for a worker's answer; resolves with its result or throws its error. */
  async runOnWorker(job: string, options: Record<string, unknown>): Promise<unknown> {
    const requestId = randomUUID();
    await this.knex('job_run_requests').insert({ request_id: requestId, job, options: JSON.stringify(options) });
    const claimBy = Date.now() + CLAIM_WAIT_MS;
    const finishBy = Date.now() + FINISH_WAIT_MS;
    for (;;) {
      const row = await this.knex<RequestRow>('job_run_requests')
        .where({ request_id: requestId })
        .first('claimed_at', 'finished_at', 'result', 'error');
      if (row?.finished_at) return answerOf(row);
      if (row?.claimed_at == null && Date.now() > claimBy && (await this.withdraw(requestId)))
        throw new DomainError(
          'JOB_WORKER_UNAVAILABLE',
          `No worker took the ${job} run within ${CLAIM_WAIT_MS / 1000} s`,
          {
            job,
          },
        );
      if (Date.now() > finishBy)
        throw new DomainError(
          'JOB_WORKER_UNAVAILABLE',
          `The worker has not finished the ${job} run yet; see the jobs page`,
          {
            job,
          },
        );
      await new Promise((resolve) => setTimeout(resolve, ANSWER_POLL_MS));
    }
  }

  /** Worker side: the oldest waiting request, now claimed by this worker; null when none waits. */
  async claimNext(): Promise<ClaimedRunRequest | null> {
    const { rows } = await this.knex.raw<{
      rows: { request_id: string; job: string; options: Record<string, unknown> }[];
    }>(
      `update job_run_requests set claimed_at = now()
       where request_id = (select request_id from job_run_requests
                           where claimed_at is null and finished_at is null
                           order by requested_at limit 1 for update skip locked)
       returning request_id, job, options`,
    );
    const row = rows.at(0);
    return row ? { requestId: row.request_id, job: row.job, options: row.options } : null;
  }

  async finish(requestId: string, outcome: RunRequestOutcome): Promise<void> {
    await this.knex('job_run_requests')
      .where({ request_id: requestId })
      .update({
        finished_at: this.knex.fn.now(),
        result: 'result' in outcome ? JSON.stringify(outcome.result) : null,
        error: 'error' in outcome ? JSON.stringify(outcome.error) : null,
      });
  }

  /** Marks an unclaimed request finished, so no worker takes it after the API stopped waiting. */
  private async withdraw(requestId: string): Promise<boolean> {
    const withdrawn = await this.knex('job_run_requests')
      .where({ request_id: requestId, claimed_at: null, finished_at: null })
      .update({
        finished_at: this.knex.fn.now(),
        error: JSON.stringify({ code: 'JOB_WORKER_UNAVAILABLE', message: 'withdrawn: no worker took it', details: {} }),
      });
    return withdrawn === 1;
  }
}

function answerOf(row: Pick<RequestRow, 'result' | 'error'>): unknown {
  if (!row.error) return row.result;
  const { code, message, details } = row.error;
  if (code !== null && code in ERROR_CATALOG) throw new DomainError(code as ErrorCode, message, details);
  throw new Error(`the worker's run failed: ${message}`);
}

/** A run's error as a worker writes it back. */
export function runRequestError(error: unknown): RunRequestOutcome {
  if (error instanceof DomainError)
    return { error: { code: error.code, message: error.message, details: error.details } };
  return { error: { code: null, message: error instanceof Error ? error.message : String(error), details: {} } };
}
