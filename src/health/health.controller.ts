import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Knex } from 'knex';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config';
import type { Database } from '../platform/database/database';
import { EVENT_STORE, type EventStore } from '../platform/event-store/event-store.port';
import { DATABASE, KNEX } from '../platform/platform.tokens';
import { ProjectionsService } from '../platform/projections/projections.service';
import { projectionStatuses } from '../ledger/status/projection-status';
import { JobsService } from '../jobs/jobs.service';

interface Probe {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

/** Liveness and readiness in one: 200 when the database and event store answer, else 503. */
@Controller('api/health')
export class HealthController {
  constructor(
    @Inject(KNEX) private readonly knex: Knex,
    @Inject(DATABASE) private readonly database: Database,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly projections: ProjectionsService,
    private readonly jobs: JobsService,
  ) {}

  @Get()
  async health(@Res({ passthrough: true }) response: Response) {
    const database = await probe(() => this.knex.raw('select 1'));
    const eventStore = await probe(() => this.eventStore.readAll({ maxCount: 1 }));
    const projections = database.ok ? await projectionStatuses(this.knex, this.database.pool, this.projections.ledHere()) : [];
    const ok = database.ok && eventStore.ok;
    response.status(ok ? 200 : 503);
    return {
      status: ok ? 'ok' : 'unavailable',
      database,
      eventStore: { kind: this.config.EVENTSTORE_URL ? 'eventstoredb' : 'postgres', ...eventStore },
      projections,
      jobs: this.jobs.health(),
    };
  }
}

async function probe(check: () => Promise<unknown>): Promise<Probe> {
  const started = performance.now();
  try {
    await check();
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: error instanceof Error ? error.message : String(error) };
  }
}
