import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Knex } from 'knex';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import { IdempotencyConflictError } from '../../platform/event-store/stream-decider';
import { StreamWriter } from '../../platform/event-store/stream-writer.service';
import { derivedId } from '../../shared-kernel/ids';
import { KNEX } from '../../platform/platform.tokens';
import { signingKeyIdOf } from '../crypto/ecdsa-p256';
import { initialDocumentState } from '../domain/document.state';
import { requestSignatures, signatureRequestDecider, signRequest } from '../domain/signature.decide';
import { clientSignerId, signatureStream, type Signer } from '../domain/signature.events';
import {
  registerSigningKey,
  revokeSigningKey,
  signingKeysDecider,
  signingKeysStream,
} from '../domain/signing-key.events';
import { DocumentsStreamWriter } from './documents-stream.writer';
import {
  RegisterSigningKey,
  RequestSignatures,
  RevokeSigningKey,
  SignDocument,
  signerIdOf,
  type SignerRef,
} from './signature.commands';

/** A key, or a rotation: the new key and the old one's revocation in one append on the signer's key stream. */
@CommandHandler(RegisterSigningKey)
export class RegisterSigningKeyHandler implements ICommandHandler<RegisterSigningKey> {
  constructor(
    private readonly streams: StreamWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ signer, publicKey, replacesKeyId, context }: RegisterSigningKey) {
    const publicKeyHex = Buffer.from(publicKey).toString('hex');
    const keyId = signingKeyIdOf(publicKey);
    const registeredAt = this.clock.now().toISOString();
    await this.streams.write(
      signingKeysStream(signerIdOf(signer)),
      signingKeysDecider,
      context,
      (state) => registerSigningKey(state, { keyId, publicKeyHex, registeredAt }, replacesKeyId),
      'accept',
    );
    return { keyId, publicKeyHex, revokedKeyId: replacesKeyId };
  }
}

@CommandHandler(RevokeSigningKey)
export class RevokeSigningKeyHandler implements ICommandHandler<RevokeSigningKey> {
  constructor(
    private readonly streams: StreamWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ keyId, signer, context }: RevokeSigningKey) {
    const now = this.clock.now().toISOString();
    const result = await this.streams.write(
      signingKeysStream(signerIdOf(signer)),
      signingKeysDecider,
      context,
      (state) => revokeSigningKey(state, keyId, 'REVOKED', now),
      'accept',
    );
    return { keyId, revokedAt: result.state.keys[keyId].revokedAt as string };
  }
}

/** Pins the document's latest version: its hash is what every signer signs. The message stays out of the log. */
@CommandHandler(RequestSignatures)
export class RequestSignaturesHandler implements ICommandHandler<RequestSignatures> {
  constructor(
    private readonly documents: DocumentsStreamWriter,
    private readonly streams: StreamWriter,
    @Inject(KNEX) private readonly knex: Knex,
  ) {}

  async execute({ documentId, signers, message, dueAt, context }: RequestSignatures) {
    const requestId = derivedId(context.commandId, 'signature-request');
    const document = await this.documents.loadDocument(documentId);
    const version = document.versions.at(-1);
    const requestedAt = this.documents.now();
    const request = {
      requestId,
      documentId,
      versionNumber: version?.versionNumber ?? 0,
      documentSha256: version?.sha256 ?? '',
      requesterId: context.actorId as string,
      signers: signers.map(signerOf),
      dueAt,
      requestedAt,
    };
    if (message !== null)
      await this.knex('signature_request_messages')
        .insert({ request_id: requestId, message })
        .onConflict('request_id')
        .ignore();
    const result = await this.streams.write(
      signatureStream(requestId),
      signatureRequestDecider,
      context,
      (state) => requestSignatures(state, document, request),
      'accept',
    );
    const recorded = result.state.request;
    if (!recorded || recorded.documentId !== documentId) throw new IdempotencyConflictError(context.commandId);
    return { requestId, documentSha256: recorded.documentSha256, versionNumber: recorded.versionNumber };
  }
}

function signerOf(ref: SignerRef): Signer {
  return ref.userId !== undefined
    ? { signerId: ref.userId, kind: 'user', shareId: null }
    : { signerId: clientSignerId(ref.clientShareId), kind: 'client', shareId: ref.clientShareId };
}

/**
 * Verifies and records a signature. The signer's keys are folded from their key stream, and their
 * share from the document's (a revoked or expired share signs nothing); the decision runs on the
 * request's stream at its exact revision, so of concurrent signers exactly one writes the completion.
 */
@CommandHandler(SignDocument)
export class SignDocumentHandler implements ICommandHandler<SignDocument> {
  constructor(
    private readonly streams: StreamWriter,
    private readonly documents: DocumentsStreamWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ requestId, signer, signing, context }: SignDocument) {
    const signerId = signerIdOf(signer);
    const keys = await this.streams.load(signingKeysStream(signerId), signingKeysDecider);
    const now = this.clock.now().toISOString();
    // The signer's share is on the document's stream, which only the request names. A request
    // not there yet is refused by the decision (SIGNATURE_REQUEST_NOT_FOUND) before any share is read.
    const { request } = await this.streams.load(signatureStream(requestId), signatureRequestDecider);
    const document = request ? await this.documents.loadDocument(request.documentId) : initialDocumentState;
    const result = await this.streams.write(
      signatureStream(requestId),
      signatureRequestDecider,
      context,
      (state) => signRequest(state, document, keys, { requestId, signerId, ...signing, now }),
      'accept',
    );
    const signed = result.state.signatures.find((signature) => signature.signerId === signerId);
    if (!signed || signed.signatureHex !== signing.signatureHex) throw new IdempotencyConflictError(context.commandId);
    return { requestId, signerId, completed: result.state.completedAt !== null, statement: signed.statement };
  }
}
