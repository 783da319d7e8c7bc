/**
 * The columnar floor: the benchmark's M/M/c model as a columnar rewrite of ccsim could run it. Calls
 * (with their queue row), offers (with their ring) and agents and tiers are typed-array columns indexed
 * by small integers, recycled through free lists, so nothing is allocated per call. On top of the objects
 * floor's bookkeeping it makes the checks ccsim's path through mod_callcenter's rules makes on this model:
 * the caller's traits drawn as the scenario driver draws them, the join checks (exit_with_no_av_agents,
 * resumes, scores, timers), the routing plan looked up per caller and per offer, the agents' timers and
 * one-tick retry in the scan, the order compared through the plan, try_same_agent_time, standby tiers,
 * the ring outcome worked out from the agent's answer script (ccsim's own resolveRing), the event log's
 * "is anyone listening" per event, KPIs in ccsim's own collector, holds, dispositions, wrap-up, rests.
 * It uses ccsim's twister and distributions (from dist/), and the kernel a columnar engine would have:
 * events as integer kinds and arguments in typed arrays (IntKernel below; `--ccsim-kernel` runs on
 * ccsim's Scheduler instead), with pending wake-up times in a small typed array rather than a Set.
 *
 * Left out: the code behind those checks (no branch of it is taken on this model; `notModelled` marks
 * where ccsim would go on), other strategies' walks, commands and queries, the event log's records, ids
 * and numbers, and the records the views read, which a columnar ccsim would make on demand. So it is
 * optimistic for a columnar ccsim: it answers "would typed-array columns bring ccsim to the 10x
 * target on this model?". With `--specialised` it keeps the checks but replaces the generic steps by code
 * made for this model's constants (no distribution or answer script to interpret, KPIs summed in place),
 * as a columnar ccsim that compiled each scenario's rules could at best do. With `--bookkeeping-only` it
 * keeps the objects floor's work alone (no rule checks; KPIs summed in place), which isolates what
 * columns save over objects.
 *
 * It draws the floor's random numbers, so its mean wait equals the floor's: a check that it simulates the
 * same model. Nothing in ccsim uses it.
 *
 * Usage: node columnar-floor.mjs [N] [SEED] [--specialised | --bookkeeping-only] [--ccsim-kernel]
 *        (needs dist/, which run.sh builds)
 * Prints one JSON line: {calls, wall_ms, calls_per_second, mean_wait_seconds, mode, kernel}; wall_ms is
 * the run only.
 */
import { Scheduler } from '../../dist/scenarios/kernel/scheduler.js';
import { Mersenne32 } from '../../dist/scenarios/kernel/mersenne.js';
import { sample } from '../../dist/scenarios/kernel/distributions.js';
import { resolveRing, specForOffer } from '../../dist/scenarios/callcenter/agent-behaviour.js';
import { KpiCollector } from '../../dist/scenarios/callcenter/kpis.js';
import { stateAfterRing } from '../../dist/scenarios/callcenter/agent-states.js';

const args = process.argv.slice(2);
const MODE = args.includes('--bookkeeping-only') ? 'bookkeeping' : args.includes('--specialised') ? 'specialised' : 'rules';
/** Whether the checks of ccsim's rules are made. */
const RULES = MODE !== 'bookkeeping';
/** Whether the generic steps (distributions, answer scripts, the KPI collector) run as ccsim runs them. */
const GENERIC = MODE === 'rules';
const numbers = args.filter((x) => !x.startsWith('--'));
const N = Number(numbers[0] ?? 1_000_000);
const SEED = Number(numbers[1] ?? 1);
const AGENTS = 50;
const MEAN_GAP_MS = 4000; // 900 calls per hour
const MEAN_TALK_S = 180;
const SERVICE_LEVEL_MS = 20_000;
const START_MS = Date.UTC(2026, 10, 20, 9);
const PRIORITY = { end: 10, arrival: 50, wake: 60 };
const CAPACITY = 4096; // live calls and offers at once; this model never has more than a few hundred

/**
 * The event kernel a columnar engine would have: the same (time, priority, sequence) heap in typed arrays
 * as ccsim's Scheduler, but an event is an integer kind (an index into a table of handlers) and an integer
 * argument (a call, offer or agent index), kept in typed-array slots with a cancelled flag, so scheduling
 * stores no object and sifting and freeing write no references. A class, not module state: an engine owns
 * its kernel. `--ccsim-kernel` runs on ccsim's own Scheduler instead.
 */
