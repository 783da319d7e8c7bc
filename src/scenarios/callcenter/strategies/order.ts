/**
 * Candidate ordering for every mod_callcenter strategy (docs/routing.md §4), as pure
 * functions of row data: which of a queue's visible tiers a caller's search walks, and in which order.
 * Eligibility (who may actually ring) and the tier gate are separate (agent-states.ts, tier-gate.ts).
 */
import type { Strategy } from '../queue-config.js';

/** The agent facts the orderings read. Times are integer epoch seconds. */
export interface AgentOrderFacts {
  lastBridgeEnd: number;
  /** Seconds: mod_callcenter's talk_time counter. */
  talkTimeTotal: number;
  callsAnswered: number;
  lastOfferedCall: number;
  /** Breaks `lastOfferedCall` ties by which offer came later in event order. */
  lastOfferSeq: number;
}

/**
 * One tier of the queue with its agent: a model Tier is one as it stands, so a walk that needs no
 * random draws compares tiers without copying them.
 */
export interface CandidateRow {
  level: number;
  position: number;
  /** The tier's creation order: the last tie-break, standing in for SQL's unspecified order. */
  order: number;
  agent: AgentOrderFacts;
  /** Only for `random`: a fresh uniform draw per row and evaluation. */
  random?: number;
}

/** A (level, position) pointer: top-down's per-caller memory, or round-robin's last-offered agent. */
export interface Pointer {
  level: number;
  position: number;
}

/** Negative when `a` comes first. */
export type CompareRows = (a: CandidateRow, b: CandidateRow) => number;

const lastOffered: CompareRows = (a, b) => a.agent.lastOfferedCall - b.agent.lastOfferedCall || a.agent.lastOfferSeq - b.agent.lastOfferSeq;

/**
 * The SQL ORDER BY of each strategy, within a block (§4); creation order breaks the remaining ties.
 *
 * What an offer costs under each, in a queue the dispatcher indexes (routing-index.ts: queues of 64
 * tiers or more, top-down and ring-all queues of any size; a smaller queue is scanned, O(t) for its t
 * ready tiers). n is the queue's eligible tiers, h its held ones, L the tier levels a walk opens, r the
 * agents a call rings; "the move" is taking the agent out of the sorted eligible tiers when it is
 * offered (O(log n) search, at most 64 entries moved) and putting it back when its timers clear (the
 * same, after O(log h) in the held heap); the offer itself is O(the agent's tiers).
 * - longest-idle-agent: the first eligible tier, O(1); the move, at the ends of the list (an agent back
 *   from a call is the least idle, so it goes last).
 * - agent-with-least-talk-time, agent-with-fewest-calls: the first eligible tier, O(1); the move, the
 *   agent going back to where its new talk time or call count sorts, O(log n).
 * - sequentially-by-agent-order: the first eligible tier, O(1); the move, O(log n) (its last offer is a key).
 * - round-robin: the pointer is the queue's last offered tier, O(1); the first eligible tier after it
 *   in its level, O(log n); the move, O(log n).
 * - top-down: every caller is evaluated in every pass (each has its own pointer): O(log n) each, the
 *   first eligible tier after the pointer; the move, O(log n).
 * - random: O(t) per evaluation, a draw for each of its eligible tiers in the order of the ready ones:
 *   the fresh draws are the strategy (mod_callcenter's ORDER BY random()), and the same draws must come
 *   out of the same stream, so no index can skip them (the scan reads each tier's place, not its agent).
 * - ring-all: O(L log n + r): the eligible tiers of each open level, one offer per agent rung.
 * - ring-progressively: every pass evaluates its callers, each the first eligible tier, O(1); one more
 *   agent is rung per ring_progressively_delay, so a call costs in proportion to the agents it rings.
 * - with tier rules that can stop a walk: O(log n) per level walked, plus the above.
 * A routing pass costs O(k log q) for the k callers it evaluates, of the queues with callers and eligible
 * tiers (and top-down and ring-progressively queues), merged in the order callers are served; queues with
 * nothing to route are not looked at (routing.ts). bench/engine/README.md, "Scale", has the figures.
 */
export const STRATEGY_ORDER: Record<Strategy, CompareRows> = {
  'longest-idle-agent': (a, b) => a.level - b.level || a.agent.lastBridgeEnd - b.agent.lastBridgeEnd || a.position - b.position || a.order - b.order,
  'agent-with-least-talk-time': (a, b) => a.level - b.level || a.agent.talkTimeTotal - b.agent.talkTimeTotal || a.position - b.position || a.order - b.order,
  'agent-with-fewest-calls': (a, b) => a.level - b.level || a.agent.callsAnswered - b.agent.callsAnswered || a.position - b.position || a.order - b.order,
  'ring-all': (a, b) => a.level - b.level || a.position - b.position || a.order - b.order,
  'ring-progressively': (a, b) => a.level - b.level || a.position - b.position || a.order - b.order,
  'sequentially-by-agent-order': (a, b) => a.level - b.level || a.position - b.position || lastOffered(a, b) || a.order - b.order,
  random: (a, b) => a.level - b.level || (a.random ?? 0) - (b.random ?? 0) || a.order - b.order,
  'top-down': (a, b) => a.level - b.level || a.position - b.position || lastOffered(a, b) || a.order - b.order,
  'round-robin': (a, b) => a.level - b.level || a.position - b.position || lastOffered(a, b) || a.order - b.order,
};

