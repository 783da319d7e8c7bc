/**
 * Telphin's error format: HTTP 4xx with a JSON body `{message, status?}` (docs/vendors.md §1), where
 * `status` tells apart errors that share an HTTP code. The view's own refusals are TelphinErrors;
 * everything else (domain errors, validation, bodies and routes the door cannot read) arrives classified
 * by the door (shared/problem.ts) and is only rendered here: domain errors by their code, the rest by the
 * Problem's kind. Anything unexpected is answered 500 without internals (the door logs it).
 */
import type { TelphinError as ErrorBody } from '../../generated/queue-rest/queue-rest.js';
import type { DomainErrorCode } from '../../scenarios/callcenter/errors.js';
import type { Problem } from '../shared/problem.js';
import { notSimulatedMessage } from './not-simulated.js';
import type { Rendered, RequestInfo } from '../shared/view.js';

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

/**
 * The world's refusals by code, as Telphin answers them: its `*_not_found` statuses for what it names,
 * 400 for conflicts (Telphin documents no 409). A code not listed gets its kind's answer.
 */
const DOMAIN: Partial<Record<DomainErrorCode, { status: number; telphin?: string }>> = {
  'agent.not_found': { status: 404, telphin: 'agent_not_found' },
  // A tier is an agent in a queue: Telphin's 404 for an agent the queue does not have.
  'tier.not_found': { status: 404, telphin: 'agent_not_found' },
  'queue.not_found': { status: 404, telphin: 'queue_not_found' },
};

const JSON_TYPE = 'application/json; charset=utf-8';
/** Where the API is served (view.ts mounts it here). */
const API_PREFIX = '/api/ver1.0';
const upper = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Any error of a Telphin request, classified by the door, as Telphin sends it. An unknown route under
 * /api/ver1.0 that is one of Telphin's resources ccsim does not simulate says so (not-simulated.ts).
 */
export function renderTelphinError(err: unknown, problem: Problem, request?: RequestInfo): Rendered {
  const send = (status: number, message: string, telphin?: string): Rendered => ({ status, contentType: JSON_TYPE, body: body(message, telphin) });
  if (err instanceof TelphinError) return send(err.statusCode, err.message, err.status);
  if (problem.kind === 'no_route' && request) {
    const path = request.url.split('?')[0];
    const unsimulated = path.startsWith(`${API_PREFIX}/`) ? notSimulatedMessage(request.method, API_PREFIX, path.slice(API_PREFIX.length)) : null;
    if (unsimulated) return send(404, unsimulated);
  }
  const coded = problem.code ? DOMAIN[problem.code] : undefined;
  if (coded) return send(coded.status, upper(problem.message), coded.telphin);
  switch (problem.kind) {
    case 'conflict':
      return send(400, upper(problem.message));
    case 'forbidden':
      return send(403, upper(problem.message), 'access_denied');
    case 'internal':
      return send(500, 'Internal error');
    case 'rate_limited':
      // As over the hourly limit (auth.ts): nothing remains; a client that reads the headers waits.
      return { ...send(429, upper(problem.message), 'rate_limit_exceeded'), headers: { 'x-ratelimit-remaining': '0' } };
    default:
      return send(problem.status, upper(problem.message));
  }
}
