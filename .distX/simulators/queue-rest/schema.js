import { loadContract } from '../shared/contract.js';
const contract = loadContract('queue-rest');
export const SCHEMA_ID = contract.id;
export const schemaDocument = contract.document;
export const ref = contract.ref;
/** Bodies: exact types; a PUT must never have defaults filled in (they would overwrite stored values). */
export const bodyAjv = contract.ajv({ allErrors: false, coerceTypes: false, useDefaults: false });
/** Query strings arrive as text: numbers, booleans and repeated keys are coerced. */
export const queryAjv = contract.ajv({ allErrors: false, coerceTypes: 'array', useDefaults: true });
export function definitionValidator(name) {
    return contract.validator(bodyAjv, name);
}
