/**
 * The one classifier of what can go wrong with a request before or while a view handles it: Fastify's own
 * errors (validation, body parsing, the router's), the door's (a malformed query, an empty or unsupported
 * body), domain errors (with their codes) and anything else. Each becomes a protocol-neutral Problem with
 * the HTTP status a REST API would give it and a message that names what is wrong; each view only renders
 * Problems in its vendor's format. Nothing here knows a vendor.
 */
import type { FastifyError } from 'fastify';
import { DomainError, type DomainErrorCode } from '../../scenarios/callcenter/errors.js';
import { ScenarioError } from '../../scenarios/load-scenario.js';

export type ProblemKind =
  /** The request cannot be read: malformed JSON or XML, a bad %-escape, a body that does not match its length. */
  | 'malformed'
  /** Well-formed, but a value is out of its type or range, or a required one is missing. */
  | 'invalid'
  /** A resource the path names does not exist. */
  | 'not_found'
  /** No route of the API takes this path. */
  | 'no_route'
  | 'method_not_allowed'
  | 'conflict'
  | 'forbidden'
  | 'unauthorized'
  | 'too_large'
  | 'unsupported_media_type'
  /** A path (or one of its parts) longer than the server reads. */
  | 'uri_too_long'
  /** The request line and headers are larger than the server reads. */
  | 'headers_too_large'
  /** A bug: logged by the door, answered without internals. */
  | 'internal'
  /** Faults a test injects (instruments/faults.ts): too many requests, the server failing, unavailable. */
  | 'rate_limited'
  | 'server_error'
  | 'unavailable';

export interface Problem {
  kind: ProblemKind;
  /** The HTTP status a REST API answers for it (a view may answer another, as its vendor does). */
  status: number;
  /** What is wrong, naming the field, parameter or value. */
  message: string;
  /** The offending field or parameter, when there is one. */
  field?: string;
  /** Where it is: the body, the query string, the path or the headers. */
  where?: 'body' | 'query' | 'path' | 'headers';
  /** A domain error's stable code. */
  code?: DomainErrorCode;
  /** The error classified. */
  cause: unknown;
}

const STATUS: Record<ProblemKind, number> = {
  malformed: 400,
  invalid: 400,
  not_found: 404,
  no_route: 404,
  method_not_allowed: 405,
  conflict: 409,
  forbidden: 403,
  unauthorized: 401,
  too_large: 413,
  unsupported_media_type: 415,
  uri_too_long: 414,
  headers_too_large: 431,
  internal: 500,
  rate_limited: 429,
  server_error: 500,
  unavailable: 503,
};

/** The Problem a fault's status stands for (a 429 is rate_limited, a 5xx a server error, …). */
export function problemOfStatus(status: number, message: string): Problem {
  const kind: ProblemKind =
    status === 429 ? 'rate_limited' : status === 503 ? 'unavailable' : status >= 500 ? 'server_error' : ((Object.entries(STATUS).find(([k, s]) => s === status && k !== 'internal')?.[0] as ProblemKind | undefined) ?? 'malformed');
  return { kind, status, message, cause: undefined };
}

/** A Problem the door or a view raises itself: thrown, it reaches the view's renderer unchanged. */
export class RequestProblem extends Error {
  readonly problem: Problem;

  /** `more.cause`: the error it stands for (a parser's), else the RequestProblem itself. */
  constructor(kind: ProblemKind, message: string, more: Partial<Omit<Problem, 'kind' | 'message'>> = {}) {
    super(message);
    this.name = 'RequestProblem';
    this.problem = { kind, status: more.status ?? STATUS[kind], message, ...more, cause: more.cause ?? this };
  }
}

export function problem(kind: ProblemKind, message: string, more: Partial<Omit<Problem, 'kind' | 'message'>> = {}): Problem {
  return { kind, status: STATUS[kind], message, cause: undefined, ...more };
}

