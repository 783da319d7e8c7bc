/**
 * A queue call's life in mod_callcenter terms (docs/routing.md §6, §7): a caller arrives and
 * joins a queue (or is turned away), is offered to agents, an agent answers or the ring fails, the call
 * ends and the agent wraps up; or the caller leaves (hangs up, times out, presses the exit key). Also
 * agents' calls from outside the queue. Every function leaves the world consistent and logs what it did.
 */
import { sample } from '../kernel/distributions.js';
import { reachesMaxNoAnswer, ringFailureEffect, stateAfterRing, type RingFailCause } from './agent-states.js';
import { resolveRing, specForOffer } from './agent-behaviour.js';
import { setAgentState, setAgentStatus } from './agent-control.js';
import type { Agent, Call, LeaveReason, Leg, Member, Offer, Queue, ReleasedBy, Tier } from './model.js';
import { isRingStrategy, ringProgressivelyDelay, ringTimeoutSeconds, type QueueConfig } from './queue-config.js';
import { routingPlanOf } from './routing-plan.js';
import { PRIORITY, type World } from './world.js';
import type { CallRingFailed } from '../../generated/events/events.js';

/** Why a ring was cancelled: the log's `call.ring_failed` reason. */
export type CancelReason = NonNullable<CallRingFailed['reason']>;
import { endExternal } from './external-calls.js';
import { restMayStart } from './rest.js';

/** mod_callcenter's dispatcher period. */
const DISPATCH_TICK_MS = 100;

export interface CallerTraits {
  /** The caller's number; null takes the `numberIndex`-th generated number of `numberSeed`. */
  number: string | null;
  numberSeed: readonly number[] | null;
  numberIndex: number;
  baseScore: number;
  /** Whole seconds the caller spent in the PBX before joining (added to the score with time_base_score: system). */
  timeInSystemSec: number;
  patienceSec: number | null;
  exitKeyAfterSec: number | null;
  releasesFirst: number;
  /**
   * A uniform draw from the caller's own group stream, taken at arrival: the caller hangs up first at the
   * end of a conversation when it is below `releasesFirst`. Drawn here so that who answers when does
   * not shift every later caller's draw.
   */
  releaseDraw: number;
}

/** A caller arrives for a queue: logs the arrival and joins it (or is turned away). */
export function arrive(w: World, q: Queue, traits: CallerTraits): Call {
  const call = w.newCall('queue', 'inbound', q.id, traits.number, traits.numberSeed, traits.numberIndex);
  call.recorded = q.config.record_enabled;
  if (w.logs()) w.emit('call.arrived', { call: call.id, queue: q.id, number: call.number });
  joinQueue(w, call, q, traits);
  return call;
}

