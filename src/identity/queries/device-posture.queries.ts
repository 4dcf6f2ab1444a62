import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { KNEX } from '../../platform/platform.tokens';
import { userStream, type UserEvent } from '../domain/user.events';

type PolicyViolationData = Extract<UserEvent, { type: 'PolicyViolationRecorded' }>['data'];

const DAY_MS = 86_400_000;

interface DevicePostureRow {
  device_id: string;
  compliant: boolean;
  disk_encrypted: boolean;
  os_up_to_date: boolean;
  screen_lock: boolean;
  compliant_since: string | null;
  last_reported_at: string;
}

@Injectable()
export class DevicePostureQueries {
  constructor(
    @Inject(KNEX) private readonly knex: Knex,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Devices with days of continuous compliance, and the policy violations on record. */
  async forUser(userId: string) {
    const rows: DevicePostureRow[] = await this.knex<DevicePostureRow & { user_id: string }>('device_postures')
      .where({ user_id: userId })
      .orderBy('device_id');
    const now = this.clock.now().getTime();
    const history = await this.store.readStream(userStream(userId));
    return {
      devices: rows.map((row) => ({
        deviceId: row.device_id,
        compliant: row.compliant,
        diskEncrypted: row.disk_encrypted,
        osUpToDate: row.os_up_to_date,
        screenLock: row.screen_lock,
        compliantSince: row.compliant_since,
        daysCompliant: row.compliant_since ? Math.floor((now - Date.parse(row.compliant_since)) / DAY_MS) : 0,
        lastReportedAt: row.last_reported_at,
      })),
      violations: history.flatMap((event) =>
        event.type === 'PolicyViolationRecorded'
          ? [{ ...(event.data as PolicyViolationData), recordedAt: event.metadata.occurredAt }]
          : [],
      ),
    };
  }
}
