import type { Knex } from 'knex';

/** The ledger_streams read model's public contract: its name (the checkpoint the live feed waits for) and the totals the status page reads. */
export const LEDGER_STREAMS = 'ledger_streams';

export interface LedgerTotals {
  events: number;
  streams: number;
}

export async function ledgerTotals(knex: Knex): Promise<LedgerTotals> {
  const row = await knex('ledger_streams')
    .select<{ streams: string; events: string }[]>(
      knex.raw('count(*)::bigint as streams'),
      knex.raw('coalesce(sum(event_count), 0)::bigint as events'),
    )
    .first();
  return { events: Number(row?.events ?? 0), streams: Number(row?.streams ?? 0) };
}