function joinQueue(w: World, call: Call, q: Queue, traits: CallerTraits): void {
  const cfg = q.config;
  const nowSec = w.nowSec();
  if (cfg.exit_with_no_av_agents && q.availableAgents === 0) {
    turnAway(w, call, q, 'no_available_agents');
    return;
  }
  call.joinedT = w.now;
  let joinedSec = nowSec;
  let baseScore = traits.baseScore + (cfg.time_base_score === 'system' ? traits.timeInSystemSec : 0);
  const previous = cfg.abandoned_resume_allowed ? q.abandoned.get(call.number) : undefined;
  if (previous) {
    // §7.7: the old row is reused: its join time and score carry over, max_wait_time does not.
    joinedSec = previous.joinedSec;
    baseScore = previous.baseScore;
    q.abandoned.delete(call.number);
    q.abandonedCount--;
    w.setMemberState(previous, 'gone');
    call.resumedFrom = previous.call.id;
  }
  const m: Member = {
    // A resumed caller keeps its old place among callers of the same score (§7.7).
    seq: previous ? previous.seq : ++w.memberSeq,
    call,
    queue: q,
    state: 'waiting',
    servingAgent: null,
    joinedSec,
    baseScore,
    sortKey: baseScore - joinedSec,
    enteredT: w.now,
    enteredSec: nowSec,
    legs: [],
    bridgedTier: null,
    topDown: null,
    lastOriginatedSec: null,
    timeoutPending: false,
    abandonedSec: 0,
    patienceTimer: null,
    maxWaitTimer: null,
    noAgentTimer: null,
    exitKeyTimer: null,
    callerReleases: traits.releaseDraw < traits.releasesFirst,
    listed: 0,
    listIndex: -1,
  };
  q.counts.waiting++;
  // §2 step 4: under a ring strategy the caller is Trying from the first pass on (here: at once).
  if (routingPlanOf(q).ring) w.setMemberState(m, 'trying');
  w.addRoutable(m);
  call.member = m;
  if (previous && w.logs()) w.emit('call.resumed', { call: call.id, queue: q.id, previous: previous.call.id });
  if (traits.patienceSec !== null) {
    m.patienceTimer = w.scheduler.at(w.now + Math.round(traits.patienceSec * 1000), PRIORITY.timer, () => leave(w, m, 'abandoned'));
  }
  if (traits.exitKeyAfterSec !== null) {
    m.exitKeyTimer = w.scheduler.at(w.now + Math.round(traits.exitKeyAfterSec * 1000), PRIORITY.timer, () => {
      if (q.config.exit_key) leave(w, m, 'exit_key');
    });
  }
  // A new row has no queue timers yet: arming is needed only when the queue has some.
  if (cfg.max_wait_time > 0 || cfg.max_wait_time_with_no_agent > 0) armQueueTimers(w, m);
  w.markDirty();
}

/** (Re)arms the timers that follow the queue's configuration: max_wait_time and max_wait_time_with_no_agent. */
export function armQueueTimers(w: World, m: Member): void {
  w.scheduler.cancel(m.maxWaitTimer);
  m.maxWaitTimer = null;
  // A timeout waiting on a ring is re-decided under the new setting.
  m.timeoutPending = false;
  const maxWait = m.queue.config.max_wait_time;
  if (maxWait > 0) {
    m.maxWaitTimer = w.scheduler.at(w.secToT(m.enteredSec + maxWait), PRIORITY.timer, () => maxWaitReached(w, m));
  }
  scheduleNoAgentCheck(w, m);
}

/**
 * §2 step 3: after a queue's strategy changed, its callers take the new form: under a ring strategy
 * they are Trying under its marker; leaving one, their rings stop and they wait again (ccsim's
 * assumption, README). Works on a copy: callers may leave while it runs.
 */
export function strategyChanged(w: World, q: Queue, before: QueueConfig['strategy']): void {
  const ringNow = isRingStrategy(q.config.strategy);
  if (ringNow === isRingStrategy(before)) return;
  for (const m of w.routableOf(q)) {
    if (ringNow) {
      if (m.state === 'waiting') w.setMemberState(m, 'trying');
      continue;
    }
    while (m.legs.length > 0) ringFailed(w, m.legs[0], 'cancel', 'strategy_change');
    if (m.state === 'trying' && m.servingAgent === null) w.setMemberState(m, 'waiting');
  }
}

/** §7.4: a caller who reached max_wait_time leaves, unless an agent is ringing (then when that ring fails). */
function maxWaitReached(w: World, m: Member): void {
  m.maxWaitTimer = null;
  if (!inQueue(m)) return;
  if (m.legs.length > 0) m.timeoutPending = true;
  else leave(w, m, 'timeout');
}

/** §7.5: when a caller leaves because the queue has had no logged-in agent for long enough. */
export function scheduleNoAgentCheck(w: World, m: Member): void {
  w.scheduler.cancel(m.noAgentTimer);
  m.noAgentTimer = null;
  const q = m.queue;
  const wait = q.config.max_wait_time_with_no_agent;
  if (wait <= 0 || q.visibleAgents > 0 || !inQueue(m)) return;
  const grace = q.config.max_wait_time_with_no_agent_time_reached;
  const leaveSec = Math.max(q.agentSeenSec + wait, grace > 0 ? m.enteredSec + wait + grace : m.enteredSec);
  m.noAgentTimer = w.scheduler.at(w.secToT(leaveSec), PRIORITY.timer, () => {
    m.noAgentTimer = null;
    if (!inQueue(m) || q.visibleAgents > 0) return;
    if (w.nowSec() >= leaveSec) leave(w, m, 'no_agent_timeout');
    else scheduleNoAgentCheck(w, m);
  });
}

