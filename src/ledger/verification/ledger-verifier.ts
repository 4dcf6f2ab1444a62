import type pg from 'pg';
import { ChainVerifier, type ChainBreak } from '../../platform/chain/chain-verifier';
import { linkOfRow, readChainRows } from '../../platform/event-store/postgres/postgres-chain-reader';

export type VerificationStatus = 'VERIFIED' | 'BROKEN';

export interface VerificationReport {
  status: VerificationStatus;
  eventsChecked: number;
  streamsChecked: number;
  firstBreak: ChainBreak | null;
  durationMs: number;
}

export interface VerifyOptions {
  /** Only this stream; all streams when absent. */
  streamId?: string;
  /** Called after every page with the running count. */
  onProgress?: (eventsChecked: number) => void;
}

/**
 * Full chain verification straight from the event table (not from any projection): recompute
 * every hash and link, stop at the first break and name it.
 */
export async function verifyChains(pool: pg.Pool, options: VerifyOptions = {}): Promise<VerificationReport> {
  const started = performance.now();
  const verifier = new ChainVerifier();
  let firstBreak: ChainBreak | null = null;
  pages: for await (const rows of readChainRows(pool, { streamId: options.streamId })) {
    for (const row of rows) {
      firstBreak = verifier.check(linkOfRow(row));
      if (firstBreak) break pages;
    }
    options.onProgress?.(verifier.eventsChecked);
  }
  return {
    status: firstBreak ? 'BROKEN' : 'VERIFIED',
    eventsChecked: verifier.eventsChecked,
    streamsChecked: verifier.streamsChecked,
    firstBreak,
    durationMs: Math.round(performance.now() - started),
  };
}
