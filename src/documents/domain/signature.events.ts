export const signatureStream = (requestId: string) => `signature-${requestId}`;

export const SIGNING_INTENTS = ['approve', 'sign', 'acknowledge'] as const;
export type SigningIntent = (typeof SIGNING_INTENTS)[number];

/** A signer: a user, or a client signing through their share link (signerId `share:<shareId>`). */
export type Signer = { signerId: string; kind: 'user' | 'client'; shareId: string | null };

/** A client's signer id names the share they sign through: never a name or an email, so no personal data. */
export const clientSignerId = (shareId: string) => `share:${shareId}`;

/** The optional message to signers is free text: it is in signature_request_messages. */
export type SignatureRequestedData = {
  requestId: string;
  documentId: string;
  versionNumber: number;
  documentSha256: string;
  requesterId: string;
  signers: Signer[];
  dueAt: string | null;
  requestedAt: string;
};

/** Everything needed to check the signature without us: the statement is the exact signed text. */
export type DocumentSignedData = {
  requestId: string;
  documentId: string;
  documentSha256: string;
  signerId: string;
  keyId: string;
  publicKeyHex: string;
  /** RFC 8785 text of {documentId, documentSha256, requestId, signerId, signedAt, intent}. */
  statement: string;
  /** Hex of the 64-byte IEEE P1363 r ‖ s, as WebCrypto returns it. */
  signatureHex: string;
  signedAt: string;
  intent: SigningIntent;
};

export type SignatureEvent =
  | { type: 'SignatureRequested'; data: SignatureRequestedData }
  | { type: 'DocumentSigned'; data: DocumentSignedData }
  | { type: 'SignatureRequestCompleted'; data: { requestId: string; completedAt: string } };
