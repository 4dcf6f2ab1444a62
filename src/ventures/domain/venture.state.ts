import { invariant } from '../../shared-kernel/invariant';
import type { Decider } from '../../shared-kernel/decider';
import { assertNever } from '../../shared-kernel/assert-never';
import type { VentureCreatedData, VentureEvent } from './venture.events';

export interface VentureState {
  venture: VentureCreatedData | null;
}

export const initialVentureState: VentureState = { venture: null };

export function evolveVenture(state: VentureState, event: VentureEvent): VentureState {
  switch (event.type) {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- one event type today; the switch stays exhaustive (house style) for the next
    case 'VentureCreated':
      invariant(state.venture === null, 'venture', 'a venture is created once', { ventureId: event.data.ventureId });
      return { ...state, venture: event.data };
    default:
      return assertNever(event.type);
  }
}

export const ventureDecider: Decider<VentureState, VentureEvent> = {
  initialState: initialVentureState,
  evolve: evolveVenture,
};
