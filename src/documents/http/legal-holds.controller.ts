import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Knex } from 'knex';
import { z } from 'zod';
import { WriteContext } from '../../identity/identity.contract';
import type { WriteCause } from '../../platform/event-store/stream-writer.service';
import { RespondsWith } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { KNEX } from '../../platform/platform.tokens';
import { DocumentsStreamWriter } from '../commands/documents-stream.writer';
import { PlaceLegalHold, ReleaseLegalHold } from '../commands/legal-hold.handlers';
import { HOLD_SCOPES } from '../domain/legal-hold.events';
import { emptyBodySchema, text } from './documents.schemas';

const placeHoldSchema = z
  .object({
    scope: z.enum(HOLD_SCOPES, { error: `scope must be one of: ${HOLD_SCOPES.join(', ')}` }),
    scopeId: z.uuid({ error: 'scopeId must be a UUID' }),
    reason: text('reason', 3, 2000),
    caseRef: text('caseRef', 1, 200),
  })
  .strict();

const timestamp = z.iso.datetime();
export const holdPlacedSchema = z.object({ holdId: z.uuid() });
const holdReleasedSchema = z.object({ holdId: z.uuid(), releasedAt: timestamp });
export const holdsSchema = z.object({
  holds: z.array(
    z.object({
      holdId: z.uuid(),
      scope: z.enum(HOLD_SCOPES),
      scopeId: z.string(),
      placedBy: z.string(),
      placedAt: timestamp,
      releasedAt: timestamp.nullable(),
      reason: z.string().nullable(),
      caseRef: z.string().nullable(),
    }),
  ),
});

/** Compliance places and releases legal holds; each blocks archive, delete, share clean-up, purge and erasure in its scope. */
@Controller('api/v1/legal-holds')
export class LegalHoldsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly documents: DocumentsStreamWriter,
    @Inject(KNEX) private readonly knex: Knex,
  ) {}

  @Post()
  @RespondsWith(holdPlacedSchema)
  place(
    @Body(new ZodValidationPipe(placeHoldSchema)) body: z.infer<typeof placeHoldSchema>,
    @WriteContext() context: WriteCause,
  ) {
    return this.commands.execute(new PlaceLegalHold(body, context));
  }

  @Post(':holdId/release')
  @HttpCode(200)
  @RespondsWith(holdReleasedSchema)
  release(
    @Param('holdId', new ZodValidationPipe(z.uuid({ error: 'holdId must be a UUID' }))) holdId: string,
    @Body(new ZodValidationPipe(emptyBodySchema)) _body: unknown,
    @WriteContext() context: WriteCause,
  ) {
    return this.commands.execute(new ReleaseLegalHold(holdId, context));
  }

  /** Every hold, newest first, from the holds stream; reason and case reference from legal_hold_details. */
  @Get()
  @RespondsWith(holdsSchema)
  async list() {
    const holds = Object.values((await this.documents.loadHolds()).holds).sort((a, b) =>
      b.placedAt.localeCompare(a.placedAt),
    );
    const details = new Map(
      (
        await this.knex<{ hold_id: string; reason: string; case_ref: string }>('legal_hold_details').whereIn(
          'hold_id',
          holds.map((hold) => hold.holdId),
        )
      ).map((row) => [row.hold_id, row]),
    );
    return {
      holds: holds.map((hold) => ({
        ...hold,
        reason: details.get(hold.holdId)?.reason ?? null,
        caseRef: details.get(hold.holdId)?.case_ref ?? null,
      })),
    };
  }
}
