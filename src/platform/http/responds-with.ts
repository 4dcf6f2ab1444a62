import { SetMetadata } from '@nestjs/common';
import type { z } from 'zod';

export const RESPONSE_SCHEMA = 'smartstart:response-schema';

/**
 * The zod schema of what a route answers on success. The OpenAPI document shows it, and
 * test/e2e/openapi.e2e.spec.ts parses the route's real answers with it, so it can't drift.
 */
export const RespondsWith = (schema: z.ZodType) => SetMetadata(RESPONSE_SCHEMA, schema);

export const RESPONSE_FILE = 'smartstart:response-file';

/** The route answers with a file's bytes (its own Content-Type), not JSON. */
export const RespondsWithFile = () => SetMetadata(RESPONSE_FILE, true);

export const MULTIPART_BODY = 'smartstart:multipart-body';

/**
 * The route reads a multipart/form-data body itself (src/platform/http/json-bodies.ts lets it
 * through): `schema` describes its text fields, and `file` is the one file part.
 */
export const AcceptsMultipart = (schema: z.ZodType) => SetMetadata(MULTIPART_BODY, schema);
