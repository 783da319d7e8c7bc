/**
 * The world: one simulated call center's state and indexes, its clock helpers, ids, and the event log
 * it emits. Built from a resolved scenario. The mechanics that change it are in routing.ts,
 * call-flow.ts and agent-control.ts; nothing here decides routing.
 */
import { Faker, base, en, generateMersenne32Randomizer } from '@faker-js/faker';
import type { Scheduler } from '../kernel/scheduler.js';
import { RandomStreams, uniformAt, uuidAt } from '../kernel/rng.js';
import type { ResolvedScenario, WrapUpReason } from '../scenario.js';
import { Call, Tier, type Agent, type AgentRecord, type CallIds, type Leg, type Member, type Queue } from './model.js';
import { isAvailableStatus, isOfferable, isVisibleStatus } from './agent-states.js';
import { isRingStrategy } from './queue-config.js';
import { PassLists, placeTier, readyAdded, readyMoved, refresh, setIndexed, unindexTier, wantsIndex } from './routing-index.js';
import { KpiCollector } from './kpis.js';
import type { Row } from './routing.js';
import type { RingOutcome } from './agent-behaviour.js';
import type { WorldEvents } from '../../generated/events/events.js';

/** Same-instant order: ends free agents first, then ring outcomes, timers, scripted changes, arrivals. */
export const PRIORITY = { end: 10, ring: 20, timer: 30, timeline: 40, arrival: 50, wake: 60 } as const;

/** An event of the world's log, typed from schemas/events (one definition for the engine, the views and /__admin). */
export type WorldEvent = WorldEvents;
export type WorldEventType = WorldEvent['type'];
/** The fields an event of `type` carries besides seq, t and type. */
export type EventFields<T extends WorldEventType> = Omit<Extract<WorldEvent, { type: T }>, 'seq' | 't' | 'type'>;

export interface WorldOptions {
  /**
   * How many finished calls to keep for the views, the newest (the server keeps a bounded number; a batch
   * run keeps none). Older ones are let go: their records and ids are no longer found.
   */
  recordLimit: number;
}

export class World implements CallIds {
  readonly queues = new Map<string, Queue>();
  /** The same queues in creation order, for the dispatcher's per-pass walk (kept by addQueue/removeQueue). */
  readonly queueList: Queue[] = [];
  readonly agents = new Map<string, Agent>();
  /** Queues with callers (Waiting or Trying) and ready tiers, in no order (each knows its place). */
  readonly openList: Queue[] = [];
  /** Queues under top-down or ring-progressively, whose callers every pass evaluates (routing.ts). */
  readonly specialList: Queue[] = [];
  /** Queues with held tiers, a binary heap by the time the first of them clears. */
  private readonly dueQueues: Queue[] = [];
  /** Routing passes under way (a listener may run a command, and so a pass, inside one). */
  passDepth = 0;
  /** The outermost pass's lists of callers to merge (routing.ts), reused from pass to pass. */
  readonly passLists = new PassLists();
  /** Calls not yet ended, in no particular order (each knows its place: `call.liveIndex`). */
  readonly liveCalls: Call[] = [];
  /** Calls whose id has been handed out, live or kept, by id. */
  private readonly callsById = new Map<string, Call>();
  /**
   * Finished calls kept, oldest first, in slots `recordHead` on; the one in slot i finished
   * `recordsDropped + i - recordHead`-th. Slots before the head are let go and reused when compacted.
   */
  private records: (Call | undefined)[] = [];
  private recordHead = 0;
  /** Finished calls let go so far: the finish index of the oldest one kept. */
  recordsDropped = 0;
  readonly rng: RandomStreams;
  /** Made at its first use (fakerInstance); read through `faker`, which draws the names owed first. */
  private fakerValue: Faker | null = null;
  /** Agents whose generated names are not drawn yet, in the order they were made (oweName). */
  private readonly namesOwed: Agent[] = [];
  readonly kpis: KpiCollector;

