import { Body, Controller, Get, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { z } from 'zod';
import { WriteContext, type CommandContext } from '../../identity/identity.contract';
import { RespondsWith } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { DefineSkill } from '../commands/people.commands';
import type { RingKind } from '../domain/endorsement-rings';
import { PersonStreams } from '../commands/person-streams';
import {
  defineSkillSchema,
  endorsementFlagsResponseSchema,
  skillCatalogResponseSchema,
  skillSchema,
} from './people.schemas';
import type { Knex } from 'knex';
import { KNEX } from '../../platform/platform.tokens';

/** An `endorsement_flags` row as pg returns it (uuid[] columns as arrays). */
interface EndorsementFlagRow {
  flag_id: string;
  kind: RingKind;
  member_ids: string[];
  endorsement_ids: string[];
  day: string;
  flagged_at: string;
}

@Controller('api/v1')
export class SkillsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly people: PersonStreams,
    @Inject(KNEX) private readonly knex: Knex,
  ) {}

  /** The catalog: the seeded skills and those admins added, by category then name. */
  @Get('skills')
  @RespondsWith(skillCatalogResponseSchema)
  async catalog() {
    const skills = Object.values((await this.people.catalog()).skills).sort(
      (a, b) => a.category.localeCompare(b.category) || a.name.localeCompare(b.name),
    );
    return { skills };
  }

  @Post('skills')
  @RespondsWith(skillSchema)
  define(
    @Body(new ZodValidationPipe(defineSkillSchema)) body: z.infer<typeof defineSkillSchema>,
    @WriteContext() context: CommandContext,
  ) {
    return this.commands.execute(new DefineSkill(body, context));
  }

  /** Reciprocal endorsement rings for review: flagged, never blocked. */
  @Get('compliance/endorsement-flags')
  @RespondsWith(endorsementFlagsResponseSchema)
  async flags() {
    const rows = await this.knex<EndorsementFlagRow>('endorsement_flags').orderBy('flagged_at', 'desc').limit(500);
    return {
      flags: rows.map((row) => ({
        flagId: row.flag_id,
        kind: row.kind,
        memberIds: row.member_ids,
        endorsementIds: row.endorsement_ids,
        day: row.day,
        flaggedAt: row.flagged_at,
      })),
    };
  }
}
