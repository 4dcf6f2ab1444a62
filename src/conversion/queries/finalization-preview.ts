import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { StreamWriter } from '../../platform/event-store/stream-writer.service';
import { settlementFacts } from '../commands/settlement-facts';
import { poolShareOf } from '../domain/equity-pool.decide';
import { decideFinalization } from '../domain/window.decide';

/** Runs the finalization decision without writing it, so the board sees the outcome first. */
@Injectable()
export class FinalizationPreview {
  constructor(
    private readonly streams: StreamWriter,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async of(windowId: string) {
    const { window, status, requests, founderPoolBps, pool } = await settlementFacts(
      this.streams,
      this.store,
      windowId,
    );
    const share = poolShareOf(pool, windowId, founderPoolBps);
    const { allocations, totalGrantedBps, oversubscribed } = decideFinalization(window, {
      type: 'FinalizeWindow',
      windowId,
      ...requests,
      finalizedBy: 'preview',
      pool: share,
    });
    return {
      windowId,
      status,
      equityRateBps: window.equityRateBps.toString(),
      poolCapBps: window.poolCapBps?.toString() ?? null,
      poolLeftBps: share.leftBps.toString(),
      allocations,
      totalGrantedBps,
      oversubscribed,
    };
  }
}
