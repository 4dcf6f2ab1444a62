import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_SCHEMAS } from '../../../src/event-schemas';

const SRC = path.resolve(__dirname, '../../../src');

/**
 * Event types as the code spells them: in an event union (`{ type: 'BuzIssued'; data: … }`),
 * where one is built (`{ type: 'DemoSeeded', data: … }`), or as a constant named for an event.
 * The per-context schema maps are checked against the unions by the compiler; this catches a
 * type written outside any union.
 */
function eventTypesInCode(): Map<string, string> {
  const found = new Map<string, string>();
  const patterns = [
    /\btype: '([A-Z][A-Za-z0-9]*)'[;,]\s*data\b/g,
    /^export const [A-Z_]+ = '([A-Z][a-z]+[A-Za-z0-9]*)';$/gm,
  ];
  for (const file of readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts'))) {
    const text = readFileSync(path.join(SRC, file), 'utf8');
    for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.set(match[1], file);
  }
  return found;
}

describe('every event type has a schema', () => {
  const declared = eventTypesInCode();

  it('finds the event types of every context in the code', () => {
    expect([...declared.keys()]).toEqual(
      expect.arrayContaining([
        'UserRegistered',
        'BuzIssued',
        'TaskAccepted',
        'WindowFinalized',
        'ConversionSettled',
        'CheckpointSigned',
        'DemoSeeded',
      ]),
    );
  });

  it('registers a schema for each event type the code declares or writes', () => {
    const missing = [...declared]
      .filter(([type]) => !EVENT_SCHEMAS.schemaOf(type))
      .map(([type, file]) => `${type} (${file})`);
    expect(missing).toEqual([]);
  });

  it('registers no schema for a type the code no longer has', () => {
    expect(EVENT_SCHEMAS.types.filter((type) => !declared.has(type))).toEqual([]);
  });
});
