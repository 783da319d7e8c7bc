/**
 * ASP.NET Core's error format: `application/problem+json` problem details (`type`, `title`, `status`,
 * `detail`, and `errors` by field as the model validation of the real service sends them). The view's
 * own refusals are ProblemDetailsErrors; a domain error becomes one through `translate`, its status chosen
 * by its code; everything else arrives classified by the door (shared/problem.ts) and is only rendered
 * here, with ASP.NET's model-binding messages for body validation. Field names are this API's
 * (`queues[0].queueId`, `pagination.page`, `$` for the body as a whole), never the engine's.
 */
import type { FastifyError } from 'fastify';
import type { ErrorObject } from 'ajv';
import type { ProblemDetails } from '../../generated/agent-crud/agent-crud.js';
import { DOMAIN_ERROR_CODES, DomainError, type DomainErrorCode, type DomainErrorKind } from '../../scenarios/callcenter/errors.js';
import type { Problem } from '../shared/problem.js';
import type { Rendered } from '../shared/view.js';
import { schemaDocument } from './schema.js';

const TYPES: Record<number, [string, string]> = {
  400: ['https://tools.ietf.org/html/rfc9110#section-15.5.1', 'One or more validation errors occurred.'],
  403: ['https://tools.ietf.org/html/rfc9110#section-15.5.4', 'Forbidden'],
  404: ['https://tools.ietf.org/html/rfc9110#section-15.5.5', 'Not Found'],
  409: ['https://tools.ietf.org/html/rfc9110#section-15.5.10', 'Conflict'],
  413: ['https://tools.ietf.org/html/rfc9110#section-15.5.14', 'Content Too Large'],
  414: ['https://tools.ietf.org/html/rfc9110#section-15.5.15', 'URI Too Long'],
  415: ['https://tools.ietf.org/html/rfc9110#section-15.5.16', 'Unsupported Media Type'],
  431: ['https://tools.ietf.org/html/rfc6585#section-5', 'Request Header Fields Too Large'],
  500: ['https://tools.ietf.org/html/rfc9110#section-15.6.1', 'An error occurred while processing your request.'],
};

/**
 * A problem this API answers: an HTTP status, a detail, and the messages by field. Its `statusCode` is
 * what the door's classifier reads, so a 4xx of the view is not taken (and logged) as a failure.
 */
export class ProblemDetailsError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly errors: Record<string, string[]> = {},
  ) {
    super(message);
    this.name = 'ProblemDetailsError';
  }
}

/** 400 with one field's message (the detail is the message too). */
export const invalidField = (field: string, message: string) => new ProblemDetailsError(400, message, { [field]: [message] });
export const notFoundField = (field: string, message: string) => new ProblemDetailsError(404, message, { [field]: [message] });
export const conflictField = (field: string, message: string) => new ProblemDetailsError(409, message, { [field]: [message] });

/** ASP.NET's answer to a [FromBody] route without a body (an empty one, whatever its content type). */
export const EMPTY_BODY = 'A non-empty request body is required.';

export function problemBody(status: number, detail: string | null, errors: Record<string, string[]>): ProblemDetails {
  const [type, title] = TYPES[status] ?? [`https://httpstatuses.io/${status}`, 'Error'];
  const body: ProblemDetails = { type, title, status };
  if (detail) body.detail = detail;
  if (Object.keys(errors).length > 0) body.errors = errors;
  return body;
}

const STATUS_OF: Record<DomainErrorKind, number> = { notFound: 404, conflict: 409, invalid: 400, forbidden: 403 };

/** The status this API answers a domain error with, by its code (each code's kind is the world's contract). */
const domainStatus = (code: DomainErrorCode): number => STATUS_OF[DOMAIN_ERROR_CODES[code]];

/**
 * A domain error from a command, rendered with this API's field name: `fields` maps the field the engine
 * names as the offending one (`status`, `call`, …) to the DTO's (`agentStatus`, `id`); the message is the
 * engine's; the status follows from the code.
 */
export function fromDomain(err: DomainError, fields: Record<string, string> = {}): ProblemDetailsError {
  const field = (err.field && fields[err.field]) ?? err.field ?? '$';
  return new ProblemDetailsError(domainStatus(err.code), err.message, { [field]: [err.message] });
}

/** Runs a command; a domain error it throws becomes a ProblemDetailsError naming this API's field. */
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

/** The door's message as a sentence of this API's: capitalised, ending in a full stop. */
const sentence = (message: string) => message.charAt(0).toUpperCase() + message.slice(1) + (/[.!?]$/.test(message) ? '' : '.');

/** Every problem of the request body's validation (the door's Problem names the first; ASP.NET names each field). */
function validationErrors(problem: Problem): readonly ErrorObject[] | null {
  const cause = problem.cause as Partial<FastifyError> | undefined;
  return problem.kind === 'invalid' && Array.isArray(cause?.validation) && cause.validation.length > 0 ? (cause.validation as ErrorObject[]) : null;
}

/** Any error of a request of this API, as ASP.NET Core answers it. */
export function renderAgentCrudError(err: unknown, problem: Problem): Rendered {
  let body: ProblemDetails;
  const validation = validationErrors(problem);
  if (err instanceof ProblemDetailsError) body = problemBody(err.statusCode, err.message, err.errors);
  else if (err instanceof DomainError) {
    const p = fromDomain(err);
    body = problemBody(p.statusCode, p.message, p.errors);
  } else if (validation) body = problemBody(400, null, errorsByField(validation));
  else if (problem.kind === 'internal') body = problemBody(500, null, {});
  else {
    const message = sentence(problem.message);
    // ASP.NET names a field for every 400 and for a route it does not have; `$` is the body (or the request) as a whole.
    const named = problem.status === 400 || problem.kind === 'no_route';
    const field = problem.where === 'body' ? '$' : (problem.field ?? '$');
    body = problemBody(problem.status, message, named ? { [field]: [message] } : {});
  }
  return { status: body.status, contentType: 'application/problem+json; charset=utf-8', body };
}
