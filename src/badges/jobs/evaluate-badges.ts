import type { CommandBus } from '@nestjs/cqrs';
import type { EventStore } from '../../platform/event-store/event-store.port';
import { StreamStateCache } from '../../platform/event-store/stream-state-cache';
import { AwardBadgeByRule } from '../commands/badge.commands';
import { awardsDecider, awardsStream } from '../domain/awards';
import type { BadgeCatalogState } from '../domain/badge-catalog';
import { emptyMetricsFold, foldMetricEvent, METRIC_EVENT_TYPES, metricsAt } from '../domain/badge-metrics';
import { evaluateRule } from '../domain/badge-rules';

export interface EvaluationReport {
  evaluatedAt: string;
  membersChecked: number;
  badgesChecked: number;
  awards: { userId: string; code: string }[];
}

const PAGE_SIZE = 1000;
const awardStates = new StreamStateCache();

/**
 * One evaluation: metrics folded from the whole log (only the event types they read), every
 * automatic badge's rule on every member, and an AwardBadgeByRule for each rule that is true
 * of a member who never held the badge. The awards stream decides again, so a racing or
 * repeated evaluation awards at most once.
 */
export async function evaluateBadges(
  deps: { store: EventStore; commands: CommandBus },
  catalog: BadgeCatalogState,
  now: Date,
): Promise<EvaluationReport> {
  const fold = emptyMetricsFold();
  for (let from: string | null = null; ;) {
    const page = await deps.store.readAll({ fromPosition: from, maxCount: PAGE_SIZE, eventTypes: METRIC_EVENT_TYPES });
    for (const event of page)
      foldMetricEvent(fold, {
        streamId: event.streamId,
        type: event.type,
        data: event.data,
        occurredAt: event.metadata.occurredAt,
      });
    if (page.length < PAGE_SIZE) break;
    from = page[page.length - 1].position;
  }
  const metrics = metricsAt(fold, now);
  const automatic = Object.values(catalog.badges).filter((badge) => badge.rule.type !== 'MANUAL');
  const held = await awardStates.loadMany(deps.store, [...metrics.keys()].map(awardsStream), awardsDecider);
  const day = now.toISOString().slice(0, 10);
  const awards: EvaluationReport['awards'] = [];
  for (const [userId, values] of metrics) {
    const loaded = held.get(awardsStream(userId));
    if (!loaded) throw new Error(`loadMany returned no awards state for ${userId}`);
    const { state } = loaded;
    for (const badge of automatic) {
      if (Object.hasOwn(state.badges, badge.code)) continue;
      const outcome = evaluateRule(badge.rule, values);
      if (!outcome.matched) continue;
      const { awarded } = await deps.commands.execute(new AwardBadgeByRule(userId, badge.code, outcome.evidence, day));
      if (awarded) awards.push({ userId, code: badge.code });
    }
  }
  return { evaluatedAt: now.toISOString(), membersChecked: metrics.size, badgesChecked: automatic.length, awards };
}
