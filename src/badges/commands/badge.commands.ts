import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../identity/identity.contract';
import type { BadgeDefinition } from '../domain/badge-catalog';
import type { MetricValue } from '../domain/badge-rules';
import type { IssuedAward } from '../domain/credential-status';

/** Evaluation found the rule true: award once (the command id is the member and the badge). */
export class AwardBadgeByRule extends Command<{ awarded: boolean }> {
  constructor(
    readonly userId: string,
    readonly badgeCode: string,
    readonly evidence: Record<string, MetricValue>,
    readonly day: string,
  ) {
    super();
  }
}

export interface BadgeAwardOutcome {
  userId: string;
  code: string;
  awarded: boolean;
  credentialId: string | null;
}

export class AwardBadgeManually extends Command<BadgeAwardOutcome> {
  constructor(
    readonly userId: string,
    readonly code: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class RevokeBadge extends Command<{ userId: string; code: string; revoked: true }> {
  constructor(
    readonly userId: string,
    readonly code: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class DefineBadge extends Command<BadgeDefinition> {
  constructor(
    readonly badge: BadgeDefinition,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class IssueCredential extends Command<void> {
  constructor(
    readonly award: IssuedAward,
    readonly causationId: string,
  ) {
    super();
  }
}

export class RevokeCredential extends Command<void> {
  constructor(
    readonly credentialId: string,
    readonly causationId: string,
  ) {
    super();
  }
}
