/**
 * CC-CMS's failures (the PDF's error code reference, section 5.2): HTTP 200 with a result code for
 * everything but authentication (HTTP 401), unknown paths and methods (404/405) and a path the router
 * cannot read (400). The body carries the code both as the older interfaces' `result` and as
 * `resultCode`, with `resultDesc` naming the problem (vdn/queryAgentByStatus, whose envelope is its own,
 * also has its `returnCode` and `description`). An interface of the PDF that ccsim does not simulate is a
 * 404 saying so. Every error arrives classified by the door (shared/problem.ts), the view's own refusals
 * included, and is only rendered here. The view runs no world commands, so no domain error reaches it: an
 * error is rendered by its kind, never by its message.
 */
import type { AgentsByStatusError, ErrorResponse } from '../../generated/cti-status/cti-status.js';
import { RequestProblem, type Problem } from '../shared/problem.js';
import type { Rendered, RequestInfo } from '../shared/view.js';
import { interfaceAt, type CmsInterface } from './catalogue.js';
import { CMS_PREFIX, servedPath } from './paths.js';

export const RESULT = {
  success: '0100000',
  failed: '0100001',
  invalidParameter: '0100002',
  unknown: '0100999',
  noPermission: '0101003',
} as const;
type FailureCode = Exclude<(typeof RESULT)[keyof typeof RESULT], '0100000'>;

export const JSON_TYPE = 'application/json; charset=UTF-8';

/**
 * The view's own refusals are Problems like the door's (so the door's classifier and log treat them as
 * what they are), rendered below in CC-CMS's words.
 */
export const invalidParameter = (why: string) => new RequestProblem('invalid', why, { where: 'body' });
export const unauthorized = (why: string) => new RequestProblem('unauthorized', why, { where: 'headers' });

function failure(status: number, code: FailureCode, desc: string, headers?: Record<string, string>): Rendered {
  const body: ErrorResponse = { result: code, resultCode: code, resultDesc: desc };
  return { status, contentType: JSON_TYPE, body, ...(headers && { headers }) };
}

/** Where the README lists what the view serves. */
export const README_TABLE = "src/simulators/cti-status/README.md (\"The vendor's interfaces\")";

/** The answer to an interface of the PDF that ccsim lacks. */
export function notSimulated(x: CmsInterface): string {
  return `ccsim does not simulate CC-CMS's "${x.title}" (section ${x.section}, ${x.method} ${x.path}); ${README_TABLE} lists what it serves`;
}

const AGENTS_BY_STATUS = `${CMS_PREFIX}/vdn/queryAgentByStatus`;

/** An error of the API gateway (APIG) in front of CC-CMS: its `{error_code, error_msg}`, not CC-CMS's envelope. */
function gateway(status: number, code: string, message: string): Rendered {
  return { status, contentType: JSON_TYPE, body: { error_code: code, error_msg: message } };
}

/** Any error of a request under the view's paths, as CC-CMS answers it. */
export function renderCmsError(_err: unknown, problem: Problem, request: RequestInfo): Rendered {
  const rendered = render(problem, request);
  const path = request.url.split('?')[0].replace(/\/+$/, '');
  if (path !== AGENTS_BY_STATUS || !('resultCode' in (rendered.body as object))) return rendered;
  const body = rendered.body as ErrorResponse;
  const own: AgentsByStatusError = { ...body, returnCode: body.resultCode, description: body.resultDesc };
  return { ...rendered, body: own };
}

function render(problem: Problem, request: RequestInfo): Rendered {
  const path = request.url.split('?')[0];
  switch (problem.kind) {
    case 'no_route':
    case 'method_not_allowed': {
      // The router knows only the routes; that the path is served with POST is this view's knowledge.
      if (servedPath(path)) return failure(405, RESULT.failed, `Request method '${request.method}' is not supported: this interface accepts POST only`, { allow: 'POST' });
      const documented = interfaceAt(path);
      if (documented) return failure(404, RESULT.failed, notSimulated(documented));
      return failure(404, RESULT.failed, `No such interface: ${request.method} ${path}`);
    }
    case 'unauthorized':
      return failure(401, RESULT.noPermission, `Authentication failed: ${problem.message}`);
    case 'uri_too_long':
    case 'headers_too_large':
      return failure(problem.status, RESULT.failed, `Bad request: ${problem.message}`);
    case 'internal':
      return failure(200, RESULT.unknown, 'Unknown error');
    case 'rate_limited':
      // Throttling is the API gateway's, in front of CC-CMS: its own error body.
      return gateway(429, 'APIG.0308', `The throttling threshold has been reached: ${problem.message}`);
    case 'unavailable':
      return gateway(problem.status, 'APIG.0201', `Backend unavailable: ${problem.message}`);
    case 'server_error':
      return failure(problem.status, RESULT.unknown, `Unknown error: ${problem.message}`);
    default:
      // A path that cannot be read names no interface: a failed request. Anything else wrong with a
      // request is a parameter error, which CC-CMS answers with HTTP 200.
      if (problem.where === 'path') return failure(400, RESULT.failed, `Bad request: ${problem.message} ('${path.slice(0, 200)}')`);
      return failure(200, RESULT.invalidParameter, `Invalid parameter: ${problem.message}`);
  }
}
