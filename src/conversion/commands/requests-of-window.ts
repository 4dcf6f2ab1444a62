import type { EventStore } from '../../platform/event-store/event-store.port';
import { stateCache } from '../../platform/event-store/stream-decider';
import { loadedStream } from '../../platform/event-store/stream-state-cache';
import { conversionStream } from '../domain/conversion.events';
import { conversionDecider } from '../domain/conversion.state';
import type { SettlementRequest } from '../domain/settlement';
import type { WindowState } from '../domain/window.state';

/**
 * The window's approved and still-pending requests, all from the log: the window's stream lists
 * every request filed on it, and each one's status comes from its own stream (one read for all
 * of them), so a vote just cast counts. A filing whose request was never written (a refused or
 * abandoned one) has no stream and is skipped; if its request is written after finalization,
 * the process manager expires it.
 */
export async function requestsOfWindow(
  store: EventStore,
  window: WindowState,
): Promise<{ approved: SettlementRequest[]; pending: SettlementRequest[] }> {
  const conversions = await stateCache.loadMany(store, window.conversionIds.map(conversionStream), conversionDecider);
  const approved: SettlementRequest[] = [];
  const pending: SettlementRequest[] = [];
  for (const conversionId of [...window.conversionIds].sort()) {
    const { state } = loadedStream(conversions, conversionStream(conversionId));
    const request = { conversionId, userId: state.userId as string, amountBuz: state.amountBuz };
    if (state.status === 'APPROVED') approved.push(request);
    else if (state.status === 'REQUESTED') pending.push(request);
  }
  return { approved, pending };
}
