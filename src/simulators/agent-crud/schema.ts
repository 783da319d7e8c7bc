/**
 * The contract of this API: schemas/agent-crud/agent-crud.schema.json, loaded once. Routes refer to its
 * definitions by `$ref` (Fastify's shared schema `agent-crud`). Bodies are validated by a strict Ajv (no
 * coercion, no defaults written in, every error reported so the problem body names every bad field);
 * query strings are bound by query.ts with a coercing one.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';

export const SCHEMA_ID = 'agent-crud';
export const schemaDocument: Record<string, unknown> & { definitions: Record<string, Record<string, unknown>> } = JSON.parse(
  readFileSync(new URL('../../../schemas/agent-crud/agent-crud.schema.json', import.meta.url), 'utf8'),
);

export const ref = (name: string) => ({ $ref: `${SCHEMA_ID}#/definitions/${name}` });

export const bodyAjv = new Ajv({ allErrors: true, strict: false, coerceTypes: false, useDefaults: false, removeAdditional: false });
export const queryAjv = new Ajv({ allErrors: true, strict: false, coerceTypes: 'array', useDefaults: true, removeAdditional: false });
bodyAjv.addSchema(schemaDocument);
queryAjv.addSchema(schemaDocument);

export function definitionValidator(name: string, ajv: Ajv = bodyAjv): ValidateFunction {
  const v = ajv.getSchema(`${SCHEMA_ID}#/definitions/${name}`);
  if (!v) throw new Error(`no definition ${name} in ${SCHEMA_ID}`);
  return v;
}
