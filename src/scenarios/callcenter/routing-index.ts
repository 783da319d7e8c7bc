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
import type { Agent, Member, Queue, Tier } from './model.js';
import { compareRanks, writeRank, type RankKeys } from './strategies/order.js';
import type { World } from './world.js';

/**
 * Queues of this many tiers or more are indexed; one that falls below half of it is not any more (a
 * queue of a few dozen agents is quicker to scan than to keep sorted: the engine benchmark's 50-agent
 * queue lost a quarter of its speed to the index). Top-down and ring-all queues are indexed whatever
 * their size: top-down evaluates every caller in every pass and ring-all walks every row for each, so
 * scanning even 50 agents cost them 2 to 4 times the index (bench/engine/README.md, "Scale").
 */
const INDEX_FROM = 64;

/**
 * A size from which every queue is indexed, whatever its strategy, or null for the defaults above: the
 * environment's CCSIM_INDEX_FROM sets it, so that the equivalence check can run every queue indexed (0)
 * or none (a large number); a test sets it with setIndexFrom. Either way the world behaves the same,
 * event for event.
 */
let forcedFrom = indexFrom(process.env.CCSIM_INDEX_FROM);

/** Sets the size from which queues are indexed (null: the defaults), for worlds built from now on. */
export function setIndexFrom(tiers: number | null): void {
  forcedFrom = tiers;
}

function indexFrom(setting: string | undefined): number | null {
  if (setting === undefined || setting === '') return null;
  const n = Number(setting);
  if (!Number.isInteger(n) || n < 0) throw new Error(`CCSIM_INDEX_FROM must be a whole number (got ${setting})`);
  return n;
}

/** Whether queue `q` should be indexed, given whether it is now (with hysteresis). */
export function wantsIndex(q: Queue): boolean {
  const tiers = q.tiers.length;
  const strategy = q.config.strategy;
  const from = forcedFrom ?? (strategy === 'top-down' || strategy === 'ring-all' ? 1 : INDEX_FROM);
  return q.indexed ? tiers >= from / 2 && tiers > 0 : tiers >= from && tiers > 0;
}

/** Builds the queue's index from its tiers, or drops it. */
export function setIndexed(w: World, q: Queue, on: boolean): void {
  if (on === q.indexed) return;
  if (on) {
    q.indexed = true;
    q.indexedAs = q.config.strategy;
    for (const t of q.tiers) placeTier(w, t, t.readyIndex >= 0);
    // Open now means eligible tiers, not ready ones (all of them may be held).
    w.updateOpen(q);
    return;
  }
  for (const t of q.tiers) unindexTier(w, t);
  q.indexed = false;
  w.updateOpen(q);
}

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
  if (!q.indexed) return;
  // Most calls: the tier is in neither list and stays so (its agent answers, talks), its row unchanged.
  if (!offerable && t.place === 0 && q.indexedAs === q.config.strategy && t.visibleIn === isVisibleStatus(t.agent.status) && (!t.visibleIn || (t.visibleLevel === t.level && t.visiblePosition === t.position))) return;
  const eligible = q.eligible.size;
  const top = q.held.length > 0 ? q.held[0] : null;
  const topAt = top === null ? 0 : top.heldAt;
  place(w, t, offerable);
  noteChanges(w, q, eligible, top, topAt);
}

