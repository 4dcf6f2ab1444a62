import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Knex } from 'knex';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config';
import { EVENT_STORE, type EventStore } from '../platform/event-store/event-store.port';
import { KNEX } from '../platform/platform.tokens';
import { RespondsWith } from '../platform/http/responds-with';
import {
  ProjectionCheckpointsRepository,
  projectionFailure,
  type CheckpointRow,
  type ProjectionFailure,
} from '../platform/projections/projection-checkpoints.repository';
import { FeedRunnersService } from '../platform/feed-runner/feed-runners.service';
import { JobsService } from '../jobs/jobs.service';
import { healthSchema } from './health.responses';
import { Readiness } from './readiness';

interface Probe {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

/**
 * Liveness and readiness in one: 200 when start-up has finished (the demo seed, when on, is
 * written), the database and event store answer and no projection or reactor is FAILED; else
 * 503: `starting`, `unavailable`, or `degraded` naming the failed projections and reactors. Two
 * queries: the checkpoints (which also probe the database) and one feed row. Lag, which costs a
 * count per projection, is on the status page (GET /api/v1/ledger/status), not here.
 */
@Controller('api/health')
export class HealthController {
  private readonly checkpoints: ProjectionCheckpointsRepository;

  constructor(
    @Inject(KNEX) knex: Knex,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly runners: FeedRunnersService,
    private readonly jobs: JobsService,
    private readonly readiness: Readiness,
  ) {
    this.checkpoints = new ProjectionCheckpointsRepository(knex);
  }

  @Get()
  @RespondsWith(healthSchema)
  async health(@Res({ passthrough: true }) response: Response) {
    let checkpoints: CheckpointRow[] = [];
    const [database, eventStore, jobs] = await Promise.all([
      probe(async () => (checkpoints = await this.checkpoints.all())),
      probe(() => this.eventStore.readAll({ maxCount: 1 })),
      // From the shared record; when the database does not answer, its probe says so.
      this.jobs.health().catch(() => []),
    ]);
    const ledHere = this.runners.ledHere();
    const followers = checkpoints.map((row) => ({
      kind: row.kind,
      name: row.projection,
      status: row.status,
      position: row.position,
      eventsApplied: Number(row.events_applied),
      updatedAt: row.updated_at.toISOString(),
      leader: ledHere.has(row.projection),
      failure: projectionFailure(row),
    }));
    const projections = followers.filter((follower) => follower.kind === 'projection');
    const reactors = followers.filter((follower) => follower.kind === 'reactor');
    const failedProjections = failedOf(projections);
    const failedReactors = failedOf(reactors);
    const status = healthStatus(
      database.ok && eventStore.ok,
      this.readiness.isReady,
      failedProjections.length + failedReactors.length > 0,
    );
    response.status(status === 'ok' ? 200 : 503);
    return {
      status,
      database,
      eventStore: {
        kind: this.config.EVENTSTORE_URL ? ('eventstoredb' as const) : ('postgres' as const),
        ...eventStore,
      },
      failedProjections,
      failedReactors,
      projections,
      reactors,
      jobs,
    };
  }
}

/** A FAILED projection or reactor always carries its failure: the checkpoint records both at once. */
function failedOf(followers: { name: string; status: string; failure: ProjectionFailure | null }[]) {
  return followers.flatMap(({ name, status, failure }) =>
    status === 'FAILED' && failure ? [{ name, ...failure }] : [],
  );
}

async function probe(check: () => Promise<unknown>): Promise<Probe> {
  const started = performance.now();
  try {
    await check();
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      ok: false,
      latencyMs: Math.round(performance.now() - started),
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/** The worst first: a store that doesn't answer, then a start-up still running, then a FAILED projection or reactor. */
function healthStatus(
  storesAnswer: boolean,
  ready: boolean,
  anyFailed: boolean,
): 'ok' | 'starting' | 'unavailable' | 'degraded' {
  if (!storesAnswer) return 'unavailable';
  if (!ready) return 'starting';
  return anyFailed ? 'degraded' : 'ok';
}
