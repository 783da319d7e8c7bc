/**
 * The world: one simulated call center's state and indexes, its clock helpers, ids, and the event log
 * it emits. Built from a resolved scenario. The mechanics that change it are in routing.ts,
 * call-flow.ts and agent-control.ts; nothing here decides routing.
 */
import { Faker, base, en, generateMersenne32Randomizer } from '@faker-js/faker';
import type { Scheduler } from '../kernel/scheduler.js';
import { RandomStreams, uniformAt, uuidAt } from '../kernel/rng.js';
import type { ResolvedScenario, WrapUpReason } from '../scenario.js';
import { Call, type Agent, type CallIds, type Leg, type Member, type Queue, type Tier } from './model.js';
import { isOfferable, isVisibleStatus } from './agent-states.js';
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
  /** Callers in a queue who may be routed, highest score first (then first come). */
  readonly routable: Member[] = [];
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
  readonly faker: Faker;
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
  /** Queues that may still route a caller in the current pass (see routing.ts). */
  openQueues = 0;
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

  constructor(
    readonly scenario: ResolvedScenario,
    readonly scheduler: Scheduler,
    readonly options: WorldOptions,
  ) {
    this.rng = new RandomStreams(scenario.seed);
    this.idSeed = this.rng.seedWords('ids');
    this.reasonSeed = this.rng.seedWords('wrap_up_reasons');
    const randomizer = generateMersenne32Randomizer();
    randomizer.seed(this.rng.seedWords('faker'));
    this.faker = new Faker({ locale: [en, base], randomizer });
    this.kpis = new KpiCollector(scenario.warmupMs, scenario.serviceLevelSeconds * 1000, () => this.scheduler.now);
  }

  get now(): number {
    return this.scheduler.now;
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
    const list = this.routable;
    // Most callers join behind everyone already there (same score, later arrival).
    const n = list.length;
    if (n === 0 || list[n - 1].sortKey > m.sortKey || (list[n - 1].sortKey === m.sortKey && list[n - 1].seq < m.seq)) {
      list.push(m);
      return;
    }
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const o = list[mid];
      if (o.sortKey > m.sortKey || (o.sortKey === m.sortKey && o.seq < m.seq)) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, m);
  }

  removeRoutable(m: Member): void {
    const list = this.routable;
    // Most callers leave from the head (the longest-waiting is served first).
    if (list.length > 0 && list[0] === m) {
      list.shift();
      return;
    }
    const i = list.indexOf(m);
    if (i >= 0) list.splice(i, 1);
  }

  addQueue(q: Queue): void {
    this.queues.set(q.id, q);
    this.queueList.push(q);
  }

  removeQueue(q: Queue): void {
    this.queues.delete(q.id);
    const i = this.queueList.indexOf(q);
    if (i >= 0) this.queueList.splice(i, 1);
  }

  addTier(queue: Queue, agent: Agent, level: number, position: number): Tier {
    const tier: Tier = { queue, agent, level, position, state: 'ready', joined: true, order: this.tierSeq++, readyIndex: -1 };
    queue.tiers.push(tier);
    agent.tiers.push(tier);
    if (isVisibleStatus(agent.status)) queue.visibleAgents++;
    this.syncTier(tier);
    return tier;
  }

  removeTier(tier: Tier): void {
    this.unready(tier);
    tier.queue.tiers = tier.queue.tiers.filter((t) => t !== tier);
    tier.agent.tiers = tier.agent.tiers.filter((t) => t !== tier);
    if (isVisibleStatus(tier.agent.status)) tier.queue.visibleAgents--;
  }

  /**
   * Keeps `queue.ready` true to agent-states' isOfferable (for joined tiers) after any change to a tier's
   * state or joined flag, its agent's state, status or external calls, or the queue's skip_busy_agents.
   */
  syncTier(t: Tier): void {
    const offerable = t.joined && isOfferable(t.state, t.agent, t.queue.config.skip_busy_agents);
    if (offerable === t.readyIndex >= 0) return;
    if (offerable) {
      t.readyIndex = t.queue.ready.length;
      t.queue.ready.push(t);
    } else this.unready(t);
    t.queue.passId = -1;
  }

  syncAgent(a: Agent): void {
    for (const t of a.tiers) this.syncTier(t);
  }

  private unready(t: Tier): void {
    const list = t.queue.ready;
    const i = t.readyIndex;
    if (i < 0) return;
    const last = list.pop() as Tier;
    if (last !== t) {
      list[i] = last;
      last.readyIndex = i;
    }
    t.readyIndex = -1;
    t.queue.passId = -1;
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
