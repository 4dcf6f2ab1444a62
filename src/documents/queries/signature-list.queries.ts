import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import { KNEX } from '../../platform/platform.tokens';
import type { SignerRow } from '../../../projections/documents/signature-requests.contract';
import { DocumentsStreamWriter } from '../commands/documents-stream.writer';
import { DocumentNotFoundError } from '../domain/document.errors';
import type { SigningIntent } from '../domain/signature.events';

/** Which of a signer's requests to list: still to sign (open, not past due), signed, or every one. */
export type SignerListState = 'waiting' | 'signed' | 'all';

type RequestStatus = 'PENDING' | 'COMPLETED' | 'OVERDUE';

const LIST_LIMIT = 200;

const iso = (value: string | Date | null): string | null => (value === null ? null : new Date(value).toISOString());

/**
 * Lists of signature requests from the `signature-requests` projection: those of one document,
 * and those naming one signer. Each request carries every signer's state, so a tracker needs no
 * second call. The projection may trail the log by a moment; one request's page
 * (GET /api/v1/signatures/:requestId) is folded from its stream.
 */
@Injectable()
export class SignatureListQueries {
  constructor(
    private readonly writer: DocumentsStreamWriter,
    @Inject(KNEX) private readonly knex: Knex,
  ) {}

  /**
   * The requests on a document: all of them for its owner and for auditors and compliance
   * (`privileged`), the ones naming them for anyone else it is shared with.
   */
  async forDocument(documentId: string, callerId: string, privileged: boolean) {
    const state = await this.writer.loadDocument(documentId);
    const owner = state.document?.ownerId === callerId;
    const sharedWith = Object.values(state.shares).some((share) => share.toUserId === callerId);
    if (!state.document || (!owner && !privileged && !sharedWith)) throw new DocumentNotFoundError(documentId);
    const visible = this.knex('signature_request_signers').where({ document_id: documentId });
    if (!owner && !privileged) visible.andWhere({ signer_id: callerId });
    const requestIds = await visible.distinct('request_id').pluck<string[]>('request_id');
    return { documentId, requests: await this.summaries(requestIds) };
  }

  /** The requests naming `signerId`, newest first, with when they signed each. */
  async forSigner(signerId: string, listState: SignerListState) {
    const now = this.writer.now();
    const mine = this.knex<SignerRow>('signature_request_signers').where({ signer_id: signerId });
    if (listState === 'signed') mine.whereNotNull('signed_at');
    if (listState === 'waiting') {
      mine.whereNull('signed_at').whereNull('completed_at').whereRaw('(due_at is null or due_at > ?)', [now]);
    }
    const myRows = await mine.orderBy('requested_at', 'desc').limit(LIST_LIMIT).select('request_id', 'signed_at');
    const summaries = await this.summaries(myRows.map((row) => row.request_id));
    const signedAt = new Map(myRows.map((row) => [row.request_id, iso(row.signed_at)]));
    return {
      signerId,
      state: listState,
      requests: summaries.map((summary) => ({ ...summary, mySignedAt: signedAt.get(summary.requestId) ?? null })),
    };
  }

  /** Each request with its document's title and every signer's state, newest first. */
  private async summaries(requestIds: readonly string[]) {
    if (requestIds.length === 0) return [];
    const rows = await this.knex('signature_request_signers as signer')
      .leftJoin('document_details as details', 'details.document_id', 'signer.document_id')
      .whereIn('signer.request_id', requestIds)
      .orderBy([
        { column: 'signer.requested_at', order: 'desc' },
        { column: 'signer.request_id' },
        { column: 'signer.signer_position' },
      ])
      .select<(SignerRow & { title: string | null })[]>('signer.*', 'details.title');
    const byRequest = new Map<string, (SignerRow & { title: string | null })[]>();
    for (const row of rows) byRequest.set(row.request_id, [...(byRequest.get(row.request_id) ?? []), row]);
    const now = this.writer.now();
    return [...byRequest.values()].slice(0, LIST_LIMIT).map((signers) => summaryOf(signers, now));
  }
}

/**
 * The requests naming `signerId` that they have not signed and that are not complete, oldest
 * first: how many, and the first `limit`. Other contexts' summaries read it (the dashboard's
 * "signature requests"); unlike `forSigner(…, 'waiting')` a request past its due date still counts,
 * shown as due.
 */
export async function pendingSignatures(knex: Knex, signerId: string, limit: number) {
  const pending = () =>
    knex<SignerRow>('signature_request_signers')
      .where({ signer_id: signerId })
      .whereNull('signed_at')
      .whereNull('completed_at');
  const [{ count }] = await pending().count<{ count: string }[]>({ count: '*' });
  const rows = await pending()
    .orderBy([{ column: 'requested_at' }, { column: 'request_id' }])
    .limit(limit);
  return {
    count: Number(count),
    items: rows.map((row) => ({
      requestId: row.request_id,
      documentId: row.document_id,
      dueAt: iso(row.due_at),
      requestedAt: iso(row.requested_at) as string,
    })),
  };
}

function summaryOf(signers: readonly (SignerRow & { title: string | null })[], now: string) {
  const first = signers[0];
  const dueAt = iso(first.due_at);
  const completedAt = iso(first.completed_at);
  const status: RequestStatus = completedAt ? 'COMPLETED' : dueAt !== null && dueAt <= now ? 'OVERDUE' : 'PENDING';
  return {
    requestId: first.request_id,
    documentId: first.document_id,
    documentTitle: first.title,
    versionNumber: first.version_number,
    documentSha256: first.document_sha256,
    requesterId: first.requester_id,
    requestedAt: iso(first.requested_at) as string,
    dueAt,
    status,
    completedAt,
    signerCount: signers.length,
    signedCount: signers.filter((signer) => signer.signed_at !== null).length,
    signers: signers.map((signer) => ({
      signerId: signer.signer_id,
      kind: signer.kind,
      shareId: signer.share_id,
      state: signer.signed_at === null ? ('pending' as const) : ('signed' as const),
      signedAt: iso(signer.signed_at),
      intent: signer.intent as SigningIntent | null,
    })),
  };
}
