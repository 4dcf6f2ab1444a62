import { Module } from '@nestjs/common';
import { AwardsReactor } from './awards.reactor';
import {
  AwardBadgeByRuleHandler,
  AwardBadgeManuallyHandler,
  DefineBadgeHandler,
  RevokeBadgeHandler,
} from './commands/award.handlers';
import { IssueCredentialHandler, RevokeCredentialHandler } from './commands/credential.handlers';
import { issuerKeyProvider, publicBaseUrlProvider } from './credentials/issuer.provider';
import { BadgesController } from './http/badges.controller';
import { CredentialsController } from './http/credentials.controller';
import { BadgeEvaluationService } from './jobs/badge-evaluation.service';
import { BadgeNames } from './queries/badge-names';
import { BadgesQueries } from './queries/badges.queries';
import { CredentialsQueries } from './queries/credentials.queries';

/** Badges: rules evaluated from events, awards on the log, and each award an Open Badges 3.0 credential. */
@Module({
  controllers: [BadgesController, CredentialsController],
  providers: [
    issuerKeyProvider,
    publicBaseUrlProvider,
    BadgeNames,
    BadgesQueries,
    CredentialsQueries,
    BadgeEvaluationService,
    AwardBadgeByRuleHandler,
    AwardBadgeManuallyHandler,
    RevokeBadgeHandler,
    DefineBadgeHandler,
    IssueCredentialHandler,
    RevokeCredentialHandler,
    AwardsReactor,
  ],
  exports: [BadgeEvaluationService, AwardsReactor],
})
export class BadgesModule {}