  eventSeq = 0;
  private listeners: ((e: WorldEvent) => void)[] = [];
  private listenerError: unknown = undefined;
  /** Set by anything that may let a caller be routed; the dispatcher runs at the end of the instant. */
  dirty = true;
  passId = 0;
  offerSeq = 0;
  memberSeq = 0;
  callSeq = 0;
  tierSeq = 0;
  /** The words of a `random` queue's draws for one evaluation (routing.ts), grown as needed. */
  randomWords = new Uint32Array(64);
  /** Reusable rows for the dispatcher's comparisons. */
  readonly scratchRows: [Row, Row] = [{} as Row, {} as Row];
  /** Where an offer's ring outcome is worked out (read at once by call-flow's offer). */
  readonly ringScratch: RingOutcome = { outcome: 'answer', afterSec: 0 };
  /** Ring outcomes due at this very instant, resolved by the dispatcher before time moves on. */
  immediate: Leg[] = [];
  /** The dispatcher's second list, swapped with `immediate` while it resolves outcomes. */
  resolving: Leg[] = [];
  /**
   * Times of the wake-ups posted, ascending, in slots `wakeHead` to `wakeEnd`; those at or before now
   * are dropped from the front as time passes. New times are mostly the latest, so they are appended:
   * no hashing, and a lookup is a binary search however many callers wait for a tier level.
   */
  private wakeTimes = new Float64Array(16);
  private wakeHead = 0;
  private wakeEnd = 0;
  private lastWakeT = -1;
  private readonly idSeed: number[];
  private readonly reasonSeed: number[];
  /** Agents waiting for a place under the rest limit, first come first served (rest.ts). */
  readonly restQueue: Agent[] = [];
  /** One object per distinct agent configuration or answer script (shared), by its JSON; at most MAX_SHARED_SETTINGS. */
  private readonly agentSettings = new Map<string, object>();
  /** The last settings `shared` looked up and what it answered, newest first: [value, shared, …], two pairs. */
  private readonly recentShared: object[] = [];

  constructor(
    readonly scenario: ResolvedScenario,
    readonly scheduler: Scheduler,
    readonly options: WorldOptions,
  ) {
    this.rng = new RandomStreams(scenario.seed);
    this.idSeed = this.rng.seedWords('ids');
    this.reasonSeed = this.rng.seedWords('wrap_up_reasons');
    this.kpis = new KpiCollector(scenario.warmupMs, scenario.serviceLevelSeconds * 1000, () => this.scheduler.now);
  }

  get now(): number {
    return this.scheduler.now;
  }

  /**
   * The world's faker (agents' generated names, remote agents' numbers). The names owed are drawn
   * first, so that every draw is the one an eager set-up would have made.
   */
  get faker(): Faker {
    if (this.namesOwed.length > 0) this.drawOwedNames();
    return this.fakerInstance();
  }

  private fakerInstance(): Faker {
    if (this.fakerValue === null) {
      const randomizer = generateMersenne32Randomizer();
      randomizer.seed(this.rng.seedWords('faker'));
      this.fakerValue = new Faker({ locale: [en, base], randomizer });
    }
    return this.fakerValue;
  }

  /**
   * Agent `a` (just made, without a name) gets its generated name when someone first reads a name owed
   * or the faker draws anything else: a batch run of thousands of agents draws none (a name cost about
   * 9 µs, most of a 5,000-agent world's set-up). Only the scenario's agents are owed (setup.ts), so the
   * list is bounded by them.
   */
  oweName(a: Agent): void {
    this.namesOwed.push(a);
  }

  /** Draws every name owed, in the order the agents were made; a name set meanwhile (a command) stays. */
  private drawOwedNames(): void {
    const owed = this.namesOwed.splice(0, this.namesOwed.length);
    const faker = this.fakerInstance();
    for (const a of owed) {
      const name = faker.person.fullName();
      const record = a as unknown as AgentRecord;
      if (record.nameValue === null) record.nameValue = name;
    }
  }

