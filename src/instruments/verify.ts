/**
 * Verification over the journal, as WireMock and MockServer users know it: how many exchanges match, which
 * ones, whether a count holds (`eq`, `gte`, `lte`; at least one by default) or a sequence happened in order
 * (other exchanges between allowed). A failed verification says why with its near misses: the journaled
 * exchanges closest to the matcher, and field by field what differs. Pure over the journal it is given.
 */
import type { Journal, JournalEntry } from './journal.js';
import type { CountRule } from '../generated/admin/admin.js';
import { compileMatcher, type CompiledMatcher, type Difference, type Matcher } from './matcher.js';

export type { CountRule };

export interface NearMiss {
  entry: JournalEntry;
  differences: Difference[];
}

export type Verdict =
  | { ok: true; count: number }
  | { ok: false; message: string; count: number; step?: number; nearMisses: NearMiss[] };

export function find(journal: Journal, m: CompiledMatcher): JournalEntry[] {
  const out: JournalEntry[] = [];
  for (const e of journal.all()) if (m.matches(e)) out.push(e);
  return out;
}

export function count(journal: Journal, m: CompiledMatcher): number {
  let n = 0;
  for (const e of journal.all()) if (m.matches(e)) n++;
  return n;
}

function holds(rule: CountRule, n: number): boolean {
  if (rule.eq !== undefined && n !== rule.eq) return false;
  if (rule.gte !== undefined && n < rule.gte) return false;
  if (rule.lte !== undefined && n > rule.lte) return false;
  return true;
}

function describe(rule: CountRule): string {
  const parts: string[] = [];
  if (rule.eq !== undefined) parts.push(`exactly ${rule.eq}`);
  if (rule.gte !== undefined) parts.push(`at least ${rule.gte}`);
  if (rule.lte !== undefined) parts.push(`at most ${rule.lte}`);
  return parts.join(' and ');
}

/** The entries closest to the matcher (fewest differing fields, then the newest), at most `n`, that do not match. */
export function nearMisses(entries: Iterable<JournalEntry>, m: CompiledMatcher, n = 3): NearMiss[] {
  const best: NearMiss[] = [];
  for (const entry of entries) {
    const differences = m.differences(entry);
    if (differences.length === 0) continue;
    // An entry of another kind (an admin call for a client's matcher) is never a near miss.
    if (differences.some((d) => d.field === 'kind')) continue;
    best.push({ entry, differences });
    best.sort((a, b) => a.differences.length - b.differences.length || b.entry.id - a.entry.id);
    if (best.length > n) best.pop();
  }
  return best;
}

export function verifyCount(journal: Journal, matcher: Matcher, rule: CountRule = { gte: 1 }): Verdict {
  const m = compileMatcher(matcher);
  const n = count(journal, m);
  if (holds(rule, n)) return { ok: true, count: n };
  return { ok: false, count: n, message: `expected ${describe(rule)} exchanges matching, found ${n}`, nearMisses: n > 0 && rule.lte !== undefined ? [] : nearMisses(journal.all(), m) };
}

/** Whether the matchers matched journaled exchanges in this order (others between allowed). */
export function verifySequence(journal: Journal, sequence: Matcher[]): Verdict {
  const ms = sequence.map(compileMatcher);
  let step = 0;
  let after = 0;
  for (const e of journal.all()) {
    if (step === ms.length) break;
    if (ms[step].matches(e)) {
      step++;
      after = e.id;
    }
  }
  if (step === ms.length) return { ok: true, count: ms.length };
  const later = [...journal.all()].filter((e) => e.id > after);
  const seenAnywhere = count(journal, ms[step]);
  const message =
    seenAnywhere > 0
      ? `step ${step + 1} of ${ms.length} matched only before step ${step}: the sequence is out of order`
      : `step ${step + 1} of ${ms.length} matched no exchange${step > 0 ? ` after step ${step}` : ''}`;
  return { ok: false, count: step, step: step + 1, message, nearMisses: nearMisses(later, ms[step]) };
}
