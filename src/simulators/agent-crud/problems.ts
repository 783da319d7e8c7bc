/**
 * ASP.NET Core's error format: `application/problem+json` problem details (`type`, `title`, `status`,
 * `detail`, and `errors` by field as the model validation of the real service sends them). Request
 * validation, malformed or oversized bodies, bad query strings, unknown ids and the world's domain errors
 * all end up here; anything unexpected is logged and answered 500 without internals (tests assert it never
 * happens). Field names are this API's (`queues[0].queueId`, `pagination.page`), never the engine's.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorObject } from 'ajv';
import type { ProblemDetails } from '../../generated/agent-crud/agent-crud.js';
import { DomainError } from '../../scenarios/callcenter/errors.js';
import { schemaDocument } from './schema.js';
import type { Problem as DoorProblem } from '../shared/problem.js';
import type { Rendered } from '../shared/view.js';

const TYPES: Record<number, [string, string]> = {
  400: ['https://tools.ietf.org/html/rfc9110#section-15.5.1', 'One or more validation errors occurred.'],
  404: ['https://tools.ietf.org/html/rfc9110#section-15.5.5', 'Not Found'],
  409: ['https://tools.ietf.org/html/rfc9110#section-15.5.10', 'Conflict'],
  413: ['https://tools.ietf.org/html/rfc9110#section-15.5.14', 'Content Too Large'],
  415: ['https://tools.ietf.org/html/rfc9110#section-15.5.16', 'Unsupported Media Type'],
  500: ['https://tools.ietf.org/html/rfc9110#section-15.6.1', 'An error occurred while processing your request.'],
};

/** A problem this API answers: an HTTP status, a detail, and the messages by field. */
export class Problem extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: Record<string, string[]> = {},
  ) {
    super(message);
    this.name = 'Problem';
  }
}

/** 400 with one field's message (the detail is the message too). */
export const invalidField = (field: string, message: string) => new Problem(400, message, { [field]: [message] });
export const notFoundField = (field: string, message: string) => new Problem(404, message, { [field]: [message] });
export const conflictField = (field: string, message: string) => new Problem(409, message, { [field]: [message] });

export function problemBody(status: number, detail: string | null, errors: Record<string, string[]>): ProblemDetails {
  const [type, title] = TYPES[status] ?? [`https://httpstatuses.io/${status}`, 'Error'];
  const body: ProblemDetails = { type, title, status };
  if (detail) body.detail = detail;
  if (Object.keys(errors).length > 0) body.errors = errors;
  return body;
}

/**
 * A domain error from a command, rendered with this API's field name: `fields` maps the engine's field
 * (`status`, `call`, …) to the DTO's (`agentStatus`, `id`); the message is the engine's.
 */
export function fromDomain(err: DomainError, fields: Record<string, string> = {}): Problem {
  const status = err.kind === 'notFound' ? 404 : err.kind === 'conflict' ? 409 : err.kind === 'forbidden' ? 403 : 400;
  const field = (err.field && fields[err.field]) ?? err.field ?? '$';
  return new Problem(status, err.message, { [field]: [err.message] });
}

/** Runs a command; a domain error it throws becomes a Problem naming this API's field. */
export function translate<T>(fn: () => T, fields: Record<string, string> = {}): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof DomainError) throw fromDomain(err, fields);
    throw err;
  }
}

/** `/queues/0/queueId` + missing `joined` → `queues[0].joined`. */
export function fieldPath(instancePath: string, prefix = ''): string {
  let out = prefix;
  for (const part of instancePath.split('/').slice(1)) {
    const p = part.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^[0-9]+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  }
  return out;
}

const enumNames = (values: unknown[]): string => {
  for (const def of Object.values(schemaDocument.definitions)) {
    const names = def['x-enumNames'] as string[] | undefined;
    if (names && JSON.stringify(def.enum) === JSON.stringify(values)) return values.map((v, i) => `${v} (${names[i]})`).join(', ');
  }
  return values.map((v) => JSON.stringify(v)).join(', ');
};