class IntKernel {
  now = 0;
  onInstantEnd = null;
  keys = new Float64Array(1024);
  seqs = new Float64Array(1024);
  heapSlots = new Int32Array(1024);
  kinds = new Int32Array(1024);
  args = new Int32Array(1024);
  cancelled = new Uint8Array(1024);
  freeSlots = new Int32Array(1024);
  freeCount = 0;
  slotCount = 0;
  size = 0;
  seq = 0;

  constructor(handlers) {
    this.handlers = handlers;
  }

  /** Schedules handler `kind` with `arg` at `t`; returns the slot, which `cancel` takes. */
  post(t, priority, kind, arg) {
    if (!Number.isFinite(t)) throw new RangeError(`event time must be a finite number of ms (got ${t})`);
    if (!(priority >= 0 && priority < 128)) throw new RangeError('priority must be 0–127');
    let time = Math.round(t);
    if (time < this.now) time = this.now;
    if (this.size === this.keys.length || this.slotCount === this.kinds.length) notModelled('kernel growth');
    const slot = this.freeCount > 0 ? this.freeSlots[--this.freeCount] : this.slotCount++;
    this.kinds[slot] = kind;
    this.args[slot] = arg;
    this.cancelled[slot] = 0;
    const keys = this.keys;
    const seqs = this.seqs;
    const heapSlots = this.heapSlots;
    const key = time * 128 + priority;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent] <= key) break;
      keys[i] = keys[parent];
      seqs[i] = seqs[parent];
      heapSlots[i] = heapSlots[parent];
      i = parent;
    }
    keys[i] = key;
    seqs[i] = this.seq++;
    heapSlots[i] = slot;
    return slot;
  }

  cancel(slot) {
    this.cancelled[slot] = 1;
  }

  pop() {
    const keys = this.keys;
    const seqs = this.seqs;
    const heapSlots = this.heapSlots;
    const n = --this.size;
    if (n === 0) return;
    const key = keys[n];
    const s = seqs[n];
    const slot = heapSlots[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const r = c + 1;
      if (r < n && (keys[r] < keys[c] || (keys[r] === keys[c] && seqs[r] < seqs[c]))) c = r;
      if (keys[c] > key || (keys[c] === key && seqs[c] > s)) break;
      keys[i] = keys[c];
      seqs[i] = seqs[c];
      heapSlots[i] = heapSlots[c];
      i = c;
    }
    keys[i] = key;
    seqs[i] = s;
    heapSlots[i] = slot;
  }

  runUntil(until) {
    while (this.size > 0) {
      const instant = Math.floor(this.keys[0] / 128);
      if (instant > until) break;
      this.now = instant;
      for (;;) {
        do {
          const slot = this.heapSlots[0];
          this.pop();
          this.freeSlots[this.freeCount++] = slot;
          if (this.cancelled[slot] === 1) continue;
          this.handlers[this.kinds[slot]](this.args[slot]);
        } while (this.size > 0 && Math.floor(this.keys[0] / 128) === instant);
        this.onInstantEnd();
        if (this.size === 0 || Math.floor(this.keys[0] / 128) !== instant) break;
      }
    }
  }
}

const arrivals = new Mersenne32([SEED, 1]);
const talks = new Mersenne32([SEED, 2]);
// resolveRing reads an agent's answer stream only when its script draws (this one never does).
const answerDraws = { answerStream: talks };
const callerDraws = new Mersenne32([SEED, 3]);
const CCSIM_KERNEL = args.includes('--ccsim-kernel');
// Event kinds: indexes into the int kernel's table of handlers (set once the handlers exist, below).
const ARRIVE = 0;
const WAKE = 1;
const CONVERSATION_OVER = 2;
const handlers = [];
const scheduler = CCSIM_KERNEL ? new Scheduler() : new IntKernel(handlers);
/** Posts event `kind` with `arg` on whichever kernel runs. */
function post(t, priority, kind, arg) {
  if (CCSIM_KERNEL) scheduler.post(t, priority, handlers[kind], arg);
  else scheduler.post(t, priority, kind, arg);
}

function notModelled(what) {
  throw new Error(`columnar-floor.mjs: ${what} is not modelled`);
}

// ---- codes for the states ccsim names by strings

