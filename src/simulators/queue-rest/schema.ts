/**
 * The contract of this API: schemas/queue-rest/queue-rest.schema.json, loaded once. Routes refer to its
 * definitions by `$ref` (Fastify's shared schema `queue-rest`); request bodies are validated by a strict
 * Ajv (no type coercion, no defaults filled in, unknown fields rejected), query strings by a lenient one.
 */
import type { ValidateFunction } from 'ajv';
import { loadContract } from '../shared/contract.js';

const contract = loadContract('queue-rest');
export const SCHEMA_ID = contract.id;
export const schemaDocument = contract.document;
export const ref = contract.ref;

/** Bodies: exact types; a PUT must never have defaults filled in (they would overwrite stored values). */
export const bodyAjv = contract.ajv({ allErrors: false, coerceTypes: false, useDefaults: false });
/** Query strings arrive as text: numbers, booleans and repeated keys are coerced. */
export const queryAjv = contract.ajv({ allErrors: false, coerceTypes: 'array', useDefaults: true });

export function definitionValidator(name: string): ValidateFunction {
  return contract.validator(bodyAjv, name);
}
