// Relative and with .js, and types only from the generated contract: the server's tests (nodenext) read this file too.
import type { paths } from '../api/generated/openapi.js';

type SigningIntent = NonNullable<
  paths['/api/v1/signatures/{requestId}/sign']['post']['requestBody']
>['content']['application/json']['intent'];

export interface StatementFields {
  documentId: string;
  documentSha256: string;
  requestId: string;
  signerId: string;
  /** `YYYY-MM-DDTHH:mm:ss.sssZ`, as Date.toISOString() writes it. */
  signedAt: string;
  intent: SigningIntent;
}

/**
 * The exact text a signer signs (src/documents/domain/signature.decide.ts, signingStatement):
 * the RFC 8785 text of these six string fields. RFC 8785 sorts the keys by code unit, as written
 * here, and writes each string as JSON.stringify does, so joining them gives the canonical text.
 */
export function signingStatement(fields: StatementFields): string {
  const keys = ['documentId', 'documentSha256', 'intent', 'requestId', 'signedAt', 'signerId'] as const;
  return `{${keys.map((key) => `${JSON.stringify(key)}:${JSON.stringify(fields[key])}`).join(',')}}`;
}

/** The statement's fields, or null when the text is not exactly the canonical statement of its own fields. */
export function parseStatement(text: string): StatementFields | null {
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    const strings = ['documentId', 'documentSha256', 'intent', 'requestId', 'signedAt', 'signerId'].every(
      (key) => typeof value[key] === 'string',
    );
    if (!strings || Object.keys(value).length !== 6) return null;
    const fields = value as unknown as StatementFields;
    return signingStatement(fields) === text ? fields : null;
  } catch {
    return null;
  }
}
