/**
 * Conpeek's authentication (docs/vendors.md §4): the raw API key in the `Authorization` header, no
 * "Bearer". The key is the scenario's `apis.conpeek.api_key`; `serve --auth conpeek=off` turns the check
 * off for local development.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConpeekAdapter } from './adapter.js';
import { unauthorized } from './errors.js';

/** onRequest of every Conpeek route, in callback style (it runs on every request). */
export function authenticate(adapter: ConpeekAdapter, enabled: boolean) {
  return (req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void): void => {
    try {
      adapter.ensure();
      if (enabled) check(req.headers.authorization, adapter.settings.api_key);
      done();
    } catch (err) {
      done(err as Error);
    }
  };
}

function check(header: string | undefined, key: string): void {
  if (header === undefined || header.trim() === '') throw unauthorized('Authorization required: send the API key in the Authorization header');
  const value = header.trim();
  if (value === key) return;
  if (/^bearer\s+/i.test(value) && value.replace(/^bearer\s+/i, '') === key) throw unauthorized('Send the raw API key in the Authorization header, without "Bearer"');
  throw unauthorized('Invalid API key');
}
