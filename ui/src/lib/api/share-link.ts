import { apiGet, apiPost, type BodyOf, type ResponseOf } from './contract';
import { toApiError } from './http';

/**
 * What a client reaches with a share link, without an account. The token goes in the
 * `X-Share-Token` header, never in a URL the server sees: the link carries it in the fragment,
 * which browsers do not send.
 */
export type SharedDocument = ResponseOf<'/api/v1/share-link', 'get'>;
export type LinkComment = ResponseOf<'/api/v1/share-link/comments', 'get'>['comments'][number];

const TOKEN_HEADER = 'x-share-token';
/** The token, and no session refresh: a 401 here answers the token (SHARE_LINK_INVALID), not a session. */
const withToken = (token: string) => ({ headers: { [TOKEN_HEADER]: token }, refreshOnUnauthenticated: false });

/** The link a client opens: the token after `#`, so no request line, log or Referer carries it. */
export const shareLinkUrl = (origin: string, token: string) => `${origin}/share#${token}`;

export function openSharedDocument(token: string): Promise<SharedDocument> {
  return apiGet('/api/v1/share-link', {}, withToken(token));
}

/** The sender's comments and this link's own, oldest first. */
export function listLinkComments(token: string): Promise<LinkComment[]> {
  return apiGet('/api/v1/share-link/comments', {}, withToken(token)).then((answer) => answer.comments);
}

export function commentThroughLink(
  token: string,
  body: string,
): Promise<ResponseOf<'/api/v1/share-link/comments', 'post'>> {
  return apiPost('/api/v1/share-link/comments', { body: { body } }, withToken(token));
}

/** The latest version's bytes (hash-checked by the server), as a Blob to hand to the browser. */
export async function sharedContent(token: string): Promise<Blob> {
  const response = await fetch('/api/v1/share-link/content', { headers: withToken(token).headers });
  if (!response.ok) throw toApiError(response, await response.json().catch(() => undefined));
  return response.blob();
}

/** A signature request naming this link's share, with every signer's state. */
export type LinkSignatureRequest = ResponseOf<'/api/v1/share-link/signatures', 'get'>['requests'][number];

/** The requests naming this link's share as a signer (the server's list may trail a new request by a moment). */
export function linkSignatureRequests(token: string): Promise<LinkSignatureRequest[]> {
  return apiGet('/api/v1/share-link/signatures', {}, withToken(token)).then((answer) => answer.requests);
}

/** The keys of the client signing through this link: the token is their credential. */
export function linkSigningKeys(token: string): Promise<ResponseOf<'/api/v1/share-link/signing-keys', 'get'>['keys']> {
  return apiGet('/api/v1/share-link/signing-keys', {}, withToken(token)).then((answer) => answer.keys);
}

export function registerLinkSigningKey(
  token: string,
  publicKeyHex: string,
): Promise<ResponseOf<'/api/v1/share-link/signing-keys', 'post'>> {
  return apiPost('/api/v1/share-link/signing-keys', { body: { publicKeyHex } }, withToken(token));
}

/** Revokes one of this link's keys: it signs nothing more; signatures made with it stay valid. */
export function revokeLinkSigningKey(
  token: string,
  keyId: string,
): Promise<ResponseOf<'/api/v1/share-link/signing-keys/{keyId}/revoke', 'post'>> {
  return apiPost('/api/v1/share-link/signing-keys/{keyId}/revoke', { path: { keyId }, body: {} }, withToken(token));
}

export function signThroughLink(
  token: string,
  requestId: string,
  submission: BodyOf<'/api/v1/share-link/signatures/{requestId}/sign', 'post'>,
): Promise<ResponseOf<'/api/v1/share-link/signatures/{requestId}/sign', 'post'>> {
  return apiPost(
    '/api/v1/share-link/signatures/{requestId}/sign',
    { path: { requestId }, body: submission },
    withToken(token),
  );
}
