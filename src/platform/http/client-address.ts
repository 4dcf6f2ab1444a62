import type { IncomingMessage } from 'node:http';

/**
 * The client's address, one rule for the per-address rate limits and the request log: Express's
 * `req.ip`, the socket's address unless TRUST_PROXY names the proxy the request came through
 * (then the client that proxy forwarded, by proxy-addr under the app's `trust proxy`). A request
 * that never met Express has only its socket; one whose socket is gone has no address.
 */
export function clientAddressOf(request: IncomingMessage & { ip?: string | undefined }): string {
  return request.ip ?? request.socket.remoteAddress ?? 'unknown';
}
