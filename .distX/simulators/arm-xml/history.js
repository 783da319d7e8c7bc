/**
 * The `<filters>` of operator_call_history and call_history: reading them (every attribute of the seed's
 * Filters type, each checked, unknown ones refused), applying them to history entries, and paging by
 * offset/limit or by `tag`. A tag names the last line of a page; the next request with it resumes right
 * after that line even if newer calls arrived meanwhile. Pure: entries come from mapper.ts.
 */
import { ArmError } from './errors.js';
import { parseArmTime } from './mapper.js';
export const MAX_LIMIT = 10_000;
const KNOWN = new Set([
    'offset', 'limit', 'from_date', 'to_date', 'number', 'from_number', 'to_number', 'cc_agent_group', 'cc_agent_a_group', 'cc_agent_b_group',
    'cc_agent_id', 'cc_agent_a_id', 'cc_agent_b_id', 'display_name', 'display_name_a', 'display_name_b', 'skip_incomplete', 'direction', 'tag',
]);
const bad = (name, why) => new ArmError('invalid_request', `filter ${name}: ${why}`);
function integer(attrs, name, fallback, max) {
    const v = attrs[name];
    if (v === undefined) {
        if (fallback === null)
            throw bad(name, 'is required');
        return fallback;
    }
    if (!/^\s*\+?\d+\s*$/.test(v))
        throw bad(name, `must be a non-negative integer, got ${JSON.stringify(v)}`);
    const n = Number(v);
    if (n > max)
        throw bad(name, `must be at most ${max}, got ${v}`);
    return n;
}
function date(attrs, name, endOfDay) {
    const v = attrs[name];
    if (v === undefined || v === '')
        return null;
    const ms = parseArmTime(v, endOfDay);
    if (ms === null)
        throw bad(name, `must be YYYY/MM/DD HH:mm:ss or YYYY/MM/DD, got ${JSON.stringify(v)}`);
    return ms;
}
const text = (attrs, name) => (attrs[name] === undefined || attrs[name] === '' ? null : attrs[name]);
/** A tag for the line at `p`, bound to the history it came from (view and operator). */
export function encodeTag(scope, p) {
    return Buffer.from(`ccsim1|${scope}|${p.startMs}|${p.seq}|${p.part}`, 'utf8').toString('base64');
}
function decodeTag(scope, tag) {
    const parts = /^[A-Za-z0-9+/]+={0,2}$/.test(tag) ? Buffer.from(tag, 'base64').toString('utf8').split('|') : [];
    if (parts.length !== 5 || parts[0] !== 'ccsim1' || ![2, 3, 4].every((i) => /^\d+$/.test(parts[i])))
        throw bad('tag', 'is not a tag this server returned');
    if (parts[1] !== scope)
        throw bad('tag', 'was returned for another history (another operator or view)');
    return { startMs: Number(parts[2]), seq: Number(parts[3]), part: Number(parts[4]) };
}
/** Reads `<filters>`; `scope` names the history so a tag cannot be replayed against another. */
export function parseFilters(attrs, scope) {
    if (!attrs)
        throw new ArmError('invalid_request', '<request> must hold a <filters> element');
    for (const key of Object.keys(attrs))
        if (!KNOWN.has(key))
            throw bad(key, 'is not a filter of this command');
    const skip = attrs.skip_incomplete;
    if (skip !== undefined && !['true', 'false', '1', '0'].includes(skip))
        throw bad('skip_incomplete', `must be true or false, got ${JSON.stringify(skip)}`);
    const direction = attrs.direction;
    if (direction !== undefined && direction !== 'in' && direction !== 'out')
        throw bad('direction', `must be in or out, got ${JSON.stringify(direction)}`);
    const f = {
        // The seed's own request sends only a limit, so a missing offset is 0.
        offset: integer(attrs, 'offset', 0, Number.MAX_SAFE_INTEGER),
        limit: integer(attrs, 'limit', null, MAX_LIMIT),
        fromMs: date(attrs, 'from_date', false),
        toMs: date(attrs, 'to_date', true),
        number: text(attrs, 'number'),
        fromNumber: text(attrs, 'from_number'),
        toNumber: text(attrs, 'to_number'),
        group: text(attrs, 'cc_agent_group'),
        groupA: text(attrs, 'cc_agent_a_group'),
        groupB: text(attrs, 'cc_agent_b_group'),
        agentId: text(attrs, 'cc_agent_id'),
        agentA: text(attrs, 'cc_agent_a_id'),
        agentB: text(attrs, 'cc_agent_b_id'),
        displayName: text(attrs, 'display_name'),
        displayNameA: text(attrs, 'display_name_a'),
        displayNameB: text(attrs, 'display_name_b'),
        skipIncomplete: skip === 'true' || skip === '1',
        direction: direction ?? null,
        tag: attrs.tag === undefined || attrs.tag === '' ? null : decodeTag(scope, attrs.tag),
    };
    if (f.fromMs !== null && f.toMs !== null && f.fromMs > f.toMs)
        throw bad('from_date', 'is after to_date');
    return f;
}
const nameHas = (side, needle) => side.name.toLowerCase().includes(needle.toLowerCase());
/** Whether a line passes every filter (paging aside). Numbers and ids match exactly, names by substring. */
export function matches(e, f) {
    if (f.skipIncomplete && !e.complete)
        return false;
    if (f.direction && e.direction !== f.direction)
        return false;
    if (f.fromMs !== null && e.startMs < f.fromMs)
        return false;
    // to_date is inclusive to the second.
    if (f.toMs !== null && Math.floor(e.startMs / 1000) * 1000 > f.toMs)
        return false;
    if (f.number && e.a.digits !== f.number && e.b.digits !== f.number)
        return false;
    if (f.fromNumber && e.a.digits !== f.fromNumber)
        return false;
    if (f.toNumber && e.b.digits !== f.toNumber)
        return false;
    if (f.group && !e.a.groups.includes(f.group) && !e.b.groups.includes(f.group))
        return false;
    if (f.groupA && !e.a.groups.includes(f.groupA))
        return false;
    if (f.groupB && !e.b.groups.includes(f.groupB))
        return false;
    if (f.agentId && e.a.agentId !== f.agentId && e.b.agentId !== f.agentId)
        return false;
    if (f.agentA && e.a.agentId !== f.agentA)
        return false;
    if (f.agentB && e.b.agentId !== f.agentB)
        return false;
    if (f.displayName && !nameHas(e.a, f.displayName) && !nameHas(e.b, f.displayName))
        return false;
    if (f.displayNameA && !nameHas(e.a, f.displayNameA))
        return false;
    if (f.displayNameB && !nameHas(e.b, f.displayNameB))
        return false;
    return true;
}
/** Newest first: later start, then later call, then later part of it. */
export function compareNewestFirst(x, y) {
    return y.startMs - x.startMs || y.seq - x.seq || y.part - x.part;
}
/**
 * One page: the matching lines newest first, after the tag's line when there is one, then offset and
 * limit. The returned tag names the page's last line (absent on an empty page).
 */
export function page(entries, f, scope) {
    let list = entries.filter((e) => matches(e, f)).sort(compareNewestFirst);
    if (f.tag) {
        const after = f.tag;
        list = list.filter((e) => compareNewestFirst(after, e) < 0);
    }
    const lines = list.slice(f.offset, f.offset + f.limit);
    const last = lines[lines.length - 1];
    return { lines, tag: last ? encodeTag(scope, last) : null };
}
