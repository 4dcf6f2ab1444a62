import { apiGet, apiPost, everyOf, type BodyOf, type ResponseOf } from './contract';
import type { RequestOptions } from './http';

export type SignatureRequest = ResponseOf<'/api/v1/signatures/{requestId}', 'get'>;
export type RecordedSignature = SignatureRequest['signatures'][number];
export type SignatureRequestDraft = BodyOf<'/api/v1/signatures', 'post'>;
export type Evidence = ResponseOf<'/api/v1/signatures/{requestId}/evidence', 'get'>;
export type SignaturesByHash = ResponseOf<'/api/v1/signatures/by-hash/{sha256}', 'get'>;
export type SignatureSubmission = BodyOf<'/api/v1/signatures/{requestId}/sign', 'post'>;
export type SigningIntent = SignatureSubmission['intent'];
export type SigningKey = ResponseOf<'/api/v1/signing-keys', 'get'>['keys'][number];

export const SIGNING_INTENTS = everyOf<SigningIntent>()(['sign', 'approve', 'acknowledge']);

/** The owner asks for signatures on the document's latest version. */
export function requestSignatures(draft: SignatureRequestDraft): Promise<ResponseOf<'/api/v1/signatures', 'post'>> {
  return apiPost('/api/v1/signatures', { body: draft });
}

export function getSignatureRequest(requestId: string, options?: RequestOptions): Promise<SignatureRequest> {
  return apiGet('/api/v1/signatures/{requestId}', { path: { requestId } }, options);
}

export function getEvidence(requestId: string, options?: RequestOptions): Promise<Evidence> {
  return apiGet('/api/v1/signatures/{requestId}/evidence', { path: { requestId } }, options);
}

export function submitSignature(
  requestId: string,
  submission: SignatureSubmission,
): Promise<ResponseOf<'/api/v1/signatures/{requestId}/sign', 'post'>> {
  return apiPost('/api/v1/signatures/{requestId}/sign', { path: { requestId }, body: submission });
}

/** Public: every signature recorded over a document with this SHA-256, with inclusion proofs. */
export function signaturesByHash(sha256: string, options?: RequestOptions): Promise<SignaturesByHash> {
  return apiGet('/api/v1/signatures/by-hash/{sha256}', { path: { sha256 } }, options);
}

export function listSigningKeys(options?: RequestOptions): Promise<SigningKey[]> {
  return apiGet('/api/v1/signing-keys', {}, options).then((answer) => answer.keys);
}

export function registerSigningKey(
  publicKeyHex: string,
  replacesKeyId?: string,
): Promise<ResponseOf<'/api/v1/signing-keys', 'post'>> {
  return apiPost('/api/v1/signing-keys', { body: replacesKeyId ? { publicKeyHex, replacesKeyId } : { publicKeyHex } });
}

export function revokeSigningKey(keyId: string): Promise<ResponseOf<'/api/v1/signing-keys/{keyId}/revoke', 'post'>> {
  return apiPost('/api/v1/signing-keys/{keyId}/revoke', { path: { keyId }, body: {} });
}

export type DocumentSignatureRequests = ResponseOf<'/api/v1/signatures', 'get'>;
export type SignatureRequestSummary = DocumentSignatureRequests['requests'][number];
export type MySignatureRequests = ResponseOf<'/api/v1/signatures/for-me', 'get'>;
export type MySignatureRequest = MySignatureRequests['requests'][number];

/** The requests on one document with every signer's state (the owner sees all, a signer their own). */
export function listDocumentSignatureRequests(
  documentId: string,
  options?: RequestOptions,
): Promise<SignatureRequestSummary[]> {
  return apiGet('/api/v1/signatures', { query: { documentId } }, options).then((answer) => answer.requests);
}

/** The signed-in member's requests to sign: `waiting` ones by default. */
export function listMySignatureRequests(
  state: MySignatureRequests['state'] = 'waiting',
  options?: RequestOptions,
): Promise<MySignatureRequest[]> {
  return apiGet('/api/v1/signatures/for-me', { query: { state } }, options).then((answer) => answer.requests);
}

/** Served straight to the browser (a link, not a fetch): the cookie session signs the GET in. */
export const evidenceJsonUrl = (requestId: string) => `/api/v1/signatures/${encodeURIComponent(requestId)}/evidence`;
export const evidenceHtmlUrl = (requestId: string) =>
  `/api/v1/signatures/${encodeURIComponent(requestId)}/evidence.html`;
