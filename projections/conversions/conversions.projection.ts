import type { Knex } from 'knex';
import type { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import type { Projection, TableNames } from '../../src/platform/projections/projection';
import type { ConversionEvent } from '../../src/conversion/domain/conversion.events';
import type { WindowEvent } from '../../src/conversion/domain/window.events';
import { assertNever } from '../../src/shared-kernel/assert-never';

/**
 * Windows, requests (with their votes) and each venture's cap table. Rows move forward by
 * stream revision only, so replaying any batch is a no-op; the cap table is keyed by the
 * conversion each grant came from.
 */
export const conversionsProjection: Projection = {
  name: 'conversions',
  tables: ['conversion_windows', 'conversions', 'cap_table'],
  canHandle: [
    'WindowScheduled',
    'WindowOpened',
    'WindowClosed',
    'WindowFinalized',
    'ConversionRequested',
    'ConversionCancelled',
    'ConversionVoteCast',
    'ConversionApproved',
    'ConversionRejected',
    'ConversionExpired',
    'ConversionSettled',
  ],
  async apply(transaction, events, tables) {
    for (const event of events) {
      if (event.streamId.startsWith('window-')) await applyWindowEvent(transaction, tables, event);
      else if (event.streamId.startsWith('conversion-')) await applyConversionEvent(transaction, tables, event);
    }
  },
};

async function applyWindowEvent(knex: Knex.Transaction, tables: TableNames, recorded: RecordedEvent): Promise<void> {
  const windowId = recorded.streamId.slice('window-'.length);
  const revision = recorded.revision.toString();
  const event = { type: recorded.type, data: recorded.data } as WindowEvent;
  const row = (changes: Record<string, unknown>) =>
    knex(tables.conversion_windows)
      .where({ window_id: windowId })
      .andWhere('last_revision', '<', revision)
      .update({ ...changes, last_revision: revision });
  switch (event.type) {
    case 'WindowScheduled': {
      const { ventureId, opensAt, closesAt, equityRateBps, poolCapBps } = event.data;
      await knex(tables.conversion_windows)
        .insert({
          window_id: windowId,
          venture_id: ventureId,
          opens_at: opensAt,
          closes_at: closesAt,
          equity_rate_bps: equityRateBps,
          pool_cap_bps: poolCapBps,
          status: 'SCHEDULED',
          last_revision: revision,
        })
        .onConflict('window_id')
        .ignore();
      return;
    }
    case 'WindowOpened':
      await row({ status: 'OPEN' });
      return;
    case 'WindowClosed':
      await row({ status: 'CLOSED' });
      return;
    case 'WindowFinalized':
      await row({
        status: 'FINALIZED',
        total_granted_bps: event.data.totalGrantedBps,
        oversubscribed: event.data.oversubscribed,
      });
      return;
    // Not in canHandle: a request's row comes from ConversionRequested on its own stream.
    case 'ConversionFiled':
      return;
    default:
      assertNever(event);
  }
}

async function applyConversionEvent(
  knex: Knex.Transaction,
  tables: TableNames,
  recorded: RecordedEvent,
): Promise<void> {
  const conversionId = recorded.streamId.slice('conversion-'.length);
  const revision = recorded.revision.toString();
  const event = { type: recorded.type, data: recorded.data } as ConversionEvent;
  const row = (changes: Record<string, unknown>) =>
    knex(tables.conversions)
      .where({ conversion_id: conversionId })
      .andWhere('last_revision', '<', revision)
      .update({ ...changes, last_revision: revision });
  switch (event.type) {
    case 'ConversionRequested': {
      const { windowId, ventureId, userId, amountBuz } = event.data;
      await knex(tables.conversions)
        .insert({
          conversion_id: conversionId,
          window_id: windowId,
          venture_id: ventureId,
          user_id: userId,
          amount_buz: amountBuz,
          status: 'REQUESTED',
          requested_at: recorded.metadata.occurredAt,
          last_revision: revision,
        })
        .onConflict('conversion_id')
        .ignore();
      return;
    }
    case 'ConversionVoteCast':
      await row({
        votes: knex.raw('votes || ?::jsonb', [JSON.stringify([{ ...event.data, at: recorded.metadata.occurredAt }])]),
      });
      return;
    case 'ConversionCancelled':
      await row({ status: 'CANCELLED', unlocked_buz: knex.raw('amount_buz') });
      return;
    case 'ConversionApproved':
      await row({ status: 'APPROVED' });
      return;
    case 'ConversionRejected':
      await row({ status: 'REJECTED', unlocked_buz: knex.raw('amount_buz') });
      return;
    case 'ConversionExpired':
      await row({ status: 'EXPIRED', unlocked_buz: knex.raw('amount_buz') });
      return;
    case 'ConversionSettled': {
      const { grantedBps, burnedBuz, unlockedBuz, ventureId, userId, windowId } = event.data;
      await row({ status: 'SETTLED', granted_bps: grantedBps, burned_buz: burnedBuz, unlocked_buz: unlockedBuz });
      if (BigInt(grantedBps) > 0n) {
        await knex(tables.cap_table)
          .insert({
            conversion_id: conversionId,
            venture_id: ventureId,
            holder_id: userId,
            bps: grantedBps,
            window_id: windowId,
            settled_at: recorded.metadata.occurredAt,
          })
          .onConflict('conversion_id')
          .ignore();
      }
      return;
    }
    default:
      assertNever(event);
  }
}
