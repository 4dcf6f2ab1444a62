import { Inject, Injectable, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Response } from 'express';
import type { Knex } from 'knex';
import { PinoLogger } from 'nestjs-pino';
import type { Role } from '../identity/domain/roles.contract';
import { CLOCK, type Clock } from '../shared-kernel/clock';
import type { GlobalPosition } from '../platform/event-store/event-store.port';
import { DomainError } from '../shared-kernel/domain-error';
import { KNEX } from '../platform/platform.tokens';
import { LiveConnection } from './live-connection';
import { LiveFeed, type ReleasedNotices } from './live-feed.service';
import { endedCredentials } from './ended-credentials';
import type { Audience } from './notices';
import { VerificationWatch } from './verification-watch';
import type { Principal } from '../identity/identity.contract';

// Proxies close a response that sends nothing for a minute or so; well inside that.
export const HEARTBEAT_MS = 25_000;
const TICK_MS = 1_000;
/**
 * Totals change with every event; the status page refetches them at most this often, as often
 * as it used to poll, however busy the ledger is.
 */
export const LEDGER_NOTICE_EVERY_MS = 5_000;

/**
 * Every stream connected to this instance, indexed by user and role so a notice reaches only
 * its audience without a scan. One timer per instance (not per tab) ends streams whose
 * credentials expired or were revoked, sends heartbeats, coalesces ledger notices and looks at
 * verification progress.
 */
@Injectable()
export class LiveHub implements OnModuleInit, BeforeApplicationShutdown {
  private readonly connections = new Set<LiveConnection>();
  private readonly byUser = new Map<string, Set<LiveConnection>>();
  private readonly byRole = new Map<Role, Set<LiveConnection>>();
  private readonly verifications: VerificationWatch;
  private timer: NodeJS.Timeout | null = null;
  private ledgerDirty = false;
  private lastLedgerNoticeMs = -Infinity;
  private lastCredentialCheckMs = performance.now();
  private closing = false;

  constructor(
    private readonly feed: LiveFeed,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(KNEX) private readonly knex: Knex,
    private readonly logger: PinoLogger,
  ) {
    this.verifications = new VerificationWatch(knex);
  }

  onModuleInit(): void {
    this.feed.onReleased((released) => this.fanOut(released));
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
  }

  /** Open SSE responses would keep the HTTP server from closing: end them, and take no more. */
  beforeApplicationShutdown(): void {
    this.closing = true;
    if (this.timer) clearInterval(this.timer);
    for (const connection of this.connections) {
      connection.heartbeat(this.feed.watermark);
      connection.end();
    }
  }

  /** Streams open on this instance. */
  get size(): number {
    return this.connections.size;
  }

  /** Serves one stream until the client leaves or it is ended here. `lastEventId`: where the tab left off. */
  async serve(response: Response, principal: Principal, lastEventId: GlobalPosition | null): Promise<void> {
    if (this.closing) throw new DomainError('SHUTTING_DOWN', 'This instance is shutting down; reconnect');
    const connection = new LiveConnection(
      response,
      principal,
      principal.accessExpiresAtMs ?? null,
      this.clock.now().getTime(),
    );
    this.add(connection);
    // 'close' fires when the client goes away and after we end the response: either way it is done.
    response.on('close', () => this.remove(connection));
    connection.open();
    try {
      if (principal.roles.includes('auditor') && !this.verifications.watching) await this.verifications.changes();
      if (lastEventId === null) {
        connection.finishReplay([], this.feed.watermark, 'fresh');
        return;
      }
      const replay = await this.feed.replay(lastEventId);
      if (replay.kind === 'resync') {
        connection.finishReplay([], replay.resumeAfter, 'resync');
        return;
      }
      connection.finishReplay(
        replay.notices.filter((notice) => reaches(notice.audience, principal)),
        replay.resumeAfter,
        'resumed',
      );
    } catch (error) {
      this.logger.warn({ err: error }, 'live updates: could not replay for a reconnecting tab; it will reconnect');
      connection.end();
    }
  }

