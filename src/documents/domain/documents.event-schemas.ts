import { z } from 'zod';
import { eventFields as field } from '../../platform/event-store/event-fields';
import type { EventSchemasOf } from '../../platform/event-store/event-schemas';
import { CLIENT_FIELDS, type ClientEvent } from './client.decide';
import { DOCUMENT_MEDIA_TYPES } from './content-type';
import { DOC_TYPES, type DocumentEvent } from './document.events';
import { HOLD_SCOPES, type LegalHoldEvent } from './legal-hold.events';
import { SIGNING_INTENTS, type SignatureEvent } from './signature.events';
import type { SigningKeyEvent } from './signing-key.events';

const sha256Hex = () => z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in hex');
const hex = () => z.string().regex(/^([0-9a-fA-F]{2})+$/, 'must be hex');
const versionNumber = () => z.number().int().min(1);
const nullableId = () => field.id().nullable();

/** Ids, hashes, types and times only: titles, comments, messages, client details and hold reasons are in erasable tables. */
export const documentEventSchemas: EventSchemasOf<DocumentEvent> = {
  DocumentRegistered: {
    version: 2,
    schema: z.strictObject({
      documentId: field.id(),
      ownerId: field.id(),
      docType: z.enum(DOC_TYPES),
      registeredAt: field.instant(),
      retainUntil: field.instant(),
      ventureId: nullableId(),
    }),
    // v1 → v2: documents registered before they could belong to a venture belong to none.
    upcasters: [(data) => ({ ...data, ventureId: data.ventureId ?? null })],
  },
  DocumentVersionAdded: {
    version: 1,
    schema: z.strictObject({
      versionNumber: versionNumber(),
      sha256: sha256Hex(),
      sizeBytes: field.count(),
      mediaType: z.enum(DOCUMENT_MEDIA_TYPES),
      uploadedBy: field.id(),
      uploadedAt: field.instant(),
    }),
    upcasters: [],
  },
  DocumentShared: {
    version: 1,
    schema: z.strictObject({
      shareId: field.id(),
      toUserId: nullableId(),
      clientId: nullableId(),
      canView: z.boolean(),
      canComment: z.boolean(),
      canSign: z.boolean(),
      expiresAt: field.instant().nullable(),
      sharedAt: field.instant(),
    }),
    upcasters: [],
  },
  DocumentShareRevoked: {
    version: 1,
    schema: z.strictObject({ shareId: field.id(), revokedAt: field.instant() }),
    upcasters: [],
  },
  DocumentSharesExpired: {
    version: 1,
    schema: z.strictObject({ shareIds: z.array(field.id()).min(1), expiredAt: field.instant() }),
    upcasters: [],
  },
  DocumentViewed: {
    version: 1,
    schema: z.strictObject({
      viewerId: nullableId(),
      shareId: nullableId(),
      versionNumber: versionNumber(),
      viewedAt: field.instant(),
    }),
    upcasters: [],
  },
  DocumentCommented: {
    version: 1,
    schema: z.strictObject({
      commentId: field.id(),
      authorId: nullableId(),
      shareId: nullableId(),
      commentedAt: field.instant(),
    }),
    upcasters: [],
  },
  DocumentArchived: { version: 1, schema: z.strictObject({ archivedAt: field.instant() }), upcasters: [] },
  DocumentDeleted: { version: 1, schema: z.strictObject({ deletedAt: field.instant() }), upcasters: [] },
  DocumentPurged: {
    version: 1,
    schema: z.strictObject({ purgedAt: field.instant(), sha256s: z.array(sha256Hex()) }),
    upcasters: [],
  },
  DocumentIntegrityAlarmRaised: {
    version: 1,
    schema: z.strictObject({
      alarmId: field.id(),
      versionNumber: versionNumber(),
      expectedSha256: sha256Hex(),
      actualSha256: sha256Hex().nullable(),
      detectedAt: field.instant(),
    }),
    upcasters: [],
  },
};

export const signatureEventSchemas: EventSchemasOf<SignatureEvent> = {
  SignatureRequested: {
    version: 1,
    schema: z.strictObject({
      requestId: field.id(),
      documentId: field.id(),
      versionNumber: versionNumber(),
      documentSha256: sha256Hex(),
      requesterId: field.id(),
      signers: z
        .array(z.strictObject({ signerId: field.id(), kind: z.enum(['user', 'client']), shareId: nullableId() }))
        .min(1),
      dueAt: field.instant().nullable(),
      requestedAt: field.instant(),
    }),
    upcasters: [],
  },
  DocumentSigned: {
    version: 1,
    schema: z.strictObject({
      requestId: field.id(),
      documentId: field.id(),
      documentSha256: sha256Hex(),
      signerId: field.id(),
      keyId: sha256Hex(),
      publicKeyHex: hex(),
      statement: field.text(),
      signatureHex: hex(),
      signedAt: field.instant(),
      intent: z.enum(SIGNING_INTENTS),
    }),
    upcasters: [],
  },
  SignatureRequestCompleted: {
    version: 1,
    schema: z.strictObject({ requestId: field.id(), completedAt: field.instant() }),
    upcasters: [],
  },
};

export const signingKeyEventSchemas: EventSchemasOf<SigningKeyEvent> = {
  SigningKeyRegistered: {
    version: 1,
    schema: z.strictObject({ keyId: sha256Hex(), publicKeyHex: hex(), registeredAt: field.instant() }),
    upcasters: [],
  },
  SigningKeyRevoked: {
    version: 1,
    schema: z.strictObject({ keyId: sha256Hex(), reason: z.enum(['ROTATED', 'REVOKED']), revokedAt: field.instant() }),
    upcasters: [],
  },
};

export const legalHoldEventSchemas: EventSchemasOf<LegalHoldEvent> = {
  LegalHoldPlaced: {
    version: 1,
    schema: z.strictObject({
      holdId: field.id(),
      scope: z.enum(HOLD_SCOPES),
      scopeId: field.id(),
      placedBy: field.id(),
      placedAt: field.instant(),
    }),
    upcasters: [],
  },
  LegalHoldReleased: {
    version: 1,
    schema: z.strictObject({ holdId: field.id(), releasedBy: field.id(), releasedAt: field.instant() }),
    upcasters: [],
  },
};

export const clientEventSchemas: EventSchemasOf<ClientEvent> = {
  ClientAdded: {
    version: 1,
    schema: z.strictObject({ clientId: field.id(), ownerId: field.id(), addedAt: field.instant() }),
    upcasters: [],
  },
  ClientUpdated: {
    version: 1,
    schema: z.strictObject({ fields: z.array(z.enum(CLIENT_FIELDS)).min(1), updatedAt: field.instant() }),
    upcasters: [],
  },
  ClientArchived: { version: 1, schema: z.strictObject({ archivedAt: field.instant() }), upcasters: [] },
  ClientErased: { version: 1, schema: z.strictObject({ erasedAt: field.instant() }), upcasters: [] },
};