const MEMBER_WAITING = 1;
const MEMBER_TRYING = 2;
const MEMBER_ANSWERED = 3;
const MEMBER_GONE = 4;
const AGENT_WAITING = 1;
const AGENT_RECEIVING = 2;
const AGENT_IN_QUEUE_CALL = 3;
const AGENT_IDLE = 4;
const TIER_READY = 1;
const TIER_OFFERING = 2;
const TIER_ACTIVE = 3;
const TIER_NO_ANSWER = 4;
const TIER_STANDBY = 5;
const STATUS_AVAILABLE = 1;
const STATUS_ON_DEMAND = 2;
const RING_ANSWER = 1;
const EXIT_ANSWERED = 1;
const BY_CALLER = 1;
const BY_AGENT = 2;

// ---- calls and their queue rows (one index serves both: this model has no resumed callers)

const call = {
  seq: new Float64Array(CAPACITY),
  arrivedT: new Float64Array(CAPACITY),
  joinedT: new Float64Array(CAPACITY),
  answeredT: new Float64Array(CAPACITY),
  leftQueueT: new Float64Array(CAPACITY),
  endedT: new Float64Array(CAPACITY),
  wrapUpEndT: new Float64Array(CAPACITY),
  agent: new Int32Array(CAPACITY),
  exitReason: new Uint8Array(CAPACITY),
  releasedBy: new Uint8Array(CAPACITY),
  liveIndex: new Int32Array(CAPACITY),
  firstOffer: new Int32Array(CAPACITY),
  lastOffer: new Int32Array(CAPACITY),
  numberIndex: new Int32Array(CAPACITY),
  recorded: new Uint8Array(CAPACITY),
  hasId: new Uint8Array(CAPACITY),
  holds: new Array(CAPACITY).fill(null),
  clientDisposition: new Array(CAPACITY).fill(null),
};
const member = {
  seq: new Float64Array(CAPACITY),
  state: new Uint8Array(CAPACITY),
  servingAgent: new Int32Array(CAPACITY),
  joinedSec: new Float64Array(CAPACITY),
  baseScore: new Float64Array(CAPACITY),
  sortKey: new Float64Array(CAPACITY),
  enteredT: new Float64Array(CAPACITY),
  enteredSec: new Float64Array(CAPACITY),
  bridgedTier: new Int32Array(CAPACITY),
  topDownTier: new Int32Array(CAPACITY),
  lastOriginatedSec: new Float64Array(CAPACITY),
  timeoutPending: new Uint8Array(CAPACITY),
  callerReleases: new Uint8Array(CAPACITY),
  legs: new Int32Array(CAPACITY),
  // The four caller timers' event slots, -1 when none.
  patienceTimer: new Int32Array(CAPACITY),
  maxWaitTimer: new Int32Array(CAPACITY),
  noAgentTimer: new Int32Array(CAPACITY),
  exitKeyTimer: new Int32Array(CAPACITY),
};
const freeCalls = new Int32Array(CAPACITY);
let freeCallCount = 0;
let callSlots = 0;
const liveCalls = new Int32Array(CAPACITY);
let liveCount = 0;

// ---- offers and their rings (one index serves both)

const offer = {
  agent: new Int32Array(CAPACITY),
  t: new Float64Array(CAPACITY),
  endT: new Float64Array(CAPACITY),
  outcome: new Uint8Array(CAPACITY),
  reason: new Uint8Array(CAPACITY),
  next: new Int32Array(CAPACITY),
  member: new Int32Array(CAPACITY),
  tier: new Int32Array(CAPACITY),
  done: new Uint8Array(CAPACITY),
  result: new Uint8Array(CAPACITY),
};
const freeOffers = new Int32Array(CAPACITY);
let freeOfferCount = 0;
let offerSlots = 0;
const immediate = new Int32Array(CAPACITY);
let immediateCount = 0;

// ---- agents and tiers (tier i belongs to agent i); their configs stay objects, as ccsim's would

