import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import type { z } from 'zod';
import type { Principal } from '../../identity/identity.contract';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { foldEvents } from '../../platform/event-store/stream-decider';
import { DomainError } from '../../shared-kernel/domain-error';
import { KNEX } from '../../platform/platform.tokens';
import { taskStream, type TaskAcceptedData } from '../../ventures/domain/task-accepted.events';
import { ventureStream } from '../../ventures/domain/venture.events';
import { ventureDecider } from '../../ventures/ventures.contract';
import { walletStream, type WalletEvent } from '../../wallet/domain/wallet.events';
import { PersonStreams } from '../commands/person-streams';
import { maySeePrivate } from '../http/viewer';
import type { portfolioResponseSchema, provenanceSchema } from '../http/portfolio.schemas';

interface PortfolioRow {
  item_id: string;
  title: string;
  description: string;
  urls: string[];
  document_id: string | null;
  task_id: string | null;
  is_public: boolean;
  created_at: string;
}

/**
 * A member's portfolio: public items for everyone, private ones for the owner and admins. An item
 * linked to a task carries its provenance from the log: the acceptance event (id and hash, with
 * a link to its inclusion proof in the signed log), the venture, tier, quality and the BUZ paid.
 */
@Injectable()
export class PortfolioQueries {
  constructor(
    @Inject(KNEX) private readonly knex: Knex,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly people: PersonStreams,
  ) {}

  async portfolio(userId: string, viewer: Principal | null): Promise<z.infer<typeof portfolioResponseSchema>> {
    const profile = await this.knex<{ user_id: string; is_public: boolean }>('profiles')
      .where({ user_id: userId })
      .first('is_public');
    const seesPrivate = maySeePrivate(viewer, userId);
    if (profile && !profile.is_public && !seesPrivate)
      throw new DomainError('PROFILE_NOT_FOUND', `No public profile of ${userId}`, { userId });
    const person = await this.people.person(userId);
    const query = this.knex<PortfolioRow & { user_id: string }>('portfolio_items')
      .where({ user_id: userId })
      .whereIn('item_id', [...person.portfolioItemIds])
      .orderBy('created_at', 'desc');
    const rows = await (seesPrivate ? query : query.andWhere({ is_public: true }));
    const items = await Promise.all(
      rows.map(async (row) => ({
        itemId: row.item_id,
        title: row.title,
        description: row.description,
        urls: row.urls,
        documentId: row.document_id,
        taskId: row.task_id,
        isPublic: row.is_public,
        createdAt: row.created_at,
        provenance: row.task_id ? await this.provenance(userId, row.task_id) : null,
      })),
    );
    return { userId, items };
  }

  private async provenance(userId: string, taskId: string): Promise<z.infer<typeof provenanceSchema> | null> {
    const acceptance = (await this.store.readStream(taskStream(taskId))).find((event) => event.type === 'TaskAccepted');
    if (!acceptance) return null;
    // The event store checked the data against TaskAccepted's schema when it was appended.
    const accepted = { ...acceptance, data: acceptance.data as TaskAcceptedData };
    const ventureId = accepted.data.ventureId;
    const [venture, wallet] = await Promise.all([
      this.store.readStream(ventureStream(ventureId)),
      this.store.readStream(walletStream(userId)),
    ]);
    const paid = wallet.find((event) => event.type === 'BuzIssued' && event.data.taskId === taskId);
    return {
      ventureId,
      ventureName: foldEvents(ventureDecider, venture).venture?.name ?? null,
      tier: accepted.data.tier,
      quality: accepted.data.quality,
      buz: paid ? (paid.data as Extract<WalletEvent, { type: 'BuzIssued' }>['data']).amountBuz : null,
      acceptedAt: accepted.data.acceptedAt,
      acceptanceEventId: accepted.eventId,
      acceptanceEventHash: accepted.hash,
      inclusionProofUrl: `/api/v1/audit/proofs/inclusion/${accepted.eventId}`,
    };
  }
}
