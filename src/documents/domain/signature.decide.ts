import { assertNever } from '../../shared-kernel/assert-never';
import { canonicalJson } from '../../platform/chain/canonical-json';
import type { Decider } from '../../shared-kernel/decider';
import { DomainError } from '../../shared-kernel/domain-error';
import { parseP1363, verifyP256 } from '../crypto/ecdsa-p256';
import { requireOwner } from './document.decide';
import { DocumentNotActiveError } from './document.errors';
import { isShareActive, type DocumentState } from './document.state';
import type {
  DocumentSignedData,
  SignatureEvent,
  SignatureRequestedData,
  Signer,
  SigningIntent,
} from './signature.events';
import { requireActiveSigningKey, type SigningKeysState } from './signing-key.events';

export interface SignatureRequestState {
  request: SignatureRequestedData | null;
  signatures: DocumentSignedData[];
  completedAt: string | null;
}

export const initialSignatureRequestState: SignatureRequestState = { request: null, signatures: [], completedAt: null };

export function evolveSignatureRequest(state: SignatureRequestState, event: SignatureEvent): SignatureRequestState {
  switch (event.type) {
    case 'SignatureRequested':
      return { ...state, request: event.data };
    case 'DocumentSigned':
      return { ...state, signatures: [...state.signatures, event.data] };
    case 'SignatureRequestCompleted':
      return { ...state, completedAt: event.data.completedAt };
    default:
      return assertNever(event);
  }
}

export const signatureRequestDecider: Decider<SignatureRequestState, SignatureEvent> = {
  initialState: initialSignatureRequestState,
  evolve: evolveSignatureRequest,
};

/** The exact text a signer signs: it binds the document, its version's hash, the request and the signer. */
export function signingStatement(fields: {
  documentId: string;
  documentSha256: string;
  requestId: string;
  signerId: string;
  signedAt: string;
  intent: SigningIntent;
}): string {
  const { documentId, documentSha256, requestId, signerId, signedAt, intent } = fields;
  return canonicalJson({ documentId, documentSha256, requestId, signerId, signedAt, intent });
}

/**
 * The document's owner asks signers to sign its latest version. Each user signer needs an active
 * share that allows signing (or is the owner); a client signer is a share to a client that does.
 */
export function requestSignatures(
  state: SignatureRequestState,
  document: DocumentState,
  request: SignatureRequestedData,
): SignatureEvent[] {
  if (state.request)
    throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This signature request exists already', {
      requestId: request.requestId,
    });
  requireOwner(document, request.documentId, request.requesterId, 'ask for signatures');
  if (document.status !== 'ACTIVE') throw new DocumentNotActiveError(request.documentId, document.status);
  const cannotSign = request.signers.filter(
    (signer) => !maySign(document, signer, request.requesterId, request.requestedAt),
  );
  if (cannotSign.length > 0) {
    throw new DomainError('SIGNER_CANNOT_SIGN', 'Share the document with signing allowed to every signer first', {
      signerIds: cannotSign.map((signer) => signer.signerId),
    });
  }
  if (request.dueAt !== null && request.dueAt <= request.requestedAt) {
    throw new DomainError('VALIDATION_FAILED', 'dueAt must be in the future', {
      issues: [{ path: ['dueAt'], message: 'in the past' }],
    });
  }
  return [{ type: 'SignatureRequested', data: request }];
}

/**
 * At signing time the signer must still hold what let them be named: revoking or letting the
 * share expire takes the right to sign back, as it takes the right to view.
 */
function requireStillMaySign(
  document: DocumentState,
  request: SignatureRequestedData,
  signerId: string,
  now: string,
): void {
  const signer = request.signers.find((named) => named.signerId === signerId);
  if (signer === undefined || maySign(document, signer, request.requesterId, now)) return;
  throw new DomainError(
    'SIGNER_CANNOT_SIGN',
    'Your share of this document no longer allows signing (revoked or expired)',
    {
      signerIds: [signerId],
    },
  );
}

