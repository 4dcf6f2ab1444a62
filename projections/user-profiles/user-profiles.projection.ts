import type { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import type { Projection } from '../../src/platform/projections/projection';
import { rowsByKey, upsertRows } from '../../src/platform/projections/projection-rows';
import type { MemberEvent } from '../../src/progress/domain/member.events';
import { assertNever } from '../../src/shared-kernel/assert-never';

/** A `user_profiles` row as pg returns it: bigints as text. */
export interface UserProfileRow {
  user_id: string;
  xp: string;
  level: number;
  rep_micro: string;
  last_settled_day: string | null;
  last_revision: string;
}

/**
 * Level, XP and reputation per member. Per batch: load the touched profiles, fold the events
 * into them, write the changed ones back. Each event applies once, by stream revision.
 */
export const userProfilesProjection: Projection = {
  name: 'user_profiles',
  tables: ['user_profiles'],
  canHandle: ['XpAwarded', 'LevelReached', 'ReputationSettled'],
  async apply(transaction, events, tables) {
    const memberEvents = events.filter((event) => event.streamId.startsWith('member-'));
    const stored = await rowsByKey<UserProfileRow>(
      transaction,
      tables.user_profiles,
      'user_id',
      'uuid',
      memberEvents.map(userIdOf),
    );
    const before = new Map(stored.map((row) => [row.user_id, row]));
    const after = foldProfiles(before, memberEvents);
    const changed = [...after.values()].filter((row) => row !== before.get(row.user_id));
    await upsertRows(transaction, tables.user_profiles, changed, {
      conflictColumns: ['user_id'],
      newerBy: 'last_revision',
    });
  },
};

/** Pure: the profiles after the batch, starting from the stored ones (a new one from the defaults). */
export function foldProfiles(
  stored: ReadonlyMap<string, UserProfileRow>,
  events: readonly RecordedEvent[],
): Map<string, UserProfileRow> {
  const rows = new Map(stored);
  for (const event of events) {
    const userId = userIdOf(event);
    const row = rows.get(userId) ?? {
      user_id: userId,
      xp: '0',
      level: 1,
      rep_micro: '0',
      last_settled_day: null,
      last_revision: '-1',
    };
    rows.set(userId, evolveProfile(row, event));
  }
  return rows;
}

function evolveProfile(row: UserProfileRow, recorded: RecordedEvent): UserProfileRow {
  if (BigInt(row.last_revision) >= recorded.revision) return row;
  const next = { ...row, last_revision: recorded.revision.toString() };
  const event = { type: recorded.type, data: recorded.data } as MemberEvent;
  switch (event.type) {
    case 'XpAwarded':
      return { ...next, xp: (BigInt(row.xp) + BigInt(event.data.xp)).toString() };
    case 'LevelReached':
      return { ...next, level: Math.max(row.level, event.data.level) };
    case 'EndorsementCredited':
      return next;
    case 'ReputationSettled':
      return { ...next, rep_micro: event.data.repMicro, last_settled_day: event.data.day };
    default:
      return assertNever(event);
  }
}

function userIdOf(event: RecordedEvent): string {
  return event.streamId.slice('member-'.length);
}
