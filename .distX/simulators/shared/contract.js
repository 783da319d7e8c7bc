/**
 * A view's contract, schemas/<id>/<id>.schema.json: the document loaded once, `$ref`s to its definitions
 * (Fastify's shared schema of the same id), and Ajv instances over it with the view's own strictness.
 * What is validated where, and how errors read, stays each view's business (its schema.ts says).
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
export function loadContract(id) {
    const document = JSON.parse(readFileSync(new URL(`../../../schemas/${id}/${id}.schema.json`, import.meta.url), 'utf8'));
    return {
        id,
        document,
        ref: (name) => ({ $ref: `${id}#/definitions/${name}` }),
        ajv(options) {
            const ajv = new Ajv({ strict: false, removeAdditional: false, ...options });
            ajv.addSchema(document);
            return ajv;
        },
        validator(ajv, name) {
            const v = ajv.getSchema(`${id}#/definitions/${name}`);
            if (!v)
                throw new Error(`no definition ${name} in ${id}`);
            return v;
        },
    };
}
