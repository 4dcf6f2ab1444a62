import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Knex } from 'knex';
import { requireKnownUsers } from '../../identity/identity.contract';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { StreamWriter } from '../../platform/event-store/stream-writer.service';
import { derivedId } from '../../shared-kernel/ids';
import { KNEX } from '../../platform/platform.tokens';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import { awardByRule, awardManually, awardsDecider, awardsStream, revokeBadge } from '../domain/awards';
import { BADGE_CATALOG_STREAM, badgeCatalogDecider, defineBadge, requireBadge } from '../domain/badge-catalog';
import { credentialIdOf } from '../domain/credential-ids';
import {
  AwardBadgeByRule,
  AwardBadgeManually,
  DefineBadge,
  RevokeBadge,
  type BadgeAwardOutcome,
} from './badge.commands';

@CommandHandler(AwardBadgeByRule)
export class AwardBadgeByRuleHandler implements ICommandHandler<AwardBadgeByRule> {
  constructor(private readonly streams: StreamWriter) {}

  async execute({ userId, badgeCode, evidence, day }: AwardBadgeByRule) {
    // One command id per member and badge: parallel evaluations, and re-runs, award at most once.
    const cause = {
      commandId: `badge-award:${userId}:${badgeCode}`,
      actorId: null,
      correlationId: `badge-evaluation:${day}`,
    };
    const result = await this.streams.write(
      awardsStream(userId),
      awardsDecider,
      cause,
      (state) => awardByRule(state, badgeCode, evidence, day),
      'accept',
    );
    return { awarded: !result.replayed && result.events.length > 0 };
  }
}

/** Admin decisions on a member's badges: the reason goes to `badge_reasons` once the log has the decision. */
abstract class AdminBadgeDecision {
  constructor(
    protected readonly streams: StreamWriter,
    @Inject(EVENT_STORE) protected readonly store: EventStore,
    @Inject(KNEX) protected readonly knex: Knex,
    @Inject(CLOCK) protected readonly clock: Clock,
  ) {}

  protected async recordReason(reasonId: string, userId: string, reason: string): Promise<void> {
    await this.knex('badge_reasons')
      .insert({ reason_id: reasonId, user_id: userId, reason })
      .onConflict('reason_id')
      .ignore();
  }
}

@CommandHandler(AwardBadgeManually)
export class AwardBadgeManuallyHandler extends AdminBadgeDecision implements ICommandHandler<AwardBadgeManually> {
  async execute({ userId, code, reason, context }: AwardBadgeManually): Promise<BadgeAwardOutcome> {
    await requireKnownUsers(this.store, [userId]);
    const badge = requireBadge(await this.streams.load(BADGE_CATALOG_STREAM, badgeCatalogDecider), code);
    const reasonId = derivedId(context.commandId, 'badge-reason');
    const award = { adminId: context.actorId as string, reasonId, day: this.clock.now().toISOString().slice(0, 10) };
    const result = await this.streams.write(awardsStream(userId), awardsDecider, context, (state) =>
      awardManually(state, badge, award),
    );
    if (result.events.length > 0) await this.recordReason(reasonId, userId, reason);
    const awardEventId = await this.latestAwardEventId(userId, code);
    return {
      userId,
      code,
      awarded: result.events.length > 0,
      credentialId: awardEventId ? credentialIdOf(awardEventId) : null,
    };
  }

  private async latestAwardEventId(userId: string, code: string): Promise<string | null> {
    const history = await this.store.readStream(awardsStream(userId));
    const awards = history.filter((event) => event.type === 'BadgeAwarded' && event.data.badgeCode === code);
    return awards[awards.length - 1]?.eventId ?? null;
  }
}

@CommandHandler(RevokeBadge)
export class RevokeBadgeHandler extends AdminBadgeDecision implements ICommandHandler<RevokeBadge> {
  async execute({ userId, code, reason, context }: RevokeBadge) {
    requireBadge(await this.streams.load(BADGE_CATALOG_STREAM, badgeCatalogDecider), code);
    const reasonId = derivedId(context.commandId, 'badge-reason');
    await this.streams.write(awardsStream(userId), awardsDecider, context, (state) =>
      revokeBadge(state, code, { adminId: context.actorId as string, reasonId }),
    );
    await this.recordReason(reasonId, userId, reason);
    return { userId, code, revoked: true as const };
  }
}

@CommandHandler(DefineBadge)
export class DefineBadgeHandler implements ICommandHandler<DefineBadge> {
  constructor(private readonly streams: StreamWriter) {}

  async execute({ badge, context }: DefineBadge) {
    await this.streams.write(BADGE_CATALOG_STREAM, badgeCatalogDecider, context, (state) =>
      defineBadge(state, badge, context.actorId as string),
    );
    return badge;
  }
}