const agent = {
  status: new Uint8Array(AGENTS).fill(STATUS_AVAILABLE),
  state: new Uint8Array(AGENTS).fill(AGENT_WAITING),
  statusAtOffer: new Uint8Array(AGENTS),
  lastBridgeStart: new Float64Array(AGENTS),
  lastBridgeEnd: new Float64Array(AGENTS),
  wrapUpFrom: new Float64Array(AGENTS),
  readyTime: new Float64Array(AGENTS),
  retryAfterT: new Float64Array(AGENTS),
  lastOfferedCall: new Float64Array(AGENTS),
  lastOfferSeq: new Float64Array(AGENTS),
  callsAnswered: new Float64Array(AGENTS),
  talkTimeTotal: new Float64Array(AGENTS),
  noAnswerCount: new Float64Array(AGENTS),
  offers: new Float64Array(AGENTS),
  externalCalls: new Int32Array(AGENTS),
  leg: new Int32Array(AGENTS).fill(-1),
  call: new Int32Array(AGENTS).fill(-1),
  stateSinceT: new Float64Array(AGENTS),
  tiers: Array.from({ length: AGENTS }, (_, i) => Int32Array.of(i)),
  config: Array.from({ length: AGENTS }, () => ({ wrap_up_time: 0, call_timeout: 30, max_no_answer: 0 })),
  answer: Array.from({ length: AGENTS }, () => [{ kind: 'answer', after: 0, probability: 1, otherwise: null }]),
  rest: new Array(AGENTS).fill(null),
};
const talkTime = { distribution: 'exponential', mean: MEAN_TALK_S };
const tier = {
  agent: Int32Array.from({ length: AGENTS }, (_, i) => i),
  level: new Int32Array(AGENTS).fill(1),
  position: Int32Array.from({ length: AGENTS }, (_, i) => i + 1),
  order: Int32Array.from({ length: AGENTS }, (_, i) => i),
  state: new Uint8Array(AGENTS).fill(TIER_READY),
  readyIndex: new Int32Array(AGENTS).fill(-1),
};

// longest-idle-agent's order within a block, on tier indexes.
const longestIdle = (x, y) =>
  tier.level[x] - tier.level[y] || agent.lastBridgeEnd[tier.agent[x]] - agent.lastBridgeEnd[tier.agent[y]] || tier.position[x] - tier.position[y] || tier.order[x] - tier.order[y];

const queueConfig = {
  strategy: 'longest-idle-agent',
  exit_with_no_av_agents: false,
  abandoned_resume_allowed: false,
  time_base_score: 'queue',
  record_enabled: false,
  max_wait_time: 0,
  max_wait_time_with_no_agent: 0,
  try_same_agent_time: 0,
  skip_busy_agents: false,
};
const queue = {
  id: 'q',
  config: queueConfig,
  plan: null,
  planFor: null,
  ready: new Int32Array(AGENTS),
  readyCount: 0,
  waiting: 0,
  trying: 0,
  answered: 0,
  callsAnswered: 0,
  visibleAgents: AGENTS,
  agentSeenSec: 0,
  passId: -1,
  passHasContactable: false,
};
const queues = new Map([['q', queue]]);
const queueList = [queue];

/** The routing plan, made once per queue config as ccsim's routingPlanOf does. */
function planOf(q) {
  if (q.planFor !== q.config) {
    const strategy = q.config.strategy;
    q.plan = { strategy, compare: longestIdle, ring: false, progressive: false, topDown: false, scanWalk: true, sameAgentFirst: q.config.try_same_agent_time > 0 };
    q.planFor = q.config;
  }
  return q.plan;
}

// ---- the world's counters, the callers' FIFO, KPIs and the event log's counter

const world = { dirty: true, eventSeq: 0, offerSeq: 0, memberSeq: 0, callSeq: 0, passId: 0, lastWakeT: -1 };
// Times of the wake-ups posted and not yet past.
const wakeTimes = new Float64Array(CAPACITY);
let wakeCount = 0;
// Callers who may be routed, first come first (one queue, equal scores): a ring of call indexes.
const routable = new Int32Array(CAPACITY);
let routableHead = 0;
let routableCount = 0;
const kpiCollector = new KpiCollector(0, SERVICE_LEVEL_MS);
const kpis = { answered: 0, answeredInSl: 0, waitSumMs: 0, maxWaitMs: 0, handleMs: 0 };
const listeners = [];

/** ccsim's `w.logs()`: no listener, so the event is only counted. */
function logs() {
  if (listeners.length > 0) return true;
  world.eventSeq++;
  return false;
}

function nowSec() {
  return Math.floor((START_MS + scheduler.now) / 1000);
}

for (let t = 0; t < AGENTS; t++) syncTier(t);

function isOfferable(t) {
  const a = tier.agent[t];
  const s = tier.state[t];
  return (
    (s === TIER_READY || s === TIER_NO_ANSWER) &&
    agent.state[a] === AGENT_WAITING &&
    (agent.status[a] === STATUS_AVAILABLE || agent.status[a] === STATUS_ON_DEMAND) &&
    (!RULES || !queue.config.skip_busy_agents || agent.externalCalls[a] === 0)
  );
}

