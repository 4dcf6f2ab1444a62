import { SetMetadata } from '@nestjs/common';
import type { z } from 'zod';

export const RESPONSE_SCHEMA = 'smartstart:response-schema';

/** What a route answers on success: a JSON body with its schema, or another media type (a stream, a page). */
export type ResponseDeclaration =
  { mediaType: 'application/json'; schema: z.ZodType } | { mediaType: string; description: string };

type MaybePromise<T> = T | Promise<T>;

/**
 * The zod schema of what a route answers on success. The OpenAPI document shows it (and the
 * portal's types are generated from that), test/e2e/openapi.e2e.spec.ts parses the route's real
 * answers with it, and the compiler holds the handler's return type to the schema's input type,
 * so neither side can drift from it.
 */
export function RespondsWith<S extends z.ZodType>(schema: S) {
  return <H extends (...args: never[]) => MaybePromise<z.input<S>>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<H>,
  ): void => {
    SetMetadata(RESPONSE_SCHEMA, { mediaType: 'application/json', schema } satisfies ResponseDeclaration)(
      target,
      key,
      descriptor,
    );
  };
}

/** A success that is not JSON: Server-Sent Events, an HTML page. The document names the media type. */
export const RespondsWithContent = (mediaType: string, description: string) =>
  SetMetadata(RESPONSE_SCHEMA, { mediaType, description } satisfies ResponseDeclaration);

export const MULTIPART_BODY = 'smartstart:multipart-body';

/**
 * The route reads a multipart/form-data body itself (src/platform/http/json-bodies.ts lets it
 * through): `schema` describes its text fields, and `file` is the one file part.
 */
export const AcceptsMultipart = (schema: z.ZodType) => SetMetadata(MULTIPART_BODY, schema);
