import { z } from 'zod';
import { ERROR_CODES } from '../../src/shared-kernel/error-catalog';

/**
 * Typed reads of what the API answered. supertest and fetch hand a test the body as `any`;
 * these parse it with a zod schema instead of trusting it, so a field a test reads is one the
 * answer really has (a wrong shape fails the test here, with zod's message, not as `undefined`
 * three lines later). For a success body pass the schema the route declares with
 * @RespondsWith (src/<context>/http/*.responses.ts): the test then reads what the generated
 * client reads.
 */
export function json<S extends z.ZodType>(response: { body: unknown }, schema: S): z.output<S> {
  return schema.parse(response.body);
}

/** The error answer every route gives (src/platform/http/error.filter.ts): `{ error, message, details }`. */
export const errorBodySchema = z.strictObject({
  error: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export type ErrorBody = z.output<typeof errorBodySchema>;

const validationDetailsSchema = z.strictObject({
  issues: z.array(z.strictObject({ path: z.string(), message: z.string() })),
});

/** An error answer, parsed. */
export function errorOf(response: { body: unknown }): ErrorBody {
  return errorBodySchema.parse(response.body);
}

/** The zod issues of a 400 VALIDATION_FAILED answer. */
export function validationIssues(response: { body: unknown }): { path: string; message: string }[] {
  return validationDetailsSchema.parse(errorOf(response).details).issues;
}

/** rows of a pg result, each parsed with `schema` (pg types rows as `any`). */
export function rowsOf<S extends z.ZodType>(result: { rows: unknown[] }, schema: S): z.output<S>[] {
  return result.rows.map((row) => schema.parse(row));
}

/** An event's `data` or `metadata` column: canonical JSON text of an object. */
export const storedJsonObject = z
  .string()
  .transform((text): unknown => JSON.parse(text))
  .pipe(z.record(z.string(), z.unknown()));
