import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import { StreamWriter } from '../../platform/event-store/stream-writer.service';
import { KNEX } from '../../platform/platform.tokens';
import { requestsOfWindow } from '../commands/requests-of-window';
import { finalizeWindow, WindowNotFoundError } from '../domain/window.decide';
import { windowStream } from '../domain/window.events';
import { windowDecider } from '../domain/window.state';

/** Runs the finalization decision without writing it, so the board sees the outcome first. */
@Injectable()
export class FinalizationPreview {
  constructor(
    private readonly streams: StreamWriter,
    @Inject(KNEX) private readonly knex: Knex,
  ) {}

  async of(windowId: string) {
    const window = await this.streams.load(windowStream(windowId), windowDecider);
    if (window.status === null) throw new WindowNotFoundError(windowId);
    const requests = await requestsOfWindow(this.knex, this.streams, windowId);
    const [event] = finalizeWindow(window, { ...requests, finalizedBy: 'preview' });
    if (event.type !== 'WindowFinalized') throw new Error('finalizeWindow returned an unexpected event');
    const { allocations, totalGrantedBps, oversubscribed } = event.data;
    return { windowId, status: window.status, equityRateBps: window.equityRateBps.toString(), poolCapBps: window.poolCapBps?.toString() ?? null, allocations, totalGrantedBps, oversubscribed };
  }
}