/** The last logged-in agent of a queue went away: its callers start their no-agent clocks. */
export function queueLostAgents(w: World, q: Queue): void {
  let any = false;
  for (const m of w.routableOf(q)) {
    if (!any) {
      // The dispatcher evaluated these callers a moment ago and still saw the agent.
      q.agentSeenSec = w.nowSec();
      any = true;
    }
    scheduleNoAgentCheck(w, m);
  }
}

function inQueue(m: Member): boolean {
  return m.state === 'waiting' || m.state === 'trying';
}

/** §6.1: offers the caller to the agent of `tier`, and schedules how the ring ends. */
export function offer(w: World, m: Member, tier: Tier, nowSec: number): void {
  const a = tier.agent;
  const q = m.queue;
  const plan = routingPlanOf(q);
  a.statusAtOffer = a.status;
  a.lastOfferedCall = nowSec;
  a.lastOfferSeq = ++w.offerSeq;
  tier.state = 'offering';
  for (const t of a.tiers) {
    // The agent offered last is round-robin's pointer in every queue it serves (§4.8).
    t.queue.lastOffered = t;
    if (t !== tier && t.state === 'ready') t.state = 'standby';
  }
  if (!plan.ring) {
    w.setMemberState(m, 'trying');
    m.servingAgent = a;
  }
  if (plan.progressive) {
    // §4.9: the next agent is added `delay` seconds after this one, whatever this ring does.
    m.lastOriginatedSec = nowSec;
    w.wakeAt(w.secToT(nowSec + ringProgressivelyDelay(q.config)));
  }
  if (plan.topDown) m.topDown = { level: tier.level, position: tier.position };
  const o: Offer = { agent: a.id, t: w.now, endT: null, outcome: null, reason: null };
  // Most calls get one offer and most members one ring: a one-element literal keeps a one-slot backing
  // store, where a push onto an empty array would reserve seventeen.
  if (m.call.offers.length === 0) m.call.offers = [o];
  else m.call.offers.push(o);
  const ring = resolveRing(specForOffer(a.answer, a.offers++), a.answerStream, ringTimeoutSeconds(a.config), w.ringScratch);
  const leg: Leg = { member: m, agent: a, tier, offer: o, outcome: null, done: false, result: ring.outcome };
  if (m.legs.length === 0) m.legs = [leg];
  else m.legs.push(leg);
  a.leg = leg;
  const delayMs = Math.round(ring.afterSec * 1000);
  // An outcome due now is resolved by the dispatcher right after this pass, in offer order.
  if (delayMs === 0) w.immediate.push(leg);
  else leg.outcome = w.scheduler.at(w.now + delayMs, PRIORITY.ring, resolveNow, w, leg);
  if (w.logs()) w.emit('call.offered', { call: m.call.id, queue: q.id, agent: a.id });
  // The state always changes here (only a Waiting agent is offered), and setAgentState re-indexes it.
  setAgentState(w, a, 'receiving');
}

/** The ring's scripted outcome happens now (unless the ring already ended another way). */
export function resolveNow(w: World, leg: Leg): void {
  if (leg.done) return;
  if (leg.result === 'answer') legAnswered(w, leg);
  else ringFailed(w, leg, leg.result);
}

function removeLeg(m: Member, leg: Leg): void {
  const legs = m.legs;
  // Hunting strategies ring one agent at a time: the leg is the only one.
  if (legs.length === 1) {
    if (legs[0] === leg) legs.pop();
    return;
  }
  // Ring-all's losers are cancelled oldest first: the head goes without a search.
  if (legs[0] === leg) {
    legs.shift();
    return;
  }
  const i = legs.indexOf(leg);
  if (i >= 0) legs.splice(i, 1);
}