function messageOf(e: ErrorObject, field: string): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `The ${field} field is required.`;
    case 'type':
      return `The ${field} field must be ${String(p.type).split(',').map((t) => (t === 'integer' ? 'an integer' : t === 'array' ? 'an array' : t === 'object' ? 'an object' : t === 'null' ? 'null' : `a ${t}`)).join(' or ')}.`;
    case 'enum':
      return `The ${field} field must be one of ${enumNames(p.allowedValues as unknown[])}.`;
    case 'pattern':
      return `The ${field} field is not in the expected format (${/date|At$|Date|from|to/i.test(field) ? 'ISO 8601' : String(p.pattern)}).`;
    case 'minLength':
      return `The ${field} field must be a string with a minimum length of ${p.limit}.`;
    case 'maxLength':
      return `The ${field} field must be a string with a maximum length of ${p.limit}.`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
      return `The field ${field} must be ${e.keyword === 'maximum' ? '<=' : e.keyword === 'minimum' ? '>=' : '>'} ${p.limit}.`;
    default:
      return `The ${field} field ${e.message ?? 'is not valid'}.`;
  }
}

/** Ajv's errors as ASP.NET's `errors` by field: one message per field, the most telling one. */
export function errorsByField(errors: readonly ErrorObject[], prefix = ''): Record<string, string[]> {
  const best = new Map<string, ErrorObject>();
  const rank = (e: ErrorObject) => (e.keyword === 'anyOf' ? 3 : e.keyword === 'type' && (e.params as { type?: string }).type === 'null' ? 2 : e.keyword === 'type' ? 1 : 0);
  for (const e of errors) {
    const missing = (e.params as { missingProperty?: string }).missingProperty;
    const field = fieldPath(e.instancePath + (missing ? `/${missing}` : ''), prefix) || '$';
    const seen = best.get(field);
    if (!seen || rank(e) < rank(seen)) best.set(field, e);
  }
  const out: Record<string, string[]> = {};
  for (const [field, e] of best) out[field] = [messageOf(e, field)];
  return out;
}

/** Translates any error thrown while handling a request into (HTTP code, problem body). */
export function toProblem(err: unknown, request: FastifyRequest): ProblemDetails {
  if (err instanceof Problem) return problemBody(err.status, err.message, err.errors);
  if (err instanceof DomainError) {
    const p = fromDomain(err);
    return problemBody(p.status, p.message, p.errors);
  }
  const e = err as FastifyError;
  if (e.validation && e.validation.length > 0) {
    return problemBody(400, null, errorsByField(e.validation as ErrorObject[]));
  }
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problemBody(400, null, { $: [`The JSON value is malformed: ${e.message}`] });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problemBody(400, null, { $: ['A non-empty request body is required.'] });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problemBody(413, `The request body is too large: ${e.message}`, {});
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problemBody(415, `Unsupported content type '${request.headers['content-type'] ?? ''}': send application/json`, {});
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problemBody(400, null, { $: ['Content-Length does not match the body.'] });
  }
  if (err instanceof SyntaxError) return problemBody(400, null, { $: [`The JSON value is malformed: ${err.message}`] });
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return problemBody(e.statusCode, e.message, {});
  request.log.error({ err }, 'agent-crud request failed');
  return problemBody(500, null, {});
}

export function sendProblem(reply: FastifyReply, err: unknown): FastifyReply {
  const body = toProblem(err, reply.request);
  return reply.code(body.status).type('application/problem+json; charset=utf-8').send(body);
}

/** Any error of a request of this API, classified by the door, as ASP.NET Core answers it. */
export function renderProblem(err: unknown, problem: DoorProblem): Rendered {
  const type = 'application/problem+json; charset=utf-8';
  const cause = problem.cause as FastifyError | undefined;
  let body: ProblemDetails;
  if (err instanceof Problem) body = problemBody(err.status, err.message, err.errors);
  else if (err instanceof DomainError) {
    const p = fromDomain(err);
    body = problemBody(p.status, p.message, p.errors);
  } else if (cause && Array.isArray(cause.validation) && cause.validation.length > 0) body = problemBody(400, null, errorsByField(cause.validation as ErrorObject[]));
  else if (problem.kind === 'malformed' && problem.where === 'body') body = problemBody(400, null, { $: [`The JSON value is malformed: ${problem.message}`] });
  else if (problem.kind === 'internal') body = problemBody(500, null, {});
  else body = problemBody(problem.status, problem.message.charAt(0).toUpperCase() + problem.message.slice(1) + (/[.!?]$/.test(problem.message) ? '' : '.'), problem.field ? { [problem.field]: [problem.message] } : {});
  return { status: body.status, contentType: type, body };
}
