/**
 * Conpeek's error format: the fitting HTTP status with `{"success": false, "message": …}`. The view's own
 * refusals are ConpeekErrors; everything else arrives classified by the door (shared/problem.ts) and is
 * only rendered here. A refusal of the world's rules (a conflict) is a 403, as Conpeek documents for a
 * hang-up the platform refuses.
 */
import type { ConpeekError as ErrorBody } from '../../generated/cdr/cdr.js';
import type { Problem } from '../shared/problem.js';
import type { Rendered } from '../shared/view.js';

/** An error rendered as Conpeek sends it. */
export class ConpeekError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'ConpeekError';
  }
}

export const badRequest = (message: string) => new ConpeekError(400, message);
export const unauthorized = (message: string) => new ConpeekError(401, message);
export const notFound = (message: string) => new ConpeekError(404, message);

export const body = (message: string): ErrorBody => ({ success: false, message });

const JSON_TYPE = 'application/json; charset=utf-8';
const upper = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function renderConpeekError(err: unknown, problem: Problem): Rendered {
  if (err instanceof ConpeekError) return { status: err.statusCode, contentType: JSON_TYPE, body: body(err.message) };
  const status = problem.kind === 'conflict' ? 403 : problem.status;
  return { status, contentType: JSON_TYPE, body: body(problem.kind === 'internal' ? 'Internal error' : upper(problem.message)) };
}
