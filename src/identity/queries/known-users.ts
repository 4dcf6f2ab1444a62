import type { EventStore } from '../../platform/event-store/event-store.port';
import { DomainError } from '../../shared-kernel/domain-error';
import { userStream } from '../domain/user.events';

/** A command named people who have no account: it would become a permanent event about nobody. */
export class UnknownUsersError extends DomainError {
  constructor(unknownUserIds: string[]) {
    super('UNKNOWN_USERS', `No user ${unknownUserIds.join(', ')}: every person a command names must be a registered user`, { unknownUserIds });
  }
}

/**
 * Refuses a command that names people without a user stream, listing each of them. Every
 * registration starts `user-<id>`, and streams are never removed, so existence is the test:
 * one indexed read for all the ids of a request.
 */
export async function requireKnownUsers(store: EventStore, userIds: readonly string[]): Promise<void> {
  const named = [...new Set(userIds)];
  if (named.length === 0) return;
  const existing = await store.existingStreams(named.map(userStream));
  const unknown = named.filter((userId) => !existing.has(userStream(userId)));
  if (unknown.length > 0) throw new UnknownUsersError(unknown);
}
