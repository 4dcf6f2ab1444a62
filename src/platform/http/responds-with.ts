import { SetMetadata } from '@nestjs/common';
import type { z } from 'zod';

export const RESPONSE_SCHEMA = 'smartstart:response-schema';

/**
 * The zod schema of what a route answers on success. The OpenAPI document shows it, and
 * test/e2e/openapi.e2e.spec.ts parses the route's real answers with it, so it can't drift.
 */
export const RespondsWith = (schema: z.ZodType) => SetMetadata(RESPONSE_SCHEMA, schema);
