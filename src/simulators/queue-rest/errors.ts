/**
 * Telphin's error format: HTTP 4xx with a JSON body `{message, status?}` (docs/vendors.md §1).
 * Domain errors, request validation, malformed or oversized bodies all end up here; anything
 * unexpected is logged and answered 500 without internals (the tests assert it never happens).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { TelphinError as ErrorBody } from '../../generated/queue-rest/queue-rest.js';
import { DomainError } from '../../scenarios/callcenter/errors.js';
import type { Problem } from '../shared/problem.js';
import type { Rendered } from '../shared/view.js';

/** An error rendered as Telphin sends it. */
export class TelphinError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly status?: string,
  ) {
    super(message);
    this.name = 'TelphinError';
  }
}

export const badRequest = (message: string) => new TelphinError(400, message);
export const notFound = (message: string, status?: string) => new TelphinError(404, message, status);
export const unauthorized = (message: string) => new TelphinError(401, message);
export const forbidden = (message: string, status = 'access_denied') => new TelphinError(403, message, status);

export function body(message: string, status?: string): ErrorBody {
  return status ? { message, status } : { message };
}

/** Translates any error thrown while handling a request into (HTTP code, body). */
export function toTelphinError(err: unknown, request: FastifyRequest): { code: number; body: ErrorBody } {
  if (err instanceof TelphinError) return { code: err.statusCode, body: body(err.message, err.status) };
  if (err instanceof DomainError) {
    // Conflicts are 400s: Telphin documents no 409.
    const code = err.kind === 'notFound' ? 404 : err.kind === 'forbidden' ? 403 : 400;
    return { code, body: body(err.message, err.kind === 'forbidden' ? 'access_denied' : undefined) };
  }
  const e = err as FastifyError;
  if (e.validation && e.validation.length > 0) return { code: 400, body: body(validationMessage(e)) };
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { code: 400, body: body(`Malformed JSON body: ${e.message}`) };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: 400, body: body('Malformed JSON body: the body is empty') };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 413, body: body(`Request body is too large: ${e.message}`) };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { code: 415, body: body(`Unsupported content type '${request.headers['content-type'] ?? ''}': send application/json`) };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { code: 400, body: body('Content-Length does not match the body') };
  }
  if (err instanceof SyntaxError) return { code: 400, body: body(`Malformed body: ${err.message}`) };
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return { code: e.statusCode, body: body(e.message) };
  request.log.error({ err }, 'telphin request failed');
  return { code: 500, body: body('Internal error') };
}

function validationMessage(e: FastifyError): string {
  const v = e.validation![0];
  const params = v.params as { missingProperty?: string; additionalProperty?: string; allowedValues?: unknown[] };
  const where = e.validationContext === 'querystring' ? 'query parameter' : 'parameter';
  const path = (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
  if (params.missingProperty) return `Missing required ${where} '${path ? path + '.' : ''}${params.missingProperty}'`;
  if (params.additionalProperty) return `Unknown ${where} '${path ? path + '.' : ''}${params.additionalProperty}'`;
  if (!path) return `Invalid ${e.validationContext === 'querystring' ? 'query string' : 'request body'}: ${e.validationContext ?? 'body'} ${v.message ?? 'is not valid'}`;
  const allowed = params.allowedValues ? ` (${params.allowedValues.map((x) => JSON.stringify(x)).join(', ')})` : '';
  const message = v.keyword === 'type' ? `must be ${String((v.params as { type: string | string[] }).type).split(',').join(' or ')}` : (v.message ?? 'is not valid');
  return `Invalid ${where} '${path}': ${message}${allowed}`;
}

export function sendTelphinError(reply: FastifyReply, err: unknown): FastifyReply {
  const { code, body } = toTelphinError(err, reply.request);
  return reply.code(code).type('application/json; charset=utf-8').send(body);
}

const upper = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Any error of a Telphin request, classified by the door, as Telphin sends it. */
export function renderTelphinError(err: unknown, problem: Problem): Rendered {
  const json = 'application/json; charset=utf-8';
  if (err instanceof TelphinError) return { status: err.statusCode, contentType: json, body: body(err.message, err.status) };
  // Conflicts are 400s: Telphin documents no 409.
  if (problem.kind === 'conflict') return { status: 400, contentType: json, body: body(upper(problem.message)) };
  if (problem.kind === 'forbidden') return { status: 403, contentType: json, body: body(upper(problem.message), 'access_denied') };
  if (problem.kind === 'internal') return { status: 500, contentType: json, body: body('Internal error') };
  return { status: problem.status, contentType: json, body: body(upper(problem.message)) };
}
