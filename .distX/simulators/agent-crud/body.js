import { Problem } from './problems.js';
const bodyProblem = (message) => new Problem(400, message, { $: [message] });
/** JSON.parse's reviver sees every key: the two that poison prototypes are refused where they appear. */
function refusePoison(key, value) {
    if (key === '__proto__')
        throw bodyProblem("The request body is refused: it has the forbidden property name '__proto__' (prototype poisoning).");
    if (key === 'constructor' && value !== null && typeof value === 'object' && Object.hasOwn(value, 'prototype')) {
        throw bodyProblem("The request body is refused: it has the forbidden property 'constructor.prototype' (prototype poisoning).");
    }
    return value;
}
export function parseJsonBody(_req, body) {
    if (body.length === 0)
        throw bodyProblem('A non-empty request body is required.');
    try {
        return JSON.parse(body, refusePoison);
    }
    catch (err) {
        if (err instanceof Problem)
            throw err;
        throw bodyProblem(`The JSON value is malformed: ${err.message}`);
    }
}
/** Replaces Fastify's body parsers in this plugin's scope (and only there) with JSON alone. */
export function jsonBodiesOnly(app) {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
        try {
            done(null, parseJsonBody(req, body));
        }
        catch (err) {
            done(err, undefined);
        }
    });
}
