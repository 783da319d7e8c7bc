/**
 * The objects floor: the benchmark's M/M/c model with ccsim's shape of data and nothing of its generality.
 * One object per call, per caller row (member), per offer and per ring (leg); agents and tiers carry
 * mod_callcenter's states and counters; an index of offerable tiers is kept in step with every state
 * change; a routing pass runs at the end of every instant that changed something, scans the offerable
 * tiers in longest-idle order and sleeps until the next whole second when the only free agents were
 * freed this second; answers are resolved after the pass; KPIs are accumulated as calls leave the
 * queue. It runs on ccsim's own Scheduler and twister (from dist/), so the kernel is ccsim's.
 *
 * Left out on purpose: every other strategy, tier rules, timers (patience, max wait), ring failures and
 * their delays, statuses other than Available, commands, the event log, queue and agent configs, call
 * ids and numbers. So it answers "how fast can an engine of ccsim's design (objects per call, a pass per
 * instant) go on this model, with the least code per call?": it sits between floor.mjs (no call center
 * at all) and ccsim (the whole of mod_callcenter), and the report reads ccsim's rate against both.
 * Nothing in ccsim uses it. It draws the floor's random numbers (same seeds, same twister), so its mean
 * wait equals the floor's exactly: a check that both simulate the same model.
 *
 * Usage: node objects-floor.mjs [N] [SEED]   (needs dist/, which run.sh builds)
 * Prints one JSON line: {calls, wall_ms, calls_per_second, mean_wait_seconds}; wall_ms is the run only.
 */
import { Scheduler } from '../../dist/scenarios/kernel/scheduler.js';
import { Mersenne32 } from '../../dist/scenarios/kernel/mersenne.js';

const N = Number(process.argv[2] ?? 1_000_000);
const SEED = Number(process.argv[3] ?? 1);
const AGENTS = 50;
const MEAN_GAP_MS = 4000; // 900 calls per hour
const MEAN_TALK_S = 180;
const SERVICE_LEVEL_MS = 20_000;
const START_MS = Date.UTC(2026, 10, 20, 9); // any whole second: the clock is mod_callcenter's epoch seconds
const PRIORITY = { end: 10, arrival: 50, wake: 60 };

const arrivals = new Mersenne32([SEED, 1]);
const talks = new Mersenne32([SEED, 2]);
const callerDraws = new Mersenne32([SEED, 3]);
const scheduler = new Scheduler();

const world = {
  dirty: true,
  eventSeq: 0,
  offerSeq: 0,
  memberSeq: 0,
  callSeq: 0,
  passId: 0,
  /** Callers who may be routed, first come first (one queue, equal scores). */
  routable: [],
  liveCalls: [],
  /** Rings whose outcome is due this instant, resolved after the pass. */
  immediate: [],
  wakes: new Set(),
  wakeSweepAt: 64,
  lastWakeT: -1,
};
const queue = { id: 'q', ready: [], counts: { waiting: 0, trying: 0, answered: 0 }, callsAnswered: 0, visibleAgents: AGENTS, agentSeenSec: 0, passId: -1, passHasContactable: false };
const kpis = { finished: 0, answered: 0, answeredInSl: 0, waitSumMs: 0, maxWaitMs: 0, handleMs: 0 };

class Call {
  constructor(seq, t) {
    this.seq = seq;
    this.queue = 'q';
    this.arrivedT = t;
    this.joinedT = null;
    this.offers = [];
    this.answeredT = null;
    this.agent = null;
    this.agentNumber = null;
    this.leftQueueT = null;
    this.endedT = null;
    this.releasedBy = null;
    this.exitReason = null;
    this.wrapUpEndT = null;
    this.member = null;
    this.liveIndex = -1;
  }
}

for (let i = 0; i < AGENTS; i++) {
  const agent = {
    id: `a${i + 1}`,
    number: String(1001 + i),
    status: 'available',
    state: 'waiting',
    wrapUpTime: 0,
    lastBridgeStart: 0,
    lastBridgeEnd: 0,
    wrapUpFrom: 0,
    readyTime: 0,
    lastOfferedCall: 0,
    lastOfferSeq: 0,
    callsAnswered: 0,
    talkTimeTotal: 0,
    noAnswerCount: 0,
    offers: 0,
    leg: null,
    call: null,
    stateSinceT: 0,
    tiers: [],
  };
  const tier = { queue, agent, level: 1, position: i + 1, order: i, state: 'ready', readyIndex: -1 };
  agent.tiers.push(tier);
  syncTier(tier);
}

