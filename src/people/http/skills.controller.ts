import { Body, Controller, Get, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { z } from 'zod';
import { WriteContext, type CommandContext } from '../../identity/identity.contract';
import { RespondsWith } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { DefineSkill } from '../commands/people.commands';
import { PersonStreams } from '../commands/person-streams';
import { defineSkillSchema, skillCatalogResponseSchema, skillSchema } from './people.schemas';

@Controller('api/v1')
export class SkillsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly people: PersonStreams,
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
}