/** §6.2: the agent answers; the first answer wins and the other rings lose the race. */
function legAnswered(w: World, leg: Leg): void {
  const m = leg.member;
  const a = leg.agent;
  const q = m.queue;
  const call = m.call;
  // A leg whose caller left or was answered elsewhere is done already (resolveNow skips it).
  leg.outcome = null;
  leg.done = true;
  removeLeg(m, leg);
  leg.offer.endT = w.now;
  leg.offer.outcome = 'answered';
  w.setMemberState(m, 'answered');
  m.servingAgent = a;
  m.bridgedTier = leg.tier;
  m.timeoutPending = false;
  w.removeRoutable(m);
  cancelTimers(w, m);
  while (m.legs.length > 0) ringFailed(w, m.legs[0], 'cancel', 'lose_race');

  const nowSec = w.nowSec();
  a.lastBridgeStart = nowSec;
  a.callsAnswered++;
  a.noAnswerCount = 0;
  a.leg = null;
  a.call = call;
  leg.tier.state = 'active_inbound';
  call.answeredT = w.now;
  call.leftQueueT = w.now;
  call.agent = a.id;
  call.agentNumber = a.number;
  call.exitReason = 'answered';
  q.callsAnswered++;
  if (q.config.try_same_agent_time > 0) rememberAnswer(q, call.number, a, nowSec);
  w.kpis.queueExit(q.id, call.arrivedT, w.now - (call.joinedT ?? call.arrivedT), 'answered');
  if (w.logs()) w.emit('call.answered', { call: call.id, queue: q.id, agent: a.id });
  setAgentState(w, a, 'in_queue_call');

  const talkMs = Math.round(sample(a.talkTime, a.talkStream) * 1000);
  w.scheduler.post(w.now + talkMs, PRIORITY.end, conversationOver, w, m);
}

/** The talk time drawn at the answer has passed: whoever the caller's draw says hangs up. */
function conversationOver(w: World, m: Member): void {
  endCall(w, m, m.callerReleases ? 'caller' : 'agent');
}

/** §6.2 step 3: the conversation ends; the agent's counters move and its wrap-up starts. */
export function endCall(w: World, m: Member, by: ReleasedBy): void {
  if (m.state !== 'answered') return;
  const a = m.servingAgent as Agent;
  const call = m.call;
  const nowSec = w.nowSec();
  a.lastBridgeEnd = nowSec;
  a.wrapUpFrom = nowSec;
  a.talkTimeTotal += nowSec - a.lastBridgeStart;
  a.call = null;
  call.endedT = w.now;
  call.releasedBy = by;
  closeHolds(w, call);
  w.kpis.handle(call.answeredT ?? w.now, w.now);
  const wrapMs = a.config.wrap_up_time * 1000;
  call.wrapUpEndT = w.now + wrapMs;
  w.setMemberState(m, 'gone');
  call.member = null;
  w.finishCall(call);
  if (w.logs()) w.emit('call.ended', { call: call.id, agent: a.id, by });
  logAgentDisposition(w, call);
  if (wrapMs > 0) {
    const until = w.now + wrapMs;
    a.wrapUpEndT = until;
    w.kpis.handle(w.now, until);
    if (w.logs()) w.emit('agent.wrap_up', { agent: a.id, call: call.id, seconds: a.config.wrap_up_time });
    w.scheduler.post(until, PRIORITY.timer, () => {
      if (a.wrapUpEndT !== until) return;
      a.wrapUpEndT = null;
      if (w.logs()) w.emit('agent.wrap_up_ended', { agent: a.id });
    });
  }
  // Wrap-up is strict in whole seconds: the agent is offered again from second end + wrap + 1 (§3.3);
  // the dispatcher wakes itself then if a caller is waiting.
  finishRing(w, a, m.bridgedTier as Tier, true, 'ready');
}

