import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import { DomainError } from '../../shared-kernel/domain-error';
import { KNEX } from '../../platform/platform.tokens';
import type { ConversionStatus, Vote } from '../domain/conversion.events';
import type { WindowStatus } from '../domain/window.events';
import type { VentureRow } from '../../../projections/ventures/ventures.contract';
import { VENTURE_TOTAL_BPS } from '../../ventures/ventures.contract';
import { capTableView } from './cap-table';

/** A `conversion_windows` row as pg returns it: bigint columns as text. */
interface WindowRow {
  window_id: string;
  venture_id: string;
  opens_at: string;
  closes_at: string;
  equity_rate_bps: string;
  pool_cap_bps: string | null;
  status: WindowStatus;
  total_granted_bps: string | null;
}

/** A `conversions` row as pg returns it: bigint columns as text, votes as parsed JSON. */
interface ConversionRow {
  conversion_id: string;
  window_id: string;
  venture_id: string;
  user_id: string;
  amount_buz: string;
  status: ConversionStatus;
  votes: { voterId: string; vote: Vote; note: string; at: string }[];
  granted_bps: string | null;
  burned_buz: string | null;
  unlocked_buz: string | null;
  requested_at: string;
}

interface RequesterRow {
  rep_micro: string | null;
  xp: string | null;
  level: number | null;
  earned_buz: string;
  tasks_paid: string;
}

interface GrantRow {
  conversion_id: string;
  venture_id: string;
  holder_id: string;
  bps: string;
  window_id: string;
  settled_at: string;
}

const windowFields = (row: WindowRow) => ({
  windowId: row.window_id,
  ventureId: row.venture_id,
  opensAt: row.opens_at,
  closesAt: row.closes_at,
  equityRateBps: row.equity_rate_bps,
  poolCapBps: row.pool_cap_bps,
  status: row.status,
  totalGrantedBps: row.total_granted_bps,
});

const conversionFields = (row: ConversionRow) => ({
  conversionId: row.conversion_id,
  windowId: row.window_id,
  ventureId: row.venture_id,
  userId: row.user_id,
  amountBuz: row.amount_buz,
  status: row.status,
  votes: row.votes,
  grantedBps: row.granted_bps,
  burnedBuz: row.burned_buz,
  unlockedBuz: row.unlocked_buz,
  requestedAt: row.requested_at,
});

/** Read-model views for members and the board; amounts and bp as strings. */
@Injectable()
export class ConversionQueries {
  constructor(
    @Inject(KNEX) private readonly knex: Knex,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async activeWindows() {
    const now = this.clock.now().toISOString();
    const rows = await this.knex('conversion_windows as w')
      .join('ventures as v', 'v.venture_id', 'w.venture_id')
      .where('w.status', 'OPEN')
      .andWhere('w.closes_at', '>', now)
      .select<(WindowRow & { venture_name: string })[]>('w.*', 'v.name as venture_name')
      .orderBy('w.closes_at');
    return rows.map((row) => ({ ...windowFields(row), ventureName: row.venture_name }));
  }

  /** Windows not open yet, with their venture's name, soonest first: members see them coming. */
  async upcomingWindows() {
    const rows = await this.knex('conversion_windows as w')
      .join('ventures as v', 'v.venture_id', 'w.venture_id')
      .where('w.status', 'SCHEDULED')
      .select<(WindowRow & { venture_name: string })[]>('w.*', 'v.name as venture_name')
      .orderBy('w.opens_at');
    return rows.map((row) => ({ ...windowFields(row), ventureName: row.venture_name }));
  }

  async windows() {
    return (await this.knex<WindowRow>('conversion_windows').select('*').orderBy('opens_at', 'desc')).map(windowFields);
  }

  async window(windowId: string) {
    const row = await this.knex<WindowRow>('conversion_windows').where({ window_id: windowId }).first();
    if (!row) throw new DomainError('WINDOW_NOT_FOUND', `No conversion window ${windowId}`, { windowId });
    const conversions = await this.knex<ConversionRow>('conversions')
      .where({ window_id: windowId })
      .orderBy('requested_at');
    return { ...windowFields(row), conversions: conversions.map(conversionFields) };
  }

  async mine(userId: string) {
    return (
      await this.knex<ConversionRow>('conversions').where({ user_id: userId }).orderBy('requested_at', 'desc')
    ).map(conversionFields);
  }

  /** Pending requests with what the board needs to judge them: the requester's track record. */
  async pendingForBoard() {
    const rows = await this.knex('conversions as c')
      .leftJoin('user_profiles as p', 'p.user_id', 'c.user_id')
      .where('c.status', 'REQUESTED')
      .select('c.*', 'p.rep_micro', 'p.xp', 'p.level')
      .select(
        this.knex.raw(
          `(select coalesce(sum(amount_buz), 0) from wallet_ledgers l where l.user_id = c.user_id and l.type = 'BuzIssued') as earned_buz`,
        ),
      )
      .select(
        this.knex.raw(
          `(select count(*) from wallet_ledgers l where l.user_id = c.user_id and l.type = 'BuzIssued') as tasks_paid`,
        ),
      )
      .orderBy('c.requested_at');
    return (rows as (ConversionRow & RequesterRow)[]).map((row) => ({
      ...conversionFields(row),
      requester: {
        earnedBuz: row.earned_buz,
        tasksPaid: Number(row.tasks_paid),
        xp: Number(row.xp ?? 0),
        level: row.level ?? 1,
        reputationMicro: String(row.rep_micro ?? 0),
      },
    }));
  }

  /** The venture's founders and grants, and both views of them (cap-table.ts); 404 for a venture not known. */
  async capTable(ventureId: string) {
    const venture = await this.knex<VentureRow>('ventures')
      .where({ venture_id: ventureId })
      .first<Pick<VentureRow, 'name' | 'founders' | 'created_at'> | undefined>('name', 'founders', 'created_at');
    if (!venture) throw new DomainError('VENTURE_NOT_FOUND', `No venture ${ventureId}`, { ventureId });
    const grants = await this.knex<GrantRow>('cap_table')
      .where({ venture_id: ventureId })
      .orderBy(['settled_at', 'conversion_id']);
    const grantLines = grants.map((row) => ({ holderId: row.holder_id, bps: row.bps }));
    const view = capTableView(venture.founders, grantLines);
    const holders = view.rows.filter((row) => row.kind === 'holder');
    return {
      ventureId,
      ventureName: venture.name,
      createdAt: venture.created_at,
      totalBps: VENTURE_TOTAL_BPS.toString(),
      issuedBps: view.issuedBps.toString(),
      unallocatedBps: view.unallocatedBps.toString(),
      fullyDilutedBps: view.fullyDilutedBps.toString(),
      founders: venture.founders,
      rows: view.rows.map((row) => ({
        kind: row.kind,
        holderId: row.holderId,
        foundedBps: row.foundedBps.toString(),
        grantedBps: row.grantedBps.toString(),
        bps: row.bps.toString(),
        issuedShareBps: row.issuedShareBps?.toString() ?? null,
        fullyDilutedShareBps: row.fullyDilutedShareBps.toString(),
      })),
      holders: holders.map((row) => ({ holderId: row.holderId as string, bps: row.bps.toString() })),
      grants: grants.map((row) => ({
        conversionId: row.conversion_id,
        holderId: row.holder_id,
        bps: row.bps,
        windowId: row.window_id,
        settledAt: row.settled_at,
      })),
    };
  }
}
