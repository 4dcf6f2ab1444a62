import { request as httpRequest, type IncomingMessage } from 'node:http';
import { expect } from 'vitest';
import { comparePositions } from '../../src/platform/event-store/feed-position';
import { LiveFeed } from '../../src/live/live-feed.service';
import { sseBlockSplitter } from '../../src/live/sse-blocks';
import type { TestApp } from './test-app';

/** One Server-Sent Event as a browser would dispatch it (`id` is the stream's last id at that point). */
export interface LiveEvent {
  event: string;
  data: Record<string, unknown>;
  id: string | null;
}

export interface LiveStream {
  status: number;
  headers: IncomingMessage['headers'];
  /** Every event dispatched so far, in order. */
  events: LiveEvent[];
  /** The last `id:` seen, including those of heartbeats, which move it without an event. */
  lastEventId(): string | null;
  /** Resolves with the first event (from the start) that matches; rejects if the stream ends first. */
  next(matches: (event: LiveEvent) => boolean, timeoutMs?: number): Promise<LiveEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/**
 * A minimal EventSource over node:http that keeps every event, for tests: it parses the stream
 * exactly as the WHATWG spec says (fields, comments, id-only messages), but never reconnects.
 */
export function openLiveStream(
  baseUrl: string,
  headers: Record<string, string>,
  options: { lastEventId?: string; query?: string } = {},
): Promise<LiveStream> {
  const url = new URL(`/api/v1/live${options.query ?? ''}`, baseUrl);
  const sent = {
    accept: 'text/event-stream',
    ...headers,
    ...(options.lastEventId ? { 'last-event-id': options.lastEventId } : {}),
  };
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { headers: sent }, (response) => {
      const events: LiveEvent[] = [];
      const waiters = new Set<() => void>();
      let lastId: string | null = null;
      let finished = false;
      const ended = new Promise<void>((done) =>
        response.on('close', () => {
          finished = true;
          waiters.forEach((wake) => wake());
          done();
        }),
      );
      const split = sseBlockSplitter((block) => {
        const parsed = parseBlock(block, lastId);
        lastId = parsed.id;
        if (parsed.event) events.push(parsed.event);
      });
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        split(chunk);
        waiters.forEach((wake) => wake());
      });
      const next = (matches: (event: LiveEvent) => boolean, timeoutMs = 15_000) =>
        new Promise<LiveEvent>((found, failed) => {
          const timer = setTimeout(
            () =>
              finish(() =>
                failed(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events)}`)),
              ),
            timeoutMs,
          );
          const look = () => {
            const event = events.find(matches);
            if (event) finish(() => found(event));
            else if (finished)
              finish(() =>
                failed(new Error(`the stream ended without a matching event; got ${JSON.stringify(events)}`)),
              );
          };
          const finish = (settle: () => void) => {
            clearTimeout(timer);
            waiters.delete(look);
            settle();
          };
          waiters.add(look);
          look();
        });
      resolve({
        status: response.statusCode ?? 0,
        headers: response.headers,
        events,
        lastEventId: () => lastId,
        next,
        ended,
        close: () => outgoing.destroy(),
      });
    });
    outgoing.on('error', (error) => reject(error));
    outgoing.end();
  });
}

function parseBlock(block: string, previousId: string | null): { id: string | null; event: LiveEvent | null } {
  let id = previousId;
  let type = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return { id, event: null };
  return { id, event: { event: type, data: JSON.parse(data.join('\n')) as Record<string, unknown>, id } };
}

/** The notices (not the control events) a stream received, as `topic:id` strings. */
export function noticesOf(stream: LiveStream): string[] {
  return stream.events
    .filter((event) => event.event === 'notice')
    .map((event) => `${String(event.data.topic)}:${(event.data.ids as string[]).join(',')}`);
}

export interface CookieSession {
  /** The Cookie header a browser sends to /api (and /api/v1/auth for the refresh cookie). */
  cookie: string;
  csrfToken: string;
}

/** Signs in as the portal does: the tokens come back as cookies. */
export async function cookieSession(baseUrl: string, email: string, password: string): Promise<CookieSession> {
  const response = await fetch(new URL('/api/v1/auth/login', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, session: 'cookie' }),
  });
  if (response.status !== 200) throw new Error(`cookie sign-in answered ${response.status}`);
  const body = (await response.json()) as { csrfToken: string };
  return { cookie: cookiesOf(response), csrfToken: body.csrfToken };
}

/** What the portal does when its access token ran out: swap the refresh cookie for new cookies. */
export async function refreshCookieSession(baseUrl: string, session: CookieSession): Promise<CookieSession> {
  const response = await fetch(new URL('/api/v1/auth/refresh', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrfToken },
    body: '{}',
  });
  if (response.status !== 200) throw new Error(`refresh answered ${response.status}`);
  const body = (await response.json()) as { csrfToken: string };
  return { cookie: cookiesOf(response), csrfToken: body.csrfToken };
}

function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

/**
 * Resolves once this instance's live feed has released every event stored so far: a stream
 * opened after it hears only of later writes (a test's own sign-up would otherwise arrive late).
 */
export async function liveSettled(app: TestApp): Promise<void> {
  const { rows } = await app.database.pool.query<{ last: string }>(
    "select tx_id::text || ':' || global_position as last from events order by tx_id desc, global_position desc limit 1",
  );
  const last = rows[0]?.last ?? null;
  const feed = app.app.get(LiveFeed);
  await expect.poll(() => comparePositions(feed.watermark, last), { timeout: 60_000 }).toBeGreaterThanOrEqual(0);
}
