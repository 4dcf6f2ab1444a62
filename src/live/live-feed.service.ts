import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Knex } from 'knex';
import { PinoLogger } from 'nestjs-pino';
import { LEDGER_STREAMS } from '../../projections/ledger-streams/ledger-streams.contract';
import {
  EVENT_STORE,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
  type Subscription,
} from '../platform/event-store/event-store.port';
import { KNEX } from '../platform/platform.tokens';
import { APP_CONFIG, servesApi, type AppConfig } from '../platform/config/app-config';
import { PROJECTIONS, type Projection } from '../platform/projections/projection';
import { ProjectionCheckpointsRepository } from '../platform/projections/projection-checkpoints.repository';
import { ConversionRequesters } from './conversion-requesters';
import { comparePositions } from '../platform/event-store/feed-position';
import { feedNoticeOf, notificationNoticeOf, type FeedNotice } from './notices';
import { NotificationRecipients } from './notification-recipients';
import { NOTIFICATIONS_PROJECTION } from '../../projections/notifications/notifications.contract';

/** Notices released together, in feed order: every event up to `watermark` has been dealt with. */
export interface ReleasedNotices {
  notices: FeedNotice[];
  watermark: GlobalPosition;
}

/** What a client that reconnects with Last-Event-ID missed, or `resync` when that can't be told. */
export type Replay =
  | { kind: 'notices'; notices: FeedNotice[]; resumeAfter: GlobalPosition | null }
  | { kind: 'resync'; resumeAfter: GlobalPosition | null };

interface PendingEvent {
  position: GlobalPosition;
  notices: FeedNotice[];
  /** Projections that must have applied the event before it is released. */
  readModels: string[];
  arrivedMs: number;
}

// How often the checkpoints are read while notices wait: one query per instance per tick, however many tabs.
const GATE_INTERVAL_MS = 100;
/**
 * A projection that stopped (a poison event, a long rebuild) must not freeze every stream: after
 * this long a notice goes out anyway, and its page may refetch a row that is still catching up.
 */
const MAX_HOLD_MS = 30_000;
// Back-pressure on the feed while projections lag: the follower waits rather than buffering without bound.
const MAX_PENDING_EVENTS = 20_000;
// A tab away for longer than this many events reloads everything instead of replaying them.
export const REPLAY_MAX_EVENTS = 1_000;
const RESUBSCRIBE_DELAY_MS = 1_000;
// Every event moves the totals on the status page, which reads this projection.
const LEDGER_READ_MODEL = LEDGER_STREAMS;

/**
 * The one follower of the global feed per instance. It turns events into notices, holds each
 * one until the projection its page reads has applied it (read-your-writes: a page told "your
 * wallet changed" must find the change when it refetches), and releases them in feed order to
 * the hub, which fans them out to every tab connected here. Because it follows the shared feed,
 * not in-process events, a write through any instance reaches tabs on every instance.
 */