  /** The hooks of every agent and queue record (model.ts), one function each for the world. */
  readonly nameOwedHook = (a: AgentRecord): string => {
    this.drawOwedNames();
    return a.nameValue as string;
  };

  readonly agentConfigHook = (a: Agent): void => this.agentConfigChanged(a);

  readonly queueConfigHook = (q: Queue): void => this.queueConfigChanged(q);

  /**
   * The one object of the world equal to `value`, an agent's configuration or answer script: agents set
   * up alike share them. Neither is ever changed in place (a command replaces an agent's configuration
   * whole), and a call reads both, so in a center of thousands of agents they stay in the processor's
   * cache instead of being one more object per agent to fetch from memory for every call.
   */
  shared<T extends object>(value: T): T {
    // Agents of a group come one after another with equal settings: the last two answers are tried
    // first, by a comparison that holds only where the JSON keys are equal (cheaper than making them).
    const recent = this.recentShared;
    for (let i = 0; i < recent.length; i += 2) if (sameJson(recent[i], value)) return recent[i + 1] as T;
    const key = JSON.stringify(value, settingKey);
    let known = this.agentSettings.get(key);
    if (known === undefined && this.agentSettings.size < MAX_SHARED_SETTINGS) this.agentSettings.set(key, (known = value));
    if (known === undefined) return value;
    // Newest first: [value, its shared object] pairs, at most two.
    recent.unshift(value, known);
    if (recent.length > 4) recent.length = 4;
    return known as T;
  }

  /** mod_callcenter's clock: whole epoch seconds. */
  nowSec(): number {
    return Math.floor((this.scenario.startMs + this.scheduler.now) / 1000);
  }

  secToT(sec: number): number {
    return sec * 1000 - this.scenario.startMs;
  }

  epochMs(t: number): number {
    return this.scenario.startMs + t;
  }

  idFor(seq: number): string {
    return uuidAt(this.idSeed, seq);
  }

  agentReasonFor(seq: number): WrapUpReason {
    const weights = this.scenario.wrapUpReasons;
    let total = 0;
    for (const [, w] of weights) total += w;
    let u = uniformAt(this.reasonSeed, seq) * total;
    for (const [reason, w] of weights) {
      if (u < w) return reason;
      u -= w;
    }
    return weights[weights.length - 1][0];
  }

  register(id: string, call: Call): void {
    if (call.live || call.finishIndex >= this.recordsDropped) this.callsById.set(id, call);
  }

  /** A call whose id has been handed out (in the log or a query), if it is live or retained. */
  callById(id: string): Call | undefined {
    return this.callsById.get(id);
  }

  // ---- event log --------------------------------------------------------------------------------

  get listening(): boolean {
    return this.listeners.length > 0;
  }