/**
 * A tier's place in its strategy's order as numbers, for an index kept sorted between offers
 * (routing-index.ts): comparing level, then the three keys, then creation order (compareRanks) gives
 * STRATEGY_ORDER's order. `random` ranks by level only: its draws are made afresh at each evaluation.
 */
export interface RankKeys {
  rankLevel: number;
  rank1: number;
  rank2: number;
  rank3: number;
  readonly order: number;
}

/** Writes `row`'s rank keys under `strategy` into `out` (the row's own creation order completes them). */
export function writeRank(strategy: Strategy, row: CandidateRow, out: RankKeys): void {
  out.rankLevel = row.level;
  switch (strategy) {
    case 'longest-idle-agent':
      setRank(out, row.agent.lastBridgeEnd, row.position, 0);
      break;
    case 'agent-with-least-talk-time':
      setRank(out, row.agent.talkTimeTotal, row.position, 0);
      break;
    case 'agent-with-fewest-calls':
      setRank(out, row.agent.callsAnswered, row.position, 0);
      break;
    case 'sequentially-by-agent-order':
    case 'top-down':
    case 'round-robin':
      setRank(out, row.position, row.agent.lastOfferedCall, row.agent.lastOfferSeq);
      break;
    case 'ring-all':
    case 'ring-progressively':
      setRank(out, row.position, 0, 0);
      break;
    case 'random':
      setRank(out, 0, 0, 0);
      break;
  }
}

function setRank(out: RankKeys, k1: number, k2: number, k3: number): void {
  out.rank1 = k1;
  out.rank2 = k2;
  out.rank3 = k3;
}

/** Negative when `a` comes first: rank keys compared in turn, then creation order. */
export function compareRanks(a: RankKeys, b: RankKeys): number {
  return a.rankLevel - b.rankLevel || a.rank1 - b.rank1 || a.rank2 - b.rank2 || a.rank3 - b.rank3 || a.order - b.order;
}

/**
 * The rows a caller's search walks, in order. `pointer` is the caller's top-down pointer (absent = (0,0))
 * or the queue's round-robin pointer (absent = no agent was ever offered). Round-robin lists the rows
 * after the pointer first and then all rows again, as mod_callcenter's union query does.
 */
export function orderCandidates<R extends CandidateRow>(strategy: Strategy, rows: readonly R[], pointer: Pointer | null): R[] {
  const cmp = STRATEGY_ORDER[strategy];
  if (strategy === 'top-down') {
    const p = pointer ?? { level: 0, position: 0 };
    const after = rows.filter((r) => r.level === p.level && r.position > p.position).sort(cmp);
    const deeper = rows.filter((r) => r.level > p.level).sort(cmp);
    return after.concat(deeper);
  }
  if (strategy === 'round-robin') {
    const all = rows.slice().sort(cmp);
    if (!pointer) return all;
    const after = rows.filter((r) => r.level === pointer.level && r.position > pointer.position).sort(cmp);
    return after.concat(all);
  }
  return rows.slice().sort(cmp);
}

/**
 * Whether `a` comes before `b` in the walk, for strategies whose walk is one sorted list per block.
 * Used to find the first eligible row without sorting when no tier gate can stop the walk.
 */
export function walksBefore(strategy: Strategy, a: CandidateRow, b: CandidateRow, pointer: Pointer | null): boolean {
  // One block unless there is a pointer to split at (top-down always has one: absent means (0,0)).
  if (pointer === null && strategy !== 'top-down') return STRATEGY_ORDER[strategy](a, b) < 0;
  const ba = blockOf(strategy, a, pointer);
  const bb = blockOf(strategy, b, pointer);
  if (ba !== bb) return ba < bb;
  return STRATEGY_ORDER[strategy](a, b) < 0;
}

/** The block a row falls in for the pointer strategies (0 first); -1 when top-down leaves it out. */
export function blockOf(strategy: Strategy, r: Pointer, pointer: Pointer | null): number {
  if (strategy === 'top-down') {
    const p = pointer ?? { level: 0, position: 0 };
    if (r.level === p.level && r.position > p.position) return 0;
    return r.level > p.level ? 1 : -1;
  }
  if (strategy === 'round-robin' && pointer) {
    return r.level === pointer.level && r.position > pointer.position ? 0 : 1;
  }
  return 0;
}

/** Whether a strategy rings every eligible row at once (ring-all) or stops at the first offer. */
export function offersAll(strategy: Strategy): boolean {
  return strategy === 'ring-all';
}
