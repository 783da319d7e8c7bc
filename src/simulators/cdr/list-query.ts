/**
 * The query string of the list routes (GET /cdr_dialog, GET /cdr_dialog_recording): `limit` (default
 * 500), `offset` (default 0) and `filter` (filter.ts). Pure; a repeated, unknown or malformed parameter
 * is a 400 naming it.
 */
import { badRequest } from './errors.js';
import { parseFilter, type Filter } from './filter.js';

export const DEFAULT_LIMIT = 500;

export interface ListQuery {
  limit: number;
  offset: number;
  filters: Filter[];
}

const KNOWN = ['limit', 'offset', 'filter'];

export function parseListQuery(query: unknown): ListQuery {
  const q = (query ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(q)) {
    if (!KNOWN.includes(key)) throw badRequest(`Unknown query parameter '${key}'; known: ${KNOWN.join(', ')}`);
    if (typeof value !== 'string') throw badRequest(`Query parameter '${key}' is given more than once`);
  }
  return {
    limit: count(q.limit as string | undefined, 'limit', DEFAULT_LIMIT),
    offset: count(q.offset as string | undefined, 'offset', 0),
    filters: parseFilter(q.filter as string | undefined),
  };
}

function count(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n)) throw badRequest(`Invalid query parameter '${name}': expected a non-negative integer, got '${raw}'`);
  return n;
}

/** One page of `items` and the total before paging. */
export function page<T>(items: readonly T[], q: Pick<ListQuery, 'limit' | 'offset'>): { data: T[]; count: number } {
  return { data: items.slice(q.offset, q.offset + q.limit), count: items.length };
}

/**
 * One page of what `expand` gives for each item (none, one or more), and the total before paging,
 * copying only the page: the list routes page over every kept dialog on each request.
 */
export function pageOf<T, U>(items: readonly T[], q: Pick<ListQuery, 'limit' | 'offset'>, expand: (item: T, into: (u: U) => void) => void): { data: U[]; count: number } {
  const data: U[] = [];
  const end = q.offset + q.limit;
  let count = 0;
  const into = (u: U) => {
    if (count >= q.offset && count < end) data.push(u);
    count++;
  };
  for (const item of items) expand(item, into);
  return { data, count };
}
