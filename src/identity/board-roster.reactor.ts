import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { RecordedEvent } from '../platform/event-store/event-store.port';
import type { Reactor } from '../platform/reactors/reactor';
import { SyncBoardSeat } from './commands/user.commands';

/**
 * The board roster's safety net: follows every board RoleGranted/RoleRevoked in the feed and
 * has the seat copied into `roster-board`. A grant or revocation copies it itself before
 * answering; this completes one whose process died between its two writes, and on the first
 * start of a deployment that predates the roster it copies the board from the whole history.
 * Each copy has the id of the fact it copies, so the second copy of a fact writes nothing.
 */
@Injectable()
export class BoardRosterReactor implements Reactor {
  readonly name = 'board_roster_process';
  readonly canHandle = ['RoleGranted', 'RoleRevoked'];

  constructor(private readonly commands: CommandBus) {}

  async react(events: readonly RecordedEvent[]): Promise<void> {
    // One copy per user and batch: it reads the user's seat as it is now, which covers all of the batch's events.
    const lastBoardEventOfUser = new Map(
      events
        .filter((event) => event.data.role === 'board')
        .map((event) => [event.streamId.slice('user-'.length), event.eventId]),
    );
    for (const [userId, eventId] of lastBoardEventOfUser)
      await this.commands.execute(new SyncBoardSeat(userId, eventId));
  }
}
