import type { Knex } from 'knex';
import type { StreamWriter } from '../../platform/event-store/stream-writer.service';
import { conversionStream } from '../domain/conversion.events';
import { conversionDecider } from '../domain/conversion.state';
import type { SettlementRequest } from '../domain/settlement';

/**
 * The window's approved and still-pending requests. The read model says which conversions
 * exist; each one's status is then read from its own stream, so a vote just cast counts. A
 * request too new for the read model is expired by the process manager after finalization.
 */
export async function requestsOfWindow(knex: Knex, streams: StreamWriter, windowId: string): Promise<{ approved: SettlementRequest[]; pending: SettlementRequest[] }> {
  const ids: string[] = await knex('conversions').where({ window_id: windowId }).orderBy('conversion_id').pluck('conversion_id');
  const approved: SettlementRequest[] = [];
  const pending: SettlementRequest[] = [];
  for (const conversionId of ids) {
    const state = await streams.load(conversionStream(conversionId), conversionDecider);
    const request = { conversionId, userId: state.userId as string, amountBuz: state.amountBuz };
    if (state.status === 'APPROVED') approved.push(request);
    else if (state.status === 'REQUESTED') pending.push(request);
  }
  return { approved, pending };
}
