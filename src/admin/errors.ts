/**
 * The one error envelope of /__admin: `{"error":{"code","message","field?"}}` with a fitting status.
 * Errors arrive classified by the front door's classifier (simulators/shared/problem.ts), the same one
 * every API uses; only the envelope is the admin plane's. Anything unexpected is a logged 500 without
 * internals.
 */
import type { FastifyReply } from 'fastify';
import type { AdminError } from '../generated/admin/admin.js';
import { classify, type ProblemKind } from '../simulators/shared/problem.js';

type Code = AdminError['error']['code'];

export function adminError(status: number, code: Code, message: string, field?: string): { status: number; body: AdminError } {
  return { status, body: { error: field ? { code, message, field } : { code, message } } };
}

const CODES: Record<ProblemKind, Code> = {
  malformed: 'bad_request',
  invalid: 'invalid',
  not_found: 'not_found',
  no_route: 'not_found',
  method_not_allowed: 'bad_request',
  conflict: 'conflict',
  forbidden: 'forbidden',
  unauthorized: 'unauthorized',
  too_large: 'payload_too_large',
  unsupported_media_type: 'unsupported_media_type',
  uri_too_long: 'bad_request',
  headers_too_large: 'bad_request',
  internal: 'internal',
  rate_limited: 'bad_request',
  server_error: 'internal',
  unavailable: 'unavailable',
};

/** Any error thrown while handling an admin request, in the envelope. */
export function toAdminError(err: unknown): { status: number; body: AdminError } {
  const p = classify(err);
  return adminError(p.status, CODES[p.kind], p.kind === 'internal' ? 'internal error' : p.message, p.field);
}

export function sendAdminError(reply: FastifyReply, err: unknown): FastifyReply {
  const { status, body } = toAdminError(err);
  if (status >= 500) reply.request.log.error({ err }, 'admin request failed');
  return reply.code(status).type('application/json').send(body);
}
