/**
 * The query string of the list routes (GET /cdr_dialog, GET /cdr_dialog_recording): `limit` (default
 * 500), `offset` (default 0) and `filter` (filter.ts). Pure; a repeated, unknown or malformed parameter
 * is a 400 naming it.
 */
import { badRequest } from './errors.js';
import { parseFilter } from './filter.js';
export const DEFAULT_LIMIT = 500;
const KNOWN = ['limit', 'offset', 'filter'];
export function parseListQuery(query) {
    const q = (query ?? {});
    for (const [key, value] of Object.entries(q)) {
        if (!KNOWN.includes(key))
            throw badRequest(`Unknown query parameter '${key}'; known: ${KNOWN.join(', ')}`);
        if (typeof value !== 'string')
            throw badRequest(`Query parameter '${key}' is given more than once`);
    }
    return {
        limit: count(q.limit, 'limit', DEFAULT_LIMIT),
        offset: count(q.offset, 'offset', 0),
        filters: parseFilter(q.filter),
    };
}
function count(raw, name, fallback) {
    if (raw === undefined || raw === '')
        return fallback;
    const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(n))
        throw badRequest(`Invalid query parameter '${name}': expected a non-negative integer, got '${raw}'`);
    return n;
}
/** One page of `items` and the total before paging. */
export function page(items, q) {
    return { data: items.slice(q.offset, q.offset + q.limit), count: items.length };
}
/**
 * One page of what `expand` gives for each item (none, one or more), and the total before paging,
 * copying only the page: the list routes page over every kept dialog on each request.
 */
export function pageOf(items, q, expand) {
    const data = [];
    const end = q.offset + q.limit;
    let count = 0;
    const into = (u) => {
        if (count >= q.offset && count < end)
            data.push(u);
        count++;
    };
    for (const item of items)
        expand(item, into);
    return { data, count };
}
