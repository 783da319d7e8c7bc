/**
 * ECSS errors: `<out><error type=… reason=…/></out>`. ArmError is the view's own refusal (its kind, a
 * reason naming the problem, and the status of the HTTP answer and the WebSocket reply), a RequestProblem
 * so that the door's classifier takes it for what it is (not a bug to log). Everything else
 * arrives classified by the door (shared/problem.ts) and is only rendered here, the same way for both
 * transports: a domain error by its code, any other problem by its kind. Building the XML is xml.ts's.
 */
import type { DomainErrorCode } from '../../scenarios/callcenter/errors.js';
import { RequestProblem, type Problem, type ProblemKind } from '../shared/problem.js';
import type { Rendered } from '../shared/view.js';
import { renderError } from './out.js';

export type ErrorKind =
  | 'cannot_perform_cmd'
  | 'unknown_command'
  | 'unknown_domain'
  | 'invalid_xml'
  | 'invalid_request'
  | 'invalid_frame'
  | 'too_large'
  | 'not_logged_in'
  | 'unknown_operator'
  | 'unknown_conversation';

/** The vendor answers 200 with the error in the body, and 403 to a workstation that is not logged in. */
const STATUS: Record<ErrorKind, number> = {
  cannot_perform_cmd: 200,
  unknown_command: 200,
  unknown_domain: 404,
  invalid_xml: 200,
  invalid_request: 200,
  invalid_frame: 400,
  too_large: 413,
  not_logged_in: 403,
  unknown_operator: 200,
  unknown_conversation: 200,
};

/** What each kind is, in the door's terms. */
const PROBLEM: Record<ErrorKind, ProblemKind> = {
  cannot_perform_cmd: 'conflict',
  unknown_command: 'no_route',
  unknown_domain: 'not_found',
  invalid_xml: 'malformed',
  invalid_request: 'invalid',
  invalid_frame: 'malformed',
  too_large: 'too_large',
  not_logged_in: 'unauthorized',
  unknown_operator: 'not_found',
  unknown_conversation: 'not_found',
};

export class ArmError extends RequestProblem {
  readonly status: number;
  constructor(
    readonly kind: ErrorKind,
    message: string,
    status: number = STATUS[kind],
  ) {
    super(PROBLEM[kind], message, { status, ...(kind === 'invalid_xml' && { where: 'body' as const }) });
    this.name = 'ArmError';
    this.status = status;
  }
}

/**
 * An engine refusal as ECSS shows it, by its code: an unknown agent is `unknown_operator`, an unknown or
 * finished call `unknown_conversation`, any other unknown id or bad value `invalid_request`, and a refusal
 * of the world's rules (a conflict: already on hold, blocked, not talking) `cannot_perform_cmd`. Every code
 * is here, so a new one does not compile until it is given its ECSS kind.
 */
const BY_CODE: Record<DomainErrorCode, ErrorKind> = {
  'agent.not_found': 'unknown_operator',
  'call.not_found': 'unknown_conversation',
  'call.not_live': 'unknown_conversation',
  'queue.not_found': 'invalid_request',
  'tier.not_found': 'invalid_request',
  'value.invalid': 'invalid_request',
  'parameter.unknown': 'invalid_request',
  'agent.exists': 'cannot_perform_cmd',
  'queue.exists': 'cannot_perform_cmd',
  'tier.exists': 'cannot_perform_cmd',
  'agent.blocked': 'cannot_perform_cmd',
  'agent.already_blocked': 'cannot_perform_cmd',
  'agent.not_blocked': 'cannot_perform_cmd',
  'agent.logged_out': 'cannot_perform_cmd',
  'agent.rest_requested': 'cannot_perform_cmd',
  'agent.no_rest': 'cannot_perform_cmd',
  'agent.busy': 'cannot_perform_cmd',
  'agent.line_busy': 'cannot_perform_cmd',
  'agent.in_queue': 'cannot_perform_cmd',
  'call.on_hold': 'cannot_perform_cmd',
  'call.not_on_hold': 'cannot_perform_cmd',
  'call.not_answered': 'cannot_perform_cmd',
  'call.not_connected': 'cannot_perform_cmd',
  'clock.past': 'cannot_perform_cmd',
  'clock.realtime': 'cannot_perform_cmd',
};

/**
 * A domain error (a DomainError, or a Problem that carries its code) as the ARM error. Where the reason
 * names a value the client sent, `fields` renames the engine's field to the request's attribute, so the
 * reason names what the client can fix (`to_number: number must be a phone number`).
 */
export function fromDomainError(err: { code: DomainErrorCode; message: string; field?: string | null }, fields: Readonly<Record<string, string>> = {}): ArmError {
  const kind = BY_CODE[err.code];
  const field = err.field ? (fields[err.field] ?? err.field) : null;
  return new ArmError(kind, kind === 'invalid_request' && field ? `${field}: ${err.message}` : err.message);
}

/** Any error of an ARM request, HTTP or WebSocket, as ECSS answers it. */
export function armErrorOf(err: unknown, problem: Problem): ArmError {
  if (err instanceof ArmError) return err;
  if (problem.code) return fromDomainError({ code: problem.code, message: problem.message, field: problem.field });
  switch (problem.kind) {
    case 'too_large':
      return new ArmError('too_large', problem.message, 413);
    case 'no_route':
      return new ArmError('unknown_command', problem.message, 404);
    case 'method_not_allowed':
      return new ArmError('invalid_request', problem.message, 405);
    case 'malformed':
      // An unreadable body is the document's fault (in the body, as ECSS answers); a broken URL is the request's.
      return problem.where === 'body' ? new ArmError('invalid_xml', problem.message) : new ArmError('invalid_request', problem.message, problem.status);
    case 'internal':
      return new ArmError('cannot_perform_cmd', 'the request could not be handled (internal error, logged)');
    case 'rate_limited':
    case 'server_error':
    case 'unavailable':
      // An injected fault's status: the server could not perform the command, with the status asked for.
      return new ArmError('cannot_perform_cmd', problem.message, problem.status);
    default:
      return new ArmError('invalid_request', problem.message, problem.status);
  }
}

/**
 * An HTTP answer: `<out><error/></out>` as `text/xml`, against `schema` (the command's XSD, or out.xsd
 * when the path names none), with `Allow: POST` on a 405.
 */
export function renderArmError(err: unknown, problem: Problem, schema = 'out.xsd'): Rendered {
  const error = armErrorOf(err, problem);
  return {
    status: error.status,
    contentType: 'text/xml; charset=utf-8',
    body: renderError(schema, error),
    ...(error.status === 405 && { headers: { allow: 'POST' } }),
  };
}
