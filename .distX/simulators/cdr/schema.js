import { loadContract } from '../shared/contract.js';
const contract = loadContract('cdr');
export const SCHEMA_ID = contract.id;
export const schemaDocument = contract.document;
export const ref = contract.ref;
const ajv = contract.ajv({ allErrors: false, coerceTypes: false, useDefaults: false });
export function definitionValidator(name) {
    return contract.validator(ajv, name);
}
