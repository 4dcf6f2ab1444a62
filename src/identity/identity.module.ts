import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AccessGuard } from './access/access.guard';
import { Authenticator } from './access/authenticator.service';
import { CrossSiteMiddleware } from './access/cross-site.middleware';
import { RateLimits } from './access/rate-limits';
import { AccountSecurityService } from './accounts/account-security.service';
import { AuthService } from './accounts/auth.service';
import { MfaResetService } from './accounts/mfa-reset.service';
import { MfaService } from './accounts/mfa.service';
import { SessionIssuer } from './accounts/session-issuer.service';
import { BoardRosterReactor } from './board-roster.reactor';
import { BoardRoster } from './commands/board-roster';
import { SyncBoardSeatHandler } from './commands/board-seat.handler';
import {
  DecideKycHandler,
  RecordPolicyViolationHandler,
  ReportDevicePostureHandler,
  SubmitKycHandler,
} from './commands/kyc-and-device.handlers';
import { GrantRoleHandler, RevokeRoleHandler } from './commands/role.handlers';
import { UserStreamWriter } from './commands/user-stream.writer';
import { AccountSecurityController } from './http/account-security.controller';
import { AdminUsersController } from './http/admin-users.controller';
import { AdminApiTokensController } from './http/admin-api-tokens.controller';
import { AuthController } from './http/auth.controller';
import { DevicesController } from './http/devices.controller';
import { KycController } from './http/kyc.controller';
import { AccountQueries } from './queries/account.queries';
import { DevicePostureQueries } from './queries/device-posture.queries';
import { IdentityUsersQueries } from './queries/identity-users.queries';

/** Accounts, sessions, MFA, roles, KYC, device posture — and the access guard for every route. */
@Module({
  imports: [DiscoveryModule],
  controllers: [
    AuthController,
    AccountSecurityController,
    AdminUsersController,
    AdminApiTokensController,
    KycController,
    DevicesController,
  ],
  providers: [
    { provide: APP_GUARD, useClass: AccessGuard },
    Authenticator,
    RateLimits,
    AuthService,
    MfaService,
    AccountSecurityService,
    MfaResetService,
    SessionIssuer,
    UserStreamWriter,
    AccountQueries,
    IdentityUsersQueries,
    DevicePostureQueries,
    GrantRoleHandler,
    RevokeRoleHandler,
    SubmitKycHandler,
    DecideKycHandler,
    ReportDevicePostureHandler,
    RecordPolicyViolationHandler,
    BoardRoster,
    SyncBoardSeatHandler,
    BoardRosterReactor,
  ],
  exports: [Authenticator, UserStreamWriter, BoardRoster, BoardRosterReactor],
})
export class IdentityModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Every path, not 'api/*path': a refusal must not depend on how a URL is spelled. It runs
    // before the access guard, so a foreign page can't spend its victim's sign-in attempts.
    consumer.apply(CrossSiteMiddleware).forRoutes('*path');
  }
}
