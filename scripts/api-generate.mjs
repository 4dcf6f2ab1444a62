// `npm run api:generate`: writes the server's OpenAPI document and the portal's types from it
// into ui/src/lib/api/generated/. Needs the API built (the npm script builds it first), but no
// database and no running server: see src/api-docs/contract-document.ts.
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOCUMENT_FILE, GENERATED_DIR, TYPES_FILE, documentText, typesText } from './api-contract.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
require('reflect-metadata');
const { contractDocument } = require(path.join(ROOT, 'dist/src/api-docs/contract-document.js'));

const document = await contractDocument();
await mkdir(path.join(ROOT, GENERATED_DIR), { recursive: true });
await writeFile(path.join(ROOT, DOCUMENT_FILE), documentText(document));
await writeFile(path.join(ROOT, TYPES_FILE), await typesText(document));
console.log(`[smartstart] wrote ${DOCUMENT_FILE} and ${TYPES_FILE} (${Object.keys(document.paths).length} paths)`);
