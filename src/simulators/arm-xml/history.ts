/**
 * The `<filters>` of operator_call_history and call_history: reading them (every attribute of the seed's
 * Filters type, each checked, unknown ones refused), applying them to history entries, and paging by
 * offset/limit or by `tag`. A tag names the last line of a page; the next request with it resumes right
 * after that line even if newer calls arrived meanwhile. Pure: the lines come from history-log.ts.
 */
import { ArmError } from './errors.js';
import { parseArmTime, type Direction, type Side } from './mapper.js';
import type { Attrs } from './xml.js';

export const MAX_LIMIT = 10_000;

export interface Filters {
  offset: number;
  limit: number;
  fromMs: number | null;
  toMs: number | null;
  number: string | null;
  fromNumber: string | null;
  toNumber: string | null;
  group: string | null;
  groupA: string | null;
  groupB: string | null;
  agentId: string | null;
  agentA: string | null;
  agentB: string | null;
  displayName: string | null;
  displayNameA: string | null;
  displayNameB: string | null;
  skipIncomplete: boolean;
  direction: Direction | null;
  tag: Position | null;
}

/** A line's place in the newest-first order. */
export interface Position {
  startMs: number;
  seq: number;
  part: number;
}

const KNOWN = new Set([
  'offset', 'limit', 'from_date', 'to_date', 'number', 'from_number', 'to_number', 'cc_agent_group', 'cc_agent_a_group', 'cc_agent_b_group',
  'cc_agent_id', 'cc_agent_a_id', 'cc_agent_b_id', 'display_name', 'display_name_a', 'display_name_b', 'skip_incomplete', 'direction', 'tag',
]);

const bad = (name: string, why: string) => new ArmError('invalid_request', `filter ${name}: ${why}`);

function integer(attrs: Attrs, name: string, fallback: number | null, max: number): number {
  const v = attrs[name];
  if (v === undefined) {
    if (fallback === null) throw bad(name, 'is required');
    return fallback;
  }
  if (!/^\s*\+?\d+\s*$/.test(v)) throw bad(name, `must be a non-negative integer, got ${JSON.stringify(v)}`);
  const n = Number(v);
  if (n > max) throw bad(name, `must be at most ${max}, got ${v}`);
  return n;
}

function date(attrs: Attrs, name: string, endOfDay: boolean): number | null {
  const v = attrs[name];
  if (v === undefined || v === '') return null;
  const ms = parseArmTime(v, endOfDay);
  if (ms === null) throw bad(name, `must be YYYY/MM/DD HH:mm:ss or YYYY/MM/DD, got ${JSON.stringify(v)}`);
  return ms;
}

const text = (attrs: Attrs, name: string): string | null => (attrs[name] === undefined || attrs[name] === '' ? null : attrs[name]);

/** A tag for the line at `p`, bound to the history it came from (view and operator). */
export function encodeTag(scope: string, p: Position): string {
  return Buffer.from(`ccsim1|${scope}|${p.startMs}|${p.seq}|${p.part}`, 'utf8').toString('base64');
}

function decodeTag(scope: string, tag: string): Position {
  const parts = /^[A-Za-z0-9+/]+={0,2}$/.test(tag) ? Buffer.from(tag, 'base64').toString('utf8').split('|') : [];
  if (parts.length !== 5 || parts[0] !== 'ccsim1' || ![2, 3, 4].every((i) => /^\d+$/.test(parts[i]))) throw bad('tag', 'is not a tag this server returned');
  if (parts[1] !== scope) throw bad('tag', 'was returned for another history (another operator or view)');
  return { startMs: Number(parts[2]), seq: Number(parts[3]), part: Number(parts[4]) };
}