function nowSec() {
  return Math.floor((START_MS + scheduler.now) / 1000);
}

function isOfferable(tier) {
  const a = tier.agent;
  return (tier.state === 'ready' || tier.state === 'no_answer') && a.state === 'waiting' && (a.status === 'available' || a.status === 'on_demand');
}

function syncTier(tier) {
  const offerable = isOfferable(tier);
  if (offerable === tier.readyIndex >= 0) return;
  const list = tier.queue.ready;
  if (offerable) {
    tier.readyIndex = list.length;
    list.push(tier);
  } else {
    const last = list.pop();
    if (last !== tier) {
      list[tier.readyIndex] = last;
      last.readyIndex = tier.readyIndex;
    }
    tier.readyIndex = -1;
  }
  tier.queue.passId = -1;
}

function setAgentState(agent, state) {
  if (agent.state === state) return;
  agent.state = state;
  agent.stateSinceT = scheduler.now;
  for (const t of agent.tiers) syncTier(t);
  world.eventSeq++;
  if (state === 'waiting') world.dirty = true;
}

function setMemberState(m, state) {
  const c = m.queue.counts;
  if (m.state === 'waiting') c.waiting--;
  else if (m.state === 'trying') c.trying--;
  else if (m.state === 'answered') c.answered--;
  m.state = state;
  if (state === 'waiting') c.waiting++;
  else if (state === 'trying') c.trying++;
  else if (state === 'answered') c.answered++;
}

const longestIdle = (a, b) => a.level - b.level || a.agent.lastBridgeEnd - b.agent.lastBridgeEnd || a.position - b.position || a.order - b.order;

function wakeAt(t) {
  if (t <= scheduler.now) {
    world.dirty = true;
    return;
  }
  const wakes = world.wakes;
  if (t === world.lastWakeT || wakes.has(t)) return;
  if (wakes.size >= world.wakeSweepAt) {
    for (const x of wakes) if (x <= scheduler.now) wakes.delete(x);
    world.wakeSweepAt = Math.max(64, 2 * wakes.size);
  }
  wakes.add(t);
  world.lastWakeT = t;
  scheduler.post(t, PRIORITY.wake, wake, null);
}

function wake() {
  world.dirty = true;
}

let lastArrival = 0;
function scheduleArrival() {
  if (world.callSeq === N) return;
  lastArrival += -MEAN_GAP_MS * Math.log(1 - arrivals.next());
  scheduler.post(Math.round(lastArrival), PRIORITY.arrival, arrive, null);
}

function arrive() {
  const releaseDraw = callerDraws.next();
  const call = new Call(++world.callSeq, scheduler.now);
  call.liveIndex = world.liveCalls.length;
  world.liveCalls.push(call);
  world.eventSeq++;
  const sec = nowSec();
  call.joinedT = scheduler.now;
  const m = {
    seq: ++world.memberSeq,
    call,
    queue,
    state: 'waiting',
    servingAgent: null,
    joinedSec: sec,
    baseScore: 0,
    sortKey: -sec,
    enteredT: scheduler.now,
    enteredSec: sec,
    legs: [],
    bridgedTier: null,
    timeoutPending: false,
    callerReleases: releaseDraw < 0.5,
  };
  queue.counts.waiting++;
  world.routable.push(m);
  call.member = m;
  world.dirty = true;
  scheduleArrival();
}

/** The first offerable tier in longest-idle order whose timers allow an offer now; wakes the pass otherwise. */
function scanReady(sec, pass) {
  const cached = queue.passId === pass;
  if (cached && !queue.passHasContactable) return null;
  let best = null;
  let wakeT = Number.POSITIVE_INFINITY;
  for (const tier of queue.ready) {
    const a = tier.agent;
    if (!(a.wrapUpFrom < sec - a.wrapUpTime && a.readyTime <= sec)) {
      if (!cached) wakeT = Math.min(wakeT, (a.wrapUpFrom + a.wrapUpTime + 1) * 1000 - START_MS);
      continue;
    }
    if (best === null || longestIdle(tier, best) < 0) best = tier;
  }
  if (!cached) {
    if (wakeT !== Number.POSITIVE_INFINITY) wakeAt(wakeT);
    queue.passId = pass;
    queue.passHasContactable = best !== null;
  }
  return best;
}

