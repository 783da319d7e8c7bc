/**
 * ECSS errors: `<out><error type=… reason=…/></out>`. ArmError carries the kind, a message naming the
 * problem and the status (HTTP code and WebSocket reply status); domain errors of the engine are turned
 * into ArmErrors here. Rendering the XML is xml.ts's.
 */
import { DomainError } from '../../scenarios/callcenter/errors.js';

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

export class ArmError extends Error {
  readonly status: number;
  constructor(
    readonly kind: ErrorKind,
    message: string,
    status?: number,
  ) {
    super(message);
    this.status = status ?? STATUS[kind];
  }
}

/**
 * An engine refusal as ECSS shows it: an unknown agent is `unknown_operator`, an unknown or finished call
 * `unknown_conversation`, any other unknown id or bad value `invalid_request`, and a refusal of the world's
 * rules (a conflict: already on hold, blocked, not talking) `cannot_perform_cmd`. `fields` renames the
 * engine's field to the ARM attribute the caller sent, so the reason names what the client can fix.
 */
export function fromDomainError(err: DomainError, fields: Readonly<Record<string, string>> = {}): ArmError {
  const field = err.field === null ? null : (fields[err.field] ?? err.field);
  switch (err.kind) {
    case 'notFound':
      if (err.code === 'agent.not_found') return new ArmError('unknown_operator', err.message);
      if (err.code === 'call.not_found' || err.code === 'call.not_live') return new ArmError('unknown_conversation', err.message);
      return new ArmError('invalid_request', field ? `${field}: ${err.message}` : err.message);
    case 'invalid':
      return new ArmError('invalid_request', field ? `${field}: ${err.message}` : err.message);
    case 'conflict':
    case 'forbidden':
      return new ArmError('cannot_perform_cmd', err.message);
  }
}

/** Any thrown value as an ArmError; a bug (not an ArmError or DomainError) stays a 200 cannot_perform_cmd, logged by the caller. */
export function toArmError(err: unknown): { error: ArmError; unexpected: boolean } {
  if (err instanceof ArmError) return { error: err, unexpected: false };
  if (err instanceof DomainError) return { error: fromDomainError(err), unexpected: false };
  return { error: new ArmError('cannot_perform_cmd', 'the command could not be performed (internal error, logged)'), unexpected: true };
}

