/**
 * The dispatcher: mod_callcenter's routing pass (docs/routing.md §2–§4), run once at the end
 * of every instant in which something changed. Callers are taken highest score first across all queues;
 * for each, the queue's strategy orders the candidate rows, the tier gate may stop the walk, and the
 * first contactable row (every one, for ring-all) is offered the call. The rows come from the queue's
 * index (routing-index.ts), kept in the strategy's order, so the walk costs about the same however
 * many agents the queue has. The offer itself is call-flow's.
 */
import { isContactable, isVisibleStatus } from './agent-states.js';
import { offer, resolveNow } from './call-flow.js';
import type { Member, Queue, Tier } from './model.js';
import { ringProgressivelyDelay } from './queue-config.js';
import { blockOf, offersAll, orderCandidates, walksBefore, type CandidateRow, type Pointer } from './strategies/order.js';
import { agentReady, offerableAt, PassLists, refresh, visibleAboveLevel, visibleAfter } from './routing-index.js';
import { routingPlanOf, type RoutingPlan } from './routing-plan.js';
import { GATE_START, gateCanBlock, gateRow, waitForLevel } from './tier-gate.js';
import type { World } from './world.js';

export interface Row extends CandidateRow {
  tier: Tier;
}

/**
 * Runs routing passes until the instant is quiet: a pass, then the ring outcomes due right now (an agent
 * answering after 0 s), then another pass if those changed anything.
 */
export function dispatch(w: World): void {
  while (w.dirty) {
    w.dirty = false;
    const pass = ++w.passId;
    w.passDepth++;
    try {
      routePass(w, w.nowSec(), pass);
    } finally {
      w.passDepth--;
    }
    while (w.immediate.length > 0) {
      // Outcomes resolved now may add more: they go to the other list, resolved next round.
      const due = w.immediate;
      w.immediate = w.resolving;
      w.resolving = due;
      for (let i = 0; i < due.length; i++) resolveNow(w, due[i]);
      // Popping empties a list of one or two without the runtime call that setting length makes.
      while (due.length > 0) due.pop();
    }
  }
}

/**
 * One pass: mod_callcenter evaluates every routable caller, highest score first across all queues
 * (§2). Most evaluations change nothing, and a pass here makes only those that can: the callers of the
 * queues that have callers and eligible tiers (world.openList, after the held tiers whose time has come
 * are made eligible), and of top-down and ring-progressively queues, which act on their callers whatever
 * the agents (pointer resets, the next ring's wake-up). Under a hunting strategy only Waiting callers
 * are evaluated (a Trying one has its offer): one the pass comes to is moved aside until its ring ends
 * (world.parkOffered), so each is stepped over once. They are taken in the global order by merging the
 * queues' lists, and a queue found closed (no contactable agent left) leaves the merge, since its later
 * callers would find the same. So a pass costs in proportion to the callers that can be routed now and
 * the queues they are in, not to the callers and queues there are.
 *
 * What the skipped evaluations did: a queue with callers whose agents are all held by their timers had
 * its dispatcher wake-up posted for when the first clears; the world posts that as the held tiers
 * change instead (heldTopChanged), and a wake-up with nothing to do routes nothing. mod_callcenter's
 * pass also stamps last_agent_exist for every queue with callers and agent rows (§2 step 8). ccsim reads
 * that stamp only once the queue has no agent row left (§7.5), and the last agent leaving or the last
 * caller leaving stamps it then (call-flow's queueLostAgents, world's setMemberState), so a stamp made
 * by a pass is always overwritten before it is read: the pass skips it.
 */