const DOMAIN: Record<DomainError['kind'], ProblemKind> = { notFound: 'not_found', conflict: 'conflict', invalid: 'invalid', forbidden: 'forbidden' };
const WHERE: Record<string, Problem['where']> = { body: 'body', querystring: 'query', params: 'path', headers: 'headers' };

/** Any error thrown while a request was handled (or before it reached a route), as a Problem. */
export function classify(err: unknown): Problem {
  if (err instanceof RequestProblem) return err.problem;
  if (err instanceof ScenarioError) return { kind: 'invalid', status: 400, message: err.message, ...(err.problems[0]?.path ? { field: err.problems[0].path } : {}), where: 'body', cause: err };
  if (err instanceof DomainError) return { kind: DOMAIN[err.kind], status: STATUS[DOMAIN[err.kind]], message: err.message, ...(err.field ? { field: err.field } : {}), code: err.code, cause: err };
  const e = err as FastifyError & { validationContext?: string };
  if (e && Array.isArray(e.validation) && e.validation.length > 0) return validationProblem(e);
  switch (e?.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { kind: 'malformed', status: 400, message: `the body is not valid JSON: ${e.message}`, where: 'body', cause: err };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { kind: 'too_large', status: 413, message: 'the request body is larger than the server accepts', where: 'body', cause: err };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_TYPE':
      return { kind: 'unsupported_media_type', status: 415, message: `the request body has a content type this API does not read (${e.message.replace(/^Unsupported Media Type:?\s*/i, '') || 'none'})`, where: 'body', cause: err };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { kind: 'malformed', status: 400, message: 'the request body does not match its Content-Length', where: 'body', cause: err };
    case 'FST_ERR_BAD_URL':
      return { kind: 'malformed', status: 400, message: 'the path has a malformed percent-escape', where: 'path', cause: err };
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return { kind: 'uri_too_long', status: 414, message: 'a part of the path is longer than the server reads (100 characters)', where: 'path', cause: err };
  }
  if (err instanceof SyntaxError) return { kind: 'malformed', status: 400, message: `the body cannot be read: ${err.message}`, where: 'body', cause: err };
  const status = typeof e?.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500) {
    const kind = (Object.entries(STATUS).find(([, s]) => s === status)?.[0] as ProblemKind | undefined) ?? 'malformed';
    return { kind, status, message: e.message, cause: err };
  }
  return { kind: 'internal', status: 500, message: 'internal error', cause: err };
}

function validationProblem(e: FastifyError & { validationContext?: string }): Problem {
  const v = e.validation![0];
  const params = v.params as { missingProperty?: string; additionalProperty?: string; allowedValues?: unknown[]; type?: string | string[]; limit?: number };
  const path = (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
  const where = WHERE[e.validationContext ?? 'body'] ?? 'body';
  const noun = where === 'query' ? 'query parameter' : where === 'path' ? 'path parameter' : where === 'headers' ? 'header' : 'field';
  const join = (name: string) => (path ? `${path}.${name}` : name);
  if (params.missingProperty) return { kind: 'invalid', status: 400, message: `the ${noun} '${join(params.missingProperty)}' is required`, field: join(params.missingProperty), where, cause: e };
  if (params.additionalProperty) return { kind: 'invalid', status: 400, message: `the ${noun} '${join(params.additionalProperty)}' is not known`, field: join(params.additionalProperty), where, cause: e };
  const what = v.keyword === 'type' ? `must be ${String(params.type).split(',').join(' or ')}` : v.keyword === 'enum' && params.allowedValues ? `must be one of ${params.allowedValues.map((x) => JSON.stringify(x)).join(', ')}` : (v.message ?? 'is not valid');
  if (!path) return { kind: 'invalid', status: 400, message: `the ${where === 'body' ? 'body' : where} ${what}`, where, cause: e };
  return { kind: 'invalid', status: 400, message: `the ${noun} '${path}' ${what}`, field: path, where, cause: e };
}
