import { assertNever } from '../../shared-kernel/assert-never';
import type { Decider } from '../../shared-kernel/decider';
import { DomainError } from '../../shared-kernel/domain-error';
import { refuseIfHeld, type LegalHold } from './legal-hold.state';

/** A member's client: `client-<clientId>`. Name, email, phone, organization and tags are in `clients`, never here. */
export const clientStream = (clientId: string) => `client-${clientId}`;

export const CLIENT_FIELDS = ['name', 'email', 'phone', 'organization', 'tags'] as const;
export type ClientField = (typeof CLIENT_FIELDS)[number];

export type ClientEvent =
  | { type: 'ClientAdded'; data: { clientId: string; ownerId: string; addedAt: string } }
  /** Which fields changed, not their values. */
  | { type: 'ClientUpdated'; data: { fields: ClientField[]; updatedAt: string } }
  | { type: 'ClientArchived'; data: { archivedAt: string } }
  /** The personal data was blanked; only that it happened is recorded. */
  | { type: 'ClientErased'; data: { erasedAt: string } };

export interface ClientState {
  clientId: string | null;
  ownerId: string | null;
  archived: boolean;
  erased: boolean;
}

export const initialClientState: ClientState = { clientId: null, ownerId: null, archived: false, erased: false };

export function evolveClient(state: ClientState, event: ClientEvent): ClientState {
  switch (event.type) {
    case 'ClientAdded':
      return { ...state, clientId: event.data.clientId, ownerId: event.data.ownerId };
    case 'ClientUpdated':
      return state;
    case 'ClientArchived':
      return { ...state, archived: true };
    case 'ClientErased':
      return { ...state, erased: true };
    default:
      return assertNever(event);
  }
}

export const clientDecider: Decider<ClientState, ClientEvent> = {
  initialState: initialClientState,
  evolve: evolveClient,
};

export function addClient(state: ClientState, clientId: string, ownerId: string, now: string): ClientEvent[] {
  if (state.clientId) return [];
  return [{ type: 'ClientAdded', data: { clientId, ownerId, addedAt: now } }];
}

export function updateClient(
  state: ClientState,
  clientId: string,
  actorId: string,
  fields: ClientField[],
  now: string,
): ClientEvent[] {
  requireLiveClient(state, clientId, actorId);
  return fields.length === 0 ? [] : [{ type: 'ClientUpdated', data: { fields, updatedAt: now } }];
}

export function archiveClient(state: ClientState, clientId: string, actorId: string, now: string): ClientEvent[] {
  requireClient(state, clientId, actorId);
  return state.archived ? [] : [{ type: 'ClientArchived', data: { archivedAt: now } }];
}

/** Erasure on request, unless a legal hold covers the client (or their owner). */
export function eraseClient(
  state: ClientState,
  clientId: string,
  actorId: string,
  holds: readonly LegalHold[],
  now: string,
): ClientEvent[] {
  requireClient(state, clientId, actorId);
  if (state.erased) return [];
  refuseIfHeld(holds, "erasing the client's personal data");
  return [{ type: 'ClientErased', data: { erasedAt: now } }];
}

/** Someone else's client is as unknown as no client at all. */
export function requireClient(state: ClientState, clientId: string, actorId: string): ClientState {
  if (!state.clientId || state.ownerId !== actorId)
    throw new DomainError('CLIENT_NOT_FOUND', `You have no client ${clientId}`, { clientId });
  return state;
}

export function requireLiveClient(state: ClientState, clientId: string, actorId: string): ClientState {
  requireClient(state, clientId, actorId);
  if (state.erased) throw new DomainError('CLIENT_ERASED', 'This client was erased', { clientId });
  return state;
}