/** The simulated agent's wrap-up reason, in the log when the conversation ends (unless a client gave one). */
export function logAgentDisposition(w: World, call: Call): void {
  if (call.clientDisposition || !w.logs()) return;
  const d = call.disposition;
  if (d) w.emit('call.disposition', { call: call.id, agent: call.agent, reason: d.reason, by: d.by });
}

/** A client ended the agent's wrap-up (a disposition was given): it may be offered calls at once. */
export function endWrapUpEarly(w: World, a: Agent, call: Call): void {
  if (a.wrapUpEndT === null || a.wrapUpEndT <= w.now || call.wrapUpEndT !== a.wrapUpEndT) return;
  a.wrapUpEndT = null;
  a.wrapUpFrom = 0;
  // Its timers clear earlier now: the dispatcher's index moves it.
  w.syncAgent(a);
  call.wrapUpEndT = w.now;
  call.changed();
  if (w.logs()) w.emit('agent.wrap_up_ended', { agent: a.id, early: true });
  w.markDirty();
}

/** §6.3: a ring ended without a bridge; the agent gets the cause's delay and maybe a no-answer. */
export function ringFailed(w: World, leg: Leg, cause: RingFailCause, reason: CancelReason | null = null): void {
  const m = leg.member;
  const a = leg.agent;
  w.scheduler.cancel(leg.outcome);
  leg.outcome = null;
  removeLeg(m, leg);
  if (leg.done) return;
  leg.done = true;
  // The agent is no longer ringing for this caller: a status change below must not cancel this leg again.
  if (a.leg === leg) a.leg = null;
  leg.offer.endT = w.now;
  leg.offer.outcome = cause;
  leg.offer.reason = reason;
  if (m.state === 'trying' && m.servingAgent === a) {
    m.servingAgent = null;
    // Ring strategies keep the caller Trying under their marker; hunting ones put it back to Waiting.
    if (!routingPlanOf(m.queue).ring) w.setMemberState(m, 'waiting');
  }
  const effect = ringFailureEffect(cause, a.config);
  if (effect.delay > 0) a.readyTime = w.nowSec() + effect.delay;
  // A ring that fails the instant it is offered (busy or reject after 0 s) would be offered again at once,
  // forever; mod_callcenter's dispatcher would come back 100 ms later.
  if (leg.offer.t === w.now && cause !== 'cancel') a.retryAfterT = w.now + DISPATCH_TICK_MS;
  if (w.logs()) w.emit('call.ring_failed', reason ? { call: m.call.id, agent: a.id, cause, reason } : { call: m.call.id, agent: a.id, cause });
  if (effect.countsAsNoAnswer) {
    a.noAnswerCount++;
    if (reachesMaxNoAnswer(a.noAnswerCount, a.config.max_no_answer)) {
      setAgentStatus(w, a, m.queue.config.agent_no_answer_status, 'max_no_answer');
    }
  }
  finishRing(w, a, leg.tier, false, effect.tierState);
  if (m.timeoutPending && inQueue(m)) leave(w, m, 'timeout');
  w.markDirty();
}

/** §6.4: the agent's tiers and state after a ring or a call. */
function finishRing(w: World, a: Agent, tier: Tier, bridged: boolean, tierState: 'ready' | 'no_answer'): void {
  tier.state = tierState;
  for (const t of a.tiers) if (t.state === 'standby') t.state = 'ready';
  if (a.leg && a.leg.tier === tier) a.leg = null;
  // From Receiving or In a queue call the state always changes; setAgentState re-indexes the agent.
  setAgentState(w, a, stateAfterRing(bridged, a.statusAtOffer));
  if (a.rest !== null) restMayStart(w, a);
  w.markDirty();
}