function routePass(w: World, nowSec: number, pass: number): void {
  w.refreshDue();
  const open = w.openList;
  const lists = w.passDepth === 1 ? w.passLists : new PassLists();
  lists.clear();
  for (let i = 0; i < open.length; i++) addLists(lists, open[i]);
  for (const q of w.specialList) if (q.counts.waiting + q.counts.trying > 0) addLists(lists, q);
  if (lists.count === 0) return;
  if (lists.count === 1) {
    // One queue's callers: no merge.
    const list = lists.members[0];
    const q = lists.queues[0];
    const ring = lists.ring[0];
    let i = 0;
    while (i < list.length) {
      const m = list[i];
      if (m.state === 'trying' && !ring) {
        // A hunting offer under way: the caller waits aside until it ends (world.parkOffered).
        w.parkOffered(m, i);
        continue;
      }
      evaluate(w, m, nowSec, pass);
      // A caller offered a call may leave the list (parked, or answered at once): the next moves into its place.
      if (list[i] === m) i++;
      if (closed(q, pass)) break;
    }
    return;
  }
  lists.heapify();
  while (lists.size > 0) {
    const k = lists.heap[0];
    const list = lists.members[k];
    const at = lists.at[k];
    const m = list[at];
    if (m.state === 'trying' && !lists.ring[k]) w.parkOffered(m, at);
    else evaluate(w, m, nowSec, pass);
    if (list[at] === m) lists.at[k] = at + 1;
    if (lists.at[k] >= list.length || closed(lists.queues[k], pass)) lists.pop();
    else lists.siftDown(0);
  }
}

/** A queue this pass found with no contactable agent: its later callers would change nothing. */
function closed(q: Queue, pass: number): boolean {
  return !q.special && q.passId === pass && !q.passHasContactable;
}

/** The list of a queue's callers that a pass evaluates: Waiting ones, and Trying ones under a ring strategy. */
function addLists(lists: PassLists, q: Queue): void {
  if (q.pending.length > 0) lists.add(q, q.pending, routingPlanOf(q).ring);
}

function evaluate(w: World, m: Member, nowSec: number, pass: number): void {
  const q = m.queue;
  const cfg = q.config;
  const strategy = cfg.strategy;
  const plan = routingPlanOf(q);
  if (m.state === 'trying' && !plan.ring) return; // a hunting offer is in progress
  if (plan.progressive && m.lastOriginatedSec !== null) {
    const nextStep = m.lastOriginatedSec + ringProgressivelyDelay(cfg);
    if (nowSec < nextStep) {
      w.wakeAt(w.secToT(nextStep));
      return;
    }
  }
  if (plan.scanWalk) {
    // The common walk: no gate, no pointer reset. One look at the queue's index finds whether any
    // agent can be offered the caller and, if so, the first in walk order.
    const pointer = strategy === 'round-robin' ? roundRobinPointer(q) : null;
    const best = scanReady(w, q, plan, pointer, nowSec, pass);
    if (best === null) return;
    // try_same_agent_time goes before the strategy's choice when the preferred agent is contactable.
    offer(w, m, preferredTier(w, q, plan, m, nowSec) ?? best, nowSec);
    return;
  }

  // Top-down must still see an empty candidate set to reset its pointer.
  if (!hasContactable(w, q, nowSec, pass) && strategy !== 'top-down') return;

  const pointer: Pointer | null = strategy === 'top-down' ? m.topDown : strategy === 'round-robin' ? roundRobinPointer(q) : null;
  const preferred = preferredTier(w, q, plan, m, nowSec);

  if (strategy === 'top-down' && !gateCanBlock(plan.rules)) {
    const best = firstTopDown(w, q, pointer, m, nowSec);
    if (best === undefined) return; // no candidate rows at all: top-down starts over next pass
    // try_same_agent_time goes before the strategy's choice when the preferred tier is a candidate row
    // (it is contactable), as in the gated walk below.
    const candidate = preferred !== null && blockOf(strategy, preferred, pointer) >= 0;
    const chosen = candidate ? preferred : best;
    if (chosen) offer(w, m, chosen, nowSec);
    return;
  }
  if (strategy === 'random' || !q.indexed) walkRows(w, m, plan, orderCandidates(strategy, visibleRows(w, q), pointer), preferred, nowSec);
  else walkIndex(w, m, plan, pointer, preferred, nowSec);
}

/**
 * A walk the tier gate may stop, over the sorted candidate rows: the gate opens levels in walk order,
 * and the first contactable row of an open level is offered the caller (every one, for ring-all). The
 * walks of queues without an index and random's (its order is drawn afresh for every walk) go this
 * way; walkIndex does the others.
 */
