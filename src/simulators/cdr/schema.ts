/**
 * The contract of the Conpeek CDR view: schemas/cdr/cdr.schema.json, loaded once and registered with
 * Fastify as the shared schema `cdr` (routes refer to its definitions by `$ref` for the OpenAPI and the
 * response serializer). Query strings are checked by the view itself (list-query.ts, filter.ts), so
 * every problem gets a Conpeek message; the validator here is for the scenario settings.
 */
import type { ValidateFunction } from 'ajv';
import { loadContract } from '../shared/contract.js';

const contract = loadContract('cdr');
export const SCHEMA_ID = contract.id;
export const schemaDocument = contract.document;
export const ref = contract.ref;

const ajv = contract.ajv({ allErrors: false, coerceTypes: false, useDefaults: false });

export function definitionValidator(name: string): ValidateFunction {
  return contract.validator(ajv, name);
}
