import { randomInt, randomUUID } from 'node:crypto';
import { retry } from '../../src/platform/retry/retry';
import { PASSWORD, type Fixtures } from './setup';
import { sleep } from './server';

/** One task acceptance as sent to POST /api/v1/events/task/accepted. */
export interface TaskBody {
  taskId: string;
  ventureId: string;
  assigneeId: string;
  tier: 'S' | 'A' | 'B' | 'C';
  quality: number;
  reviewerIds: string[];
  acceptedAt: string;
}

export interface Attempt {
  /** Date.now() when the answer (or the failure) came. */
  at: number;
  op: 'task' | 'register' | 'posture';
  outcome: 'ok' | 'network' | '5xx' | '4xx';
  detail?: string;
}

/** Everything the server acknowledged with a 2xx: what the checks hold it to. */
export interface Acknowledged {
  tasks: Map<string, { body: TaskBody; alreadyAccepted: boolean }>;
  registrations: { userId: string; email: string }[];
  postures: { userId: string; deviceId: string }[];
}

export interface LoadOptions {
  baseUrl: string;
  fixtures: Fixtures;
  workers: number;
  /** Prefix of every id this load makes, so two loads never collide. */
  label: string;
}

const TIERS = ['S', 'A', 'B', 'C'] as const;
const REQUEST_TIMEOUT_MS = 30_000;

class RetryableError extends Error {}

/**
 * Closed-loop load: `workers` concurrent clients, each sending one request at a time. Mostly
 * task acceptances by the integration (unique task ids, 200 strangers and the eligible members
 * as assignees), plus sign-ups and device posture reports; now and then an acceptance is sent
 * again and must come back as already accepted. A task acceptance or posture report that fails
 * without an answer (connection refused or reset, 5xx) is retried as is — both are idempotent —
 * until it is acknowledged, as a careful client would; a sign-up is not retried.
 */
export class Load {
  readonly acknowledged: Acknowledged = { tasks: new Map(), registrations: [], postures: [] };
  readonly attempts: Attempt[] = [];
  /** Repeats of acknowledged acceptances that did not come back as the same acceptance. */
  readonly idempotencyViolations: string[] = [];
  /** 4xx answers to requests the drill knows are valid. */
  readonly unexpected: string[] = [];
  private running = false;
  private stopping = false;
  private abandoned = false;
  private loops: Promise<void>[] = [];
  private sequence = 0;
  private readonly ventures = Array.from({ length: 5 }, () => randomUUID());

  constructor(private readonly options: LoadOptions) {}

  start(): void {
    if (this.running) throw new Error('the load is already running');
    this.running = true;
    this.stopping = false;
    this.loops = Array.from({ length: this.options.workers }, () => this.worker());
  }

  /**
   * Stops sending new requests and waits for those in flight (and their retries) to be
   * acknowledged; `abandon` gives up on retries at once (the server is gone for good).
   */
  async stop(options: { abandon?: boolean } = {}): Promise<void> {
    this.stopping = true;
    if (options.abandon) this.abandoned = true;
    await Promise.all(this.loops);
    this.running = false;
  }

  count(op?: Attempt['op'], outcome?: Attempt['outcome'], from = 0, to = Number.POSITIVE_INFINITY): number {
    return this.attempts.filter(
      (attempt) =>
        (!op || attempt.op === op) &&
        (!outcome || attempt.outcome === outcome) &&
        attempt.at >= from &&
        attempt.at < to,
    ).length;
  }

  private async worker(): Promise<void> {
    while (!this.stopping) {
      const roll = Math.random();
      if (roll < 0.8) await this.acceptTask();
      else if (roll < 0.9) await this.register();
      else await this.reportPosture();
    }
  }

  private nextId(): string {
    this.sequence += 1;
    return `${this.options.label}-${this.sequence}`;
  }

  private async acceptTask(): Promise<void> {
    const acked = [...this.acknowledged.tasks.values()];
    const repeat = acked.length > 0 && Math.random() < 0.03 ? acked[randomInt(acked.length)] : null;
    const body = repeat ? repeat.body : this.newTask();
    const answer = await this.untilAcknowledged('task', () =>
      this.send('task', '/api/v1/events/task/accepted', this.options.fixtures.integration, body, 200),
    );
    if (!answer) return;
    const result = answer as { taskId: string; alreadyAccepted: boolean; accepted: { assigneeId: string } };
    if (repeat && (!result.alreadyAccepted || result.accepted.assigneeId !== body.assigneeId)) {
      this.idempotencyViolations.push(`${body.taskId}: repeat answered ${JSON.stringify(result).slice(0, 200)}`);
    }
    if (!this.acknowledged.tasks.has(body.taskId))
      this.acknowledged.tasks.set(body.taskId, { body, alreadyAccepted: result.alreadyAccepted });
  }