function walkRows(w: World, m: Member, plan: RoutingPlan, rows: readonly Row[], preferred: Tier | null, nowSec: number): void {
  const strategy = plan.strategy;
  if (rows.length === 0) {
    if (strategy === 'top-down') resetTopDown(w, m);
    return;
  }
  const rules = plan.rules;
  let gate = GATE_START;
  let first: Tier | null = null;
  let preferredOpen = false;
  const elapsed = nowSec - m.joinedSec;
  for (const row of rows) {
    const g = gateRow(rules, gate, row.level, elapsed);
    if (!g.open) {
      w.wakeAt(w.secToT(m.joinedSec + waitForLevel(rules, row.level)));
      break;
    }
    gate = g.state;
    if (row.tier === preferred) preferredOpen = true;
    if (!tierContactable(row.tier, nowSec, w.now)) continue;
    if (offersAll(strategy)) offer(w, m, row.tier, nowSec);
    else if (first === null) {
      first = row.tier;
      // Without a preferred agent the first contactable row is the offer; with one, walk on to see
      // whether the preferred agent's level is open too.
      if (!preferred) break;
    }
  }
  const chosen = preferredOpen ? preferred : first;
  if (chosen) offer(w, m, chosen, nowSec);
}

/** Reused by walkIndex for ring-all's offers, which are made once the walk is over. */
const ringAllOffers: Tier[] = [];

/**
 * walkRows's walk for every strategy but random, from the queue's index instead of its sorted rows. The
 * rows of one level pass the gate together (gateRow reads only the level and whether a row came
 * before), so the walk steps from level to level among the candidate rows (`queue.visible`) and takes
 * the contactable rows of an open level from the sorted eligible tiers. The rows walked are the
 * strategy's blocks: for top-down the rows after its pointer, for round-robin with a pointer the rows of
 * its level after it and then all the rows again (§4.7, §4.8). Same offers in the same order and the
 * same wake-ups as walkRows; the cost is O(log n) per level walked, plus one step per agent rung.
 */
function walkIndex(w: World, m: Member, plan: RoutingPlan, pointer: Pointer | null, preferred: Tier | null, nowSec: number): void {
  const q = m.queue;
  const strategy = plan.strategy;
  const v = q.visible;
  const topDown = strategy === 'top-down';
  const p = topDown ? (pointer ?? { level: 0, position: 0 }) : pointer;
  const firstRow = p === null ? 0 : visibleAfter(q, p.level, p.position);
  if (topDown && firstRow === v.length) {
    resetTopDown(w, m);
    return;
  }
  const rules = plan.rules;
  const elapsed = nowSec - m.joinedSec;
  const ringAll = offersAll(strategy);
  let gate = GATE_START;
  let first: Tier | null = null;
  let preferredOpen = false;
  // Round-robin with a pointer walks two blocks: the rows of the pointer's level after it, then all.
  const blocks = strategy === 'round-robin' && p !== null ? 2 : 1;
  walk: for (let b = 0; b < blocks; b++) {
    const pointerBlock = p !== null && b === 0;
    const oneLevel = pointerBlock && !topDown;
    let i = pointerBlock ? firstRow : 0;
    while (i < v.length) {
      const level = v[i].visibleLevel;
      if (oneLevel && level !== (p as Pointer).level) break;
      const g = gateRow(rules, gate, level, elapsed);
      if (!g.open) {
        w.wakeAt(w.secToT(m.joinedSec + waitForLevel(rules, level)));
        break walk;
      }
      gate = g.state;
      // In the pointer's block the pointer's level has only the rows after its position.
      const after = pointerBlock && level === (p as Pointer).level ? (p as Pointer).position : Number.NEGATIVE_INFINITY;
      if (preferred !== null && preferred.level === level && preferred.position > after) preferredOpen = true;
      if (ringAll) q.eligible.collectLevel(level, after, ringAllOffers);
      else if (first === null) {
        const e = q.eligible.firstFrom(level, after);
        if (e !== null && e.rankLevel === level) {
          first = e;
          // Without a preferred agent the first contactable row is the offer; with one, walk on to see
          // whether the preferred agent's level is open too.
          if (!preferred) break walk;
        }
      }
      i = visibleAboveLevel(q, level);
    }
  }
  if (ringAll) {
    // Offers change the index: they are made once the walk has listed them, in walk order.
    for (let k = 0; k < ringAllOffers.length; k++) offer(w, m, ringAllOffers[k], nowSec);
    ringAllOffers.length = 0;
    return;
  }
  const chosen = preferredOpen ? preferred : first;
  if (chosen) offer(w, m, chosen, nowSec);
}

/**
 * Top-down's first contactable row when no tier gate can stop the walk: the first eligible tier after
 * the pointer (the index sorts them in top-down's walk order); null when no row is contactable,
 * undefined when there is no candidate row after the pointer at all (the caller's pointer is then
 * reset).
 */