@Injectable()
export class LiveFeed implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly listeners = new Set<(released: ReleasedNotices) => void>();
  private readonly readModelByType = new Map<string, string>();
  private readonly checkpoints: ProjectionCheckpointsRepository;
  private readonly requesters: ConversionRequesters;
  private readonly recipients: NotificationRecipients;
  private pending: PendingEvent[] = [];
  private released: GlobalPosition | null = null;
  private accepted: GlobalPosition | null = null;
  private subscription: Subscription | null = null;
  private gateTimer: NodeJS.Timeout | null = null;
  private roomWaiters: (() => void)[] = [];
  private stopped = false;
  private warnedHold = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KNEX) knex: Knex,
    @Inject(PROJECTIONS) projections: Projection[],
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {
    this.checkpoints = new ProjectionCheckpointsRepository(knex);
    this.requesters = new ConversionRequesters(knex);
    this.recipients = new NotificationRecipients(knex);
    // The first projection that reads a type is the one its page shows; later ones (the
    // notifications) read it for their own notice, which waits on them by name.
    for (const projection of projections) {
      if (projection.canHandle === 'all') continue;
      for (const type of projection.canHandle)
        if (!this.readModelByType.has(type)) this.readModelByType.set(type, projection.name);
    }
  }

  /** Every event up to here has been released (or was applied before this instance started). */
  get watermark(): GlobalPosition | null {
    return this.released;
  }

  onReleased(listener: (released: ReleasedNotices) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Not on a worker (ROLE=worker): it serves no streams, so following the feed would be waste. */
  async onApplicationBootstrap(): Promise<void> {
    if (!servesApi(this.config)) return;
    this.released = await this.startPosition();
    this.accepted = this.released;
    this.follow();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.gateTimer) clearTimeout(this.gateTimer);
    this.wakeFollower();
    await this.subscription?.stop();
  }

  /**
   * The events after `after` that this instance released, as notices; `after` may also be a
   * position another instance released first. Too far back, or a position the feed never had,
   * is a `resync`: the client reloads what it shows.
   */
  async replay(after: GlobalPosition): Promise<Replay> {
    const watermark = this.released;
    if (comparePositions(after, watermark) <= 0) {
      const events = await this.store.readAll({
        fromPosition: after,
        toPosition: watermark ?? undefined,
        maxCount: REPLAY_MAX_EVENTS + 1,
      });
      if (events.length > REPLAY_MAX_EVENTS) return { kind: 'resync', resumeAfter: watermark };
      const notices = this.noticesOf(events);
      await this.complete(notices);
      return { kind: 'notices', notices, resumeAfter: watermark };
    }
    const ahead = await this.store.readAll({ fromPosition: watermark, toPosition: after, maxCount: REPLAY_MAX_EVENTS });
    if (ahead.at(-1)?.position !== after) return { kind: 'resync', resumeAfter: watermark };
    // Another instance released these already; this one will too, and the connection skips them.
    return { kind: 'notices', notices: [], resumeAfter: after };
  }

  /**
   * Where the projections the notices wait on all stand: everything before it is applied
   * everywhere, so no tab connected later can miss it, and replays from there are safe.
   */
  private async startPosition(): Promise<GlobalPosition | null> {
    const stored = new Map((await this.checkpoints.all()).map((row) => [row.projection, row.position]));
    let start: GlobalPosition | null | undefined;
    for (const name of new Set([...this.readModelByType.values(), LEDGER_READ_MODEL, NOTIFICATIONS_PROJECTION])) {
      const position = stored.get(name) ?? null;
      if (start === undefined || comparePositions(position, start) < 0) start = position;
    }
    return start ?? null;
  }

  private follow(): void {
    const subscription = this.store.subscribeToAll({ fromPosition: this.accepted, batchSize: 500 }, (events) =>
      this.accept(events),
    );
    this.subscription = subscription;
    subscription.done.catch((error: unknown) => {
      if (this.stopped) return;
      this.logger.warn({ err: error }, 'live updates: the feed subscription failed; following it again');
      setTimeout(() => this.stopped || this.follow(), RESUBSCRIBE_DELAY_MS).unref();
    });
  }

  private async accept(events: readonly RecordedEvent[]): Promise<void> {
    for (const event of events) {
      // Delivery is at-least-once: a redelivered event was queued already.
      if (comparePositions(event.position, this.accepted) <= 0) continue;
      const notices = this.noticesOf([event]);
      const readModels = [
        ...new Set([...notices.map((notice) => notice.readModel ?? LEDGER_READ_MODEL), LEDGER_READ_MODEL]),
      ];
      this.pending.push({ position: event.position, notices, readModels, arrivedMs: performance.now() });
      this.accepted = event.position;
    }
    this.scheduleGate();
    while (this.pending.length >= MAX_PENDING_EVENTS && !this.stopped)
      await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
  }

  private noticesOf(events: readonly RecordedEvent[]): FeedNotice[] {
    return events.flatMap((event) =>
      [feedNoticeOf(event, (type) => this.readModelByType.get(type) ?? null), notificationNoticeOf(event)].filter(
        (notice) => notice !== null,
      ),
    );
  }

  /** Audiences an event alone can't tell: a conversion's requester, a notification's recipients. */
  private async complete(notices: FeedNotice[]): Promise<void> {
    await this.requesters.complete(notices);
    await this.recipients.complete(notices);
  }

  private scheduleGate(): void {
    if (this.gateTimer || this.pending.length === 0 || this.stopped) return;
    this.gateTimer = setTimeout(() => void this.gate(), GATE_INTERVAL_MS);
  }

  private async gate(): Promise<void> {
    try {
      const stored = new Map((await this.checkpoints.all()).map((row) => [row.projection, row.position]));
      const ready = this.pending.splice(0, this.releasableCount(stored));
      if (ready.length > 0) await this.release(ready);
    } catch (error) {
      this.logger.warn({ err: error }, 'live updates: could not read the projection checkpoints; trying again');
    } finally {
      this.gateTimer = null;
      this.scheduleGate();
    }
  }

  /** The longest run of waiting events whose projections have all applied them: releases stay in feed order. */
  private releasableCount(stored: ReadonlyMap<string, GlobalPosition | null>): number {
    const nowMs = performance.now();
    let count = 0;
    for (const event of this.pending) {
      const applied = event.readModels.every((name) => {
        const checkpoint = stored.get(name);
        return checkpoint !== undefined && checkpoint !== null && comparePositions(checkpoint, event.position) >= 0;
      });
      if (!applied && nowMs - event.arrivedMs < MAX_HOLD_MS) break;
      if (!applied && !this.warnedHold) {
        this.warnedHold = true;
        this.logger.warn(
          { position: event.position, readModels: event.readModels },
          'live updates: a projection is more than 30 s behind; notices go out before it applies them',
        );
      }
      count += 1;
    }
    return count;
  }

  private async release(ready: PendingEvent[]): Promise<void> {
    const notices = ready.flatMap((event) => event.notices);
    await this.complete(notices);
    // The watermark moves and the listeners hear of it in one synchronous step, so a connection
    // that replays up to the watermark and then listens neither misses nor repeats a notice.
    const released = { notices, watermark: ready[ready.length - 1].position };
    this.released = released.watermark;
    for (const listener of this.listeners) listener(released);
    if (this.pending.length < MAX_PENDING_EVENTS) this.wakeFollower();
  }

  private wakeFollower(): void {
    const waiters = this.roomWaiters;
    this.roomWaiters = [];
    for (const wake of waiters) wake();
  }
}
