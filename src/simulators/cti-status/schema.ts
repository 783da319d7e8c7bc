/**
 * The contract of this API: schemas/cti-status/cti-status.schema.json, loaded once, with a strict Ajv
 * (no type coercion: CC-CMS documents int fields, and a string "1" is a parameter error here); and the
 * routes' OpenAPI documentation (tag and summary only: bodies are checked in params.ts, so that errors
 * come out in CC-CMS's form rather than Fastify's).
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';

export const SCHEMA_ID = 'cti-status';
export const schemaDocument: Record<string, unknown> & { definitions: Record<string, unknown> } = JSON.parse(
  readFileSync(new URL('../../../schemas/cti-status/cti-status.schema.json', import.meta.url), 'utf8'),
);

const ajv = new Ajv({ allErrors: false, strict: false, coerceTypes: false, useDefaults: false, removeAdditional: false });
ajv.addSchema(schemaDocument);

export function definitionValidator(name: string): ValidateFunction {
  const v = ajv.getSchema(`${SCHEMA_ID}#/definitions/${name}`);
  if (!v) throw new Error(`no definition ${name} in ${SCHEMA_ID}`);
  return v;
}

/** A route's OpenAPI entry under the `huawei` tag (no body schema: Fastify must not validate it). */
export function docs(summary: string): { schema: { tags: string[]; summary: string } } {
  return { schema: { tags: ['huawei'], summary } };
}
