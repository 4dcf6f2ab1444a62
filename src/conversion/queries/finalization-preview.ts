import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { StreamWriter } from '../../platform/event-store/stream-writer.service';
import { requestsOfWindow } from '../commands/requests-of-window';
import { decideWindow, WindowNotFoundError } from '../domain/window.decide';
import { windowStream } from '../domain/window.events';
import { windowDecider } from '../domain/window.state';

/** Runs the finalization decision without writing it, so the board sees the outcome first. */
@Injectable()
export class FinalizationPreview {
  constructor(
    private readonly streams: StreamWriter,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async of(windowId: string) {
    const window = await this.streams.load(windowStream(windowId), windowDecider);
    if (window.status === null) throw new WindowNotFoundError(windowId);
    const requests = await requestsOfWindow(this.store, window);
    const [event] = decideWindow({ type: 'FinalizeWindow', windowId, ...requests, finalizedBy: 'preview' }, window);
    if (event.type !== 'WindowFinalized') throw new Error('the finalization decided an unexpected event');
    const { allocations, totalGrantedBps, oversubscribed } = event.data;
    return {
      windowId,
      status: window.status,
      equityRateBps: window.equityRateBps.toString(),
      poolCapBps: window.poolCapBps?.toString() ?? null,
      allocations,
      totalGrantedBps,
      oversubscribed,
    };
  }
}