function syncTier(t) {
  const offerable = isOfferable(t);
  if (offerable === tier.readyIndex[t] >= 0) return;
  if (offerable) {
    tier.readyIndex[t] = queue.readyCount;
    queue.ready[queue.readyCount++] = t;
  } else {
    const last = queue.ready[--queue.readyCount];
    if (last !== t) {
      queue.ready[tier.readyIndex[t]] = last;
      tier.readyIndex[last] = tier.readyIndex[t];
    }
    tier.readyIndex[t] = -1;
  }
  queue.passId = -1;
}

function setAgentState(a, state) {
  if (agent.state[a] === state) return;
  agent.state[a] = state;
  agent.stateSinceT[a] = scheduler.now;
  const tiers = agent.tiers[a];
  for (let i = 0; i < tiers.length; i++) syncTier(tiers[i]);
  if (logs()) notModelled('the event log');
  if (state === AGENT_WAITING) world.dirty = true;
}

function setMemberState(m, state) {
  const from = member.state[m];
  const wasRouted = from === MEMBER_WAITING || from === MEMBER_TRYING;
  if (from === MEMBER_WAITING) queue.waiting--;
  else if (from === MEMBER_TRYING) queue.trying--;
  else if (from === MEMBER_ANSWERED) queue.answered--;
  member.state[m] = state;
  if (state === MEMBER_WAITING) queue.waiting++;
  else if (state === MEMBER_TRYING) queue.trying++;
  else if (state === MEMBER_ANSWERED) queue.answered++;
  if (RULES && wasRouted && queue.waiting + queue.trying === 0 && queue.visibleAgents > 0) queue.agentSeenSec = nowSec();
}

function wakeAt(t) {
  if (t <= scheduler.now) {
    world.dirty = true;
    return;
  }
  if (t === world.lastWakeT) return;
  // The pending wake-ups are few: one scan finds a match and drops the past ones (ccsim keeps a Set).
  const now = scheduler.now;
  let kept = 0;
  for (let i = 0; i < wakeCount; i++) {
    const x = wakeTimes[i];
    if (x === t) return;
    if (x > now) wakeTimes[kept++] = x;
  }
  if (kept === CAPACITY) notModelled('so many pending wake-ups');
  wakeTimes[kept] = t;
  wakeCount = kept + 1;
  world.lastWakeT = t;
  post(t, PRIORITY.wake, WAKE, 0);
}

function wake() {
  world.dirty = true;
}

// ---- arrivals, as ccsim's driver makes them

const group = { queue: 'q', numbers: [], timeInSystem: 0, patience: null, exitKeyAfter: null, releasesFirst: 0.5 };
const traits = { number: null, numberIndex: 0, baseScore: 0, timeInSystemSec: 0, patienceSec: null, exitKeyAfterSec: null, releaseDraw: 0 };
let spawned = 0;
let lastArrival = 0;

function scheduleArrival() {
  if (world.callSeq === N) return;
  lastArrival += -MEAN_GAP_MS * Math.log(1 - arrivals.next());
  post(Math.round(lastArrival), PRIORITY.arrival, ARRIVE, 0);
}

function arrive() {
  if (RULES) {
    const q = queues.get(group.queue);
    if (!q) return;
    traits.number = spawned < group.numbers.length ? group.numbers[spawned] : null;
    traits.numberIndex = spawned - group.numbers.length;
    spawned++;
    traits.timeInSystemSec = GENERIC ? Math.floor(sample(group.timeInSystem, callerDraws)) : 0;
    traits.patienceSec = group.patience === null ? null : sample(group.patience, callerDraws);
    traits.exitKeyAfterSec = group.exitKeyAfter === null ? null : sample(group.exitKeyAfter, callerDraws);
  }
  traits.releaseDraw = callerDraws.next();
  const c = freeCallCount > 0 ? freeCalls[--freeCallCount] : callSlots++;
  call.seq[c] = ++world.callSeq;
  call.arrivedT[c] = scheduler.now;
  call.joinedT[c] = NaN;
  call.answeredT[c] = NaN;
  call.leftQueueT[c] = NaN;
  call.endedT[c] = NaN;
  call.wrapUpEndT[c] = NaN;
  call.agent[c] = -1;
  call.exitReason[c] = 0;
  call.releasedBy[c] = 0;
  call.firstOffer[c] = -1;
  call.lastOffer[c] = -1;
  call.numberIndex[c] = traits.numberIndex;
  call.hasId[c] = 0;
  call.holds[c] = null;
  call.clientDisposition[c] = null;
  call.recorded[c] = queue.config.record_enabled ? 1 : 0;
  call.liveIndex[c] = liveCount;
  liveCalls[liveCount++] = c;
  if (logs()) notModelled('the event log');
  joinQueue(c);
  scheduleArrival();
}