function place(w: World, t: Tier, offerable: boolean): void {
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

/**
 * Tells the world what it keeps of the queue's index: whether it has eligible tiers (world.openList)
 * and when its first held tier clears (the world's due queues, and a wake-up then).
 */
function noteChanges(w: World, q: Queue, eligible: number, top: Tier | null, topAt: number): void {
  if ((q.eligible.size > 0) !== eligible > 0) w.updateOpen(q);
  const now = q.held.length > 0 ? q.held[0] : null;
  if (now !== top || (now !== null && now.heldAt !== topAt)) w.heldTopChanged(q);
}

/** Takes the tier out of every view (it left the queue). */
export function unindexTier(w: World, t: Tier): void {
  const q = t.queue;
  if (!q.indexed) return;
  const eligible = q.eligible.size;
  const top = q.held.length > 0 ? q.held[0] : null;
  const topAt = top === null ? 0 : top.heldAt;
  unplace(t);
  if (t.visibleIn) removeVisible(q, t);
  noteChanges(w, q, eligible, top, topAt);
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
  if (held.length > 0 && held[0].heldAt <= nowT) {
    const eligible = q.eligible.size;
    const top = held[0];
    const topAt = top.heldAt;
    while (held.length > 0 && held[0].heldAt <= nowT) {
      const t = held[0];
      removeHeld(q, t);
      if (agentReady(t.agent, w.nowSec(), nowT)) insertEligible(q, t);
      // Timers that say "clear" and yet hold (a wrap-up longer than the epoch): it is never offered.
      else insertHeld(q, t, Number.POSITIVE_INFINITY);
    }
    noteChanges(w, q, eligible, top, topAt);
  }
  return held.length > 0 ? held[0].heldAt : Number.POSITIVE_INFINITY;
}

// ---- eligible: a sorted list in chunks -------------------------------------------------------------

const scratch: RankKeys = { rankLevel: 0, rank1: 0, rank2: 0, rank3: 0, order: 0 };

function rankUnchanged(q: Queue, t: Tier): boolean {
  writeRank(q.indexedAs as NonNullable<Queue['indexedAs']>, t, scratch);
  return scratch.rankLevel === t.rankLevel && scratch.rank1 === t.rank1 && scratch.rank2 === t.rank2 && scratch.rank3 === t.rank3;
}

function insertEligible(q: Queue, t: Tier): void {
  writeRank(q.indexedAs as NonNullable<Queue['indexedAs']>, t, t);
  t.place = 1;
  q.eligible.insert(t);
}

function removeEligible(q: Queue, t: Tier): void {
  t.place = 0;
  q.eligible.remove(t);
}

/** The largest chunk; a chunk that grows past it is split in two. */
const CHUNK = 64;

/**
 * Tiers sorted by their rank keys (compareRanks), in chunks of at most 64: finding a place is a binary
 * search over the chunks and one within a chunk, and an insertion or removal moves at most a chunk's
 * entries (and, when a chunk splits or empties, the list of chunks, n/32 entries at most). A queue of
 * up to 64 eligible tiers is one sorted array.
 */
export class EligibleTiers {
  private chunks: Tier[][] = [];
  size = 0;

  first(): Tier | null {
    return this.size > 0 ? this.chunks[0][0] : null;
  }

  insert(t: Tier): void {
    this.size++;
    const chunks = this.chunks;
    const n = chunks.length;
    if (n === 0) {
      chunks.push([t]);
      return;
    }
    // Mostly last: an agent back from a call is the least idle.
    let c = n - 1;
    const lastChunk = chunks[c];
    if (compareRanks(lastChunk[lastChunk.length - 1], t) >= 0) c = this.chunkFor(t);
    const chunk = chunks[c];
    let i = chunk.length;
    chunk.push(t);
    while (i > 0 && compareRanks(chunk[i - 1], t) > 0) {
      chunk[i] = chunk[i - 1];
      i--;
    }
    chunk[i] = t;
    if (chunk.length > CHUNK) chunks.splice(c + 1, 0, chunk.splice(CHUNK >> 1));
  }

  remove(t: Tier): void {
    const chunks = this.chunks;
    // Mostly first: the tier offered a call is the strategy's first.
    const c = chunks.length > 0 && chunks[0][0] === t ? 0 : this.chunkFor(t);
    const chunk = chunks[c];
    const i = chunk === undefined ? -1 : chunk[0] === t ? 0 : lowerBound(chunk, t);
    if (i < 0 || chunk[i] !== t) throw new Error(`routing index: tier ${t.agent.id}@${t.queue.id} is not where its rank says`);
    this.size--;
    if (chunk.length === 1) {
      chunks.splice(c, 1);
      return;
    }
    for (let k = i + 1; k < chunk.length; k++) chunk[k - 1] = chunk[k];
    chunk.pop();
  }

  /** The first tier whose rank level is `level` or more and, at `level`, whose rank1 is above `after`. */
  firstFrom(level: number, after: number): Tier | null {
    const chunks = this.chunks;
    let lo = 0;
    let hi = chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const chunk = chunks[mid];
      if (before(chunk[chunk.length - 1], level, after)) lo = mid + 1;
      else hi = mid;
    }
    if (lo === chunks.length) return null;
    const chunk = chunks[lo];
    let a = 0;
    let b = chunk.length;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (before(chunk[mid], level, after)) a = mid + 1;
      else b = mid;
    }
    return chunk[a];
  }

  /** Appends to `out`, in order, the tiers of rank level `level` whose rank1 is above `after`. */
  collectLevel(level: number, after: number, out: Tier[]): void {
    const chunks = this.chunks;
    const from = this.firstFrom(level, after);
    if (from === null || from.rankLevel !== level) return;
    let c = this.chunkFor(from);
    let i = lowerBound(chunks[c], from);
    for (; c < chunks.length; c++, i = 0) {
      const chunk = chunks[c];
      for (; i < chunk.length; i++) {
        if (chunk[i].rankLevel !== level) return;
        out.push(chunk[i]);
      }
    }
  }

  /** Every tier, in order. */
  toArray(): Tier[] {
    return this.chunks.flat();
  }

  /** Sorts the tiers again (their rank keys were rewritten for another strategy). */
  rebuild(): void {
    const all = this.toArray().sort(compareRanks);
    this.chunks = [];
    for (let i = 0; i < all.length; i += CHUNK >> 1) this.chunks.push(all.slice(i, i + (CHUNK >> 1)));
  }

  /** The chunk `t` belongs in: the first whose last entry does not come before it (else the last). */
  private chunkFor(t: RankKeys): number {
    const chunks = this.chunks;
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const chunk = chunks[mid];
      if (compareRanks(chunk[chunk.length - 1], t) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Whether `e` comes before every tier from (level, after) on. */
function before(e: Tier, level: number, after: number): boolean {
  return e.rankLevel < level || (e.rankLevel === level && e.rank1 <= after);
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

/** A strategy change: the eligible tiers sorted again by the new strategy's keys. */
function reindex(q: Queue): void {
  const strategy = q.config.strategy;
  q.indexedAs = strategy;
  for (const t of q.eligible.toArray()) writeRank(strategy, t, t);
  q.eligible.rebuild();
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

// ---- the callers a pass evaluates -------------------------------------------------------------------

/** The callers' lists a pass merges, with a cursor each and a heap by the caller each cursor is at. */
export class PassLists {
  readonly members: Member[][] = [];
  readonly queues: Queue[] = [];
  readonly at: number[] = [];
  /** Whether the queue rings (its Trying callers are evaluated too). */
  readonly ring: boolean[] = [];
  readonly heap: number[] = [];
  count = 0;
  size = 0;

  clear(): void {
    this.count = 0;
    this.size = 0;
  }

  add(q: Queue, list: Member[], ring: boolean): void {
    const k = this.count++;
    this.members[k] = list;
    this.queues[k] = q;
    this.at[k] = 0;
    this.ring[k] = ring;
  }

  heapify(): void {
    const heap = this.heap;
    for (let k = 0; k < this.count; k++) heap[k] = k;
    this.size = this.count;
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  pop(): void {
    const last = this.heap[--this.size];
    if (this.size > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
  }

  siftDown(i: number): void {
    const heap = this.heap;
    const n = this.size;
    const k = heap[i];
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.before(heap[c + 1], heap[c])) c++;
      if (!this.before(heap[c], k)) break;
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = k;
  }

  /** Whether list a's next caller is served before list b's (§7.3: higher score, then first come). */
  private before(a: number, b: number): boolean {
    const x = this.members[a][this.at[a]];
    const y = this.members[b][this.at[b]];
    return x.sortKey > y.sortKey || (x.sortKey === y.sortKey && x.seq < y.seq);
  }
}

