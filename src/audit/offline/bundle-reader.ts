import { isUtf8 } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';

/** A file or line of the bundle that cannot be read as the format says. */
export class BundleMalformedError extends Error {}

export async function readJsonFile<Schema extends z.ZodType>(
  path: string,
  schema: Schema,
  name: string,
): Promise<z.infer<Schema>> {
  return parseLine(await readText(path, name), schema, name);
}

/**
 * Every line of a small JSONL file (checkpoints.jsonl: one line per thousands of events), parsed
 * and checked, with its 1-based line number in errors. events.jsonl is read by ChunkCheckers.
 */
export async function readJsonLines<Schema extends z.ZodType>(
  path: string,
  schema: Schema,
  name: string,
): Promise<z.infer<Schema>[]> {
  const lines = (await readText(path, name)).split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((line, index) => parseLine(line, schema, `${name} line ${index + 1}`));
}

/** The file's text; never decoded with replacement characters (docs/AUDIT-BUNDLE.md §1). */
async function readText(path: string, name: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    throw new BundleMalformedError(`${name} is missing`);
  }
  if (!isUtf8(bytes)) throw new BundleMalformedError(`${name} is not valid UTF-8`);
  return bytes.toString('utf8');
}

function parseLine<Schema extends z.ZodType>(text: string, schema: Schema, where: string): z.infer<Schema> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BundleMalformedError(`${where} is not JSON`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BundleMalformedError(`${where}: ${issue.path.join('.') || '(value)'} ${issue.message}`);
  }
  return parsed.data;
}
