import { Command } from '@nestjs/cqrs';
import type { WriteCause } from '../../platform/event-store/stream-writer.service';
import { clientSignerId, type SigningIntent } from '../domain/signature.events';

export type SignerRef = { userId: string; clientShareId?: undefined } | { clientShareId: string; userId?: undefined };

/**
 * Who registers a key or signs: a signed-in member, or a client through their share link. The
 * controller that builds a client's identity has checked the link's share is active and allows signing.
 */
export type SignerIdentity = { kind: 'user'; userId: string } | { kind: 'client'; shareId: string };

/** The id the signer's keys and signatures are recorded under. */
export const signerIdOf = (signer: SignerIdentity): string =>
  signer.kind === 'user' ? signer.userId : clientSignerId(signer.shareId);

export class RegisterSigningKey extends Command<{ keyId: string; publicKeyHex: string; revokedKeyId: string | null }> {
  constructor(
    readonly signer: SignerIdentity,
    readonly publicKey: Uint8Array,
    readonly replacesKeyId: string | null,
    readonly context: WriteCause,
  ) {
    super();
  }
}

export class RevokeSigningKey extends Command<{ keyId: string; revokedAt: string }> {
  constructor(
    readonly keyId: string,
    readonly signer: SignerIdentity,
    readonly context: WriteCause,
  ) {
    super();
  }
}

export class RequestSignatures extends Command<{ requestId: string; documentSha256: string; versionNumber: number }> {
  constructor(
    readonly documentId: string,
    readonly signers: SignerRef[],
    readonly message: string | null,
    readonly dueAt: string | null,
    readonly context: WriteCause,
  ) {
    super();
  }
}

export class SignDocument extends Command<{
  requestId: string;
  signerId: string;
  completed: boolean;
  statement: string;
}> {
  constructor(
    readonly requestId: string,
    readonly signer: SignerIdentity,
    readonly signing: { keyId: string; signatureHex: string; signedAt: string; intent: SigningIntent },
    readonly context: WriteCause,
  ) {
    super();
  }
}