  subscribe(listener: (e: WorldEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /**
   * Whether the next event must be built: `if (w.logs()) w.emit(…)`. Without listeners the event is only
   * counted, so a batch run builds no event objects and makes no call ids.
   */
  logs(): boolean {
    if (this.listeners.length > 0) return true;
    this.eventSeq++;
    return false;
  }

  /**
   * Appends an event to the log (call only after `logs()` said yes). A listener that throws does not
   * interrupt the change being logged: its first error is kept for the engine to rethrow once the
   * world is consistent again.
   */
  emit<T extends WorldEventType>(type: T, fields: EventFields<T>): void {
    const e = { seq: ++this.eventSeq, t: this.scheduler.now, type, ...fields } as unknown as WorldEvent;
    for (const l of this.listeners) {
      try {
        l(e);
      } catch (err) {
        this.listenerError ??= err;
      }
    }
  }

  /** The first error a listener threw since the last call, if any (and forgets it). */
  takeListenerError(): unknown {
    const err = this.listenerError;
    this.listenerError = undefined;
    return err;
  }

  // ---- dispatch triggers ------------------------------------------------------------------------

  markDirty(): void {
    this.dirty = true;
  }

  /** Makes sure the dispatcher runs at virtual time `t` (a timer ends, a tier level opens, …). */
  wakeAt(t: number): void {
    if (t <= this.scheduler.now) {
      this.dirty = true;
      return;
    }
    // Most wake-ups asked for are the next whole second, asked for again and again until it comes; a
    // pending one is the latest scheduled while it lies ahead (a wake that ran has t <= now).
    if (t === this.lastWakeT) return;
    const now = this.scheduler.now;
    while (this.wakeHead < this.wakeEnd && this.wakeTimes[this.wakeHead] <= now) this.wakeHead++;
    if (this.wakeEnd === this.wakeTimes.length) this.makeWakeRoom();
    const times = this.wakeTimes;
    const head = this.wakeHead;
    const end = this.wakeEnd;
    // Where t goes: mostly at the end (it is the latest); else found by binary search.
    let at = end;
    if (head < end && t <= times[end - 1]) {
      let hi = end;
      at = head;
      while (at < hi) {
        const mid = (at + hi) >> 1;
        if (times[mid] < t) at = mid + 1;
        else hi = mid;
      }
      if (times[at] === t) return;
    }
    // Posted before it is recorded: the scheduler refuses a time that is not finite, and such a time
    // must not stay in the list.
    this.scheduler.post(t, PRIORITY.wake, World.wake, this);
    if (at < end) times.copyWithin(at + 1, at, end);
    times[at] = t;
    this.wakeEnd = end + 1;
    this.lastWakeT = t;
  }

  /** Frees the last slot of the wake-up times: moves them to the front, or to an array twice as large. */
  private makeWakeRoom(): void {
    const live = this.wakeTimes.subarray(this.wakeHead, this.wakeEnd);
    if (live.length * 2 > this.wakeTimes.length) {
      const larger = new Float64Array(this.wakeTimes.length * 2);
      larger.set(live);
      this.wakeTimes = larger;
    } else this.wakeTimes.copyWithin(0, this.wakeHead, this.wakeEnd);
    this.wakeHead = 0;
    this.wakeEnd = live.length;
  }

  private static wake(w: World): void {
    w.dirty = true;
  }

  // ---- indexes ----------------------------------------------------------------------------------

  addRoutable(m: Member): void {
    this.listMember(m);
    this.callersChanged(m.queue);
  }

  removeRoutable(m: Member): void {
    this.unlistMember(m);
    this.callersChanged(m.queue);
  }

  /**
   * Callers in a queue who may be routed (Waiting or Trying), of every queue, highest score first (then
   * first come): made from the queues' lists for the few readers that want them all (a command, the
   * report), so that a call keeps no list of the world's.
   */
  get routable(): Member[] {
    const all: Member[] = [];
    for (const q of this.queueList) all.push(...q.pending, ...q.offered);
    return all.sort(serveOrder);
  }

  /** The routable callers of queue `q`, in the order they are served. */
  routableOf(q: Queue): Member[] {
    return q.offered.length === 0 ? q.pending.slice() : [...q.pending, ...q.offered].sort(serveOrder);
  }

  /**
   * updateOpen when whether the queue has callers may have changed. Its other inputs (ready or eligible
   * tiers, the strategy, the index) call it as they change, so while that does not, the queue's place
   * stays right: most calls change their queue's callers without making it empty or not empty.
   */
  private callersChanged(q: Queue): void {
    if (q.counts.waiting + q.counts.trying > 0 !== q.hasCallers) this.updateOpen(q);
  }

  /**
   * Puts a routable caller in its queue's `pending` list, in the order callers are served: a pass
   * evaluates its Waiting callers, and its Trying ones under a ring strategy. A caller offered a call
   * under a hunting strategy (Trying, its offer under way: not evaluated) stays there until a pass
   * comes to it, which moves it to `offered` (parkOffered): most such offers end in the instant they
   * are made (answered, or failed), so most callers never move.
   */
  private listMember(m: Member): void {
    insertMember(m.queue.pending, m);
    m.listed = 1;
  }

  /**
   * A pass found `m`, Trying under a hunting strategy, at `pending[i]`: it goes to `offered` (in no
   * order; each knows its place) until its ring fails or it leaves the queue.
   */
  parkOffered(m: Member, i: number): void {
    const q = m.queue;
    if (i === 0) dropFirst(q.pending);
    else q.pending.splice(i, 1);
    m.listIndex = q.offered.length;
    q.offered.push(m);
    m.listed = 2;
  }

  private unlistMember(m: Member): void {
    if (m.listed === 1) removeMember(m.queue.pending, m);
    else if (m.listed === 2) {
      const offered = m.queue.offered;
      const last = offered.pop() as Member;
      if (last !== m) {
        offered[m.listIndex] = last;
        last.listIndex = m.listIndex;
      }
    }
    m.listed = 0;
  }

  /**
   * Keeps the queue's place in `openList`: it has callers and eligible tiers (ready ones, for a queue
   * without an index, whose scans post the wake-ups for held agents), and is not top-down or
   * ring-progressively, whose callers every pass evaluates. An indexed queue that gets callers while
   * tiers are held gets a wake-up when the first clears (heldTopChanged).
   */
  updateOpen(q: Queue, open = !q.special && q.counts.waiting + q.counts.trying > 0 && (q.indexed ? q.eligible.size > 0 : q.ready.length > 0)): void {
    const callers = q.counts.waiting + q.counts.trying > 0;
    if (callers !== q.hasCallers) {
      q.hasCallers = callers;
      if (callers && q.held.length > 0) this.wakeHeld(q);
    }
    if (open === q.openIndex >= 0) return;
    const list = this.openList;
    if (open) {
      q.openIndex = list.length;
      list.push(q);
      return;
    }
    const last = list.pop() as Queue;
    if (last !== q) {
      list[q.openIndex] = last;
      last.openIndex = q.openIndex;
    }
    q.openIndex = -1;
  }

  /**
   * The first of a queue's held tiers changed (routing-index.ts): its place among the due queues moves,
   * and while the queue has callers the dispatcher is woken when that tier clears. (mod_callcenter's
   * dispatcher looks every 100 ms; ccsim's runs when something happens, and an agent's timers running
   * out is such a thing for a queue with callers.)
   */
  heldTopChanged(q: Queue): void {
    const due = this.dueQueues;
    if (q.held.length === 0) {
      if (q.dueIndex >= 0) {
        const i = q.dueIndex;
        const last = due.pop() as Queue;
        q.dueIndex = -1;
        if (last !== q) {
          due[i] = last;
          last.dueIndex = i;
          dueSiftUp(due, i);
          dueSiftDown(due, last.dueIndex);
        }
      }
      return;
    }
    if (q.dueIndex < 0) {
      q.dueIndex = due.length;
      due.push(q);
    }
    dueSiftUp(due, q.dueIndex);
    dueSiftDown(due, q.dueIndex);
    if (q.hasCallers) this.wakeHeld(q);
  }

  private wakeHeld(q: Queue): void {
    const t = q.held[0].heldAt;
    if (Number.isFinite(t)) this.wakeAt(t);
  }

  /** Moves every queue's held tiers whose time has come to its eligible ones (a pass starts with it). */
  refreshDue(): void {
    const due = this.dueQueues;
    const now = this.scheduler.now;
    while (due.length > 0 && due[0].held[0].heldAt <= now) refresh(this, due[0]);
  }

  addQueue(q: Queue): void {
    this.queues.set(q.id, q);
    this.queueList.push(q);
    this.queueConfigChanged(q);
  }

  removeQueue(q: Queue): void {
    this.queues.delete(q.id);
    const i = this.queueList.indexOf(q);
    if (i >= 0) this.queueList.splice(i, 1);
    this.updateOpen(q, false);
    const j = this.specialList.indexOf(q);
    if (j >= 0) this.specialList.splice(j, 1);
  }

  /** A queue's configuration was set: top-down and ring-progressively queues are evaluated every pass. */
  queueConfigChanged(q: Queue): void {
    if (this.queues.get(q.id) !== q) return;
    // Under a ring strategy every Trying caller is evaluated: the parked ones are pending again.
    if (q.offered.length > 0 && isRingStrategy(q.config.strategy)) {
      for (const m of q.offered.slice()) {
        this.unlistMember(m);
        this.listMember(m);
      }
    }
    // Whether a queue is indexed may depend on its strategy (routing-index.ts's wantsIndex).
    if (wantsIndex(q) !== q.indexed) setIndexed(this, q, !q.indexed);
    const special = q.config.strategy === 'top-down' || q.config.strategy === 'ring-progressively';
    if (special === q.special) return;
    q.special = special;
    if (special) this.specialList.push(q);
    else this.specialList.splice(this.specialList.indexOf(q), 1);
    this.updateOpen(q);
  }

  addTier(queue: Queue, agent: Agent, level: number, position: number): Tier {
    const tier = new Tier(queue, agent, level, position, this.tierSeq++, this.tierMoved);
    queue.tiers.push(tier);
    agent.tiers.push(tier);
    if (isVisibleStatus(agent.status)) queue.visibleAgents++;
    if (isAvailableStatus(agent.status)) queue.availableAgents++;
    // An agent offered a call before it joined may be the queue's last offered (round-robin's pointer).
    if (agent.lastOfferedCall > 0 && (queue.lastOffered === null || offeredLater(agent, queue.lastOffered.agent))) queue.lastOffered = tier;
    this.syncTier(tier);
    if (wantsIndex(queue) !== queue.indexed) setIndexed(this, queue, !queue.indexed);
    return tier;
  }

  removeTier(tier: Tier): void {
    this.unready(tier);
    unindexTier(this, tier);
    const q = tier.queue;
    q.tiers = q.tiers.filter((t) => t !== tier);
    tier.agent.tiers = tier.agent.tiers.filter((t) => t !== tier);
    if (isVisibleStatus(tier.agent.status)) q.visibleAgents--;
    if (isAvailableStatus(tier.agent.status)) q.availableAgents--;
    if (q.lastOffered === tier) {
      q.lastOffered = null;
      for (const t of q.tiers) if (t.agent.lastOfferedCall > 0 && (q.lastOffered === null || offeredLater(t.agent, q.lastOffered.agent))) q.lastOffered = t;
    }
    if (wantsIndex(q) !== q.indexed) setIndexed(this, q, !q.indexed);
  }

  /**
   * Keeps `queue.ready` true to agent-states' isOfferable (for joined tiers), and the dispatcher's index
   * (routing-index.ts) true to the tier, after any change to a tier's state, joined flag, level or
   * position, its agent's state, status, counters, timers or external calls, or the queue's
   * configuration.
   */
  syncTier(t: Tier): void {
    const offerable = t.joined && isOfferable(t.state, t.agent, t.queue.config.skip_busy_agents);
    if (offerable !== t.readyIndex >= 0) {
      if (offerable) {
        const q = t.queue;
        t.readyIndex = q.ready.length;
        q.ready.push(t);
        if (q.indexed) readyAdded(q, t);
        q.passId = -1;
        // A queue without an index is open while it has ready tiers (and callers).
        if (!q.indexed && q.ready.length === 1) this.updateOpen(q);
      } else this.unready(t);
    }
    // Only an indexed queue keeps the index (placeTier would return at once: not called, on the hot path).
    if (t.queue.indexed) placeTier(this, t, offerable);
  }

  syncAgent(a: Agent): void {
    for (const t of a.tiers) this.syncTier(t);
  }

  /** A tier's level or position changed (a command): its place in the index moves with it. */
  private readonly tierMoved = (t: Tier): void => {
    if (t.queue.tiers.includes(t)) this.syncTier(t);
  };

  /** An agent's configuration was replaced (a command): its timers may clear at another time. */
  agentConfigChanged(a: Agent): void {
    this.syncAgent(a);
  }

  private unready(t: Tier): void {
    const list = t.queue.ready;
    const i = t.readyIndex;
    if (i < 0) return;
    const last = list.pop() as Tier;
    if (last !== t) {
      list[i] = last;
      last.readyIndex = i;
      if (t.queue.indexed) readyMoved(t.queue, list.length, i);
    }
    t.readyIndex = -1;
    t.queue.passId = -1;
    if (!t.queue.indexed && list.length === 0) this.updateOpen(t.queue);
  }

  setMemberState(m: Member, state: Member['state']): void {
    const c = m.queue.counts;
    const wasRouted = m.state === 'waiting' || m.state === 'trying';
    if (m.state === 'waiting') c.waiting--;
    else if (m.state === 'trying') c.trying--;
    else if (m.state === 'answered') c.answered--;
    (m as { state: Member['state'] }).state = state;
    if (state === 'waiting') c.waiting++;
    else if (state === 'trying') c.trying++;
    else if (state === 'answered') c.answered++;
    // A parked caller (parkOffered) is pending again when its ring fails, or its queue rings all. (A
    // caller answered or leaving stays listed the moment until removeRoutable, which follows.)
    if (m.listed === 2 && (state === 'waiting' || (state === 'trying' && isRingStrategy(m.queue.config.strategy)))) {
      this.unlistMember(m);
      this.listMember(m);
    }
    this.callersChanged(m.queue);
    // mod_callcenter stamps last_agent_exist while it evaluates callers and finds agents; the last
    // evaluation before the queue empties is now (§7.5).
    if (wasRouted && c.waiting + c.trying === 0 && m.queue.visibleAgents > 0) m.queue.agentSeenSec = this.nowSec();
  }

  /** A new call; `number` null takes the `numberIndex`-th generated number of `numberSeed`. */
  newCall(kind: Call['kind'], direction: Call['direction'], queue: string | null, number: string | null, numberSeed: readonly number[] | null = null, numberIndex = 0): Call {
    const call = new Call(this, ++this.callSeq, kind, direction, queue, number, this.scheduler.now, numberSeed, numberIndex);
    call.liveIndex = this.liveCalls.length;
    this.liveCalls.push(call);
    return call;
  }

  finishCall(call: Call): void {
    // Swap-remove: readers sort what they take from the list.
    const live = this.liveCalls;
    if (call.liveIndex >= 0) {
      const last = live.pop() as Call;
      if (last !== call) {
        live[call.liveIndex] = last;
        last.liveIndex = call.liveIndex;
      }
      call.liveIndex = -1;
    }
    const limit = this.options.recordLimit;
    if (limit <= 0) {
      if (call.hasId) this.callsById.delete(call.id);
      return;
    }
    call.finishIndex = this.recordsDropped + this.records.length - this.recordHead;
    call.changed();
    this.records.push(call);
    if (this.records.length - this.recordHead > limit) this.dropOldestRecord();
  }

  /** How many finished calls are kept now. */
  get recordCount(): number {
    return this.records.length - this.recordHead;
  }

  /** The kept finished call with finish index `index`, or undefined (not finished yet, or let go). */
  recordAt(index: number): Call | undefined {
    const i = index - this.recordsDropped;
    return i >= 0 ? this.records[this.recordHead + i] : undefined;
  }

  private dropOldestRecord(): void {
    const call = this.records[this.recordHead] as Call;
    this.records[this.recordHead++] = undefined;
    this.recordsDropped++;
    if (call.hasId) this.callsById.delete(call.id);
    // Compact once the let-go slots are as many as the kept ones: amortised O(1) per call.
    if (this.recordHead >= this.records.length - this.recordHead) {
      this.records.copyWithin(0, this.recordHead);
      this.records.length -= this.recordHead;
      this.recordHead = 0;
    }
  }
}

/** Distinct agent settings World.shared keeps (later ones are not shared): a bound for agents made by commands. */
const MAX_SHARED_SETTINGS = 1000;

/**
 * Whether `a` and `b` are the same JSON-like data, keys in the same order: when it says yes, their
 * JSON (settingKey's) is the same; it may say no for values whose JSON is the same (0 and -0, a key
 * holding undefined on one side only), and World.shared then makes the keys.
 */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || typeof a !== 'object' || a === null || b === null) return typeof a === 'number' && Object.is(a, b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] !== kb[i] || !sameJson((a as Record<string, unknown>)[ka[i]], (b as Record<string, unknown>)[ka[i]])) return false;
  }
  return true;
}

