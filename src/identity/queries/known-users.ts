import type { EventStore } from '../../platform/event-store/event-store.port';
import { DomainError } from '../../shared-kernel/domain-error';
import { userStream } from '../domain/user.events';

/** A command named people who have no account: it would become a permanent event about nobody. */
export class UnknownUsersError extends DomainError {
  constructor(unknownUserIds: string[]) {
    super(
      'UNKNOWN_USERS',
      `No user ${unknownUserIds.join(', ')}: every person a command names must be a registered user`,
      { unknownUserIds },
    );
  }
}

/** Users each store has shown to exist, capped: a busy intake names the same people all day. */
const knownByStore = new WeakMap<EventStore, Set<string>>();
const KNOWN_USERS_MAX = 100_000;

/**
 * Refuses a command that names people without a user stream, listing each of them. Every
 * registration starts `user-<id>`, and streams are never removed, so existence is the test:
 * one indexed read for the ids of a request not seen before. A user once seen stays known, so
 * the answer can be remembered; an unknown one is asked again next time.
 */
export async function requireKnownUsers(store: EventStore, userIds: readonly string[]): Promise<void> {
  let known = knownByStore.get(store);
  if (!known) knownByStore.set(store, (known = new Set()));
  const unseen = [...new Set(userIds)].filter((userId) => !known.has(userId));
  if (unseen.length === 0) return;
  const existing = await store.existingStreams(unseen.map(userStream));
  const unknown = unseen.filter((userId) => !existing.has(userStream(userId)));
  if (unknown.length > 0) throw new UnknownUsersError(unknown);
  if (known.size + unseen.length > KNOWN_USERS_MAX) known.clear();
  for (const userId of unseen) known.add(userId);
}
