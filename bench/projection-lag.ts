import pg from 'pg';
import { sleep } from './api-server';

export const LAG_POLL_MS = 10;

/** A lag percentile for a report: "no answer sampled" when the window had none (a percentile of nothing is NaN). */
export function lagMs(lag: LagReport, percentile: 'p50Ms' | 'p99Ms'): string {
  return lag.sampled === 0 ? 'no answer sampled' : `${lag[percentile].toFixed(0)} ms`;
}

export interface LagReport {
  /** Tasks whose 2xx answer was recorded in the window (the sample). */
  sampled: number;
  /** Of those, the ones whose BUZ row was seen before the drain gave up. */
  seen: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** How long after the load stopped the last sampled row appeared. */
  drainMs: number;
}

/**
 * Projection lag, measured from the outside: the time from a 2xx answer to POST
 * /task/accepted until the wallet_ledgers row of that task is visible to a fresh query.
 *
 * It watches a sample of assignees (every one of their tasks answered in the window): a poll
 * every LAG_POLL_MS reads only rows newer than the last revision seen per wallet, through the
 * primary key. A row counts as seen at the moment the poll that returned it was sent, so each
 * figure is an upper bound, high by at most one poll interval plus the poll's own time.
 */
export class LagTracker {
  private readonly answeredAt = new Map<string, number>();
  private readonly seenAt = new Map<string, number>();
  private readonly highWater = new Map<string, string>();
  private recording = false;
  private running = false;
  private loop: Promise<void> | null = null;
  private client: pg.Client | null = null;
  private stoppedAt = 0;

  constructor(
    private readonly ownerUrl: string,
    readonly sampledUsers: ReadonlySet<string>,
  ) {
    for (const user of sampledUsers) this.highWater.set(user, '-1');
  }

  async start(): Promise<void> {
    this.client = new pg.Client({ connectionString: this.ownerUrl, application_name: 'bench-lag-poller' });
    await this.client.connect();
    this.running = true;
    this.loop = this.poll();
  }

  /** Answers are recorded only between these two calls (the measured window). */
  beginWindow(): void {
    this.recording = true;
  }

  endWindow(): void {
    this.recording = false;
    this.stoppedAt = performance.now();
  }

  /** From autocannon's onResponse: a 2xx for `taskId`, whose assignee is `userId`. */
  answered(taskId: string, userId: string): void {
    if (!this.recording || !this.sampledUsers.has(userId)) return;
    this.answeredAt.set(taskId, performance.now());
  }

  /** Keeps polling until every sampled answer's row is seen or `timeoutMs` passes; then reports. */
  async drain(timeoutMs: number): Promise<LagReport> {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline && [...this.answeredAt.keys()].some((taskId) => !this.seenAt.has(taskId)))
      await sleep(LAG_POLL_MS);
    await this.close();
    const lags: number[] = [];
    let lastSeen = this.stoppedAt;
    for (const [taskId, answered] of this.answeredAt) {
      const seen = this.seenAt.get(taskId);
      if (seen === undefined) continue;
      // A row can be seen before this process handles the answer (its event loop was busy).
      lags.push(Math.max(0, seen - answered));
      lastSeen = Math.max(lastSeen, seen);
    }
    lags.sort((a, b) => a - b);
    const at = (share: number) => lags[Math.min(lags.length - 1, Math.ceil(share * lags.length) - 1)] ?? NaN;
    return {
      sampled: this.answeredAt.size,
      seen: lags.length,
      p50Ms: at(0.5),
      p99Ms: at(0.99),
      maxMs: lags[lags.length - 1] ?? NaN,
      drainMs: lastSeen - this.stoppedAt,
    };
  }

  async close(): Promise<void> {
    this.running = false;
    await this.loop?.catch(() => undefined);
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }

  private async poll(): Promise<void> {
    const users = [...this.sampledUsers];
    while (this.running) {
      const sentAt = performance.now();
      const { rows } = await (this.client as pg.Client).query<{
        user_id: string;
        revision: string;
        task_id: string | null;
      }>({
        name: 'bench_lag_poll',
        text: `select l.user_id, l.revision, l.task_id from unnest($1::uuid[], $2::bigint[]) as s(user_id, after)
               join wallet_ledgers l on l.user_id = s.user_id and l.revision > s.after`,
        values: [users, users.map((user) => this.highWater.get(user) as string)],
      });
      for (const row of rows) {
        if (BigInt(row.revision) > BigInt(this.highWater.get(row.user_id) as string))
          this.highWater.set(row.user_id, row.revision);
        if (row.task_id !== null && !this.seenAt.has(row.task_id)) this.seenAt.set(row.task_id, sentAt);
      }
      await sleep(LAG_POLL_MS);
    }
  }
}
