import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import { categoryOf } from '../../platform/event-store/event-naming';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { type JsonValue } from '../../shared-kernel/json';
import { DomainError } from '../../shared-kernel/domain-error';
import { KNEX } from '../../platform/platform.tokens';
import { StreamNotFoundError } from '../audit.errors';
import { AuditStreamsRepository } from '../queries/audit-streams.repository';
import { fieldDifferences, uncheckedCrossCheck, type CrossCheck } from './read-model-check';
import { ReplayFold, type FoldedStream, type ReplayTarget } from './replay-fold';
import { replayEntry, type ReplayCategory } from './replay-registry';
import { ReplayReadModelsRepository } from './replay-read-models.repository';
import { RevisionNotFoundError } from './replay.errors';

const PAGE = 500;

export interface StreamReplay {
  streamId: string;
  category: string;
  /** The revision of the last event applied; null when none was (a moment before the stream began). */
  revision: string | null;
  headRevision: string;
  /** The moment asked for; without one, when the last applied event occurred. */
  at: string | null;
  lastEventAt: string | null;
  eventsApplied: number;
  state: JsonValue;
  crossCheck: CrossCheck;
}

/** A stream of the page that could not be replayed; the others still are. */
export interface FailedStreamReplay {
  streamId: string;
  error: { code: string; message: string };
}

export interface CategoryReplay {
  category: string;
  at: string | null;
  streams: (StreamReplay | FailedStreamReplay)[];
  nextAfter: string | null;
}

/**
 * Replays streams through their domain's evolve to show the state at any revision or moment
 * (issue "Auditors", item 3) and, at the head, holds the state against the read model.
 */
@Injectable()
export class AuditReplay {
  private readonly readModels: ReplayReadModelsRepository;
  private readonly streams: AuditStreamsRepository;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KNEX) knex: Knex,
  ) {
    this.readModels = new ReplayReadModelsRepository(knex);
    this.streams = new AuditStreamsRepository(knex);
  }

  async replayStream(streamId: string, target: ReplayTarget): Promise<StreamReplay> {
    const entry = replayEntry(categoryOf(streamId));
    const head = (await this.store.readStream(streamId, { direction: 'backwards', maxCount: 1 })).at(0);
    if (!head) throw new StreamNotFoundError(streamId);
    if (target.atRevision !== undefined && target.atRevision > head.revision)
      throw new RevisionNotFoundError(streamId, target.atRevision, head.revision);
    const folded = await this.fold(entry, streamId, target, head.revision);
    const lastEventAt = folded.lastApplied?.metadata.occurredAt ?? null;
    return {
      streamId,
      category: entry.category,
      revision: folded.lastApplied?.revision.toString() ?? null,
      headRevision: head.revision.toString(),
      at: target.at?.toISOString() ?? lastEventAt,
      lastEventAt,
      eventsApplied: folded.eventsApplied,
      state: entry.serialize(folded.state),
      crossCheck: await this.crossCheck(entry, streamId, folded),
    };
  }

  /** One page of a category's streams (keyset-paged by id, from the stream browser's read model), each replayed. */
  async replayCategory(
    category: string,
    options: { at?: Date; after?: string; limit: number },
  ): Promise<CategoryReplay> {
    replayEntry(category);
    const page = await this.streams.page({ category, after: options.after, limit: options.limit });
    const streams: CategoryReplay['streams'] = [];
    for (const { streamId } of page) {
      streams.push(
        await this.replayStream(streamId, { at: options.at }).catch((error: unknown) => failedReplay(streamId, error)),
      );
    }
    return {
      category,
      at: options.at?.toISOString() ?? null,
      streams,
      nextAfter: page.length === options.limit ? (page.at(-1)?.streamId ?? null) : null,
    };
  }

  private async fold(
    entry: ReplayCategory,
    streamId: string,
    target: ReplayTarget,
    headRevision: bigint,
  ): Promise<FoldedStream> {
    const fold = new ReplayFold(entry, target, headRevision);
    for (let fromRevision = 0n; ;) {
      const page = await this.store.readStream(streamId, { fromRevision, maxCount: PAGE });
      for (const event of page) if (!fold.take(event)) return fold.result();
      if (page.length < PAGE) return fold.result();
      fromRevision = page[page.length - 1].revision + 1n;
    }
  }

  private async crossCheck(entry: ReplayCategory, streamId: string, folded: FoldedStream): Promise<CrossCheck> {
    const check = entry.readModel;
    if (!check) return uncheckedCrossCheck(null, `no read model is cross-checked for the ${entry.category} category`);
    if (!folded.reachedHead || !folded.lastApplied) {
      return uncheckedCrossCheck(
        check.table,
        `${check.table} holds only the current state: replay to the head to compare with it`,
      );
    }
    const replayed = check.expected(folded.state, folded.lastApplied.revision);
    const differences = fieldDifferences(
      replayed,
      await check.read(this.readModels, streamId.slice(entry.category.length + 1)),
    );
    return { checked: true, matches: differences.length === 0, differences, readModel: check.table, reason: null };
  }
}

/** Only the errors a client can act on are reported per stream; anything else is a bug and fails the page. */
function failedReplay(streamId: string, error: unknown): FailedStreamReplay {
  if (!(error instanceof DomainError)) throw error;
  return { streamId, error: { code: error.code, message: error.message } };
}