  private fanOut({ notices, watermark }: ReleasedNotices): void {
    for (const notice of notices) {
      for (const connection of this.audienceOf(notice.audience)) connection.deliver(notice);
      // Its notices are filtered by the roles it connected with: it reconnects to be filtered by the new ones.
      if (notice.reauthenticates)
        for (const connection of this.byUser.get(notice.reauthenticates) ?? [])
          connection.close('reconnect', notice.position);
    }
    this.ledgerDirty = true;
    this.flushLedger(watermark);
  }

  private audienceOf(audience: Audience): Set<LiveConnection> {
    if (audience.everyone) return this.connections;
    const reached = new Set<LiveConnection>();
    for (const userId of audience.userIds)
      for (const connection of this.byUser.get(userId) ?? []) reached.add(connection);
    for (const role of audience.roles) for (const connection of this.byRole.get(role) ?? []) reached.add(connection);
    return reached;
  }

  private flushLedger(watermark: GlobalPosition | null): void {
    const nowMs = performance.now();
    if (!this.ledgerDirty || nowMs - this.lastLedgerNoticeMs < LEDGER_NOTICE_EVERY_MS) return;
    this.ledgerDirty = false;
    this.lastLedgerNoticeMs = nowMs;
    for (const connection of this.connections) connection.sendUnpositioned({ topic: 'ledger', ids: [] }, watermark);
  }

  private tick(): void {
    const clockMs = this.clock.now().getTime();
    const nowMs = performance.now();
    for (const connection of this.connections) {
      // The clock, not a timer per stream: credentials expire by the clock that issued them.
      if (connection.renewAtMs !== null && connection.renewAtMs <= clockMs)
        connection.close('renew', this.feed.watermark);
      else if (nowMs - connection.lastWriteMs >= HEARTBEAT_MS) connection.heartbeat(this.feed.watermark);
    }
    this.flushLedger(this.feed.watermark);
    if (nowMs - this.lastCredentialCheckMs >= HEARTBEAT_MS) {
      this.lastCredentialCheckMs = nowMs;
      void this.closeEndedCredentials(clockMs);
    }
    void this.pushVerificationProgress();
  }

  /** A sign-out or a revoked token ends its streams within a heartbeat, on every instance. */
  private async closeEndedCredentials(clockMs: number): Promise<void> {
    try {
      const ended = await endedCredentials(
        this.knex,
        [...this.connections].map((connection) => connection.principal),
        new Date(clockMs),
      );
      for (const connection of this.connections)
        if (ended.has(connection.principal.sessionId ?? connection.principal.tokenId ?? ''))
          connection.close('renew', this.feed.watermark);
    } catch (error) {
      this.logger.warn(
        { err: error },
        'live updates: could not check for ended sessions; trying at the next heartbeat',
      );
    }
  }

  private async pushVerificationProgress(): Promise<void> {
    const auditors = this.byRole.get('auditor');
    if (!auditors || auditors.size === 0) {
      this.verifications.reset();
      return;
    }
    try {
      const notices = await this.verifications.changes();
      for (const notice of notices) for (const connection of auditors) connection.sendUnpositioned(notice);
    } catch (error) {
      this.logger.warn({ err: error }, 'live updates: could not read verification progress; trying at the next tick');
    }
  }

  private add(connection: LiveConnection): void {
    this.connections.add(connection);
    const { userId, roles } = connection.principal;
    if (userId) indexed(this.byUser, userId).add(connection);
    for (const role of roles) indexed(this.byRole, role).add(connection);
  }

  private remove(connection: LiveConnection): void {
    connection.end();
    this.connections.delete(connection);
    const { userId, roles } = connection.principal;
    if (userId) unindex(this.byUser, userId, connection);
    for (const role of roles) unindex(this.byRole, role, connection);
  }
}

export function reaches(audience: Audience, principal: Principal): boolean {
  if (audience.everyone) return true;
  if (principal.userId !== null && audience.userIds.includes(principal.userId)) return true;
  return principal.roles.some((role) => audience.roles.includes(role));
}

function indexed<Key>(index: Map<Key, Set<LiveConnection>>, key: Key): Set<LiveConnection> {
  let connections = index.get(key);
  if (!connections) index.set(key, (connections = new Set()));
  return connections;
}

function unindex<Key>(index: Map<Key, Set<LiveConnection>>, key: Key, connection: LiveConnection): void {
  const connections = index.get(key);
  connections?.delete(connection);
  if (connections?.size === 0) index.delete(key);
}
