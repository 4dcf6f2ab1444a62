import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { z } from 'zod';
import { WriteContext, type CommandContext } from '../../identity/identity.contract';
import { RespondsWith } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { AwardBadgeManually, DefineBadge, RevokeBadge } from '../commands/badge.commands';
import { BadgesQueries } from '../queries/badges.queries';
import { CredentialsQueries } from '../queries/credentials.queries';
import {
  achievementResponseSchema,
  awardBadgeSchema,
  badgeAwardResponseSchema,
  badgeCodeSchema,
  badgeDirectoryResponseSchema,
  badgeResponseSchema,
  badgeRevokedResponseSchema,
  defineBadgeSchema,
  definedBadgeResponseSchema,
  gamificationStatusResponseSchema,
  revokeBadgeSchema,
} from './badges.schemas';

const CodeParam = () => Param('code', new ZodValidationPipe(badgeCodeSchema));

@Controller('api')
export class BadgesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly badges: BadgesQueries,
    private readonly credentials: CredentialsQueries,
  ) {}

  /** The directory, public: every badge, its rule in words and how many hold it. */
  @Get('v1/badges')
  @RespondsWith(badgeDirectoryResponseSchema)
  directory() {
    return this.badges.directory();
  }

  /** The rule is validated by zod (badgeRuleSchema): a malformed one is a 400 before anything is written. */
  @Post('v1/badges')
  @RespondsWith(definedBadgeResponseSchema)
  define(
    @Body(new ZodValidationPipe(defineBadgeSchema)) body: z.infer<typeof defineBadgeSchema>,
    @WriteContext() context: CommandContext,
  ) {
    return this.commands.execute(new DefineBadge(body, context));
  }

  @Get('v1/badges/:code')
  @RespondsWith(badgeResponseSchema)
  badge(@CodeParam() code: string) {
    return this.badges.badge(code);
  }

  /** The badge as an Open Badges 3.0 Achievement, which its credentials embed. */
  @Get('v1/badges/:code/achievement')
  @RespondsWith(achievementResponseSchema)
  achievement(@CodeParam() code: string) {
    return this.credentials.achievement(code);
  }

  /** MANUAL badges only; awarding one already held answers 200 with awarded false. */
  @Post('v1/badges/:code/award')
  @HttpCode(200)
  @RespondsWith(badgeAwardResponseSchema)
  award(
    @CodeParam() code: string,
    @Body(new ZodValidationPipe(awardBadgeSchema)) body: z.infer<typeof awardBadgeSchema>,
    @WriteContext() context: CommandContext,
  ) {
    return this.commands.execute(new AwardBadgeManually(body.userId, code, body.reason, context));
  }

  /** Needs a reason; flips the credential's status bit, so anyone checking it sees the revocation. */
  @Post('v1/badges/:code/revoke')
  @HttpCode(200)
  @RespondsWith(badgeRevokedResponseSchema)
  revoke(
    @CodeParam() code: string,
    @Body(new ZodValidationPipe(revokeBadgeSchema)) body: z.infer<typeof revokeBadgeSchema>,
    @WriteContext() context: CommandContext,
  ) {
    return this.commands.execute(new RevokeBadge(body.userId, code, body.reason, context));
  }

  @Get('debug/gamification/status')
  @RespondsWith(gamificationStatusResponseSchema)
  status() {
    return this.badges.status();
  }
}
