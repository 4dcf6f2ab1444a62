import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Knex } from 'knex';
import { ledgerTotals } from '../../../projections/ledger-streams/ledger-streams.contract';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import type { Database } from '../../platform/database/database';
import { DATABASE, KNEX } from '../../platform/platform.tokens';
import { FeedRunnersService } from '../../platform/feed-runner/feed-runners.service';
import { IntegrityChecksRepository, type IntegrityCheck } from '../verification/integrity-checks.repository';
import { GetLedgerStatus, type LedgerStatus } from './get-ledger-status.query';
import { projectionStatuses } from './projection-status';

@QueryHandler(GetLedgerStatus)
export class GetLedgerStatusHandler implements IQueryHandler<GetLedgerStatus, LedgerStatus> {
  private readonly checks: IntegrityChecksRepository;

  constructor(
    @Inject(KNEX) private readonly knex: Knex,
    @Inject(DATABASE) private readonly database: Database,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly runners: FeedRunnersService,
  ) {
    this.checks = new IntegrityChecksRepository(knex);
  }

  async execute(): Promise<LedgerStatus> {
    const [totals, check, projections] = await Promise.all([
      ledgerTotals(this.knex),
      this.checks.latestFinished(),
      projectionStatuses(this.knex, this.database.pool, this.runners.ledHere()),
    ]);
    return { ...totals, chain: chainStatus(check), projections, generatedAt: this.clock.now().toISOString() };
  }
}

function chainStatus(check: IntegrityCheck | null): LedgerStatus['chain'] {
  if (!check || check.status === 'FAILED' || check.status === 'RUNNING') {
    return {
      status: 'NOT_YET_VERIFIED',
      checkedAt: check?.finishedAt ?? null,
      eventsChecked: 0,
      durationMs: null,
      firstBreak: null,
    };
  }
  const durationMs = check.finishedAt ? Date.parse(check.finishedAt) - Date.parse(check.startedAt) : null;
  return {
    status: check.status,
    checkedAt: check.finishedAt,
    eventsChecked: check.eventsChecked,
    durationMs,
    firstBreak: check.firstBreak,
  };
}