  private newTask(): TaskBody {
    const eligible = this.options.fixtures.eligible;
    const { strangers, reviewers } = this.options.fixtures;
    const assigneeId =
      Math.random() < 0.3 && eligible.length > 0
        ? eligible[randomInt(eligible.length)].userId
        : strangers[randomInt(strangers.length)];
    const reviewerIds = [
      ...new Set(Array.from({ length: 1 + randomInt(3) }, () => reviewers[randomInt(reviewers.length)])),
    ];
    // Within the 6 days before now: the server takes an acceptedAt from the last 7 days only.
    const day = new Date(Date.now() - randomInt(6 * 86_400) * 1000);
    return {
      taskId: this.nextId(),
      ventureId: this.ventures[randomInt(this.ventures.length)],
      assigneeId,
      tier: TIERS[randomInt(TIERS.length)],
      quality: 1 + randomInt(5),
      reviewerIds,
      acceptedAt: day.toISOString().replace('.000Z', 'Z'),
    };
  }

  private async register(): Promise<void> {
    const email = `${this.nextId()}@example.com`;
    try {
      const answer = (await this.send('register', '/api/v1/auth/register', {}, { email, password: PASSWORD }, 201)) as {
        userId: string;
      } | null;
      if (answer) this.acknowledged.registrations.push({ userId: answer.userId, email });
    } catch (error) {
      // A sign-up that got no answer is not retried (a retry of one that landed would be a 409).
      if (!(error instanceof RetryableError)) throw error;
      await sleep(50);
    }
  }

  private async reportPosture(): Promise<void> {
    const eligible = this.options.fixtures.eligible;
    if (eligible.length === 0) return;
    const member = eligible[randomInt(eligible.length)];
    const deviceId = this.nextId();
    const headers = { ...member.auth, 'Idempotency-Key': `posture-${deviceId}` };
    const answer = await this.untilAcknowledged('posture', () =>
      this.send(
        'posture',
        '/api/v1/devices/posture',
        headers,
        { deviceId, diskEncrypted: true, osUpToDate: true, screenLock: true },
        200,
      ),
    );
    if (answer !== null) this.acknowledged.postures.push({ userId: member.userId, deviceId });
  }

  /** Retries an idempotent request until it is acknowledged; null only if the server never came back. */
  private async untilAcknowledged(op: Attempt['op'], attempt: () => Promise<unknown>): Promise<unknown> {
    const giveUpAt = Date.now() + 300_000;
    try {
      const retryIf = (error: unknown) => error instanceof RetryableError && !this.abandoned && Date.now() <= giveUpAt;
      return await retry(attempt, { attempts: Infinity, retryIf, baseDelayMs: 20, maxDelayMs: 500 });
    } catch (error) {
      if (!(error instanceof RetryableError)) throw error;
      if (!this.abandoned) this.unexpected.push(`${op}: gave up after 300 s of failures (${error.message})`);
      return null;
    }
  }

  private async send(
    op: Attempt['op'],
    path: string,
    headers: Record<string, string>,
    body: unknown,
    expected: number,
  ): Promise<unknown> {
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.options.baseUrl}${path}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      text = await response.text();
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      this.attempts.push({ at: Date.now(), op, outcome: 'network', detail: cause });
      throw new RetryableError(cause);
    }
    if (response.status === expected) {
      this.attempts.push({ at: Date.now(), op, outcome: 'ok' });
      return JSON.parse(text) as unknown;
    }
    if (response.status >= 500) {
      this.attempts.push({ at: Date.now(), op, outcome: '5xx', detail: `${response.status} ${text.slice(0, 200)}` });
      throw new RetryableError(`${response.status}`);
    }
    this.attempts.push({ at: Date.now(), op, outcome: '4xx', detail: `${response.status} ${text.slice(0, 200)}` });
    this.unexpected.push(`${op} ${path}: ${response.status} ${text.slice(0, 200)}`);
    // A valid request refused: count it and carry on (the report fails the drill).
    return null;
  }
}
