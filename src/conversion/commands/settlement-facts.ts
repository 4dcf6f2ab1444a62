import type { EventStore } from '../../platform/event-store/event-store.port';
import type { StreamWriter } from '../../platform/event-store/stream-writer.service';
import { VENTURE_TOTAL_BPS, ventureDecider, ventureStream } from '../../ventures/ventures.contract';
import { equityPoolDecider, type EquityPoolState } from '../domain/equity-pool.decide';
import { equityPoolStream } from '../domain/equity-pool.events';
import type { SettlementRequest } from '../domain/settlement';
import { WindowNotFoundError } from '../domain/window.decide';
import { windowStream, type WindowStatus } from '../domain/window.events';
import { windowDecider, type WindowState } from '../domain/window.state';
import { requestsOfWindow } from './requests-of-window';

/** Everything a window's finalization decides on, all read from the log (never a read model). */
export interface SettlementFacts {
  window: WindowState;
  status: WindowStatus;
  ventureId: string;
  requests: { approved: SettlementRequest[]; pending: SettlementRequest[] };
  /** 10,000 bp less the founders' allocation on `venture-<ventureId>`; the whole venture when it names none. */
  founderPoolBps: bigint;
  pool: EquityPoolState;
}

export async function settlementFacts(
  streams: StreamWriter,
  store: EventStore,
  windowId: string,
): Promise<SettlementFacts> {
  const window = await streams.load(windowStream(windowId), windowDecider);
  const { status } = window;
  if (status === null) throw new WindowNotFoundError(windowId);
  const ventureId = window.ventureId as string;
  const [requests, venture, pool] = await Promise.all([
    requestsOfWindow(store, window),
    streams.load(ventureStream(ventureId), ventureDecider),
    streams.load(equityPoolStream(ventureId), equityPoolDecider),
  ]);
  const foundedBps = (venture.venture?.founders ?? []).reduce((sum, founder) => sum + BigInt(founder.bps), 0n);
  const founderPoolBps = foundedBps < VENTURE_TOTAL_BPS ? VENTURE_TOTAL_BPS - foundedBps : 0n;
  return { window, status, ventureId, requests, founderPoolBps, pool };
}
