import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src/shared-kernel/json';
import type { RecordedEvent } from '../../../src/platform/event-store/event-store.port';
import { foldNotifications, keyed, type RememberedFacts } from '../../../projections/notifications/notifications-fold';
import { metadata } from '../../support/events';

let position = 0;
function recorded(streamId: string, type: string, data: JsonObject = {}): RecordedEvent {
  position += 1;
  return {
    streamId,
    revision: 0n,
    eventId: randomUUID(),
    type,
    data,
    metadata: metadata(),
    dataText: '{}',
    metadataText: '{}',
    position: `9:${position}`,
    prevHash: '',
    hash: '',
  };
}

const nothingRemembered = (): RememberedFacts => ({ assignees: new Map(), requesters: new Map(), members: null });
const recipients = (facts: RememberedFacts, events: RecordedEvent[]) =>
  foldNotifications(events.map(keyed), facts).notifications.map((row) => [row.kind, row.recipient_id]);

describe('foldNotifications: a batch folded in feed order, as one statement per event would have', () => {
  const [alice, bob, carol] = [randomUUID(), randomUUID(), randomUUID()];
  const task = randomUUID();
  const conversion = randomUUID();

  it('sends a review to whoever claimed the task last before it, in the same batch or remembered', () => {
    const facts = nothingRemembered();
    facts.assignees.set(task, alice);
    const events = [
      recorded(`task-${task}`, 'TaskReviewed', { verdict: 'ACCEPT' }),
      recorded(`task-${task}`, 'TaskClaimed', { assigneeId: bob }),
      recorded(`task-${task}`, 'TaskReviewed', { verdict: 'REJECT' }),
    ];
    expect(recipients(facts, events)).toEqual([
      ['REVIEW_ARRIVED', alice],
      ['REVIEW_ARRIVED', bob],
    ]);
    expect(foldNotifications(events.map(keyed), nothingRemembered()).assignees).toEqual(new Map([[task, bob]]));
  });

  it('keeps a conversion’s first requester, stored or earlier in the batch, and writes only a new one', () => {
    const stored = nothingRemembered();
    stored.requesters.set(conversion, alice);
    const events = [
      recorded(`conversion-${conversion}`, 'ConversionRequested', { userId: bob }),
      recorded(`conversion-${conversion}`, 'ConversionApproved'),
    ];
    const writes = foldNotifications(events.map(keyed), stored);
    expect(writes.requesters.size).toBe(0);
    expect(writes.notifications.map((row) => [row.outcome, row.recipient_id])).toEqual([['APPROVED', alice]]);
    expect(recipients(nothingRemembered(), events)).toEqual([['REQUEST_DECIDED', bob]]);
  });

  it('opens a window to the members at that point of the batch, and keeps each member’s last change', () => {
    const facts = { ...nothingRemembered(), members: new Set([alice]) };
    const window = randomUUID();
    const events = [
      recorded(`user-${bob}`, 'RoleGranted', { role: 'member' }),
      recorded(`user-${alice}`, 'RoleRevoked', { role: 'member' }),
      recorded(`user-${carol}`, 'RoleGranted', { role: 'board' }),
      recorded(`window-${window}`, 'WindowOpened'),
      recorded(`user-${alice}`, 'RoleGranted', { role: 'member' }),
    ];
    expect(recipients(facts, events)).toEqual([['WINDOW_OPENED', bob]]);
    expect(foldNotifications(events.map(keyed), nothingRemembered()).membership).toEqual(
      new Map([
        [bob, true],
        [alice, true],
      ]),
    );
  });

  it('pays BUZ to the wallet’s owner only, and stores a NUL-bearing task id as no subject', () => {
    const rows = foldNotifications(
      [
        recorded(`wallet-${alice}`, 'BuzIssued', { taskId: 'x\u0000', amountBuz: '40' }),
        recorded(`treasury-${bob}`, 'BuzIssued', { taskId: task, amountBuz: '40' }),
      ].map(keyed),
      nothingRemembered(),
    ).notifications;
    expect(rows).toEqual([expect.objectContaining({ recipient_id: alice, subject_id: null, amount_buz: '40' })]);
  });
});
