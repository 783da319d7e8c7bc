/**
 * The dispatcher: mod_callcenter's routing pass (docs/routing.md §2–§4), run once at the end
 * of every instant in which something changed. Callers are taken highest score first across all queues;
 * for each, the queue's strategy orders the candidate rows, the tier gate may stop the walk, and the
 * first contactable row (every one, for ring-all) is offered the call. The offer itself is call-flow's.
 */
import { isContactable, isVisibleStatus, timersAllow, timersClearAt } from './agent-states.js';
import { offer, resolveNow } from './call-flow.js';
import type { Agent, Member, Queue, Tier } from './model.js';
import { ringProgressivelyDelay } from './queue-config.js';
import { blockOf, offersAll, orderCandidates, walksBefore, type CandidateRow, type Pointer } from './strategies/order.js';
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
    const nowSec = w.nowSec();
    const pass = ++w.passId;
    w.openQueues = openQueues(w, nowSec, pass);
    // Offers neither add nor remove routable members (outcomes come after the pass), so the list is stable.
    const list = w.routable;
    for (let i = 0; i < list.length && w.openQueues > 0; i++) evaluate(w, list[i], nowSec, pass);
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
 * The pass's queue bookkeeping (§2 step 8: an evaluation that finds rows stamps last_agent_exist), and
 * how many queues with callers have an agent that could be offered one. Once a pass has found each of
 * them without a contactable agent, evaluating further callers would change nothing. (Top-down callers
 * are always evaluated: they reset their pointers.)
 */
function openQueues(w: World, nowSec: number, pass: number): number {
  let open = 0;
  let topDown = false;
  for (const q of w.queueList) {
    if (q.counts.waiting + q.counts.trying === 0) continue;
    if (q.visibleAgents > 0) q.agentSeenSec = nowSec;
    if (q.config.strategy === 'top-down') topDown = true;
    if (q.ready.length > 0) {
      q.openInPass = pass;
      open++;
    }
  }
  return topDown ? Number.POSITIVE_INFINITY : open;
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
  const rules = plan.rules;
  if (plan.scanWalk) {
    // The common walk: no gate, no pointer reset. One scan of the offerable tiers finds whether any
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

  if (strategy === 'top-down' && !gateCanBlock(rules)) {
    const best = firstTopDown(w, q, pointer, nowSec, m);
    if (best === undefined) return; // no candidate rows at all: top-down starts over next pass
    // try_same_agent_time goes before the strategy's choice when the preferred tier is a candidate row
    // (it is contactable), as in the gated walk below.
    const candidate = preferred !== null && blockOf(strategy, preferred, pointer) >= 0;
    const chosen = candidate ? preferred : best;
    if (chosen) offer(w, m, chosen, nowSec);
    return;
  }

  const rows = orderCandidates(strategy, visibleRows(w, q), pointer);
  if (rows.length === 0) {
    if (strategy === 'top-down') resetTopDown(w, m);
    return;
  }
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

/**
 * Top-down's first contactable row when no tier gate can stop the walk: the minimum in walk order, found
 * without sorting; null when no row is contactable, undefined when there are no candidate rows at all
 * (the caller's pointer is then reset).
 */
function firstTopDown(w: World, q: Queue, pointer: Pointer | null, nowSec: number, m: Member): Tier | null | undefined {
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

/** The virtual ms from which a Waiting agent held back by its timers may be offered again. */
function offerableAt(w: World, a: Agent): number {
  return Math.max(w.secToT(timersClearAt(a.wrapUpFrom, a.config.wrap_up_time, a.readyTime)), a.retryAfterT);
}

/** §3.3's timers, plus ccsim's one-tick pause after a ring that failed the instant it was offered. */
function agentReady(a: Agent, nowSec: number, nowT: number): boolean {
  return timersAllow(a, nowSec) && a.retryAfterT <= nowT;
}

export function tierContactable(tier: Tier, nowSec: number, nowT: number): boolean {
  return tier.joined && isContactable(tier.state, tier.agent, nowSec, tier.queue.config.skip_busy_agents) && tier.agent.retryAfterT <= nowT;
}

/**
 * For walks that no gate can stop and no pointer reset can end (every strategy but ring-all and
 * top-down): one scan of the queue's offerable tiers that answers hasContactable's question and finds
 * the first tier in walk order whose agent's timers allow an offer now (null when none). Keeps the
 * pass's cache and wake-up as hasContactable does; a queue the pass already found closed is not
 * scanned again.
 */
function scanReady(w: World, q: Queue, plan: RoutingPlan, pointer: Pointer | null, nowSec: number, pass: number): Tier | null {
  const cached = q.passId === pass;
  if (cached && !q.passHasContactable) return null;
  const nowT = w.now;
  const strategy = plan.strategy;
  // Without a pointer the walk is one block: the strategy's order alone decides.
  const compare = pointer === null ? plan.compare : null;
  // A tier is its own candidate row, except under `random`, whose rows carry a draw each.
  const random = strategy === 'random' ? w.rng.stream(`routing:${q.id}`) : null;
  let best: CandidateRow | null = null;
  let bestTier: Tier | null = null;
  let spare = w.scratchRows[0];
  let wakeT = Number.POSITIVE_INFINITY;
  for (const tier of q.ready) {
    const a = tier.agent;
    if (!agentReady(a, nowSec, nowT)) {
      if (!cached) wakeT = Math.min(wakeT, offerableAt(w, a));
      continue;
    }
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
  for (const tier of q.ready) {
    const a = tier.agent;
    if (agentReady(a, nowSec, w.now)) any = true;
    else wakeT = Math.min(wakeT, offerableAt(w, a));
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
  // Offers only take agents away, so a queue found closed stays closed for the rest of the pass.
  if (!any && q.openInPass === pass) {
    q.openInPass = -1;
    w.openQueues--;
  }
}

/** §4.8: the queue's agent (any status) with the latest offer; null when none was ever offered. */
function roundRobinPointer(q: Queue): Pointer | null {
  let last: Tier | null = null;
  for (const t of q.tiers) {
    const a = t.agent;
    if (a.lastOfferedCall <= 0) continue;
    if (!last || a.lastOfferedCall > last.agent.lastOfferedCall || (a.lastOfferedCall === last.agent.lastOfferedCall && a.lastOfferSeq > last.agent.lastOfferSeq)) last = t;
  }
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
  const tier = q.tiers.find((t) => t.agent === last.agent);
  return tier && tierContactable(tier, nowSec, w.now) ? tier : null;
}
