/**
 * Matchers over journal entries, as /__admin/requests/count, find, verify and wait take them, and as a
 * fault selects what it applies to: every field given must hold (kind, API, method, path or a pattern of
 * it, query and header subsets, a body substring, a JSON subset of the body, an XPath over an XML body,
 * the ARM command, the status). Without `kind`, admin entries never match (a test's own calls to the
 * admin plane are not its client's). `differences` says, field by field, why an entry does not match:
 * the near misses of a failed verification are built from it.
 */
import { DOMParser } from '@xmldom/xmldom';
import xpath from 'xpath';
import type { Matcher } from '../generated/admin/admin.js';
import type { JournalEntry } from './journal.js';

/** A matcher as schemas/admin defines it (Matcher). */
export type { Matcher };

export interface Difference {
  field: string;
  expected: unknown;
  actual: unknown;
}

/** A matcher checked and compiled once (its pattern, its XPath), for many entries. */
export class CompiledMatcher {
  private readonly pattern: RegExp | null;
  private readonly expr: string | null;

  /** Throws (a SyntaxError, or the XPath library's error) for a pattern or an XPath that cannot be read. */
  constructor(readonly m: Matcher) {
    this.pattern = m.pathPattern !== undefined ? new RegExp(m.pathPattern) : null;
    this.expr = m.xpath ?? null;
    if (this.expr !== null) xpath.select(this.expr, parseXml('<x/>') as unknown as Node);
  }

  /** The fields of the matcher this entry fails ([] when it matches). */
  differences(e: JournalEntry): Difference[] {
    const m = this.m;
    const out: Difference[] = [];
    const diff = (field: string, expected: unknown, actual: unknown) => out.push({ field, expected, actual });
    if (m.kind !== undefined ? e.kind !== m.kind : e.kind === 'admin') diff('kind', m.kind ?? 'not admin', e.kind);
    if (m.api !== undefined && e.api !== m.api) diff('api', m.api, e.api);
    if (m.method !== undefined && e.method.toUpperCase() !== m.method.toUpperCase()) diff('method', m.method.toUpperCase(), e.method);
    if (m.path !== undefined && e.path !== m.path) diff('path', m.path, e.path);
    if (this.pattern && !this.pattern.test(e.path)) diff('pathPattern', m.pathPattern, e.path);
    if (m.query) {
      for (const [k, v] of Object.entries(m.query)) {
        const actual = e.query[k];
        if (!sameValue(actual, v)) diff(`query.${k}`, v, actual ?? null);
      }
    }
    if (m.headers) {
      for (const [k, v] of Object.entries(m.headers)) {
        const actual = e.headers[k.toLowerCase()];
        if (String(actual ?? '') !== v) diff(`headers.${k.toLowerCase()}`, v, actual ?? null);
      }
    }
    // Decoded only for a matcher that reads the body (a fault's is checked on every exchange).
    const body = (m.bodyContains === undefined && m.bodyJson === undefined && !this.expr) || e.body?.encoding === 'base64' ? null : (e.body?.text ?? null);
    if (m.bodyContains !== undefined && !(body ?? '').includes(m.bodyContains)) diff('bodyContains', m.bodyContains, excerpt(body));
    if (m.bodyJson !== undefined) {
      const parsed = parseJson(body);
      const miss = parsed === undefined ? '(the body is not JSON)' : subsetMiss(m.bodyJson, parsed, 'bodyJson');
      if (miss) diff(typeof miss === 'string' ? 'bodyJson' : miss.field, typeof miss === 'string' ? m.bodyJson : miss.expected, typeof miss === 'string' ? miss : miss.actual);
    }
    if (this.expr) {
      const hit = xmlSelects(this.expr, body);
      if (hit !== true) diff('xpath', m.xpath, hit);
    }
    if (m.command !== undefined && e.command !== m.command) diff('command', m.command, e.command ?? null);
    if (m.status !== undefined && e.status !== m.status) diff('status', m.status, e.status);
    return out;
  }

  matches(e: JournalEntry): boolean {
    return this.differences(e).length === 0;
  }
}

function sameValue(actual: unknown, expected: string | string[]): boolean {
  if (Array.isArray(expected)) return Array.isArray(actual) && actual.length === expected.length && actual.every((a, i) => String(a) === expected[i]);
  return actual !== undefined && !Array.isArray(actual) && String(actual) === expected;
}

const excerpt = (text: string | null) => (text === null ? null : text.length > 200 ? `${text.slice(0, 200)}…` : text);

function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Where `expected` is not a subset of `actual` (objects by key, arrays item by item), or null when it is. */
function subsetMiss(expected: unknown, actual: unknown, at: string): { field: string; expected: unknown; actual: unknown } | null {
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(expected) !== Array.isArray(actual)) return { field: at, expected, actual };
    if (Array.isArray(expected)) {
      const a = actual as unknown[];
      if (a.length !== expected.length) return { field: at, expected, actual };
      for (let i = 0; i < expected.length; i++) {
        const miss = subsetMiss(expected[i], a[i], `${at}[${i}]`);
        if (miss) return miss;
      }
      return null;
    }
    for (const [k, v] of Object.entries(expected as Record<string, unknown>)) {
      const miss = subsetMiss(v, (actual as Record<string, unknown>)[k], `${at}.${k}`);
      if (miss) return miss;
    }
    return null;
  }
  return Object.is(expected, actual) ? null : { field: at, expected, actual: actual === undefined ? null : actual };
}

function parseXml(text: string): Document | null {
  let failed = false;
  const doc = new DOMParser({ onError: (level) => void (failed ||= level !== 'warning') }).parseFromString(text, 'text/xml');
  return failed ? null : (doc as unknown as Document);
}

/** true when the XPath selects something in the XML body (a node, or a true, non-zero or non-empty value); else why not. */
function xmlSelects(expr: string, text: string | null): true | string {
  if (text === null || !text.trim().startsWith('<')) return '(the body is not XML)';
  const doc = parseXml(text);
  if (!doc) return '(the body is not well-formed XML)';
  const r = xpath.select(expr, doc as unknown as Node);
  const value = Array.isArray(r) ? r.length > 0 : typeof r === 'number' ? r !== 0 && !Number.isNaN(r) : Boolean(r);
  return value ? true : '(selects nothing)';
}

/** A matcher as the admin plane receives it: checked (an invalid pattern or XPath is the caller's error). */
export function compileMatcher(m: Matcher): CompiledMatcher {
  return new CompiledMatcher(m);
}
