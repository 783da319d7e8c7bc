/**
 * The dispatcher's index of a queue's tiers, kept in step with every change so that finding whom to
 * offer a caller costs about the same in a queue of 5 agents as in one of 50,000 (routing.ts asks it;
 * syncTier in world.ts keeps it). Three views of the queue's tiers:
 *
 * - `eligible`: the tiers that could be offered a call now (agent-states' isOfferable, and the agent's
 *   timers allow it), sorted in the queue's strategy order (strategies/order.ts's rank keys, taken when
 *   the tier was indexed and taken again whenever one of them changes);
 * - `held`: the tiers that could be offered a call but for their agent's timers (wrap-up, a busy, reject
 *   or no-answer delay, the one-tick retry), a binary heap by the virtual ms they clear at; a tier moves
 *   to `eligible` at the first look at the queue from then on (refresh);
 * - `visible`: the candidate rows (agents not Logged Out, §3.1), sorted by level and position, for
 *   top-down's pointer and the tier gate, which look at rows that cannot be offered too.
 *
 * Costs: an insertion or removal is a binary search and a move of the entries after it in a sorted
 * array (a few nanoseconds per entry moved; the common moves are at the ends: a longest-idle agent back
 * from a call sorts last, the agent offered is first), a heap step O(log n). Random's order is drawn
 * afresh at every evaluation, so it is not kept here (routing.ts scans `queue.ready` for it). Every
 * answer is the one a scan of the queue's tiers gives (test/scenarios/routing-index.test.ts compares
 * them); nothing here decides routing.
 */
import { isVisibleStatus, timersAllow, timersClearAt } from './agent-states.js';
import type { Agent, Queue, Tier } from './model.js';
import { compareRanks, writeRank, type RankKeys } from './strategies/order.js';
import type { World } from './world.js';

/** §3.3's timers, plus ccsim's one-tick pause after a ring that failed the instant it was offered. */
export function agentReady(a: Agent, nowSec: number, nowT: number): boolean {
  return timersAllow(a, nowSec) && a.retryAfterT <= nowT;
}

/** The virtual ms from which a Waiting agent held back by its timers may be offered again. */
export function offerableAt(w: World, a: Agent): number {
  return Math.max(w.secToT(timersClearAt(a.wrapUpFrom, a.config.wrap_up_time, a.readyTime)), a.retryAfterT);
}

/**
 * Puts tier `t` where it belongs after any change to it, its agent or its queue's configuration:
 * `offerable` says whether it is in `queue.ready` (world.syncTier decides that).
 */
export function placeTier(w: World, t: Tier, offerable: boolean): void {
  const q = t.queue;
  if (q.indexedAs !== q.config.strategy) reindex(q);
  placeVisible(t);
  if (!offerable) {
    unplace(t);
    return;
  }
  const a = t.agent;
  const nowT = w.now;
  if (agentReady(a, w.nowSec(), nowT)) {
    if (t.place === 1) {
      if (rankUnchanged(q, t)) return;
      removeEligible(q, t);
    } else if (t.place === 2) removeHeld(q, t);
    insertEligible(q, t);
    return;
  }
  const at = offerableAt(w, a);
  if (t.place === 2) {
    if (t.heldAt !== at) updateHeld(q, t, at);
    return;
  }
  if (t.place === 1) removeEligible(q, t);
  insertHeld(q, t, at);
}

/** Takes the tier out of every view (it left the queue). */
export function unindexTier(t: Tier): void {
  unplace(t);
  if (t.visibleIn) removeVisible(t.queue, t);
}

function unplace(t: Tier): void {
  if (t.place === 1) removeEligible(t.queue, t);
  else if (t.place === 2) removeHeld(t.queue, t);
}

/**
 * Moves the held tiers whose time has come to `eligible`; call before reading the queue at `w.now`.
 * Returns the virtual ms the next held tier clears at (Infinity when none is held).
 */
export function refresh(w: World, q: Queue): number {
  if (q.indexedAs !== q.config.strategy) reindex(q);
  const held = q.held;
  const nowT = w.now;
  while (held.length > 0 && held[0].heldAt <= nowT) {
    const t = held[0];
    removeHeld(q, t);
    if (agentReady(t.agent, w.nowSec(), nowT)) insertEligible(q, t);
    // Timers that say "clear" and yet hold (a wrap-up longer than the epoch): it is never offered.
    else insertHeld(q, t, Number.POSITIVE_INFINITY);
  }
  return held.length > 0 ? held[0].heldAt : Number.POSITIVE_INFINITY;
}

// ---- eligible: a sorted array ----------------------------------------------------------------------

const scratch: RankKeys = { rankLevel: 0, rank1: 0, rank2: 0, rank3: 0, order: 0 };

function rankUnchanged(q: Queue, t: Tier): boolean {
  writeRank(q.indexedAs as NonNullable<Queue['indexedAs']>, t, scratch);
  return scratch.rankLevel === t.rankLevel && scratch.rank1 === t.rank1 && scratch.rank2 === t.rank2 && scratch.rank3 === t.rank3;
}