/** §7.4–7.6: the caller leaves the queue; rings still going for it are cancelled without penalty. */
export function leave(w: World, m: Member, reason: LeaveReason): void {
  if (!inQueue(m)) return;
  const q = m.queue;
  const call = m.call;
  w.setMemberState(m, 'abandoned');
  w.removeRoutable(m);
  call.member = null;
  cancelTimers(w, m);
  m.servingAgent = null;
  m.timeoutPending = false;
  m.abandonedSec = w.nowSec();
  call.leftQueueT = w.now;
  call.endedT = w.now;
  call.exitReason = reason;
  call.releasedBy = reason === 'abandoned' || reason === 'exit_key' ? 'caller' : 'system';
  q.callsAbandoned++;
  if (w.logs()) w.emit('call.left', { call: call.id, queue: q.id, reason });
  while (m.legs.length > 0) ringFailed(w, m.legs[0], 'cancel', 'caller_left');
  const kind = reason === 'timeout' || reason === 'no_agent_timeout' ? 'timed_out' : 'abandoned';
  w.kpis.queueExit(q.id, call.arrivedT, w.now - (call.joinedT ?? call.arrivedT), kind);
  w.finishCall(call);
  // The row stays for discard_abandoned_after (§7.6); a returning caller may resume it (§7.7).
  q.abandonedCount++;
  const resumable = q.config.abandoned_resume_allowed;
  if (resumable) q.abandoned.set(call.number, m);
  const discardAt = w.secToT(m.abandonedSec + q.config.discard_abandoned_after + 1);
  w.scheduler.post(discardAt, PRIORITY.timer, () => {
    if (m.state !== 'abandoned') return;
    q.abandonedCount--;
    if (resumable && q.abandoned.get(call.number) === m) q.abandoned.delete(call.number);
    w.setMemberState(m, 'gone');
  });
  w.markDirty();
}

/**
 * For try_same_agent_time: who answered a number, newest last (a number answered again moves to the end),
 * so answers older than the window are dropped from the front and the map stays as small as the window.
 * (A window widened later starts from the answers kept under the narrower one.)
 */
function rememberAnswer(q: Queue, number: string, agent: Agent, nowSec: number): void {
  const kept = q.lastAnsweredBy;
  kept.delete(number);
  kept.set(number, { agent, sec: nowSec });
  for (const [n, last] of kept) {
    if (nowSec - last.sec <= q.config.try_same_agent_time) break;
    kept.delete(n);
  }
}

/** exit_with_no_av_agents: the caller never enters the queue. */
function turnAway(w: World, call: Call, q: Queue, reason: LeaveReason): void {
  call.leftQueueT = w.now;
  call.endedT = w.now;
  call.exitReason = reason;
  call.releasedBy = 'system';
  q.callsAbandoned++;
  if (w.logs()) w.emit('call.left', { call: call.id, queue: q.id, reason });
  w.kpis.queueExit(q.id, call.arrivedT, 0, 'rejected');
  w.finishCall(call);
}

function cancelTimers(w: World, m: Member): void {
  // Most callers have no timers at all (infinite patience, no max wait).
  if (m.patienceTimer === null && m.maxWaitTimer === null && m.noAgentTimer === null && m.exitKeyTimer === null) return;
  w.scheduler.cancel(m.patienceTimer);
  w.scheduler.cancel(m.maxWaitTimer);
  w.scheduler.cancel(m.noAgentTimer);
  w.scheduler.cancel(m.exitKeyTimer);
  m.patienceTimer = m.maxWaitTimer = m.noAgentTimer = m.exitKeyTimer = null;
}

/**
 * Ends a live call from outside the simulation (an API hang-up): a queue caller leaves, a conversation
 * ends, an external call (dialling or talking) ends; the system released it.
 */
export function hangUp(w: World, call: Call): void {
  const m = call.member;
  if (m && m.state === 'answered') endCall(w, m, 'system');
  else if (m) leave(w, m, 'break_out');
  else if (call.kind === 'external') {
    const a = call.agent === null ? undefined : w.agents.get(call.agent);
    const leg = a?.externals.find((x) => x.call === call);
    if (a && leg) endExternal(w, a, leg, 'system');
  }
}

/** Closes a hold still open when the call ends. */
export function closeHolds(w: World, call: Call): void {
  const holds = call.holds;
  if (holds && holds.length > 0 && holds[holds.length - 1].endT === null) holds[holds.length - 1].endT = w.now;
}
