/**
 * The contract of this API: schemas/cti-status/cti-status.schema.json, loaded once, with a strict Ajv
 * (no type coercion: CC-CMS documents int fields, and a string "1" is a parameter error here); and the
 * routes' OpenAPI documentation (tag and summary only: bodies are checked in params.ts, so that errors
 * come out in CC-CMS's form rather than Fastify's).
 */
import type { ValidateFunction } from 'ajv';
import { loadContract } from '../shared/contract.js';

const contract = loadContract('cti-status');
export const SCHEMA_ID = contract.id;
export const schemaDocument = contract.document;

const ajv = contract.ajv({ allErrors: false, coerceTypes: false, useDefaults: false });

export function definitionValidator(name: string): ValidateFunction {
  return contract.validator(ajv, name);
}

/** A route's OpenAPI entry under the `huawei` tag (no body schema: Fastify must not validate it). */
export function docs(summary: string): { schema: { tags: string[]; summary: string } } {
  return { schema: { tags: ['huawei'], summary } };
}
