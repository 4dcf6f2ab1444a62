import type { Knex } from 'knex';
import type { Clock } from '../../shared-kernel/clock';
import type { EventStore } from '../../platform/event-store/event-store.port';
import { decideOnStream, foldEvents } from '../../platform/event-store/stream-decider';
import { derivedId } from '../../shared-kernel/ids';
import { decideMember } from '../domain/member.decide';
import { memberStream } from '../domain/member.events';
import { memberDecider } from '../domain/member.state';
import { daysToSettle } from './settlement-days';

export interface SettlementReport {
  throughDay: string;
  membersChecked: number;
  settlements: number;
}

export interface SettlementDependencies {
  store: EventStore;
  knex: Knex;
  clock: Clock;
}

/** Settles every member with a progress stream through `throughDay`; used by the job and the CLI. */
export async function settleAllMembers(deps: SettlementDependencies, throughDay: string): Promise<SettlementReport> {
  const streams: string[] = await deps
    .knex<{ category: string; stream_id: string }>('ledger_streams')
    .where({ category: 'member' })
    .pluck('stream_id');
  let settlements = 0;
  for (const streamId of streams) settlements += await settleMember(deps, streamId.slice('member-'.length), throughDay);
  return { throughDay, membersChecked: streams.length, settlements };
}

/** One event per day, oldest first; each day's command id makes a re-run a no-op. */
async function settleMember(deps: SettlementDependencies, userId: string, throughDay: string): Promise<number> {
  const state = foldEvents(memberDecider, await deps.store.readStream(memberStream(userId)));
  let settled = 0;
  for (const day of daysToSettle(state, throughDay)) {
    const result = await decideOnStream({
      store: deps.store,
      streamId: memberStream(userId),
      decider: memberDecider,
      commandId: derivedId('settle-reputation', userId, day),
      metadata: {
        occurredAt: deps.clock.now().toISOString(),
        actorId: null,
        correlationId: `reputation:${day}`,
        causationId: null,
      },
      decide: (current) => decideMember({ type: 'SettleReputation', day }, current),
    });
    settled += result.replayed ? 0 : result.events.length;
  }
  return settled;
}
