import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_FILE, TYPES_FILE, documentText, typesText } from '../../scripts/api-contract.mjs';
import { contractDocument } from '../../src/api-docs/contract-document';
import type { OpenApiDocument } from '../../src/api-docs/openapi-document';

const ROOT = path.resolve(__dirname, '../..');
const committed = (file: string) => readFile(path.join(ROOT, file), 'utf8');
const REGENERATE =
  'the server and the portal disagree: run `npm run api:generate` and commit ui/src/lib/api/generated/';

/**
 * The portal compiles against ui/src/lib/api/generated/, so a change to what the server declares
 * must reach those files in the same commit; this fails until it does.
 */
describe('the HTTP contract the portal is generated from', () => {
  let document: OpenApiDocument;

  beforeAll(async () => {
    document = await contractDocument();
  });

  it('commits the OpenAPI document the server code builds now', async () => {
    expect(await committed(DOCUMENT_FILE), REGENERATE).toBe(documentText(document));
  });

  it('commits the types openapi-typescript makes of that document', async () => {
    expect(await committed(TYPES_FILE), REGENERATE).toBe(await typesText(document));
  });

  it('declares a success body for every route that answers one', () => {
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const responses = operation.responses as Record<string, { content?: Record<string, { schema: object }> }>;
        const successEntry = Object.entries(responses).find(([code]) => Number(code) < 300);
        if (!successEntry) throw new Error(`${method} ${path} declares no success`);
        const [status, success] = successEntry;
        if (status === '204') continue;
        const [mediaType, { schema }] = Object.entries(success.content ?? {})[0] ?? [];
        expect(mediaType, `${method} ${path}`).toBeDefined();
        if (mediaType === 'application/json') expect(Object.keys(schema), `${method} ${path}`).not.toEqual([]);
      }
    }
  });
});
