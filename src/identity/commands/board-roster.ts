import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { stateCache } from '../../platform/event-store/stream-decider';
import { StreamStateCache } from '../../platform/event-store/stream-state-cache';
import { StreamWriter, type WriteCause } from '../../platform/event-store/stream-writer.service';
import { derivedId } from '../../shared-kernel/ids';
import {
  BOARD_ROSTER_STREAM,
  boardMembers,
  boardRosterDecider,
  decideBoardRoster,
  userBoardSeatDecider,
} from '../domain/board-roster';
import { userStream } from '../domain/user.events';

/** The board as the log records it, for a decision: its members and the roster revision they were read at. */
export interface BoardAtRevision {
  members: string[];
  rosterRevision: bigint;
}

/**
 * Keeps `roster-board` in step with the users' board roles, and reads it for decisions.
 *
 * Why a roster stream written second, and not one atomic write: the port appends to one stream
 * at a time, and EventStoreDB has no multi-stream transaction, so "user stream and roster in
 * one append" cannot hold on both adapters. Instead every write of a board role is followed by
 * `sync`, which copies the user's seat as the user stream now says it, at an exact roster
 * revision (a race re-reads and decides again), with an event id derived from the user and the
 * revision it copies. The copy converges in any order and under any repetition (see
 * `recordBoardSeat`); the grant or revocation answers only after its copy is written, so a vote
 * sent after that answer is counted on the new board. If the process dies between the two
 * writes, retrying the command, or the board roster process manager that follows every
 * RoleGranted/RoleRevoked in the feed, completes the copy.
 */
@Injectable()
export class BoardRoster {
  private readonly seats = new StreamStateCache();

  constructor(
    private readonly streams: StreamWriter,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** Copies the user's board seat as their stream says it now; the cause's own command id is replaced by one derived from the fact. */
  async sync(userId: string, cause: WriteCause): Promise<void> {
    const { state: seat } = await this.seats.load(this.store, userStream(userId), userBoardSeatDecider);
    if (seat.userRevision < 0n) return;
    const commandId = derivedId('board-seat', userId, seat.userRevision.toString());
    await this.streams.write(
      BOARD_ROSTER_STREAM,
      boardRosterDecider,
      { ...cause, commandId },
      (roster) => decideBoardRoster({ type: 'RecordBoardSeat', userId, seat }, roster),
      'accept',
    );
  }

  /** Reads every roster event appended since this process last looked: never a cached answer. */
  async current(): Promise<BoardAtRevision> {
    const roster = await stateCache.load(this.store, BOARD_ROSTER_STREAM, boardRosterDecider);
    return { members: boardMembers(roster.state), rosterRevision: roster.revision };
  }
}
