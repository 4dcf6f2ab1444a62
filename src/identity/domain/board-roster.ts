import { invariant } from '../../shared-kernel/invariant';
import type { Decider } from '../../shared-kernel/decider';
import type { UserEvent } from './user.events';
import { assertNever } from '../../shared-kernel/assert-never';

/**
 * `roster-board`: who sits on the board, kept in one stream so that a decision counting the
 * board (the conversion quorum) reads one short stream instead of every user stream or the
 * lagging `identity_users` read model.
 *
 * The truth stays on each `user-<id>` stream (RoleGranted/RoleRevoked). The event store has no
 * multi-stream transaction (EventStoreDB has none at all), so the roster is a copy written after
 * the user stream, and it must converge whatever the order of its writes: each seat is a
 * last-writer-wins register keyed by the user stream revision of the board-role event it copies.
 * A write that carries an older revision than the seat's is a no-op, so a slow writer holding a
 * stale fact can never undo a newer one, and re-writing the same fact writes nothing.
 */
export const BOARD_ROSTER_STREAM = 'roster-board';

export type BoardRosterEvent = {
  type: 'BoardSeatRecorded';
  data: { userId: string; onBoard: boolean; userRevision: string };
};

/** What one user stream says about the board: on it or not, since which revision of that stream (-1: never granted). */
export interface BoardSeat {
  onBoard: boolean;
  userRevision: bigint;
}

export interface BoardRosterState {
  seats: Readonly<Record<string, BoardSeat>>;
}

export const initialBoardRosterState: BoardRosterState = { seats: {} };

export function evolveBoardRoster(state: BoardRosterState, event: BoardRosterEvent): BoardRosterState {
  switch (event.type) {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- one event type today; the switch stays exhaustive (house style) for the next
    case 'BoardSeatRecorded': {
      const { userId, onBoard, userRevision } = event.data;
      const held = heldRevision(state, userId);
      // The last-writer-wins register only moves forward: an older fact must never overwrite a newer one.
      invariant(BigInt(userRevision) > held, 'board roster', 'a seat only moves to a newer user revision', {
        userId,
        userRevision,
        heldRevision: held.toString(),
      });
      return { seats: { ...state.seats, [userId]: { onBoard, userRevision: BigInt(userRevision) } } };
    }
    default:
      return assertNever(event.type);
  }
}

export const boardRosterDecider: Decider<BoardRosterState, BoardRosterEvent> = {
  initialState: initialBoardRosterState,
  evolve: evolveBoardRoster,
};

/** The board members, in id order. */
export function boardMembers(state: BoardRosterState): string[] {
  return Object.entries(state.seats)
    .filter(([, seat]) => seat.onBoard)
    .map(([userId]) => userId)
    .sort();
}

/** The one command on `roster-board`: copy a user's seat as their stream says it at `seat.userRevision`. */
export type BoardRosterCommand = { type: 'RecordBoardSeat'; userId: string; seat: BoardSeat };

/** The user revision the roster's seat of `userId` was copied at; -1 before the first. */
function heldRevision(state: BoardRosterState, userId: string): bigint {
  return Object.hasOwn(state.seats, userId) ? state.seats[userId].userRevision : -1n;
}

/** Copies a user's seat into the roster unless the roster already holds that fact or a newer one. */
export function decideBoardRoster({ userId, seat }: BoardRosterCommand, state: BoardRosterState): BoardRosterEvent[] {
  if (seat.userRevision < 0n || seat.userRevision <= heldRevision(state, userId)) return [];
  return [
    { type: 'BoardSeatRecorded', data: { userId, onBoard: seat.onBoard, userRevision: seat.userRevision.toString() } },
  ];
}

/** A user stream folded down to its board seat; it counts events because a stream's revisions are 0, 1, 2… */
export interface UserBoardSeat extends BoardSeat {
  eventsFolded: bigint;
}

export const userBoardSeatDecider: Decider<UserBoardSeat, UserEvent> = {
  initialState: { onBoard: false, userRevision: -1n, eventsFolded: 0n },
  evolve(state, event) {
    const revision = state.eventsFolded;
    const next = { ...state, eventsFolded: revision + 1n };
    if ((event.type === 'RoleGranted' || event.type === 'RoleRevoked') && event.data.role === 'board') {
      return { ...next, onBoard: event.type === 'RoleGranted', userRevision: revision };
    }
    return next;
  },
};
