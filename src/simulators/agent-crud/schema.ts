/**
 * The contract of this API: schemas/agent-crud/agent-crud.schema.json, loaded once. Routes refer to its
 * definitions by `$ref` (Fastify's shared schema `agent-crud`). Bodies are validated by a strict Ajv (no
 * coercion, no defaults written in, every error reported so the problem body names every bad field);
 * query strings are bound by query.ts with a coercing one.
 */
import type { Ajv, ValidateFunction } from 'ajv';
import { loadContract } from '../shared/contract.js';

const contract = loadContract('agent-crud');
export const SCHEMA_ID = contract.id;
export const schemaDocument = contract.document;
export const ref = contract.ref;

export const bodyAjv = contract.ajv({ allErrors: true, coerceTypes: false, useDefaults: false });
export const queryAjv = contract.ajv({ allErrors: true, coerceTypes: 'array', useDefaults: true });

export function definitionValidator(name: string, ajv: Ajv = bodyAjv): ValidateFunction {
  return contract.validator(ajv, name);
}
