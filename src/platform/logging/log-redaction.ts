import type { IncomingMessage } from 'node:http';
import type { Options } from 'pino-http';
import { clientAddressOf } from '../http/client-address';

export const REDACTED = '[Redacted]';

/**
 * Field and header names whose values are credentials, compared lower-cased without `-` and `_`
 * so `Authorization`, `set-cookie`, `X_CSRF_TOKEN`, `newPassword` or `recovery_codes` all match.
 * Broad on purpose: a redacted `tokenId` costs a little debugging, a logged token costs an account.
 */
const CREDENTIAL_NAME =
  /authorization|cookie|csrf|passw|secret|token|recovery|otpauth|privatekey|signingkey|^(code|otp|totp|mfacode|totpcode|authcode)$/;
/** Raw request text (body-parser puts it on the errors it throws) can't be redacted field by field. */
const OPAQUE_BODY_NAME = /^(body|rawbody)$/;
/** Deeper than any log object we write; also what stops a reference cycle. */
const MAX_DEPTH = 12;

export function isCredentialName(name: string): boolean {
  return CREDENTIAL_NAME.test(name.toLowerCase().replace(/[-_]/g, ''));
}

/**
 * A copy of `value` with every credential-named field's value replaced, at any depth. Only plain
 * records and arrays are copied: anything else (a raw request, response or Error in a log call)
 * is left for its serializer, whose output passes through here in turn.
 */
export function redactCredentials(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return '[Too deep]';
  if (Array.isArray(value)) return value.map((item) => redactCredentials(item, depth + 1));
  if (!isRecord(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) copy[name] = redactField(name, field, depth);
  return copy;
}

function redactField(name: string, field: unknown, depth: number): unknown {
  if (field === undefined || field === null) return field;
  if (isCredentialName(name)) return REDACTED;
  if (typeof field === 'string' && OPAQUE_BODY_NAME.test(name.toLowerCase())) return REDACTED;
  return redactCredentials(field, depth + 1);
}

/** Object literals, null-prototype maps (Node's header objects) and pino's serializer outputs. */
function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  return Object.getPrototypeOf(value) === null || value.constructor === Object;
}

/** `?token=…` in a URL is as much a credential as the same name in a body. */
function redactQueryString(url: unknown): unknown {
  if (typeof url !== 'string' || !url.includes('?')) return url;
  const [path, query] = [url.slice(0, url.indexOf('?')), url.slice(url.indexOf('?') + 1)];
  const params = new URLSearchParams(query);
  const credentials = [...new Set(params.keys())].filter(isCredentialName);
  if (credentials.length === 0) return url;
  for (const name of credentials) params.set(name, REDACTED);
  return `${path}?${params.toString()}`;
}

/**
 * An error serialized by pino: its own `code` names its kind (ECONNREFUSED, 23505), not a
 * one-time code, so it stays. An error that carries the request's text (body-parser's) may quote
 * it in its message too: V8's JSON.parse says `Unexpected token 's', "{"password": s…"`.
 */
function redactError(serialized: unknown): unknown {
  const redacted = redactCredentials(serialized);
  const thrown = isRecord(serialized) ? serialized.raw : undefined;
  if (!(thrown instanceof Error) || !isRecord(redacted)) return redacted;
  if ('code' in thrown) redacted.code = thrown.code;
  if ('body' in thrown) {
    redacted.message = REDACTED;
    const frames = (typeof redacted.stack === 'string' ? redacted.stack : '')
      .split('\n')
      .filter((line) => /^\s+at /.test(line));
    redacted.stack = [`${String(redacted.type)}: ${REDACTED}`, ...frames].join('\n');
  }
  return redacted;
}

/**
 * The client as the rate limits see it (clientAddressOf): behind a proxy TRUST_PROXY names, the
 * forwarded client, not the proxy. The socket's port is the proxy's then, so it is left out.
 */
function clientOf(request: Record<string, unknown>): { remoteAddress: unknown; remotePort: unknown } {
  const raw = request.raw as IncomingMessage | undefined;
  const remoteAddress = raw ? clientAddressOf(raw) : request.remoteAddress;
  return { remoteAddress, remotePort: remoteAddress === request.remoteAddress ? request.remotePort : undefined };
}

/**
 * pino-http options that keep credentials out of every log line at every level: the request
 * (headers, query, URL), the response (Set-Cookie), errors, and whatever object a log call
 * passes. pino-http runs its standard serializers first and hands their output to these (the
 * request's with the raw request on its non-enumerable `raw`).
 */
export const credentialRedaction: Pick<Options, 'serializers' | 'formatters'> = {
  serializers: {
    req: (request: Record<string, unknown>) => {
      const redacted = redactCredentials(request) as Record<string, unknown>;
      return { ...redacted, url: redactQueryString(redacted.url), ...clientOf(request) };
    },
    res: (response: unknown) => redactCredentials(response),
    err: redactError,
  },
  formatters: {
    log: (object) => redactCredentials(object) as Record<string, unknown>,
  },
};
