/**
 * The contract of the Conpeek CDR view: schemas/cdr/cdr.schema.json, loaded once and registered with
 * Fastify as the shared schema `cdr` (routes refer to its definitions by `$ref` for the OpenAPI and the
 * response serializer). Query strings are checked by the view itself (list-query.ts, filter.ts), so
 * every problem gets a Conpeek message; the validator here is for the scenario settings.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';

export const SCHEMA_ID = 'cdr';
export const schemaDocument: Record<string, unknown> & { definitions: Record<string, unknown> } = JSON.parse(
  readFileSync(new URL('../../../schemas/cdr/cdr.schema.json', import.meta.url), 'utf8'),
);

export const ref = (name: string) => ({ $ref: `${SCHEMA_ID}#/definitions/${name}` });

const ajv = new Ajv({ allErrors: false, strict: false, coerceTypes: false, useDefaults: false, removeAdditional: false });
ajv.addSchema(schemaDocument);

export function definitionValidator(name: string): ValidateFunction {
  const v = ajv.getSchema(`${SCHEMA_ID}#/definitions/${name}`);
  if (!v) throw new Error(`no definition ${name} in ${SCHEMA_ID}`);
  return v;
}
