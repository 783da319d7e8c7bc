/**
 * Query parameters as Telphin's clients send what they have not set, read as not given: the Go SDK
 * writes every field of its request type, `key=` for an unset one and `per_page=0` (or `page=0`) for an
 * unset number, and PHP's http_build_query writes an empty array item as `key[0]=`. The door has already
 * read the query (repeats, `key[]=` and `key[0]=` are arrays); each route's schema then reads the values,
 * and a value it cannot read is a 400. Nothing here knows a route.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Paging parameters whose 0 is an unset number, not a page. */
const ZERO_UNSET = new Set(['page', 'per_page']);

function unset(key: string, value: unknown): boolean {
  if (value === '') return true;
  return ZERO_UNSET.has(key) && value === '0';
}

/** preValidation: drops the parameters a client sent empty, and empty items of arrays. */
export function dropUnsetParameters(request: FastifyRequest, _reply: FastifyReply, done: () => void): void {
  const query = request.query as Record<string, unknown> | null;
  if (query && typeof query === 'object') {
    // (for…in: no array of entries per request; a deleted key is not visited again.)
    for (const key in query) {
      const value = query[key];
      if (Array.isArray(value)) {
        const given = value.filter((v) => !unset(key, v));
        if (given.length === 0) delete query[key];
        else if (given.length !== value.length) query[key] = given;
      } else if (unset(key, value)) delete query[key];
    }
  }
  done();
}
