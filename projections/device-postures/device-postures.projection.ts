import type { Knex } from 'knex';
import type { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import type { Projection } from '../../src/platform/projections/projection';

/**
 * The latest posture of each device and since when it has been continuously compliant
 * (`compliant_since`, reset by any non-compliant report); the API turns that into days.
 * The upsert only moves forward in stream revision, so replaying an older report is a no-op.
 */
export const devicePosturesProjection: Projection = {
  name: 'device_postures',
  tables: ['device_postures'],
  canHandle: ['DevicePostureReported'],
  async apply(transaction, events, tables) {
    for (const event of events) await applyPosture(transaction, tables.device_postures, event);
  },
};

async function applyPosture(knex: Knex.Transaction, table: string, event: RecordedEvent): Promise<void> {
  const data = event.data as {
    deviceId: string;
    diskEncrypted: boolean;
    osUpToDate: boolean;
    screenLock: boolean;
    compliant: boolean;
  };
  const at = event.metadata.occurredAt;
  await knex(table)
    .insert({
      user_id: event.streamId.slice('user-'.length),
      device_id: data.deviceId,
      compliant: data.compliant,
      disk_encrypted: data.diskEncrypted,
      os_up_to_date: data.osUpToDate,
      screen_lock: data.screenLock,
      compliant_since: data.compliant ? at : null,
      last_reported_at: at,
      last_revision: event.revision.toString(),
    })
    .onConflict(['user_id', 'device_id'])
    .merge({
      compliant: knex.raw('excluded.compliant'),
      disk_encrypted: knex.raw('excluded.disk_encrypted'),
      os_up_to_date: knex.raw('excluded.os_up_to_date'),
      screen_lock: knex.raw('excluded.screen_lock'),
      // Keep the start of an unbroken compliant run; a non-compliant report ends it.
      compliant_since: knex.raw(
        `case when not excluded.compliant then null else coalesce(??.compliant_since, excluded.compliant_since) end`,
        [table],
      ),
      last_reported_at: knex.raw('excluded.last_reported_at'),
      last_revision: knex.raw('excluded.last_revision'),
    })
    .where(`${table}.last_revision`, '<', knex.raw('excluded.last_revision'));
}
