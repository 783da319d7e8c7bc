/**
 * Request bodies as the service reads them: JSON only (`application/json`, any charset). Anything else,
 * text/plain included, is 415 as ASP.NET's [FromBody] answers, not a string that then fails validation.
 * A body that is not JSON, or is empty, is 400 naming `$` with the parser's reason; a body with a
 * `__proto__` key or a `constructor.prototype` is refused by name (prototype poisoning), not called
 * malformed. Validation against the DTO schemas happens afterwards, in the routes.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Problem } from './problems.js';

const bodyProblem = (message: string) => new Problem(400, message, { $: [message] });

/** JSON.parse's reviver sees every key: the two that poison prototypes are refused where they appear. */
function refusePoison(key: string, value: unknown): unknown {
  if (key === '__proto__') throw bodyProblem("The request body is refused: it has the forbidden property name '__proto__' (prototype poisoning).");
  if (key === 'constructor' && value !== null && typeof value === 'object' && Object.hasOwn(value, 'prototype')) {
    throw bodyProblem("The request body is refused: it has the forbidden property 'constructor.prototype' (prototype poisoning).");
  }
  return value;
}

export function parseJsonBody(_req: FastifyRequest, body: string): unknown {
  if (body.length === 0) throw bodyProblem('A non-empty request body is required.');
  try {
    return JSON.parse(body, refusePoison);
  } catch (err) {
    if (err instanceof Problem) throw err;
    throw bodyProblem(`The JSON value is malformed: ${(err as Error).message}`);
  }
}

/** Replaces Fastify's body parsers in this plugin's scope (and only there) with JSON alone. */
export function jsonBodiesOnly(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    try {
      done(null, parseJsonBody(req, body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
}
