/**
 * Protocol-neutral domain errors. Commands throw them before changing anything; each simulator renders
 * them in its vendor's format (docs/architecture.md, "One world, many views").
 */

export type DomainErrorKind = 'notFound' | 'conflict' | 'invalid' | 'forbidden';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    /** The offending field, when there is one (`status`, `queue`, `level`, …). */
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string, id: string, field: string | null = null) => new DomainError('notFound', `${what} '${id}' not found`, field);
export const invalid = (message: string, field: string | null = null) => new DomainError('invalid', message, field);
export const conflict = (message: string, field: string | null = null) => new DomainError('conflict', message, field);