function firstTopDown(w: World, q: Queue, pointer: Pointer | null, m: Member, nowSec: number): Tier | null | undefined {
  if (!q.indexed) return firstTopDownByScan(w, q, pointer, nowSec, m);
  const level = pointer?.level ?? 0;
  const position = pointer?.position ?? 0;
  if (visibleAfter(q, level, position) === q.visible.length) {
    resetTopDown(w, m);
    return undefined;
  }
  return q.eligible.firstFrom(level, position);
}

/** firstTopDown for a queue without an index: a scan of its tiers for the minimum in walk order. */
function firstTopDownByScan(w: World, q: Queue, pointer: Pointer | null, nowSec: number, m: Member): Tier | null | undefined {
  let best: Tier | null = null;
  let anyRow = false;
  for (const tier of q.tiers) {
    if (!isVisibleStatus(tier.agent.status) || blockOf('top-down', tier, pointer) < 0) continue;
    anyRow = true;
    if (!tierContactable(tier, nowSec, w.now)) continue;
    if (best === null || walksBefore('top-down', tier, best, pointer)) best = tier;
  }
  if (!anyRow) {
    resetTopDown(w, m);
    return undefined;
  }
  return best;
}

function visibleRows(w: World, q: Queue): Row[] {
  const rows: Row[] = [];
  const random = q.config.strategy === 'random' ? w.rng.stream(`routing:${q.id}`) : null;
  for (const tier of q.tiers) {
    if (!isVisibleStatus(tier.agent.status)) continue;
    const r = rowOf(tier);
    if (random) r.random = random.next();
    rows.push(r);
  }
  return rows;
}

function rowOf(tier: Tier): Row {
  return fillRow({} as Row, tier);
}

function fillRow(r: Row, tier: Tier): Row {
  r.tier = tier;
  r.level = tier.level;
  r.position = tier.position;
  r.order = tier.order;
  r.agent = tier.agent;
  r.random = undefined;
  return r;
}

/**
 * §4.7: with no row after its pointer, a top-down caller starts again from the top at the next pass
 * (mod_callcenter's next tick, 100 ms later; here at once).
 */
function resetTopDown(w: World, m: Member): void {
  if (m.topDown === null) return;
  m.topDown = null;
  w.markDirty();
}

export function tierContactable(tier: Tier, nowSec: number, nowT: number): boolean {
  return tier.joined && isContactable(tier.state, tier.agent, nowSec, tier.queue.config.skip_busy_agents) && tier.agent.retryAfterT <= nowT;
}

/**
 * For walks that no gate can stop and no pointer reset can end (every strategy but ring-all and
 * top-down): answers hasContactable's question and finds the first tier in walk order whose agent's
 * timers allow an offer now (null when none): the index's first eligible tier, or under round-robin
 * with a pointer the first after it in the pointer's level when there is one (§4.8's first block).
 * Keeps the pass's cache and wake-up as hasContactable does; a queue the pass already found closed is
 * not looked at again.
 */
function scanReady(w: World, q: Queue, plan: RoutingPlan, pointer: Pointer | null, nowSec: number, pass: number): Tier | null {
  const cached = q.passId === pass;
  if (cached && !q.passHasContactable) return null;
  if (plan.strategy === 'random' || !q.indexed) return scanTiers(w, q, plan, pointer, nowSec, pass, cached);
  const wakeT = refresh(w, q);
  let best = q.eligible.first();
  if (best !== null && pointer !== null) {
    const after = q.eligible.firstFrom(pointer.level, pointer.position);
    if (after !== null && after.rankLevel === pointer.level) best = after;
  }
  if (!cached) notePassScan(w, q, pass, best !== null, wakeT);
  return best;
}

/**
 * scanReady for a queue without an index (a small one, routing-index.ts's INDEX_FROM) and under
 * `random`: one scan of the queue's offerable tiers finds whether any agent's timers allow an offer now
 * and the first such tier in walk order. Under `random` each of those tiers gets a fresh draw, in the
 * order of `queue.ready`, and the lowest level's least draw wins: the draws are the strategy's
 * behaviour, so a random queue is always scanned (a few nanoseconds a tier).
 */