function maySign(document: DocumentState, signer: Signer, ownerId: string, now: string): boolean {
  if (signer.kind === 'user' && signer.signerId === ownerId) return true;
  return Object.values(document.shares).some(
    (share) =>
      share.canSign &&
      isShareActive(share, now) &&
      (signer.kind === 'user'
        ? share.toUserId === signer.signerId
        : share.shareId === signer.shareId && share.clientId !== null),
  );
}

export interface Signing {
  requestId: string;
  signerId: string;
  keyId: string;
  signatureHex: string;
  signedAt: string;
  intent: SigningIntent;
  now: string;
}

/** Five minutes each way: a signature made for this moment, not one kept from long ago. */
const SIGNED_AT_TOLERANCE_MS = 5 * 60_000;

/**
 * A signer signs once, while the document's shares still let them (`document`: the request's
 * document as its stream holds it now). The signature must verify over this request's statement
 * with the signer's own active key; the last signature also completes the request, in the same
 * append, so concurrent signers complete it exactly once.
 */
export function signRequest(
  state: SignatureRequestState,
  document: DocumentState,
  keys: SigningKeysState,
  signing: Signing,
): SignatureEvent[] {
  const request = state.request;
  if (!request)
    throw new DomainError('SIGNATURE_REQUEST_NOT_FOUND', `No signature request ${signing.requestId}`, {
      requestId: signing.requestId,
    });
  if (!request.signers.some((signer) => signer.signerId === signing.signerId))
    throw new DomainError('NOT_A_SIGNER', 'You are not a signer of this request', { requestId: request.requestId });
  if (state.signatures.some((signature) => signature.signerId === signing.signerId))
    throw new DomainError('ALREADY_SIGNED', 'You have signed this request already', { requestId: request.requestId });
  requireStillMaySign(document, request, signing.signerId, signing.now);
  if (state.completedAt !== null || (request.dueAt !== null && request.dueAt <= signing.now)) {
    throw new DomainError('SIGNATURE_REQUEST_CLOSED', 'This request is complete or past its due date', {
      requestId: request.requestId,
      dueAt: request.dueAt,
    });
  }
  if (Math.abs(Date.parse(signing.signedAt) - Date.parse(signing.now)) > SIGNED_AT_TOLERANCE_MS) {
    throw new DomainError('SIGNED_AT_OUT_OF_RANGE', 'signedAt must be within 5 minutes of the server time', {
      signedAt: signing.signedAt,
      serverTime: signing.now,
    });
  }
  const key = requireActiveSigningKey(keys, signing.keyId);
  const statement = signingStatement({
    ...request,
    signerId: signing.signerId,
    signedAt: signing.signedAt,
    intent: signing.intent,
  });
  const valid = verifyP256(
    Buffer.from(key.publicKeyHex, 'hex'),
    new TextEncoder().encode(statement),
    parseP1363(Buffer.from(signing.signatureHex, 'hex')),
  );
  if (!valid)
    throw new DomainError('SIGNATURE_INVALID', 'The signature does not verify over this statement with this key', {
      requestId: request.requestId,
      keyId: key.keyId,
      statement,
    });
  const signed: SignatureEvent = {
    type: 'DocumentSigned',
    data: {
      requestId: request.requestId,
      documentId: request.documentId,
      documentSha256: request.documentSha256,
      signerId: signing.signerId,
      keyId: key.keyId,
      publicKeyHex: key.publicKeyHex,
      statement,
      signatureHex: signing.signatureHex,
      signedAt: signing.signedAt,
      intent: signing.intent,
    },
  };
  const complete = state.signatures.length + 1 === request.signers.length;
  return complete
    ? [signed, { type: 'SignatureRequestCompleted', data: { requestId: request.requestId, completedAt: signing.now } }]
    : [signed];
}
