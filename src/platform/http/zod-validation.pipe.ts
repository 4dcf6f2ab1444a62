import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

/** Parses a body, query or param with a zod schema; a ZodError becomes a 400 in the error filter. */
export class ZodValidationPipe<Schema extends z.ZodType> implements PipeTransform<unknown, z.infer<Schema>> {
  /** Public so the OpenAPI document and the tests can walk every request schema (src/api-docs/route-inventory.ts). */
  constructor(readonly schema: Schema) {}

  transform(value: unknown): z.infer<Schema> {
    return this.schema.parse(value);
  }
}
