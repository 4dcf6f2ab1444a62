import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import type { DecisionResult } from '../../platform/event-store/stream-decider';
import { StreamWriter, type WriteCause } from '../../platform/event-store/stream-writer.service';
import { documentStream, type DocumentEvent } from '../domain/document.events';
import { clientIdsOf, documentDecider, type DocumentState } from '../domain/document.state';
import { LEGAL_HOLDS_STREAM, type LegalHoldEvent } from '../domain/legal-hold.events';
import {
  holdsCovering,
  legalHoldsDecider,
  type HoldTargets,
  type LegalHold,
  type LegalHoldsState,
} from '../domain/legal-hold.state';

/** A document decision: its state, the holds that cover it, and the time. */
export type DocumentDecision = (state: DocumentState, holds: readonly LegalHold[], now: string) => DocumentEvent[];

/**
 * Runs pure document decisions against `document-<id>`, with the legal holds folded from the
 * holds stream (the event log, never a read model) and the clock's time passed in.
 */
@Injectable()
export class DocumentsStreamWriter {
  constructor(
    private readonly streams: StreamWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async writeDocument(
    documentId: string,
    cause: WriteCause,
    decide: DocumentDecision,
  ): Promise<DecisionResult<DocumentState, DocumentEvent>> {
    const holds = await this.loadHolds();
    const now = this.clock.now().toISOString();
    return this.streams.write(
      documentStream(documentId),
      documentDecider,
      cause,
      (state) => decide(state, holdsCovering(holds, documentTargets(documentId, state)), now),
      'accept',
    );
  }

  loadDocument(documentId: string): Promise<DocumentState> {
    return this.streams.load(documentStream(documentId), documentDecider);
  }

  loadHolds(): Promise<LegalHoldsState> {
    return this.streams.load<LegalHoldsState, LegalHoldEvent>(LEGAL_HOLDS_STREAM, legalHoldsDecider);
  }

  now(): string {
    return this.clock.now().toISOString();
  }
}

/** A hold on the document, on its owner, on a client it was shared with, or on its venture covers it. */
export function documentTargets(documentId: string, state: DocumentState): HoldTargets {
  const document = state.document;
  return {
    document: [documentId],
    user: document ? [document.ownerId] : [],
    client: clientIdsOf(state),
    venture: document?.ventureId ? [document.ventureId] : [],
  };
}
