import { Global, Module } from '@nestjs/common';
import { AwardsReactor } from '../badges/awards.reactor';
import { BadgesModule } from '../badges/badges.module';
import { ConversionModule } from '../conversion/conversion.module';
import { ConversionReactor } from '../conversion/conversion.reactor';
import { EarningModule } from '../earning/earning.module';
import { TaskAcceptedReactor } from '../earning/task-accepted.reactor';
import { BoardRosterReactor } from '../identity/board-roster.reactor';
import { IdentityModule } from '../identity/identity.module';
import { EndorsementsReactor } from '../people/endorsements.reactor';
import { PeopleModule } from '../people/people.module';
import { FeedRunnersService } from '../platform/feed-runner/feed-runners.service';
import { PROJECTIONS } from '../platform/projections/projection';
import { REACTORS } from '../platform/reactors/reactor';
import { ALL_PROJECTIONS } from './projections.registry';

export const REACTOR_CLASSES = [
  ConversionReactor,
  TaskAcceptedReactor,
  BoardRosterReactor,
  EndorsementsReactor,
  AwardsReactor,
];

/**
 * Which read models and process managers the app runs. The platform runs what this lists and
 * imports none of it; the contexts export their reactors and never register themselves.
 */
@Global()
@Module({
  imports: [ConversionModule, EarningModule, IdentityModule, PeopleModule, BadgesModule],
  providers: [
    { provide: PROJECTIONS, useValue: ALL_PROJECTIONS },
    { provide: REACTORS, useFactory: (...reactors: unknown[]) => reactors, inject: REACTOR_CLASSES },
    FeedRunnersService,
  ],
  exports: [FeedRunnersService, PROJECTIONS],
})
export class RegistryModule {}