/** JSON for World.shared's keys, with the numbers JSON cannot tell apart (Infinity, NaN) kept apart. */
function settingKey(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? `\u0000${value}` : value;
}

/** Whether agent `a`'s last offer came after `b`'s (§4.8's order of last_offered_call). */
function offeredLater(a: Agent, b: Agent): boolean {
  return a.lastOfferedCall > b.lastOfferedCall || (a.lastOfferedCall === b.lastOfferedCall && a.lastOfferSeq > b.lastOfferSeq);
}

/** Whether caller `a` is served before `b`: higher score, then first come (§7.3). */
function servedBefore(a: Member, b: Member): boolean {
  return a.sortKey > b.sortKey || (a.sortKey === b.sortKey && a.seq < b.seq);
}

/** servedBefore as a sort's comparator (no two routable callers tie: their `seq` differ). */
function serveOrder(a: Member, b: Member): number {
  if (a === b) return 0;
  return servedBefore(a, b) ? -1 : 1;
}

/** Adds a caller to a list kept in the order callers are served. */
function insertMember(list: Member[], m: Member): void {
  // Most callers join behind everyone already there (same score, later arrival).
  const n = list.length;
  if (n === 0 || servedBefore(list[n - 1], m)) {
    list.push(m);
    return;
  }
  list.splice(memberLowerBound(list, m), 0, m);
}

