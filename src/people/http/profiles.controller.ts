import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { z } from 'zod';
import {
  CurrentPrincipal,
  WriteContext,
  type Principal,
  type CommandContext,
  userIdParamSchema,
} from '../../identity/identity.contract';
import { RespondsWith } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { AddSkill, Endorse, UpdateProfile, VerifySkill } from '../commands/people.commands';
import { PeopleQueries } from '../queries/people.queries';
import { PortfolioQueries } from '../queries/portfolio.queries';
import { SkillVerifierQueries } from '../queries/skill-verifier.queries';
import {
  addSkillSchema,
  endorseSchema,
  endorsementResponseSchema,
  ownProfileResponseSchema,
  profilePatchSchema,
  profileResponseSchema,
  profileUpdatedResponseSchema,
  skillAddedResponseSchema,
  skillSlugSchema,
  skillVerifiedResponseSchema,
  skillVerifierResponseSchema,
  verifySkillSchema,
} from './people.schemas';
import { portfolioResponseSchema } from './portfolio.schemas';
import { Viewer } from './viewer';

const UserIdParam = () => Param('userId', new ZodValidationPipe(userIdParamSchema));
const me = (principal: Principal) => principal.userId as string;

/** `me` routes come first: Nest matches in order, and `me` is no user id. */
@Controller('api/v1/profiles')
export class ProfilesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly people: PeopleQueries,
    private readonly portfolios: PortfolioQueries,
    private readonly verifiers: SkillVerifierQueries,
  ) {}

  @Get('me')
  @RespondsWith(ownProfileResponseSchema)
  own(@CurrentPrincipal() principal: Principal) {
    return this.people.ownProfile(me(principal), principal);
  }

  @Patch('me')
  @RespondsWith(profileUpdatedResponseSchema)
  update(
    @Body(new ZodValidationPipe(profilePatchSchema)) body: z.infer<typeof profilePatchSchema>,
    @WriteContext() context: CommandContext,
  ) {
    return this.commands.execute(new UpdateProfile(context.actorId as string, body, context));
  }

  @Post('me/skills')
  @RespondsWith(skillAddedResponseSchema)
  addSkill(
    @Body(new ZodValidationPipe(addSkillSchema)) body: z.infer<typeof addSkillSchema>,
    @WriteContext() context: CommandContext,
  ) {
    return this.commands.execute(
      new AddSkill(context.actorId as string, { ...body, evidenceUrl: body.evidenceUrl ?? null }, context),
    );
  }

  /** 5 a UTC day per endorser: the sixth is a 429 with Retry-After until midnight UTC. */
  @Post('me/endorse')
  @RespondsWith(endorsementResponseSchema)
  endorse(
    @Body(new ZodValidationPipe(endorseSchema)) body: z.infer<typeof endorseSchema>,
    @WriteContext() context: CommandContext,
  ) {
    return this.commands.execute(
      new Endorse(
        context.actorId as string,
        { userId: body.userId, skillSlug: body.skillSlug, note: body.note ?? null },
        context,
      ),
    );
  }

  @Get(':userId')
  @RespondsWith(profileResponseSchema)
  profile(@UserIdParam() userId: string, @Viewer() viewer: Principal | null) {
    return this.people.profile(userId, viewer);
  }

  @Get(':userId/portfolio')
  @RespondsWith(portfolioResponseSchema)
  portfolio(@UserIdParam() userId: string, @Viewer() viewer: Principal | null) {
    return this.portfolios.portfolio(userId, viewer);
  }

  /** Whether the caller may verify this member's skills (the portal's Verify button), and the task to name. */
  @Get(':userId/skill-verifier')
  @RespondsWith(skillVerifierResponseSchema)
  skillVerifier(@UserIdParam() userId: string, @CurrentPrincipal() principal: Principal) {
    return this.verifiers.forViewer(userId, principal);
  }

  /** A venture owner names the accepted task the member did for them; an admin needs none. */
  @Post(':userId/skills/:skillSlug/verify')
  @HttpCode(200)
  @RespondsWith(skillVerifiedResponseSchema)
  verify(
    @UserIdParam() userId: string,
    @Param('skillSlug', new ZodValidationPipe(skillSlugSchema)) skillSlug: string,
    @Body(new ZodValidationPipe(verifySkillSchema)) body: z.infer<typeof verifySkillSchema>,
    @CurrentPrincipal() principal: Principal,
    @WriteContext() context: CommandContext,
  ) {
    const verifier = { userId: me(principal), isAdmin: principal.roles.includes('admin') && principal.mfaVerified };
    return this.commands.execute(new VerifySkill(userId, skillSlug, body?.taskId ?? null, verifier, context));
  }
}
