import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/identity/identity.contract';
import { LiveConnection } from '../../../src/live/live-connection';
import { notificationNoticeOf, type FeedNotice } from '../../../src/live/notices';
import type { RecordedEvent } from '../../../src/platform/event-store/event-store.port';
import { metadata } from '../../support/events';

function recorded(type: string, position = '7:3'): RecordedEvent {
  return {
    streamId: `wallet-${randomUUID()}`,
    revision: 0n,
    eventId: randomUUID(),
    type,
    data: {},
    metadata: metadata(),
    dataText: '{}',
    metadataText: '{}',
    position,
    prevHash: '',
    hash: '',
  };
}

/** The part of an HTTP response a stream writes to: what it wrote, as SSE text. */
function sseResponse(): { response: Response; written: string[] } {
  const written: string[] = [];
  const response = {
    writableLength: 0,
    status: () => response,
    setHeader: () => response,
    flushHeaders: () => undefined,
    write: (text: string) => written.push(text),
    end: () => undefined,
  };
  return { response: response as unknown as Response, written };
}

const principal = { userId: randomUUID(), roles: ['member'] } as unknown as Principal;
const notice = (topic: FeedNotice['topic'], position: string): FeedNotice => ({
  topic,
  ids: [topic],
  position,
  audience: { userIds: [], roles: [], everyone: false },
  readModel: null,
});
const noticesIn = (written: string[]) =>
  written.filter((text) => text.includes('event: notice')).map((text) => /"topic":"(\w+)"/.exec(text)?.[1]);

describe('notification notices', () => {
  it('come from the events that notify someone, addressed to nobody until the projection names them', () => {
    const event = recorded('BuzIssued');
    expect(notificationNoticeOf(event)).toEqual({
      topic: 'notification',
      ids: [event.eventId],
      position: '7:3',
      audience: { userIds: [], roles: [], everyone: false },
      readModel: 'notifications',
      notifiesRecipients: true,
    });
    expect(notificationNoticeOf(recorded('BuzLocked'))).toBeNull();
    expect(notificationNoticeOf(recorded('TaskSubmitted'))).toBeNull();
  });

  it('reach a tab next to the page notice of the same event, each topic once per position', () => {
    const { response, written } = sseResponse();
    const connection = new LiveConnection(response, principal, null, 0);
    connection.open();
    connection.finishReplay([], '7:2', 'fresh');
    connection.deliver(notice('wallet', '7:3'));
    connection.deliver(notice('notification', '7:3'));
    connection.deliver(notice('notification', '7:3'));
    connection.deliver(notice('wallet', '7:1'));
    expect(noticesIn(written)).toEqual(['wallet', 'notification']);
  });

  it('are not sent again at a position the tab already reached without them (its resume point)', () => {
    const { response, written } = sseResponse();
    const connection = new LiveConnection(response, principal, null, 0);
    connection.open();
    connection.finishReplay([], '7:3', 'resumed');
    connection.deliver(notice('notification', '7:3'));
    connection.deliver(notice('notification', '7:4'));
    expect(noticesIn(written)).toEqual(['ledger', 'notification']);
    expect(written.at(-1)).toContain('id: 7:4');
  });
});
