import { loadContract } from '../shared/contract.js';
const contract = loadContract('cti-status');
export const SCHEMA_ID = contract.id;
export const schemaDocument = contract.document;
const ajv = contract.ajv({ allErrors: false, coerceTypes: false, useDefaults: false });
export function definitionValidator(name) {
    return contract.validator(ajv, name);
}
/** A route's OpenAPI entry under the `huawei` tag (no body schema: Fastify must not validate it). */
export function docs(summary) {
    return { schema: { tags: ['huawei'], summary } };
}
