import { Module } from '@nestjs/common';
import { BadgeNames } from '../badges/badges.contract';
import { ProfileQueries } from '../progress/progress.contract';
import { SetAvatarHandler } from './avatars/avatar.handler';
import { AvatarsController } from './avatars/avatars.controller';
import { EndorseHandler } from './commands/endorse.handler';
import { FlagEndorsementRingHandler, ReviewEndorsementRingHandler } from './commands/flag-ring.handler';
import { PersonStreams } from './commands/person-streams';
import { AddPortfolioItemHandler } from './commands/portfolio.handler';
import {
  AddSkillHandler,
  DefineSkillHandler,
  UpdateProfileHandler,
  VerifySkillHandler,
} from './commands/profile.handlers';
import { EndorsementsReactor } from './endorsements.reactor';
import { EndorsementFlagsController } from './http/endorsement-flags.controller';
import { PeopleController } from './http/people.controller';
import { PortfolioController } from './http/portfolio.controller';
import { ProfilesController } from './http/profiles.controller';
import { SkillsController } from './http/skills.controller';
import { PeopleQueries } from './queries/people.queries';
import { PortfolioQueries } from './queries/portfolio.queries';
import { SkillVerifierQueries } from './queries/skill-verifier.queries';

/** People: profiles (what they say stays in erasable tables), skills, endorsements and portfolios. */
@Module({
  controllers: [
    ProfilesController,
    SkillsController,
    EndorsementFlagsController,
    PortfolioController,
    AvatarsController,
    PeopleController,
  ],
  providers: [
    PersonStreams,
    PeopleQueries,
    PortfolioQueries,
    SkillVerifierQueries,
    ProfileQueries,
    BadgeNames,
    UpdateProfileHandler,
    AddSkillHandler,
    VerifySkillHandler,
    DefineSkillHandler,
    EndorseHandler,
    AddPortfolioItemHandler,
    SetAvatarHandler,
    FlagEndorsementRingHandler,
    ReviewEndorsementRingHandler,
    EndorsementsReactor,
  ],
  exports: [EndorsementsReactor],
})
export class PeopleModule {}
