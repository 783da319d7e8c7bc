/**
 * CC-CMS's failures (docs/vendors.md §2, error code reference cec_07_0696): HTTP 200 with a result code for
 * everything but authentication (HTTP 401) and unknown paths or methods (404/405). The body carries the
 * code both as the older interfaces' `result` and as `resultCode`, with `resultDesc` naming the
 * problem. Anything unexpected is logged and answered 0100999, never a 500.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorResponse } from '../../generated/cti-status/cti-status.js';
import type { Problem } from '../shared/problem.js';
import type { Rendered } from '../shared/view.js';

export const RESULT = {
  success: '0100000',
  failed: '0100001',
  invalidParameter: '0100002',
  unknown: '0100999',
  noPermission: '0101003',
} as const;
type Code = (typeof RESULT)[keyof typeof RESULT];

export const JSON_TYPE = 'application/json; charset=UTF-8';

export class CmsError extends Error {
  constructor(
    readonly code: Exclude<Code, '0100000'>,
    message: string,
    readonly httpStatus = 200,
  ) {
    super(message);
    this.name = 'CmsError';
  }
}

export const invalidParameter = (why: string) => new CmsError(RESULT.invalidParameter, `Invalid parameter: ${why}`);

export function errorBody(code: Exclude<Code, '0100000'>, desc: string): ErrorResponse {
  return { result: code, resultCode: code, resultDesc: desc };
}

export function sendCmsError(reply: FastifyReply, err: unknown, request: FastifyRequest): FastifyReply {
  const { status, body } = toCmsError(err, request);
  return reply.code(status).type(JSON_TYPE).send(body);
}

function toCmsError(err: unknown, request: FastifyRequest): { status: number; body: ErrorResponse } {
  if (err instanceof CmsError) return { status: err.httpStatus, body: errorBody(err.code, err.message) };
  const e = err as FastifyError;
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 200, body: errorBody(RESULT.invalidParameter, 'Invalid parameter: the request body is too large') };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 200, body: errorBody(RESULT.invalidParameter, 'Invalid parameter: the Content-Length does not match the body') };
  }
  request.log.error({ err }, 'cti-status: unexpected error');
  return { status: 200, body: errorBody(RESULT.unknown, 'Unknown error') };
}

/** Any error of a CC-CMS request, classified by the door, as CC-CMS answers it. */
export function renderCmsError(err: unknown, problem: Problem): Rendered {
  if (err instanceof CmsError) return { status: err.httpStatus, contentType: JSON_TYPE, body: errorBody(err.code, err.message) };
  const at = (status: number, code: Exclude<Code, '0100000'>, desc: string): Rendered => ({ status, contentType: JSON_TYPE, body: errorBody(code, desc) });
  switch (problem.kind) {
    case 'no_route':
      return at(404, RESULT.failed, `No such interface: ${problem.message.replace(/^no such resource: /, '')}`);
    case 'method_not_allowed':
      return { ...at(405, RESULT.failed, problem.message), headers: { allow: 'POST' } };
    case 'unauthorized':
      return at(401, RESULT.noPermission, `Authentication failed: ${problem.message}`);
    case 'uri_too_long':
    case 'headers_too_large':
      return at(problem.status, RESULT.failed, `Bad request: ${problem.message}`);
    case 'internal':
      return at(200, RESULT.unknown, 'Unknown error');
    default:
      // CC-CMS answers a request it cannot use with HTTP 200 and a result code; a bad path is a failed request.
      return problem.where === 'path' ? at(400, RESULT.failed, `Bad request: ${problem.message}`) : at(200, RESULT.invalidParameter, `Invalid parameter: ${problem.message}`);
  }
}