/** Reads `<filters>`; `scope` names the history so a tag cannot be replayed against another. */
export function parseFilters(attrs: Attrs | undefined, scope: string): Filters {
  if (!attrs) throw new ArmError('invalid_request', '<request> must hold a <filters> element');
  for (const key of Object.keys(attrs)) if (!KNOWN.has(key)) throw bad(key, 'is not a filter of this command');
  const skip = attrs.skip_incomplete;
  if (skip !== undefined && !['true', 'false', '1', '0'].includes(skip)) throw bad('skip_incomplete', `must be true or false, got ${JSON.stringify(skip)}`);
  const direction = attrs.direction;
  if (direction !== undefined && direction !== 'in' && direction !== 'out') throw bad('direction', `must be in or out, got ${JSON.stringify(direction)}`);
  const f: Filters = {
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
    direction: (direction as Direction | undefined) ?? null,
    tag: attrs.tag === undefined || attrs.tag === '' ? null : decodeTag(scope, attrs.tag),
  };
  if (f.fromMs !== null && f.toMs !== null && f.fromMs > f.toMs) throw bad('from_date', 'is after to_date');
  return f;
}

const nameHas = (side: Side, needle: string) => side.name.toLowerCase().includes(needle.toLowerCase());

/** A line as filters and paging see it: where it sorts, and what is known of it without its sides. */
export interface Candidate extends Position {
  direction: Direction;
  complete: boolean;
}

/** A line's sides, A (calling) and B (called): made only for the filters that read them. */
export type SidesOf<T> = (line: T) => readonly [Side, Side];

/** Whether any filter reads a line's sides (numbers, groups, operators, names). */
function readsSides(f: Filters): boolean {
  return !!(f.number || f.fromNumber || f.toNumber || f.group || f.groupA || f.groupB || f.agentId || f.agentA || f.agentB || f.displayName || f.displayNameA || f.displayNameB);
}

/** Whether a line passes every filter (paging aside). Numbers and ids match exactly, names by substring. */
export function matches<T extends Candidate>(e: T, f: Filters, sidesOf: SidesOf<T>): boolean {
  if (f.skipIncomplete && !e.complete) return false;
  if (f.direction && e.direction !== f.direction) return false;
  if (f.fromMs !== null && e.startMs < f.fromMs) return false;
  // to_date is inclusive to the second.
  if (f.toMs !== null && Math.floor(e.startMs / 1000) * 1000 > f.toMs) return false;
  if (!readsSides(f)) return true;
  const [a, b] = sidesOf(e);
  if (f.number && a.digits !== f.number && b.digits !== f.number) return false;
  if (f.fromNumber && a.digits !== f.fromNumber) return false;
  if (f.toNumber && b.digits !== f.toNumber) return false;
  if (f.group && !a.groups.includes(f.group) && !b.groups.includes(f.group)) return false;
  if (f.groupA && !a.groups.includes(f.groupA)) return false;
  if (f.groupB && !b.groups.includes(f.groupB)) return false;
  if (f.agentId && a.agentId !== f.agentId && b.agentId !== f.agentId) return false;
  if (f.agentA && a.agentId !== f.agentA) return false;
  if (f.agentB && b.agentId !== f.agentB) return false;
  if (f.displayName && !nameHas(a, f.displayName) && !nameHas(b, f.displayName)) return false;
  if (f.displayNameA && !nameHas(a, f.displayNameA)) return false;
  if (f.displayNameB && !nameHas(b, f.displayNameB)) return false;
  return true;
}

/** Newest first: later start, then later call, then later part of it. */
export function compareNewestFirst(x: Position, y: Position): number {
  return y.startMs - x.startMs || y.seq - x.seq || y.part - x.part;
}

/**
 * One page from lines given newest first, already after the tag's line when there is one: the matching
 * ones past `offset`, at most `limit`. The tag names the page's last line (absent on an empty page).
 * Only the lines up to the page's end are looked at.
 */
export function pageOf<T extends Candidate>(newestFirst: Iterable<T>, f: Filters, scope: string, sidesOf: SidesOf<T>): { lines: T[]; tag: string | null } {
  const lines: T[] = [];
  let skip = f.offset;
  if (f.limit > 0) {
    for (const line of newestFirst) {
      if (!matches(line, f, sidesOf)) continue;
      if (skip > 0) {
        skip--;
        continue;
      }
      lines.push(line);
      if (lines.length >= f.limit) break;
    }
  }
  const last = lines[lines.length - 1];
  return { lines, tag: last ? encodeTag(scope, last) : null };
}
