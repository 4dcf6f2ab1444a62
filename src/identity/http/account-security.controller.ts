import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import type { z } from 'zod';
import { RespondsWith } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { UnauthenticatedError } from '../access/authenticator.service';
import { CurrentPrincipal, WriteContext } from '../access/current-principal.decorator';
import type { Principal } from '../access/principal';
import { AccountSecurityService } from '../accounts/account-security.service';
import { MfaResetService } from '../accounts/mfa-reset.service';
import type { CommandContext } from '../commands/user-stream.writer';
import {
  activeSessionsSchema,
  changePasswordSchema,
  mfaResetRequestedSchema,
  mfaResetRequestSchema,
  pendingMfaResetsSchema,
  requestIdParamSchema,
  resetLinkIssuedSchema,
  sessionIdParamSchema,
  sessionsEndedSchema,
  useResetLinkSchema,
} from './account-security.schemas';
import { userIdParamSchema } from './identity.schemas';

/** Account basics (#16 §9): password, sessions, reset links and the two-person MFA reset. */
@Controller('api/v1')
export class AccountSecurityController {
  constructor(
    private readonly security: AccountSecurityService,
    private readonly mfaResets: MfaResetService,
  ) {}

  @Post('auth/password')
  @HttpCode(200)
  @RespondsWith(sessionsEndedSchema)
  changePassword(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(changePasswordSchema)) body: z.infer<typeof changePasswordSchema>,
  ) {
    const { userId, sessionId } = accountSession(principal);
    return this.security.changePassword(userId, sessionId, body.currentPassword, body.newPassword);
  }

  @Get('auth/sessions')
  @RespondsWith(activeSessionsSchema)
  sessions(@CurrentPrincipal() principal: Principal) {
    const { userId, sessionId } = accountSession(principal);
    return this.security.activeSessions(userId, sessionId);
  }

  @Delete('auth/sessions/:sessionId')
  @HttpCode(204)
  async revokeSession(
    @CurrentPrincipal() principal: Principal,
    @Param('sessionId', new ZodValidationPipe(sessionIdParamSchema)) sessionId: string,
  ): Promise<void> {
    await this.security.revokeSession(accountSession(principal).userId, sessionId);
  }

  /** Public: the link is the credential. Rate-limited per address like sign-in. */
  @Post('auth/password-reset')
  @HttpCode(204)
  async useResetLink(
    @Body(new ZodValidationPipe(useResetLinkSchema)) body: z.infer<typeof useResetLinkSchema>,
  ): Promise<void> {
    await this.security.useReset(body.token, body.newPassword);
  }

  @Post('admin/users/:userId/password-reset')
  @RespondsWith(resetLinkIssuedSchema)
  issueResetLink(
    @CurrentPrincipal() principal: Principal,
    @Param('userId', new ZodValidationPipe(userIdParamSchema)) userId: string,
  ) {
    return this.security.issueReset(userId, accountSession(principal).userId);
  }

  @Post('admin/users/:userId/mfa-reset')
  @RespondsWith(mfaResetRequestedSchema)
  requestMfaReset(
    @CurrentPrincipal() principal: Principal,
    @Param('userId', new ZodValidationPipe(userIdParamSchema)) userId: string,
    @Body(new ZodValidationPipe(mfaResetRequestSchema)) body: z.infer<typeof mfaResetRequestSchema>,
    @WriteContext() context: CommandContext,
  ) {
    return this.mfaResets.request(userId, accountSession(principal).userId, body.reason, context.commandId);
  }

  @Get('compliance/mfa-resets')
  @RespondsWith(pendingMfaResetsSchema)
  pendingMfaResets() {
    return this.mfaResets.pending();
  }

  @Post('compliance/mfa-resets/:requestId/approve')
  @HttpCode(200)
  @RespondsWith(sessionsEndedSchema)
  approveMfaReset(
    @CurrentPrincipal() principal: Principal,
    @Param('requestId', new ZodValidationPipe(requestIdParamSchema)) requestId: string,
  ) {
    return this.mfaResets.approve(requestId, accountSession(principal).userId);
  }
}

/** These routes act for a person: an integration token has no account or session. */
function accountSession(principal: Principal): { userId: string; sessionId: string } {
  if (!principal.userId || !principal.sessionId)
    throw new UnauthenticatedError('Integration tokens have no account or sessions');
  return { userId: principal.userId, sessionId: principal.sessionId };
}
