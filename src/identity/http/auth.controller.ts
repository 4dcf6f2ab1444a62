import { Body, Controller, Get, Headers, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../../platform/config/app-config';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { RespondsWith } from '../../platform/http/responds-with';
import {
  loginResponseSchema,
  meResponseSchema,
  mfaEnrolmentSchema,
  recoveryCodesSchema,
  registeredSchema,
  sessionSchema,
} from './identity.responses';
import { UnauthenticatedError } from '../access/authenticator.service';
import { CurrentPrincipal, idempotencyKeySchema } from '../access/current-principal.decorator';
import type { AuthenticatedRequest, Principal } from '../access/principal';
import {
  REFRESH_COOKIE,
  clearSessionCookies,
  readCookie,
  requireCsrf,
  setSessionCookies,
} from '../access/session-cookies';
import { AuthService } from '../accounts/auth.service';
import type { IssuedTokens } from '../accounts/session-issuer.service';
import { MfaService } from '../accounts/mfa.service';
import { loginSchema, mfaVerifySchema, refreshSchema, registerSchema, totpCodeSchema } from './auth.schemas';
import { AccountQueries } from '../queries/account.queries';
import type { z } from 'zod';

/** Sign-up, sign-in (cookie or bearer), refresh, sign-out and TOTP. */
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly mfa: MfaService,
    private readonly accounts: AccountQueries,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** 201 `{ userId }` for a new email, 409 for a taken one whatever the password; never a session. */
  @Post('register')
  @RespondsWith(registeredSchema)
  register(
    @Body(new ZodValidationPipe(registerSchema)) body: z.infer<typeof registerSchema>,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ) {
    return this.auth.register(
      body.email,
      body.password,
      idempotencyKey === undefined ? null : idempotencyKeySchema.parse(idempotencyKey),
    );
  }

  @Post('login')
  @HttpCode(200)
  @RespondsWith(loginResponseSchema)
  async login(
    @Body(new ZodValidationPipe(loginSchema)) body: z.infer<typeof loginSchema>,
    @Res({ passthrough: true }) response: Response,
  ) {
    const issued = await this.auth.login(body.email, body.password, body.session);
    return { ...this.deliver(issued, body.session, response), ...(await this.accounts.sessionFlags(issued.userId)) };
  }

  /** Bearer clients send `{ refreshToken }`; the portal's refresh token is in its cookie. */
  @Post('refresh')
  @HttpCode(200)
  @RespondsWith(sessionSchema)
  async refresh(
    @Body(new ZodValidationPipe(refreshSchema)) body: z.infer<typeof refreshSchema>,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const transport = body.refreshToken ? 'bearer' : 'cookie';
    const token = body.refreshToken ?? readCookie(request, REFRESH_COOKIE);
    if (!token) throw new UnauthenticatedError('No refresh token: send { refreshToken } or the session cookie');
    if (transport === 'cookie') requireCsrf(request, token.split('.')[0], this.config.AUTH_TOKEN_SECRET as string);
    return this.deliver(await this.auth.refresh(token, transport), transport, response);
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response): Promise<void> {
    if (request.principal?.sessionId) await this.auth.logout(request.principal.sessionId);
    clearSessionCookies(response);
  }

  @Get('me')
  @RespondsWith(meResponseSchema)
  me(@CurrentPrincipal() principal: Principal): Promise<z.infer<typeof meResponseSchema>> {
    return this.accounts.me(principal);
  }

  @Post('mfa/enroll')
  @HttpCode(200)
  @RespondsWith(mfaEnrolmentSchema)
  enroll(@CurrentPrincipal() principal: Principal) {
    return this.mfa.enroll(requireUser(principal));
  }

  @Post('mfa/confirm')
  @HttpCode(200)
  @RespondsWith(recoveryCodesSchema)
  confirm(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(totpCodeSchema)) body: z.infer<typeof totpCodeSchema>,
  ) {
    return this.mfa.confirm(requireUser(principal), principal.sessionId as string, body.code);
  }

  @Post('mfa/verify')
  @HttpCode(204)
  async verify(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(mfaVerifySchema)) body: z.infer<typeof mfaVerifySchema>,
  ): Promise<void> {
    await this.mfa.verify(requireUser(principal), principal.sessionId as string, body);
  }

  /** Cookie sessions get cookies and only the CSRF token in the body; bearer clients get tokens. */
  private deliver(issued: IssuedTokens & { userId: string }, transport: 'cookie' | 'bearer', response: Response) {
    if (transport === 'cookie') {
      setSessionCookies(response, issued, this.config.COOKIE_SECURE);
      return { userId: issued.userId, csrfToken: issued.csrfToken };
    }
    return {
      userId: issued.userId,
      accessToken: issued.accessToken,
      refreshToken: issued.refreshToken,
      tokenType: 'Bearer' as const,
      expiresInSeconds: issued.accessTtlSeconds,
    };
  }
}

function requireUser(principal: Principal): string {
  if (!principal.userId || !principal.sessionId)
    throw new UnauthenticatedError('Integration tokens have no account to set up');
  return principal.userId;
}