function insertEligible(q: Queue, t: Tier): void {
  writeRank(q.indexedAs as NonNullable<Queue['indexedAs']>, t, t);
  const list = q.eligible;
  const n = list.length;
  t.place = 1;
  // Mostly last: an agent back from a call is the least idle.
  if (n === 0 || compareRanks(list[n - 1], t) < 0) {
    list.push(t);
    return;
  }
  list.splice(lowerBound(list, t), 0, t);
}

function removeEligible(q: Queue, t: Tier): void {
  const list = q.eligible;
  t.place = 0;
  // Mostly first: the tier offered a call is the strategy's first.
  if (list[0] === t) {
    list.shift();
    return;
  }
  const i = lowerBound(list, t);
  if (list[i] !== t) throw new Error(`routing index: tier ${t.agent.id}@${t.queue.id} is not where its rank says`);
  list.splice(i, 1);
}

/** The first index whose entry does not come before `t`. */
function lowerBound(list: readonly Tier[], t: RankKeys): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareRanks(list[mid], t) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The index of the first eligible tier after (level, position) in walk order, for strategies ranked by
 * position after level (top-down, round-robin): a higher level, or the same level and a higher position.
 */
export function eligibleIndexAfter(q: Queue, level: number, position: number): number {
  const list = q.eligible;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const e = list[mid];
    if (e.rankLevel < level || (e.rankLevel === level && e.rank1 <= position)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index of the first eligible tier of `level` or above. */
export function eligibleFromLevel(q: Queue, level: number): number {
  const list = q.eligible;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].rankLevel < level) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A strategy change: the eligible tiers sorted again by the new strategy's keys. */
function reindex(q: Queue): void {
  const strategy = q.config.strategy;
  q.indexedAs = strategy;
  for (const t of q.eligible) writeRank(strategy, t, t);
  q.eligible.sort(compareRanks);
}

// ---- held: a binary heap by the time the agent's timers clear --------------------------------------

function insertHeld(q: Queue, t: Tier, at: number): void {
  t.place = 2;
  t.heldAt = at;
  t.heldIndex = q.held.length;
  q.held.push(t);
  siftUp(q.held, t.heldIndex);
}

function updateHeld(q: Queue, t: Tier, at: number): void {
  const earlier = at < t.heldAt;
  t.heldAt = at;
  if (earlier) siftUp(q.held, t.heldIndex);
  else siftDown(q.held, t.heldIndex);
}

function removeHeld(q: Queue, t: Tier): void {
  const heap = q.held;
  const i = t.heldIndex;
  const last = heap.pop() as Tier;
  t.place = 0;
  t.heldIndex = -1;
  if (last === t) return;
  heap[i] = last;
  last.heldIndex = i;
  siftUp(heap, i);
  siftDown(heap, last.heldIndex);
}

function siftUp(heap: Tier[], i: number): void {
  const t = heap[i];
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const p = heap[parent];
    if (p.heldAt <= t.heldAt) break;
    heap[i] = p;
    p.heldIndex = i;
    i = parent;
  }
  heap[i] = t;
  t.heldIndex = i;
}

function siftDown(heap: Tier[], i: number): void {
  const n = heap.length;
  const t = heap[i];
  for (;;) {
    let c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && heap[c + 1].heldAt < heap[c].heldAt) c++;
    const child = heap[c];
    if (child.heldAt >= t.heldAt) break;
    heap[i] = child;
    child.heldIndex = i;
    i = c;
  }
  heap[i] = t;
  t.heldIndex = i;
}

// ---- visible: the candidate rows by level and position ---------------------------------------------

function placeVisible(t: Tier): void {
  const visible = isVisibleStatus(t.agent.status);
  if (visible && t.visibleIn && t.visibleLevel === t.level && t.visiblePosition === t.position) return;
  if (t.visibleIn) removeVisible(t.queue, t);
  if (!visible) return;
  t.visibleIn = true;
  t.visibleLevel = t.level;
  t.visiblePosition = t.position;
  const list = t.queue.visible;
  const n = list.length;
  if (n === 0 || compareVisible(list[n - 1], t) < 0) list.push(t);
  else list.splice(visibleLowerBound(list, t.visibleLevel, t.visiblePosition, t.order), 0, t);
}

function removeVisible(q: Queue, t: Tier): void {
  const list = q.visible;
  const i = visibleLowerBound(list, t.visibleLevel, t.visiblePosition, t.order);
  if (list[i] !== t) throw new Error(`routing index: row ${t.agent.id}@${q.id} is not where its level says`);
  list.splice(i, 1);
  t.visibleIn = false;
}

function compareVisible(a: Tier, b: Tier): number {
  return a.visibleLevel - b.visibleLevel || a.visiblePosition - b.visiblePosition || a.order - b.order;
}

function visibleLowerBound(list: readonly Tier[], level: number, position: number, order: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const e = list[mid];
    if (e.visibleLevel < level || (e.visibleLevel === level && (e.visiblePosition < position || (e.visiblePosition === position && e.order < order)))) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index of the first candidate row after (level, position): a higher level, or the same and a higher position. */
export function visibleAfter(q: Queue, level: number, position: number): number {
  return visibleLowerBound(q.visible, level, position, Number.POSITIVE_INFINITY);
}

/** The index of the first candidate row of a level above `level`. */
export function visibleAboveLevel(q: Queue, level: number): number {
  return visibleLowerBound(q.visible, level, Number.POSITIVE_INFINITY, 0);
}
