/**
 * Protocol-neutral domain errors. Commands throw them before changing anything; each view renders them in
 * its vendor's format (docs/architecture.md, "One world, many views"). Every error carries a stable code
 * (`agent.not_found`, `tier.exists`, …) that views map to their vendor's codes, so no view reads a
 * message's words; its kind (not found, conflict, invalid, forbidden) follows from the code.
 */

export type DomainErrorKind = 'notFound' | 'conflict' | 'invalid' | 'forbidden';

/** Each code and its kind. Codes are part of ccsim's contract with its views: add, never rename. */
export const DOMAIN_ERROR_CODES = {
  'agent.not_found': 'notFound',
  'queue.not_found': 'notFound',
  'call.not_found': 'notFound',
  /** The call is unknown or has ended, where only a live call will do. */
  'call.not_live': 'notFound',
  'tier.not_found': 'notFound',
  'agent.exists': 'conflict',
  'queue.exists': 'conflict',
  /** The agent is already in that queue. */
  'tier.exists': 'conflict',
  /** A supervisor's block allows only logging out until the unblock. */
  'agent.blocked': 'conflict',
  'agent.already_blocked': 'conflict',
  'agent.not_blocked': 'conflict',
  'agent.logged_out': 'conflict',
  /** The agent has asked for rest already (resting, granted after its call, or in line). */
  'agent.rest_requested': 'conflict',
  'agent.no_rest': 'conflict',
  /** The agent is ringing or talking on a queue call. */
  'agent.busy': 'conflict',
  /** The agent's phone has no free line to dial out from (ringing, talking, or already dialling). */
  'agent.line_busy': 'conflict',
  /** An agent still in queues cannot be removed unless asked to leave them. */
  'agent.in_queue': 'conflict',
  'call.on_hold': 'conflict',
  'call.not_on_hold': 'conflict',
  /** Only an answered call has a wrap-up result. */
  'call.not_answered': 'conflict',
  /** Hold and transfer need a call connected to an agent. */
  'call.not_connected': 'conflict',
  /** The clock cannot run back to a time already passed. */
  'clock.past': 'conflict',
  /** Advancing the clock by hand needs manual mode. */
  'clock.realtime': 'conflict',
  /** A value out of its type or range; `field` names it. */
  'value.invalid': 'invalid',
  /** A parameter the command does not know; `field` names it. */
  'parameter.unknown': 'invalid',
} as const satisfies Record<string, DomainErrorKind>;

export type DomainErrorCode = keyof typeof DOMAIN_ERROR_CODES;

export class DomainError extends Error {
  readonly kind: DomainErrorKind;

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** The offending field, when there is one (`status`, `queue`, `level`, …). */
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'DomainError';
    this.kind = DOMAIN_ERROR_CODES[code];
  }
}

/** What a not-found error names: its code is `<what>.not_found` (a `live call`: `call.not_live`). */
export type Missing = 'agent' | 'queue' | 'call' | 'live call' | 'tier';

export const notFound = (what: Missing, id: string, field: string | null = null) =>
  new DomainError(what === 'live call' ? 'call.not_live' : `${what}.not_found`, `${what} '${id}' not found`, field);
export const invalid = (message: string, field: string | null = null, code: 'value.invalid' | 'parameter.unknown' = 'value.invalid') => new DomainError(code, message, field);
export const conflict = (code: DomainErrorCode, message: string, field: string | null = null) => new DomainError(code, message, field);
