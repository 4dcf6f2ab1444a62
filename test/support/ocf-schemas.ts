import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';

/** The vendored OCF v1.0.0 JSON schemas (test/fixtures/ocf-v1.0.0/README.md says where they come from). */
const SCHEMA_DIR = path.resolve(__dirname, '../fixtures/ocf-v1.0.0/schema');
const SCHEMA_ID_BASE = 'https://opencaptablecoalition.com/schema/';

/** The schema each exported object type must validate against. */
const SCHEMA_OF_OBJECT_TYPE: Readonly<Record<string, string>> = {
  ISSUER: 'objects/Issuer.schema.json',
  STAKEHOLDER: 'objects/Stakeholder.schema.json',
  STOCK_CLASS: 'objects/StockClass.schema.json',
  TX_STOCK_ISSUANCE: 'objects/transactions/issuance/StockIssuance.schema.json',
};

/** An OCF object: its type and id, and whatever else its schema says. */
export type OcfObject = Readonly<Record<string, unknown>> & { object_type: string; id: string };

export interface OcfObjectCheck {
  objectType: string;
  id: string;
  errors: string[];
}

/**
 * Validates OCF objects by their `object_type` against the vendored v1.0.0 schemas, with every
 * `$ref` resolved among them and the `date` and `email` formats checked. An object of a type the
 * export does not make is an error, not a pass.
 */
export function ocfObjectValidator(): (object: OcfObject) => OcfObjectCheck {
  const ajv = new Ajv({ allErrors: true, strictTypes: false });
  addFormats(ajv, ['date', 'email']);
  const files = readdirSync(SCHEMA_DIR, { recursive: true, encoding: 'utf8' }).filter((file) =>
    file.endsWith('.schema.json'),
  );
  for (const file of files) ajv.addSchema(JSON.parse(readFileSync(path.join(SCHEMA_DIR, file), 'utf8')) as object);
  return (object) => {
    const schemaFile = SCHEMA_OF_OBJECT_TYPE[object.object_type] as string | undefined;
    const validate = schemaFile === undefined ? undefined : ajv.getSchema(SCHEMA_ID_BASE + schemaFile);
    if (!validate) return { objectType: object.object_type, id: object.id, errors: ['no OCF schema for this type'] };
    validate(object);
    return { objectType: object.object_type, id: object.id, errors: (validate.errors ?? []).map(describe) };
  };
}

function describe(error: ErrorObject): string {
  return `${error.instancePath || '/'} ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`;
}
