/**
 * Protocol-neutral domain errors. Commands throw them before changing anything; each simulator renders
 * them in its vendor's format (DESIGN.md, "One world, many views").
 */
export class DomainError extends Error {
    kind;
    field;
    constructor(kind, message, 
    /** The offending field, when there is one (`status`, `queue`, `level`, …). */
    field = null) {
        super(message);
        this.kind = kind;
        this.field = field;
        this.name = 'DomainError';
    }
}
export const notFound = (what, id, field = null) => new DomainError('notFound', `${what} '${id}' not found`, field);
export const invalid = (message, field = null) => new DomainError('invalid', message, field);
export const conflict = (message, field = null) => new DomainError('conflict', message, field);
