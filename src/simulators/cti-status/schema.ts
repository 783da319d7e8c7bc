/**
 * The contract of this API: schemas/cti-status/cti-status.schema.json, loaded once (and registered with
 * Fastify as the shared schema `cti-status`, for the OpenAPI), with a strict Ajv for params.ts (no
 * coercion: params.ts reads numeric strings itself, only where the schema has integers); and the routes'
 * OpenAPI documentation: tag, summary, the body's definition and the security schemes. The body is
 * documented, not validated by Fastify: params.ts checks it, so that errors come out in CC-CMS's form.
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

type Security = readonly Readonly<Record<string, readonly string[]>>[];

/** A route's options: its OpenAPI entry under the `huawei` tag, and no validation by Fastify. */
export function docs(summary: string, body: string, security: Security) {
  return {
    schema: { tags: ['huawei'], summary, body: contract.ref(body), security: security as Record<string, string[]>[] },
    validatorCompiler: () => () => true,
  };
}
