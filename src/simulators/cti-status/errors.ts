/**
 * CC-CMS's failures (docs/vendors.md §2, error code reference cec_07_0696): HTTP 200 with a result code for
 * everything but authentication (HTTP 401) and unknown paths or methods (404/405). The body carries the
 * code both as the older interfaces' `result` and as `resultCode`, with `resultDesc` naming the
 * problem. Anything unexpected is logged and answered 0100999, never a 500.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorResponse } from '../../generated/cti-status/cti-status.js';

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
