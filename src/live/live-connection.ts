import type { Response } from 'express';
import type { GlobalPosition } from '../platform/event-store/event-store.port';
import { comparePositions } from '../platform/event-store/feed-position';
import type { FeedNotice, Notice } from './notices';
import type { Principal } from '../identity/identity.contract';

/** How long a browser waits before it reconnects a dropped stream on its own. */
const RECONNECT_AFTER_MS = 3_000;
/** A tab that stopped reading (a frozen laptop, a stuck proxy) is dropped rather than buffered for. */
const MAX_BUFFERED_BYTES = 256 * 1024;
/**
 * The stream asks the tab to renew its session this long before the access token expires: a
 * refresh that still carries a valid access token is charged to the account's budget, not to the
 * address's small one that everyone behind the same NAT shares.
 */
const RENEW_AHEAD_MS = 60_000;

/** Final events: the stream ends after them, and the client knows what to do next. */
export type ClosingEvent = 'renew' | 'reconnect';

/**
 * One tab's stream. While it replays what the tab missed, live notices wait in a backlog; after,
 * each notice is written once, in feed order, with its feed position as the SSE `id`, so the
 * browser's Last-Event-ID says exactly where to resume.
 */
export class LiveConnection {
  lastWriteMs = performance.now();
  private backlog: FeedNotice[] | null = [];
  private lastSent: GlobalPosition | null = null;
  /**
   * Topics of the notices sent at exactly `lastSent`: one event may give two notices (its page's,
   * and a notification), which share its position. Null when `lastSent` moved without a notice.
   */
  private topicsAtLastSent: Set<string> | null = null;
  private ended = false;

  /** When the tab is told to renew its session (clock ms), or null for credentials that don't expire. */
  readonly renewAtMs: number | null;

  constructor(
    private readonly response: Response,
    readonly principal: Principal,
    /** When the credentials that opened it stop being accepted (clock ms), or null. */
    expiresAtMs: number | null,
    connectedAtMs: number,
  ) {
    // A quarter of the token's life at most, so a short-lived token still gets most of its use.
    this.renewAtMs =
      expiresAtMs === null
        ? null
        : expiresAtMs - Math.min(RENEW_AHEAD_MS, Math.max(0, expiresAtMs - connectedAtMs) / 4);
  }

  open(): void {
    this.response.status(200);
    this.response.setHeader('content-type', 'text/event-stream; charset=utf-8');
    // no-transform: a compressing proxy would hold the events back until its buffer fills.
    this.response.setHeader('cache-control', 'no-store, no-transform');
    // nginx buffers responses unless told not to.
    this.response.setHeader('x-accel-buffering', 'no');
    this.response.flushHeaders();
    this.write(`retry: ${RECONNECT_AFTER_MS}\n\n`);
  }

  /** A live notice: held while replaying, dropped if the tab already has it. */
  deliver(notice: FeedNotice): void {
    if (this.backlog) this.backlog.push(notice);
    else this.sendNotice(notice);
  }

  /** Ends the replay: the missed notices, then whatever arrived meanwhile, then `ready`. */
  finishReplay(
    missed: readonly FeedNotice[],
    resumeAfter: GlobalPosition | null,
    outcome: 'resumed' | 'resync' | 'fresh',
  ): void {
    const backlog = this.backlog ?? [];
    this.backlog = null;
    if (outcome === 'resync') this.send('resync', {}, resumeAfter);
    else for (const notice of missed) this.sendNotice(notice);
    this.advanceTo(resumeAfter);
    for (const notice of backlog) this.sendNotice(notice);
    // Totals move with every event, and a coalesced ledger notice may have gone out while away.
    if (outcome === 'resumed') this.send('notice', { topic: 'ledger', ids: [] });
    // Its id tells even a fresh tab where it stands, so its next reconnect resumes rather than reloads.
    this.send('ready', { resumed: outcome !== 'fresh' });
  }

  /** A notice outside the feed (coalesced ledger totals, verification progress); `position`: everything up to it is delivered. */
  sendUnpositioned(notice: Notice, position?: GlobalPosition | null): void {
    if (!this.backlog) this.send('notice', notice, position);
  }

  /**
   * A comment keeps proxies from closing an idle stream; the `id` line moves the tab's resume
   * point to the watermark, so a tab that heard nothing for hours doesn't replay those hours.
   */
  heartbeat(watermark: GlobalPosition | null): void {
    if (this.backlog) return;
    this.advanceTo(watermark);
    this.write(`${this.idLine()}: keep-alive\n\n`);
  }

  close(event: ClosingEvent | null, position?: GlobalPosition | null): void {
    if (this.ended) return;
    // Mid-replay the tab keeps the id it came with, and replays again when it reconnects.
    if (event) this.send(event, {}, this.backlog ? undefined : position);
    this.end();
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.response.end();
  }

  private sendNotice(notice: FeedNotice): void {
    const order = comparePositions(notice.position, this.lastSent);
    if (order < 0 || (order === 0 && (this.topicsAtLastSent?.has(notice.topic) ?? true))) return;
    this.send('notice', { topic: notice.topic, ids: notice.ids }, notice.position);
    (this.topicsAtLastSent ??= new Set()).add(notice.topic);
  }

  /** Everything up to `position` has been delivered (positions only move forward). */
  private advanceTo(position: GlobalPosition | null | undefined): void {
    if (position && comparePositions(position, this.lastSent) > 0) {
      this.lastSent = position;
      this.topicsAtLastSent = null;
    }
  }

  /** Every event carries the resume point, so the browser's Last-Event-ID is always current. */
  private send(event: string, data: object, position?: GlobalPosition | null): void {
    if (!this.backlog) this.advanceTo(position);
    this.write(`${this.idLine()}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  private idLine(): string {
    return this.lastSent ? `id: ${this.lastSent}\n` : '';
  }

  private write(text: string): void {
    if (this.ended) return;
    if (this.response.writableLength > MAX_BUFFERED_BYTES) {
      // It reconnects with its Last-Event-ID when it wakes up, and misses nothing.
      this.end();
      return;
    }
    this.response.write(text);
    this.lastWriteMs = performance.now();
  }
}