function joinQueue(c) {
  const cfg = queue.config;
  const sec = nowSec();
  let baseScore = traits.baseScore;
  if (RULES) {
    if (cfg.exit_with_no_av_agents) notModelled('exit_with_no_av_agents');
    baseScore += cfg.time_base_score === 'system' ? traits.timeInSystemSec : 0;
    if (cfg.abandoned_resume_allowed) notModelled('resumed callers');
  }
  call.joinedT[c] = scheduler.now;
  member.seq[c] = ++world.memberSeq;
  member.state[c] = 0;
  member.servingAgent[c] = -1;
  member.joinedSec[c] = sec;
  member.baseScore[c] = baseScore;
  member.sortKey[c] = baseScore - sec;
  member.enteredT[c] = scheduler.now;
  member.enteredSec[c] = sec;
  member.bridgedTier[c] = -1;
  member.topDownTier[c] = -1;
  member.lastOriginatedSec[c] = NaN;
  member.timeoutPending[c] = 0;
  member.callerReleases[c] = traits.releaseDraw < group.releasesFirst ? 1 : 0;
  member.legs[c] = 0;
  member.patienceTimer[c] = -1;
  member.maxWaitTimer[c] = -1;
  member.noAgentTimer[c] = -1;
  member.exitKeyTimer[c] = -1;
  setMemberState(c, MEMBER_WAITING);
  if (RULES) {
    if (planOf(queue).ring) setMemberState(c, MEMBER_TRYING);
    // ccsim's addRoutable: most callers join behind everyone already there.
    if (routableCount > 0) {
      const last = routable[(routableHead + routableCount - 1) % CAPACITY];
      const behind = member.sortKey[last] > member.sortKey[c] || (member.sortKey[last] === member.sortKey[c] && member.seq[last] < member.seq[c]);
      if (!behind) notModelled('callers with higher scores');
    }
  }
  routable[(routableHead + routableCount++) % CAPACITY] = c;
  if (RULES) {
    if (traits.patienceSec !== null) notModelled('patience');
    if (traits.exitKeyAfterSec !== null) notModelled('the exit key');
    if (cfg.max_wait_time > 0 || cfg.max_wait_time_with_no_agent > 0) notModelled('queue timers');
  }
  world.dirty = true;
}

// ---- the routing pass

/** The first offerable tier in the plan's order whose agent's timers allow an offer now (-1 when none). */
function scanReady(sec, pass, compare) {
  const cached = queue.passId === pass;
  if (cached && !queue.passHasContactable) return -1;
  let best = -1;
  let wakeT = Number.POSITIVE_INFINITY;
  for (let i = 0; i < queue.readyCount; i++) {
    const t = queue.ready[i];
    const a = tier.agent[t];
    const wrapUpTime = RULES ? agent.config[a].wrap_up_time : 0;
    const timersAllow = agent.wrapUpFrom[a] < sec - wrapUpTime && agent.readyTime[a] <= sec && (!RULES || agent.retryAfterT[a] <= scheduler.now);
    if (!timersAllow) {
      if (!cached) {
        const clearsSec = agent.wrapUpFrom[a] > 0 ? agent.wrapUpFrom[a] + wrapUpTime + 1 : 0;
        wakeT = Math.min(wakeT, Math.max(clearsSec * 1000 - START_MS, RULES ? agent.retryAfterT[a] : 0));
      }
      continue;
    }
    if (best < 0 || compare(t, best) < 0) best = t;
  }
  if (!cached) {
    if (wakeT !== Number.POSITIVE_INFINITY) wakeAt(wakeT);
    queue.passId = pass;
    queue.passHasContactable = best >= 0;
  }
  return best;
}

