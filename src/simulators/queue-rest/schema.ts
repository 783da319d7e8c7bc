/**
 * The contract of this API: schemas/queue-rest/queue-rest.schema.json, loaded once. Routes refer to its
 * definitions by `$ref` (Fastify's shared schema `queue-rest`); request bodies are validated by a strict
 * Ajv (no type coercion, no defaults filled in, unknown fields rejected), query strings by a lenient one.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';

export const SCHEMA_ID = 'queue-rest';
export const schemaDocument: Record<string, unknown> & { definitions: Record<string, unknown> } = JSON.parse(
  readFileSync(new URL('../../../schemas/queue-rest/queue-rest.schema.json', import.meta.url), 'utf8'),
);

export const ref = (name: string) => ({ $ref: `${SCHEMA_ID}#/definitions/${name}` });

/** Bodies: exact types; a PUT must never have defaults filled in (they would overwrite stored values). */
export const bodyAjv = new Ajv({ allErrors: false, strict: false, coerceTypes: false, useDefaults: false, removeAdditional: false });
/** Query strings arrive as text: numbers, booleans and repeated keys are coerced. */
export const queryAjv = new Ajv({ allErrors: false, strict: false, coerceTypes: 'array', useDefaults: true, removeAdditional: false });
bodyAjv.addSchema(schemaDocument);
queryAjv.addSchema(schemaDocument);

export function definitionValidator(name: string): ValidateFunction {
  const v = bodyAjv.getSchema(`${SCHEMA_ID}#/definitions/${name}`);
  if (!v) throw new Error(`no definition ${name} in ${SCHEMA_ID}`);
  return v;
}
