import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { z } from 'zod';
import type { LogEvent } from '../verification/log-verifier';
import { bundleEventSchema } from './bundle-format';

/** A file or line of the bundle that cannot be read as the format says. */
export class BundleMalformedError extends Error {}

const PAGE_LINES = 2000;

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

/** events.jsonl as the verifier's pages of LogEvents. */
export async function* readBundleEvents(path: string, name: string): AsyncGenerator<LogEvent[]> {
  let page: LogEvent[] = [];
  for await (const line of readJsonLines(path, bundleEventSchema, name)) {
    page.push({ ...line, revision: BigInt(line.revision) });
    if (page.length === PAGE_LINES) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
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
