import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { z } from 'zod';

/** A file or line of the bundle that cannot be read as the format says. */
export class BundleMalformedError extends Error {}

export async function readJsonFile<Schema extends z.ZodType>(path: string, schema: Schema, name: string): Promise<z.infer<Schema>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new BundleMalformedError(`${name} is missing`);
  }
  return parseLine(text, schema, name);
}

/** Every line of a JSONL file, parsed and checked, with its 1-based line number in errors. */
export async function* readJsonLines<Schema extends z.ZodType>(path: string, schema: Schema, name: string): AsyncGenerator<z.infer<Schema>> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let number = 0;
  try {
    for await (const line of lines) {
      number += 1;
      yield parseLine(line, schema, `${name} line ${number}`);
    }
  } finally {
    lines.close();
  }
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