function offer(m, tier, sec) {
  const a = tier.agent;
  a.lastOfferedCall = sec;
  a.lastOfferSeq = ++world.offerSeq;
  tier.state = 'offering';
  setMemberState(m, 'trying');
  m.servingAgent = a;
  const o = { agent: a.id, t: scheduler.now, endT: null, outcome: null, reason: null };
  if (m.call.offers.length === 0) m.call.offers = [o];
  else m.call.offers.push(o);
  a.offers++;
  const leg = { member: m, agent: a, tier, offer: o, done: false };
  m.legs = [leg];
  a.leg = leg;
  world.immediate.push(leg); // the agents answer after 0 s
  world.eventSeq++;
  setAgentState(a, 'receiving');
}

function answer(leg) {
  const m = leg.member;
  const a = leg.agent;
  const call = m.call;
  leg.done = true;
  m.legs.pop();
  leg.offer.endT = scheduler.now;
  leg.offer.outcome = 'answered';
  setMemberState(m, 'answered');
  m.bridgedTier = leg.tier;
  const routable = world.routable;
  if (routable[0] === m) routable.shift();
  else routable.splice(routable.indexOf(m), 1);
  const sec = nowSec();
  a.lastBridgeStart = sec;
  a.callsAnswered++;
  a.noAnswerCount = 0;
  a.leg = null;
  a.call = call;
  leg.tier.state = 'active_inbound';
  call.answeredT = scheduler.now;
  call.leftQueueT = scheduler.now;
  call.agent = a.id;
  call.agentNumber = a.number;
  call.exitReason = 'answered';
  queue.callsAnswered++;
  const waitMs = scheduler.now - call.joinedT;
  kpis.finished++;
  kpis.answered++;
  kpis.waitSumMs += waitMs;
  if (waitMs > kpis.maxWaitMs) kpis.maxWaitMs = waitMs;
  if (waitMs <= SERVICE_LEVEL_MS) kpis.answeredInSl++;
  world.eventSeq++;
  setAgentState(a, 'in_queue_call');
  const talkMs = Math.round(-MEAN_TALK_S * Math.log(1 - talks.next()) * 1000);
  scheduler.post(scheduler.now + talkMs, PRIORITY.end, endCall, m);
}

function endCall(m) {
  const a = m.servingAgent;
  const call = m.call;
  const sec = nowSec();
  a.lastBridgeEnd = sec;
  a.wrapUpFrom = sec;
  a.talkTimeTotal += sec - a.lastBridgeStart;
  a.call = null;
  call.endedT = scheduler.now;
  call.releasedBy = m.callerReleases ? 'caller' : 'agent';
  kpis.handleMs += scheduler.now - call.answeredT;
  call.wrapUpEndT = scheduler.now;
  setMemberState(m, 'gone');
  call.member = null;
  const live = world.liveCalls;
  const last = live.pop();
  if (last !== call) {
    live[call.liveIndex] = last;
    last.liveIndex = call.liveIndex;
  }
  call.liveIndex = -1;
  world.eventSeq += 2;
  m.bridgedTier.state = 'ready';
  setAgentState(a, 'waiting');
}

/** The routing pass, then the answers due now, until the instant is quiet. */
function dispatch() {
  while (world.dirty) {
    world.dirty = false;
    const sec = nowSec();
    const pass = ++world.passId;
    let open = false;
    if (queue.counts.waiting + queue.counts.trying > 0) {
      queue.agentSeenSec = sec;
      open = queue.ready.length > 0;
    }
    const list = world.routable;
    for (let i = 0; i < list.length && open; i++) {
      const m = list[i];
      if (m.state === 'trying') continue; // an offer is in progress
      const best = scanReady(sec, pass);
      if (best === null) open = false;
      else offer(m, best, sec);
    }
    const due = world.immediate;
    while (due.length > 0) answer(due.shift());
  }
}

scheduler.onInstantEnd = dispatch;
const started = performance.now();
scheduleArrival();
scheduler.runUntil(Number.MAX_SAFE_INTEGER);
const wallMs = performance.now() - started;

console.log(
  JSON.stringify({
    calls: kpis.answered,
    wall_ms: Math.round(wallMs),
    calls_per_second: Math.round(kpis.answered / (wallMs / 1000)),
    mean_wait_seconds: Number((kpis.waitSumMs / kpis.answered / 1000).toFixed(3)),
  }),
);
