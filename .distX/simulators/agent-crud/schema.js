import { loadContract } from '../shared/contract.js';
const contract = loadContract('agent-crud');
export const SCHEMA_ID = contract.id;
export const schemaDocument = contract.document;
export const ref = contract.ref;
export const bodyAjv = contract.ajv({ allErrors: true, coerceTypes: false, useDefaults: false });
export const queryAjv = contract.ajv({ allErrors: true, coerceTypes: 'array', useDefaults: true });
export function definitionValidator(name, ajv = bodyAjv) {
    return contract.validator(ajv, name);
}
