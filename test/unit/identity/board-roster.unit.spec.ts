import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  boardMembers,
  boardRosterDecider,
  decideBoardRoster,
  userBoardSeatDecider,
  type BoardRosterEvent,
  type BoardRosterState,
  type BoardSeat,
} from '../../../src/identity/domain/board-roster';
import type { UserEvent } from '../../../src/identity/domain/user.events';
import { deciderSpec } from '../../support/decider-spec';

const roster = deciderSpec({ ...boardRosterDecider, decide: decideBoardRoster });
const seatRecorded = (userId: string, onBoard: boolean, userRevision: string): BoardRosterEvent => ({
  type: 'BoardSeatRecorded',
  data: { userId, onBoard, userRevision },
});
const record = (userId: string, onBoard: boolean, userRevision: bigint) =>
  ({ type: 'RecordBoardSeat', userId, seat: { onBoard, userRevision } }) as const;

const USERS = ['u1', 'u2', 'u3'];

/** One user stream event: a board grant or revocation, or something unrelated to the board. */
type Step = { userId: string; kind: 'grant' | 'revoke' | 'other' };

function userEvent(kind: Step['kind']): UserEvent {
  if (kind === 'grant') return { type: 'RoleGranted', data: { role: 'board', grantedBy: 'admin' } };
  if (kind === 'revoke') return { type: 'RoleRevoked', data: { role: 'board', revokedBy: 'admin', reason: null } };
  return {
    type: 'DevicePostureReported',
    data: { deviceId: 'laptop', diskEncrypted: true, osUpToDate: true, screenLock: true, compliant: true },
  };
}

/** Every seat each user's stream showed along the way: what a sync could have read at any moment. */
/** The next number of fast-check's infinite stream, which never ends. */
function nextOf(stream: Iterator<number>): number {
  const next = stream.next();
  if (next.done === true) throw new Error('the infinite stream ended');
  return next.value;
}

function seatsSeen(steps: readonly Step[]): { userId: string; seat: BoardSeat }[] {
  const folded = new Map(USERS.map((userId) => [userId, userBoardSeatDecider.initialState]));
  const seen: { userId: string; seat: BoardSeat }[] = [];
  for (const step of steps) {
    const before = folded.get(step.userId);
    if (!before) throw new Error(`${step.userId} is not one of USERS`);
    const seat = userBoardSeatDecider.evolve(before, userEvent(step.kind));
    folded.set(step.userId, seat);
    seen.push({ userId: step.userId, seat: { onBoard: seat.onBoard, userRevision: seat.userRevision } });
  }
  return seen;
}

function applySyncs(syncs: readonly { userId: string; seat: BoardSeat }[]): BoardRosterState {
  return syncs.reduce(
    (roster, { userId, seat }) =>
      decideBoardRoster({ type: 'RecordBoardSeat', userId, seat }, roster).reduce(boardRosterDecider.evolve, roster),
    boardRosterDecider.initialState,
  );
}

describe('the board roster', () => {
  it('records the revision of the board event it copies, and ignores events that are not about the board', () => {
    const [granted, other, revoked] = seatsSeen([
      { userId: 'u1', kind: 'grant' },
      { userId: 'u1', kind: 'other' },
      { userId: 'u1', kind: 'revoke' },
    ]);
    expect(granted.seat).toEqual({ onBoard: true, userRevision: 0n });
    expect(other.seat).toEqual({ onBoard: true, userRevision: 0n });
    expect(revoked.seat).toEqual({ onBoard: false, userRevision: 2n });
  });

  it('writes nothing for a fact it holds or one older than it holds, and nothing for a user never on the board', () => {
    const revoked = seatRecorded('u1', false, '4');
    roster
      .given(revoked)
      .when(record('u1', false, 4n))
      .thenNothingHappened();
    roster
      .given(revoked)
      .when(record('u1', true, 2n))
      .thenNothingHappened();
    roster
      .given(revoked)
      .when(record('u2', false, -1n))
      .thenNothingHappened();
    roster
      .given(revoked)
      .when(record('u1', true, 6n))
      .then(seatRecorded('u1', true, '6'));
    roster
      .given()
      .when(record('u2', true, 0n))
      .then(seatRecorded('u2', true, '0'));
  });

  it('ends with the board the user streams say, whatever the order and repetition of the copies', () => {
    const step = fc.record({
      userId: fc.constantFrom(...USERS),
      kind: fc.constantFrom<Step['kind']>('grant', 'revoke', 'other'),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), fc.infiniteStream(fc.nat()), (steps, choices) => {
        const seen = seatsSeen(steps);
        // Each copy may run late, twice, or after a newer one; the final copy of each user's latest seat is always made.
        const copies = [...seen, ...seen.filter(() => nextOf(choices) % 2 === 0)];
        const shuffled = copies
          .map((copy) => ({ copy, key: nextOf(choices) }))
          .sort((a, b) => a.key - b.key)
          .map(({ copy }) => copy);
        const expected = USERS.filter(
          (userId) => seen.filter((copy) => copy.userId === userId).at(-1)?.seat.onBoard === true,
        );
        expect(boardMembers(applySyncs(shuffled))).toEqual(expected);
      }),
    );
  });

  it('keeps its invariant: a seat only moves to a newer user revision, so no stale copy can undo a newer one', () => {
    roster
      .given(seatRecorded('u1', true, '4'), seatRecorded('u1', false, '2'))
      .thenViolates('a seat only moves to a newer user revision');
    roster
      .given(seatRecorded('u1', true, '4'), seatRecorded('u1', true, '4'))
      .thenViolates('a seat only moves to a newer user revision');
  });
});