function scanTiers(w: World, q: Queue, plan: RoutingPlan, pointer: Pointer | null, nowSec: number, pass: number, cached: boolean): Tier | null {
  const nowT = w.now;
  const strategy = plan.strategy;
  // Without a pointer the walk is one block: the strategy's order alone decides.
  const compare = pointer === null ? plan.compare : null;
  // A tier is its own candidate row, except under `random`, whose rows carry a draw each.
  const random = strategy === 'random' ? w.rng.stream(`routing:${q.id}`) : null;
  let best: CandidateRow | null = null;
  let bestTier: Tier | null = null;
  let spare = w.scratchRows[0];
  // An indexed queue (random's, here) knows which ready tiers its agents' timers allow (`place` 1, once
  // refreshed) and when the first held one clears: the scan reads the tiers, not their agents.
  const indexed = q.indexed;
  let wakeT = indexed ? refresh(w, q) : Number.POSITIVE_INFINITY;
  // ...and how many there are: the scan stops after the last (the tiers after it draw nothing).
  let left = indexed ? q.eligible.size : -1;
  for (const tier of q.ready) {
    if (left === 0) break;
    if (indexed ? tier.place !== 1 : !agentReady(tier.agent, nowSec, nowT)) {
      if (!cached && !indexed) wakeT = Math.min(wakeT, offerableAt(w, tier.agent));
      continue;
    }
    left--;
    let candidate: CandidateRow = tier;
    if (random) {
      // Two scratch rows, swapped as a better one is found: no allocation per tier.
      candidate = fillRow(spare, tier);
      candidate.random = random.next();
    }
    if (best === null || (compare !== null ? compare(candidate, best) < 0 : walksBefore(strategy, candidate, best, pointer))) {
      if (random) spare = best === null ? w.scratchRows[1] : (best as Row);
      best = candidate;
      bestTier = tier;
    }
  }
  if (!cached) notePassScan(w, q, pass, bestTier !== null, wakeT);
  return bestTier;
}

/**
 * Whether any tier of the queue could be offered a call now; offers only ever lower the answer. Agents
 * held back only by their timers (wrap-up, busy/reject/no-answer delays) get the dispatcher woken when
 * the first of them clears, since nothing else would wake it then.
 */
function hasContactable(w: World, q: Queue, nowSec: number, pass: number): boolean {
  if (q.passId === pass) return q.passHasContactable;
  let any = false;
  let wakeT = Number.POSITIVE_INFINITY;
  if (q.indexed) {
    wakeT = refresh(w, q);
    any = q.eligible.size > 0;
  } else {
    for (const tier of q.ready) {
      const a = tier.agent;
      if (agentReady(a, nowSec, w.now)) any = true;
      else wakeT = Math.min(wakeT, offerableAt(w, a));
    }
  }
  notePassScan(w, q, pass, any, wakeT);
  return any;
}

/**
 * What a scan of the queue's offerable tiers found, kept for the rest of the pass: whether any agent
 * could be offered a call, and a wake-up when the first timer-held agent clears (nothing else would
 * wake the dispatcher then).
 */
function notePassScan(w: World, q: Queue, pass: number, any: boolean, wakeT: number): void {
  if (wakeT !== Number.POSITIVE_INFINITY) w.wakeAt(wakeT);
  q.passId = pass;
  q.passHasContactable = any;
}

/**
 * §4.8: the queue's agent (any status) with the latest offer; null when none was ever offered. An offer
 * stamps last_offered_call with the (never decreasing) second and ccsim's offer sequence, so the
 * latest is the agent offered last, which the world keeps per queue (call-flow's offer, world's tiers).
 */
function roundRobinPointer(q: Queue): Pointer | null {
  const last = q.lastOffered;
  return last ? { level: last.level, position: last.position } : null;
}

/**
 * Telphin's try_same_agent_time: a caller answered in this queue by an agent within the window is
 * offered to that agent first, when that agent is contactable now.
 */
function preferredTier(w: World, q: Queue, plan: RoutingPlan, m: Member, nowSec: number): Tier | null {
  if (!plan.sameAgentFirst) return null;
  const last = q.lastAnsweredBy.get(m.call.number);
  if (!last || nowSec - last.sec > q.config.try_same_agent_time) return null;
  const tier = last.agent.tiers.find((t) => t.queue === q);
  return tier && tierContactable(tier, nowSec, w.now) ? tier : null;
}