function dispatch() {
  while (world.dirty) {
    world.dirty = false;
    const sec = nowSec();
    const pass = ++world.passId;
    let open = 0;
    for (const q of queueList) {
      if (q.waiting + q.trying === 0) continue;
      if (q.visibleAgents > 0) q.agentSeenSec = sec;
      if (RULES && q.config.strategy === 'top-down') notModelled('top-down');
      if (q.readyCount > 0) open++;
    }
    for (let i = 0; i < routableCount && open > 0; i++) {
      const m = routable[(routableHead + i) % CAPACITY];
      const plan = RULES ? planOf(queue) : null;
      if (member.state[m] === MEMBER_TRYING && (!RULES || !plan.ring)) continue; // an offer is in progress
      let compare = longestIdle;
      if (RULES) {
        if (plan.progressive) notModelled('ring-progressively');
        if (!plan.scanWalk) notModelled('gated walks');
        if (plan.strategy === 'round-robin') notModelled('round-robin');
        compare = plan.compare;
      }
      const best = scanReady(sec, pass, compare);
      if (best < 0) {
        open--;
        continue;
      }
      if (RULES && plan.sameAgentFirst) notModelled('try_same_agent_time');
      offerTo(m, best, sec);
    }
    for (let i = 0; i < immediateCount; i++) resolveNow(immediate[i]);
    immediateCount = 0;
  }
}

// ---- the call flow: offer, answer, end

const ringScratch = { outcome: 'answer', afterSec: 0 };

function offerTo(m, t, sec) {
  const a = tier.agent[t];
  const plan = RULES ? planOf(queue) : null;
  agent.statusAtOffer[a] = agent.status[a];
  agent.lastOfferedCall[a] = sec;
  agent.lastOfferSeq[a] = ++world.offerSeq;
  tier.state[t] = TIER_OFFERING;
  if (RULES) {
    const tiers = agent.tiers[a];
    for (let i = 0; i < tiers.length; i++) if (tiers[i] !== t && tier.state[tiers[i]] === TIER_READY) tier.state[tiers[i]] = TIER_STANDBY;
  }
  if (!RULES || !plan.ring) {
    setMemberState(m, MEMBER_TRYING);
    member.servingAgent[m] = a;
  }
  if (RULES) {
    if (plan.progressive) notModelled('ring-progressively');
    if (plan.topDown) member.topDownTier[m] = t;
  }
  const o = freeOfferCount > 0 ? freeOffers[--freeOfferCount] : offerSlots++;
  offer.agent[o] = a;
  offer.t[o] = scheduler.now;
  offer.endT[o] = NaN;
  offer.outcome[o] = 0;
  offer.reason[o] = 0;
  offer.next[o] = -1;
  offer.member[o] = m;
  offer.tier[o] = t;
  offer.done[o] = 0;
  if (call.lastOffer[m] < 0) call.firstOffer[m] = o;
  else offer.next[call.lastOffer[m]] = o;
  call.lastOffer[m] = o;
  let delayMs = 0;
  if (GENERIC) {
    // The script answers after a constant 0 s with probability 1, so the stream passed is never drawn from.
    const ring = resolveRing(specForOffer(agent.answer[a], agent.offers[a]++), answerDraws, agent.config[a].call_timeout, ringScratch);
    offer.result[o] = ring.outcome === 'answer' ? RING_ANSWER : 0;
    delayMs = Math.round(ring.afterSec * 1000);
  } else {
    agent.offers[a]++;
    offer.result[o] = RING_ANSWER;
  }
  member.legs[m]++;
  agent.leg[a] = o;
  if (delayMs === 0) immediate[immediateCount++] = o;
  else notModelled('ring delays');
  if (logs()) notModelled('the event log');
  setAgentState(a, AGENT_RECEIVING);
}

function resolveNow(o) {
  if (offer.done[o]) return;
  if (offer.result[o] === RING_ANSWER) legAnswered(o);
  else notModelled('ring failures');
}

