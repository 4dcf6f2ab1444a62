import type { Knex } from 'knex';
import type { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import type { Projection } from '../../src/platform/projections/projection';
import type { MemberEvent } from '../../src/progress/domain/member.events';
import { assertNever } from '../../src/identity/domain/user.state';

/** Level, XP and reputation per member; each event applies once, by stream revision. */
export const userProfilesProjection: Projection = {
  name: 'user_profiles',
  tables: ['user_profiles'],
  canHandle: ['XpAwarded', 'LevelReached', 'ReputationSettled'],
  async apply(transaction, events, tables) {
    for (const event of events) {
      if (event.streamId.startsWith('member-')) await applyMemberEvent(transaction, tables.user_profiles, event);
    }
  },
};

async function applyMemberEvent(knex: Knex.Transaction, table: string, recorded: RecordedEvent): Promise<void> {
  const userId = recorded.streamId.slice('member-'.length);
  await knex(table).insert({ user_id: userId }).onConflict('user_id').ignore();
  const row = () => knex(table).where({ user_id: userId }).andWhere('last_revision', '<', recorded.revision.toString());
  const revision = recorded.revision.toString();
  const event = { type: recorded.type, data: recorded.data } as MemberEvent;
  switch (event.type) {
    case 'XpAwarded':
      await row().update({ xp: knex.raw('xp + ?::bigint', [event.data.xp]), last_revision: revision });
      return;
    case 'LevelReached':
      await row().update({ level: knex.raw('greatest(level, ?::int)', [event.data.level]), last_revision: revision });
      return;
    case 'ReputationSettled':
      await row().update({ rep_micro: event.data.repMicro, last_settled_day: event.data.day, last_revision: revision });
      return;
    default:
      assertNever(event);
  }
}