function removeMember(list: Member[], m: Member): void {
  // Most callers leave from the head (the longest-waiting is served first).
  if (list.length > 0 && list[0] === m) {
    dropFirst(list);
    return;
  }
  const i = memberLowerBound(list, m);
  if (list[i] === m) list.splice(i, 1);
}

/**
 * Takes a list's first entry out. The last one goes by pop, which keeps the list's storage: V8's shift
 * (and splice) of an array's last entry lets its storage go, and the next push makes one anew, a
 * 150-byte allocation for every call of a queue whose callers are routed as they come.
 */
function dropFirst<T>(list: T[]): void {
  if (list.length === 1) list.pop();
  else list.shift();
}

function memberLowerBound(list: readonly Member[], m: Member): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (servedBefore(list[mid], m)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function dueAt(q: Queue): number {
  return q.held[0].heldAt;
}

function dueSiftUp(heap: Queue[], i: number): void {
  const q = heap[i];
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const p = heap[parent];
    if (dueAt(p) <= dueAt(q)) break;
    heap[i] = p;
    p.dueIndex = i;
    i = parent;
  }
  heap[i] = q;
  q.dueIndex = i;
}

function dueSiftDown(heap: Queue[], i: number): void {
  const n = heap.length;
  const q = heap[i];
  for (;;) {
    let c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && dueAt(heap[c + 1]) < dueAt(heap[c])) c++;
    const child = heap[c];
    if (dueAt(child) >= dueAt(q)) break;
    heap[i] = child;
    child.dueIndex = i;
    i = c;
  }
  heap[i] = q;
  q.dueIndex = i;
}
