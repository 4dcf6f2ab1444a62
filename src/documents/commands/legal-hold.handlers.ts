import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Knex } from 'knex';
import { StreamWriter, type WriteCause } from '../../platform/event-store/stream-writer.service';
import { derivedId } from '../../shared-kernel/ids';
import { KNEX } from '../../platform/platform.tokens';
import { placeLegalHold, releaseLegalHold } from '../domain/legal-hold.decide';
import { LEGAL_HOLDS_STREAM, type HoldScope } from '../domain/legal-hold.events';
import { legalHoldsDecider } from '../domain/legal-hold.state';
import { DocumentsStreamWriter } from './documents-stream.writer';

export class PlaceLegalHold extends Command<{ holdId: string }> {
  constructor(
    readonly hold: { scope: HoldScope; scopeId: string; reason: string; caseRef: string },
    readonly context: WriteCause,
  ) {
    super();
  }
}

export class ReleaseLegalHold extends Command<{ holdId: string; releasedAt: string }> {
  constructor(
    readonly holdId: string,
    readonly context: WriteCause,
  ) {
    super();
  }
}

/** Reason and case reference go to legal_hold_details first (they may name people); the event names the scope. */
@CommandHandler(PlaceLegalHold)
export class PlaceLegalHoldHandler implements ICommandHandler<PlaceLegalHold> {
  constructor(
    private readonly streams: StreamWriter,
    private readonly documents: DocumentsStreamWriter,
    @Inject(KNEX) private readonly knex: Knex,
  ) {}

  async execute({ hold, context }: PlaceLegalHold) {
    const holdId = derivedId(context.commandId, 'legal-hold');
    await this.knex('legal_hold_details')
      .insert({ hold_id: holdId, reason: hold.reason, case_ref: hold.caseRef })
      .onConflict('hold_id')
      .ignore();
    const placed = {
      holdId,
      scope: hold.scope,
      scopeId: hold.scopeId,
      placedBy: context.actorId as string,
      placedAt: this.documents.now(),
    };
    await this.streams.write(
      LEGAL_HOLDS_STREAM,
      legalHoldsDecider,
      context,
      (state) => placeLegalHold(state, placed),
      'accept',
    );
    return { holdId };
  }
}

@CommandHandler(ReleaseLegalHold)
export class ReleaseLegalHoldHandler implements ICommandHandler<ReleaseLegalHold> {
  constructor(
    private readonly streams: StreamWriter,
    private readonly documents: DocumentsStreamWriter,
  ) {}

  async execute({ holdId, context }: ReleaseLegalHold) {
    const now = this.documents.now();
    const result = await this.streams.write(
      LEGAL_HOLDS_STREAM,
      legalHoldsDecider,
      context,
      (state) => releaseLegalHold(state, holdId, context.actorId as string, now),
      'accept',
    );
    return { holdId, releasedAt: result.state.holds[holdId].releasedAt as string };
  }
}