function legAnswered(o) {
  const m = offer.member[o];
  const a = offer.agent[o];
  const t = offer.tier[o];
  offer.done[o] = 1;
  member.legs[m]--;
  offer.endT[o] = scheduler.now;
  offer.outcome[o] = RING_ANSWER;
  setMemberState(m, MEMBER_ANSWERED);
  member.servingAgent[m] = a;
  member.bridgedTier[m] = t;
  member.timeoutPending[m] = 0;
  if (routable[routableHead] !== m) notModelled('answers out of turn');
  routableHead = (routableHead + 1) % CAPACITY;
  routableCount--;
  if (RULES) {
    const timers = member.patienceTimer[m] >= 0 || member.maxWaitTimer[m] >= 0 || member.noAgentTimer[m] >= 0 || member.exitKeyTimer[m] >= 0;
    if (timers) notModelled('caller timers');
    if (member.legs[m] > 0) notModelled('ring-all races');
  }
  const sec = nowSec();
  agent.lastBridgeStart[a] = sec;
  agent.callsAnswered[a]++;
  agent.noAnswerCount[a] = 0;
  agent.leg[a] = -1;
  agent.call[a] = m;
  tier.state[t] = TIER_ACTIVE;
  call.answeredT[m] = scheduler.now;
  call.leftQueueT[m] = scheduler.now;
  call.agent[m] = a;
  call.exitReason[m] = EXIT_ANSWERED;
  queue.callsAnswered++;
  if (RULES && queue.config.try_same_agent_time > 0) notModelled('try_same_agent_time');
  const waitMs = scheduler.now - call.joinedT[m];
  kpis.answered++;
  kpis.waitSumMs += waitMs;
  if (GENERIC) kpiCollector.queueExit(queue.id, call.arrivedT[m], waitMs, 'answered');
  else {
    if (waitMs > kpis.maxWaitMs) kpis.maxWaitMs = waitMs;
    if (waitMs <= SERVICE_LEVEL_MS) kpis.answeredInSl++;
  }
  if (logs()) notModelled('the event log');
  setAgentState(a, AGENT_IN_QUEUE_CALL);
  const talkMs = Math.round((GENERIC ? sample(talkTime, talks) : -MEAN_TALK_S * Math.log(1 - talks.next())) * 1000);
  post(scheduler.now + talkMs, PRIORITY.end, CONVERSATION_OVER, m);
}

function conversationOver(m) {
  endCall(m, member.callerReleases[m] ? BY_CALLER : BY_AGENT);
}

function endCall(m, by) {
  if (member.state[m] !== MEMBER_ANSWERED) return;
  const a = member.servingAgent[m];
  const sec = nowSec();
  agent.lastBridgeEnd[a] = sec;
  agent.wrapUpFrom[a] = sec;
  agent.talkTimeTotal[a] += sec - agent.lastBridgeStart[a];
  agent.call[a] = -1;
  call.endedT[m] = scheduler.now;
  call.releasedBy[m] = by;
  const wrapMs = RULES ? agent.config[a].wrap_up_time * 1000 : 0;
  if (RULES) {
    const holds = call.holds[m];
    if (holds !== null && holds.length > 0) notModelled('holds');
  }
  if (GENERIC) kpiCollector.handle(call.answeredT[m], scheduler.now);
  else kpis.handleMs += scheduler.now - call.answeredT[m];
  call.wrapUpEndT[m] = scheduler.now + wrapMs;
  setMemberState(m, MEMBER_GONE);
  // finishCall: out of the live list; the call's slot and its offers' go back to the free lists.
  const i = call.liveIndex[m];
  const last = liveCalls[--liveCount];
  if (last !== m) {
    liveCalls[i] = last;
    call.liveIndex[last] = i;
  }
  call.liveIndex[m] = -1;
  if (RULES && call.hasId[m]) notModelled('call ids');
  for (let o = call.firstOffer[m]; o >= 0; o = offer.next[o]) freeOffers[freeOfferCount++] = o;
  freeCalls[freeCallCount++] = m;
  if (logs()) notModelled('the event log');
  if (RULES) {
    if (call.clientDisposition[m] === null && logs()) notModelled('the event log');
    if (wrapMs > 0) notModelled('wrap-up');
  } else world.eventSeq++;
  // finishRing
  const t = member.bridgedTier[m];
  tier.state[t] = TIER_READY;
  if (RULES) {
    const tiers = agent.tiers[a];
    for (let k = 0; k < tiers.length; k++) if (tier.state[tiers[k]] === TIER_STANDBY) tier.state[tiers[k]] = TIER_READY;
    if (agent.leg[a] >= 0 && offer.tier[agent.leg[a]] === t) agent.leg[a] = -1;
    const onDemand = agent.statusAtOffer[a] === STATUS_ON_DEMAND;
    setAgentState(a, stateAfterRing(true, onDemand ? 'on_demand' : 'available') === 'idle' ? AGENT_IDLE : AGENT_WAITING);
    if (agent.rest[a] !== null) notModelled('rests');
  } else setAgentState(a, AGENT_WAITING);
  world.dirty = true;
}

handlers[ARRIVE] = arrive;
handlers[WAKE] = wake;
handlers[CONVERSATION_OVER] = conversationOver;
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
    mode: MODE,
    kernel: CCSIM_KERNEL ? 'ccsim' : 'int',
  }),
);
