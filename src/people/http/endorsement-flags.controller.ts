import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Knex } from 'knex';
import type { z } from 'zod';
import { WriteContext, type CommandContext } from '../../identity/identity.contract';
import { RespondsWith } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { KNEX } from '../../platform/platform.tokens';
import { ReviewEndorsementRing } from '../commands/people.commands';
import type { RingKind, RingReviewOutcome } from '../domain/endorsement-rings';
import {
  endorsementFlagsResponseSchema,
  flagIdParamSchema,
  ringFlagsQuerySchema,
  ringReviewedResponseSchema,
  ringReviewSchema,
} from './people.schemas';

/** An `endorsement_flags` row as pg returns it (uuid[] columns as arrays), with its review note. */
interface EndorsementFlagRow {
  flag_id: string;
  kind: RingKind;
  member_ids: string[];
  endorsement_ids: string[];
  day: string;
  flagged_at: string;
  reviewed_by: string | null;
  reviewed_at: string | null;
  review_outcome: RingReviewOutcome | null;
  note: string | null;
}

/** Reciprocal endorsement rings for compliance: flagged, never blocked, and reviewed once. */
@Controller('api/v1/compliance/endorsement-flags')
export class EndorsementFlagsController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(KNEX) private readonly knex: Knex,
  ) {}

  /** The 500 newest flags; `status=open` for those nobody has reviewed yet. */
  @Get()
  @RespondsWith(endorsementFlagsResponseSchema)
  async flags(@Query(new ZodValidationPipe(ringFlagsQuerySchema)) query: z.infer<typeof ringFlagsQuerySchema>) {
    const listed = this.knex('endorsement_flags').leftJoin(
      'endorsement_flag_notes',
      'endorsement_flag_notes.flag_id',
      'endorsement_flags.flag_id',
    );
    if (query.status === 'open') listed.whereNull('endorsement_flags.reviewed_at');
    if (query.status === 'reviewed') listed.whereNotNull('endorsement_flags.reviewed_at');
    const rows: EndorsementFlagRow[] = await listed
      .orderBy([
        { column: 'endorsement_flags.flagged_at', order: 'desc' },
        { column: 'endorsement_flags.flag_id', order: 'asc' },
      ])
      .limit(500)
      .select('endorsement_flags.*', 'endorsement_flag_notes.note');
    return { flags: rows.map(toFlag) };
  }

  /** Dismissed (colleagues, not collusion) or confirmed; once, by compliance or an admin outside the ring. */
  @Post(':flagId/review')
  @HttpCode(200)
  @RespondsWith(ringReviewedResponseSchema)
  review(
    @Param('flagId', new ZodValidationPipe(flagIdParamSchema)) flagId: string,
    @Body(new ZodValidationPipe(ringReviewSchema)) body: z.infer<typeof ringReviewSchema>,
    @WriteContext() context: CommandContext,
  ) {
    return this.commands.execute(
      new ReviewEndorsementRing(flagId, { outcome: body.outcome, note: body.note ?? null }, context),
    );
  }
}

function toFlag(row: EndorsementFlagRow) {
  const { reviewed_by: reviewedBy, reviewed_at: reviewedAt, review_outcome: outcome } = row;
  return {
    flagId: row.flag_id,
    kind: row.kind,
    memberIds: row.member_ids,
    endorsementIds: row.endorsement_ids,
    day: row.day,
    flaggedAt: row.flagged_at,
    review:
      reviewedBy !== null && reviewedAt !== null && outcome !== null
        ? { outcome, reviewedBy, reviewedAt, note: row.note }
        : null,
  };
}
