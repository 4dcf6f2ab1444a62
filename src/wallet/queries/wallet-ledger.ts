import type { Knex } from 'knex';
import type { EventStore, RecordedEvent } from '../../platform/event-store/event-store.port';
import type { IssuanceInputs, WalletEvent } from '../domain/wallet.events';
import { walletStream } from '../domain/wallet.events';

/** A `wallet_ledgers` row with what the page adds in SQL: the balance after it, and its task's title. */
export interface LedgerPageRow {
  revision: string;
  type: WalletEvent['type'];
  amount_buz: string | null;
  task_id: string | null;
  conversion_id: string | null;
  day: string | null;
  reason: string | null;
  detail: string | null;
  hash: string;
  prev_hash: string;
  occurred_at: string;
  balance_after_buz: string;
  task_title: string | null;
}

/** How an entry moves the balance (locks and unlocks move BUZ in and out of pending, not the balance). */
const BALANCE_DELTA_SQL = `case when l.type in ('BuzIssued', 'BuzAdjusted') then l.amount_buz when l.type = 'BuzBurned' then -l.amount_buz else 0 end`;

/**
 * One page of the ledger, newest first, with the running balance (a window sum over the whole
 * wallet, so a page deep in the history still shows the balance after each of its entries) and
 * the title of a portal task (an integration's own task id has none).
 */
export function ledgerPageQuery(
  knex: Knex,
  userId: string,
  limit: number,
  cursor: number | undefined,
): Knex.QueryBuilder {
  const running = knex('wallet_ledgers as l')
    .where('l.user_id', userId)
    .select('l.*', knex.raw(`sum(${BALANCE_DELTA_SQL}) over (order by l.revision) as balance_after_buz`));
  const page = knex
    .from(running.as('r'))
    .leftJoin('tasks as t', 't.task_id', 'r.task_id')
    .select('r.*', 't.title as task_title')
    .orderBy('r.revision', 'desc')
    .limit(limit);
  return cursor === undefined ? page : page.where('r.revision', '<', cursor);
}

/** What only the event holds: the award's inputs, and the BUZ the formula priced (withheld or capped). */
export interface EntryFacts {
  requestedBuz: string | null;
  award: {
    tier: string;
    quality: number;
    qualityMultiplier: string;
    reviewerCred: string;
    avgReviewerRepMicro: string;
    reviewerCount: number;
    capped: boolean;
  } | null;
}

const NO_FACTS: EntryFacts = { requestedBuz: null, award: null };

/** The page's events from the wallet stream (one contiguous read), keyed by revision. */
export async function entryFactsOf(
  store: EventStore,
  userId: string,
  revisions: readonly number[],
): Promise<Map<number, EntryFacts>> {
  if (revisions.length === 0) return new Map();
  const oldest = Math.min(...revisions);
  const events = await store.readStream(walletStream(userId), {
    fromRevision: BigInt(oldest),
    maxCount: Math.max(...revisions) - oldest + 1,
  });
  return new Map(events.map((event) => [Number(event.revision), factsOf(event)]));
}

export function factsFor(facts: ReadonlyMap<number, EntryFacts>, revision: number): EntryFacts {
  return facts.get(revision) ?? NO_FACTS;
}

function factsOf(event: RecordedEvent): EntryFacts {
  const data = event.data as { requestedBuz?: string; capped?: boolean; inputs?: IssuanceInputs };
  const requestedBuz = data.requestedBuz ?? null;
  if (event.type !== 'BuzIssued' || !data.inputs) return { requestedBuz, award: null };
  const { tier, quality, qualityMultiplier, reviewerCred, avgReviewerRepMicro, reviewerRepMicro } = data.inputs;
  return {
    requestedBuz,
    award: {
      tier,
      quality,
      qualityMultiplier,
      reviewerCred,
      avgReviewerRepMicro,
      reviewerCount: reviewerRepMicro.length,
      capped: data.capped === true,
    },
  };
}
