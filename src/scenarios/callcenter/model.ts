/**
 * The call center's data: queues, agents, tiers, members (callers waiting in a queue), rings (legs) and
 * calls. Plain records with no behaviour; the mechanics live in routing.ts, call-flow.ts and
 * agent-control.ts, and every outside change goes through commands.ts.
 */
import type { ScheduledEvent } from '../kernel/scheduler.js';
import type { Distribution } from '../kernel/distributions.js';
import { phoneNumberAt, type RandomStream } from '../kernel/rng.js';
import type { AgentConfig, QueueConfig, Strategy } from './queue-config.js';
import type { AgentState, AgentStatus, RingFailCause, TierState } from './agent-states.js';
import type { WrapUpReason } from '../scenario.js';
import type { RoutingPlan } from './routing-plan.js';
import type { EligibleTiers } from './routing-index.js';

export type LeaveReason = 'abandoned' | 'timeout' | 'no_agent_timeout' | 'no_available_agents' | 'exit_key' | 'break_out';
export type ReleasedBy = 'caller' | 'agent' | 'system';

/** How an agent reacts to one offer. A list of these is used in order, the last one repeating. */
export type AnswerSpec =
  | { kind: 'answer'; after: Distribution; probability: number; otherwise: AnswerSpec }
  | { kind: 'never' }
  | { kind: 'busy'; after: Distribution }
  | { kind: 'reject'; after: Distribution };

export interface Queue {
  readonly id: string;
  readonly index: number;
  name: string;
  config: QueueConfig;
  /** Tiers in creation order. */
  tiers: Tier[];
  /** Tiers whose agent is not Logged Out: the rows of the candidate query. */
  visibleAgents: number;
  /** Epoch second of the last evaluation that found a row (mod_callcenter's last_agent_exist); 0 = never. */
  agentSeenSec: number;
  /** Abandoned callers kept for `discard_abandoned_after`, by number, when `abandoned_resume_allowed`. */
  abandoned: Map<string, Member>;
  /** Abandoned callers within their discard window (mod_callcenter keeps their rows). */
  abandonedCount: number;
  /** Members by state, for the queue status views. */
  counts: { waiting: number; trying: number; answered: number };
  /** mod_callcenter's in-memory counters since load. */
  callsAnswered: number;
  callsAbandoned: number;
  /** For `try_same_agent_time`: who last answered a number in this queue, and when (epoch seconds). */
  lastAnsweredBy: Map<string, { agent: Agent; sec: number }>;
  /** Tiers whose agent is Available or On Demand (exit_with_no_av_agents lets callers in while any is). */
  availableAgents: number;
  /**
   * Tiers whose agent could be offered a call but for its timers (agent-states' isOfferable), in no
   * order (each knows its place, `readyIndex`); `random` draws for them in this order. The dispatcher's
   * index (routing-index.ts) splits them into `eligible` and `held`.
   */
  ready: Tier[];
  /** Whether the dispatcher keeps the index below for it (routing-index.ts; a small queue is scanned). */
  indexed: boolean;
  /** The ready tiers whose agent's timers allow an offer: sorted in the order of `indexedAs`. */
  eligible: EligibleTiers;
  /** The ready tiers held back by their agent's timers: a binary heap by the time they clear. */
  held: Tier[];
  /** Tiers whose agent is not Logged Out (the candidate rows), sorted by level, position, creation. */
  visible: Tier[];
  /** The strategy `eligible` is sorted for; null before the first tier is indexed. */
  indexedAs: Strategy | null;
  /** The tier whose agent was offered a call last (round-robin's pointer, §4.8); null when none was. */
  lastOffered: Tier | null;
  /**
   * Its callers Waiting or Trying, in the order callers are served, but for those in `offered`: a pass
   * evaluates the Waiting ones, and the Trying ones under a ring strategy.
   */
  pending: Member[];
  /** Callers Trying under a hunting strategy (an offer under way) that a pass moved aside, in no order (each knows its place). */
  offered: Member[];
  /** Index in the world's list of queues with callers and ready tiers (the pass starts from them), or -1. */
  openIndex: number;
  /** Top-down or ring-progressively: its callers are evaluated in every pass (routing.ts). */
  special: boolean;
  /** Whether it has callers Waiting or Trying, as the world last saw. */
  hasCallers: boolean;
  /** Index in the world's heap of queues by the time their first held tier clears, or -1. */
  dueIndex: number;
  /** Dispatch-pass cache: whether any tier could be offered a call in pass `passId`. */
  passId: number;
  passHasContactable: boolean;
  /** What the dispatcher derives from the queue's config, and the config it was made from (routing.ts). */
  plan: RoutingPlan | null;
  planFor: QueueConfig | null;
}

/**
 * The prototype of every queue record (setup.ts makes the record and sets its prototype): its
 * configuration is an accessor over `configValue`, so that a change of strategy (a command's update)
 * reaches the world's list of queues the routing pass always looks at.
 */
export class QueueRecord {
  declare configValue: QueueConfig;
  declare readonly configChanged: (q: Queue) => void;

  get config(): QueueConfig {
    return this.configValue;
  }

  set config(config: QueueConfig) {
    this.configValue = config;
    this.configChanged(this as unknown as Queue);
  }
}

/**
 * The prototype of every agent record (setup.ts makes the record and sets its prototype): its
 * configuration is an accessor over `configValue`, so that a change of its timers (wrap_up_time, a
 * command's update) reaches the dispatcher's index of who may be offered a call.
 */
export class AgentRecord {
  declare configValue: AgentConfig;
  declare readonly configChanged: (a: Agent) => void;

  get config(): AgentConfig {
    return this.configValue;
  }

  set config(config: AgentConfig) {
    this.configValue = config;
    this.configChanged(this as unknown as Agent);
  }
}

/** What a queue or agent record holds besides its accessor (the prototype's). */
export type RecordFields<T, R> = Omit<T, 'config'> & Pick<R, Extract<keyof R, 'configValue' | 'configChanged'>>;

export interface Agent {
  readonly id: string;
  readonly index: number;
  name: string;
  number: string;
  type: 'local' | 'remote';
  status: AgentStatus;
  state: AgentState;
  config: AgentConfig;
  answer: AnswerSpec[];
  talkTime: Distribution;
  tiers: Tier[];
  /** Epoch seconds; 0 = never. */
  lastBridgeStart: number;
  lastBridgeEnd: number;
  /** Epoch second the wrap-up counts from: lastBridgeEnd, or 0 once the wrap-up was ended early. */
  wrapUpFrom: number;
  lastOfferedCall: number;
  lastOfferSeq: number;
  lastStatusChange: number;
  readyTime: number;
  /**
   * Virtual ms before which the agent is not offered again after a ring that failed the very instant
   * it was offered (mod_callcenter's next dispatcher tick, 100 ms later); 0 when none.
   */
  retryAfterT: number;
  noAnswerCount: number;
  callsAnswered: number;
  /** Seconds, mod_callcenter's talk_time counter. */
  talkTimeTotal: number;
  externalCalls: number;
  /** The agent's calls outside the queues (externalCalls of them), oldest first. */
  externals: ExternalLeg[];
  /** Offers received so far: the index into `answer`. */
  offers: number;
  statusAtOffer: AgentStatus;
  /** The ring in progress to this agent, if any. */
  leg: Leg | null;
  /** The queue call this agent is talking on, if any. */
  call: Call | null;
  /** Virtual ms of the last status / state change, for "time in state" views. */
  statusSinceT: number;
  stateSinceT: number;
  /** Virtual ms when the current wrap-up ends (null when not in wrap-up). */
  wrapUpEndT: number | null;
  /** Virtual ms the agent last left Logged Out; null while logged out. */
  loginT: number | null;
  /** A supervisor's block: the status to go back to on unblock; null when not blocked. */
  blockedFrom: AgentStatus | null;
  /** A rest asked for with approval (rest.ts); null when none. */
  rest: Rest | null;
  readonly answerStream: RandomStream;
  readonly talkStream: RandomStream;
}

/**
 * An agent's membership of a queue. Besides mod_callcenter's row (level, position, state) it carries the
 * dispatcher index's view of it (routing-index.ts): the strategy's sort keys as they were when the tier
 * was indexed, and where it is indexed. A change of level or position is reported to the world, which
 * re-indexes the tier.
 */
export class Tier {
  state: TierState = 'ready';
  /** An unjoined tier stays a member of the queue but is never offered its calls. */
  joined = true;
  /** Index in `queue.ready`, or -1. */
  readyIndex = -1;
  /** Where the index holds it: 0 nowhere, 1 in `queue.eligible`, 2 in `queue.held`. */
  place: 0 | 1 | 2 = 0;
  /** Its slot in `queue.held` and the virtual ms it is keyed by there (place 2). */
  heldIndex = -1;
  heldAt = 0;
  /** The level and the strategy's keys after it, as `queue.eligible` is sorted by them (place 1). */
  rankLevel = 0;
  rank1 = 0;
  rank2 = 0;
  rank3 = 0;
  /** Whether it is in `queue.visible`, and the level and position it is sorted by there. */
  visibleIn = false;
  visibleLevel = 0;
  visiblePosition = 0;
  private levelValue: number;
  private positionValue: number;

  constructor(
    readonly queue: Queue,
    readonly agent: Agent,
    level: number,
    position: number,
    readonly order: number,
    private readonly moved: (t: Tier) => void,
  ) {
    this.levelValue = level;
    this.positionValue = position;
  }

  get level(): number {
    return this.levelValue;
  }

  set level(level: number) {
    if (level === this.levelValue) return;
    this.levelValue = level;
    this.moved(this);
  }

  get position(): number {
    return this.positionValue;
  }

  set position(position: number) {
    if (position === this.positionValue) return;
    this.positionValue = position;
    this.moved(this);
  }
}

/** `gone` is a deleted row: the call ended after being answered, or an abandoned row was discarded. */
export type MemberState = 'waiting' | 'trying' | 'answered' | 'abandoned' | 'gone';

/** A caller in a queue (mod_callcenter's member row). */
export interface Member {
  readonly seq: number;
  call: Call;
  readonly queue: Queue;
  state: MemberState;
  /** The agent being offered to (hunting strategies) or who answered; null otherwise. */
  servingAgent: Agent | null;
  /** Epoch seconds, kept across a resume. */
  joinedSec: number;
  baseScore: number;
  /** base_score − joined_epoch: callers are served highest first. */
  sortKey: number;
  /** Virtual ms this session entered the queue (max_wait_time counts from here). */
  enteredT: number;
  legs: Leg[];
  /** The tier of the agent who answered. */
  bridgedTier: Tier | null;
  topDown: { level: number; position: number } | null;
  lastOriginatedSec: number | null;
  /** max_wait_time passed while an agent was ringing: leave when that ring fails. */
  timeoutPending: boolean;
  abandonedSec: number;
  enteredSec: number;
  patienceTimer: ScheduledEvent | null;
  maxWaitTimer: ScheduledEvent | null;
  noAgentTimer: ScheduledEvent | null;
  exitKeyTimer: ScheduledEvent | null;
  /** Whether the caller, not the agent, hangs up at the end of the conversation (drawn at arrival). */
  callerReleases: boolean;
  /** Which of its queue's lists holds it: 1 `pending`, 2 `offered` (at `listIndex`), 0 none: not routable (world.ts). */
  listed: 0 | 1 | 2;
  listIndex: number;
}

export interface Leg {
  readonly member: Member;
  readonly agent: Agent;
  readonly tier: Tier;
  readonly offer: Offer;
  outcome: ScheduledEvent | null;
  /** The ring has ended (answered or failed); a pending outcome for it is void. */
  done: boolean;
  /** What the agent will do when the outcome is due (scripted at offer time). */
  readonly result: 'answer' | RingFailCause;
}

/** An agent's call outside the queues: dialling out (the far end rings), or talking. */
export interface ExternalLeg {
  readonly call: Call;
  phase: 'dialing' | 'talking';
  sinceT: number;
  /** The next step: the far end answers or gives up (dialing), or the call ends (talking). */
  next: ScheduledEvent | null;
}

/**
 * Rest with approval (Huawei CC-CMS): `after_call` is granted and starts when the agent's calls end,
 * `queued` waits for a free place under the rest limit, `resting` is on break until `seconds` pass.
 */
export interface Rest {
  phase: 'after_call' | 'queued' | 'resting';
  requestedT: number;
  beginT: number | null;
  seconds: number;
  reason: string | null;
  /** The status to go back to when the rest ends. */
  statusBefore: AgentStatus;
  end: ScheduledEvent | null;
}

export interface Disposition {
  reason: WrapUpReason;
  by: 'agent' | 'client';
  comment: string | null;
  /** As the client gave it (ISO 8601), or null. */
  recallAt: string | null;
  recallComment: string | null;
}

export interface Hold {
  t: number;
  endT: number | null;
}

export type TransferTarget = { queue: string } | { number: string };

export interface Offer {
  agent: string;
  t: number;
  endT: number | null;
  outcome: 'answered' | RingFailCause | null;
  /** For `cancel`: lose_race, caller_left, status_change, tier_removed, strategy_change, agent_removed. */
  reason: string | null;
}

/** A finished or live call as plain data: what queries return and the views map. */
export interface CallRecord {
  id: string;
  seq: number;
  kind: 'queue' | 'external';
  direction: 'inbound' | 'outbound';
  queue: string | null;
  /** The remote party's number (the caller for inbound calls, the dialled number for outbound). */
  number: string;
  callerName: string;
  arrivedT: number;
  joinedT: number | null;
  offers: Offer[];
  answeredT: number | null;
  agent: string | null;
  agentNumber: string | null;
  leftQueueT: number | null;
  endedT: number | null;
  releasedBy: ReleasedBy | null;
  exitReason: ExitReason | null;
  wrapUpEndT: number | null;
  recorded: boolean;
  resumedFrom: string | null;
  disposition: Disposition | null;
  holds: Hold[];
  transferredTo: TransferTarget | null;
  transferredFrom: string | null;
  /**
   * A click-to-call (commands' callback): when the agent picked up its own phone's ring (null: not yet, or
   * never). Null (or absent, in records made by hand) for every other call.
   */
  callback?: { pickedUpT: number | null } | null;
  /** The how-manieth call to finish among those the world kept (0 first); null while live. */
  finishIndex: number | null;
}

/** How a call ended: answered, left the queue, or (a dial-out) never answered by the far end. */
export type ExitReason = 'answered' | LeaveReason | 'unanswered';

/** Makes call ids on demand and finds calls by id; picks the agent's wrap-up reason of a call. */
export interface CallIds {
  idFor(seq: number): string;
  register(id: string, call: Call): void;
  /** The reason the simulated agent gives call `seq`, a pure function of (seed, seq). */
  agentReasonFor(seq: number): WrapUpReason;
}

/**
 * A call, live or finished: everything the five views read. Times are virtual ms since the start.
 * Its id is made the first time it is read (a batch run without a log never needs one).
 */
export class Call {
  private idValue: string | null = null;
  private numberValue: string | null;
  private callerNameValue: string | null = null;
  joinedT: number | null = null;
  offers: Offer[] = [];
  answeredT: number | null = null;
  agent: string | null = null;
  agentNumber: string | null = null;
  leftQueueT: number | null = null;
  endedT: number | null = null;
  releasedBy: ReleasedBy | null = null;
  exitReason: ExitReason | null = null;
  wrapUpEndT: number | null = null;
  recorded = false;
  resumedFrom: string | null = null;
  /** The client's disposition (an API set it); the agent's own is made when read. */
  clientDisposition: Disposition | null = null;
  holds: Hold[] | null = null;
  transferredTo: TransferTarget | null = null;
  transferredFrom: string | null = null;
  /** A click-to-call: the agent's phone rang first; pickedUpT is when the agent answered it. */
  callback: { pickedUpT: number | null } | null = null;
  /** The caller's row while it is in a queue (waiting, ringing or talking); null otherwise. */
  member: Member | null = null;
  /** Index in the world's list of live calls; -1 once ended. */
  liveIndex = -1;
  /** The how-manieth call to finish (0 first) once the world keeps it as a record; -1 until then. */
  finishIndex = -1;
  /** The record of a call the world has finished, made once and frozen (see toRecord). */
  private finishedRecord: CallRecord | null = null;

  /**
   * `number` null means a generated number, the `numberIndex`-th of `numberSeed`, made when first read
   * (most batch runs never read it).
   */
  constructor(
    private readonly ids: CallIds,
    readonly seq: number,
    readonly kind: 'queue' | 'external',
    readonly direction: 'inbound' | 'outbound',
    public queue: string | null,
    number: string | null,
    public arrivedT: number,
    private readonly numberSeed: readonly number[] | null = null,
    private readonly numberIndex = 0,
  ) {
    this.numberValue = number;
  }

  /** The remote party's number (the caller for inbound calls, the dialled number for outbound). */
  get number(): string {
    if (this.numberValue === null) this.numberValue = phoneNumberAt(this.numberSeed ?? [0, 0], this.numberIndex);
    return this.numberValue;
  }

  /** The caller's name: its number unless one was given (caller ID without a name). */
  get callerName(): string {
    return this.callerNameValue ?? this.number;
  }

  set callerName(name: string) {
    this.callerNameValue = name;
  }

  get id(): string {
    if (this.idValue === null) {
      this.idValue = this.ids.idFor(this.seq);
      this.ids.register(this.idValue, this);
    }
    return this.idValue;
  }

  /** Whether the id has been made (handed out) yet. */
  get hasId(): boolean {
    return this.idValue !== null;
  }

  get live(): boolean {
    return this.endedT === null;
  }

  /**
   * The wrap-up result: the client's, else (once an answered call has ended) the simulated agent's pick
   * from the scenario's weights. The pick depends on (seed, call) alone, so a batch run never makes it.
   */
  get disposition(): Disposition | null {
    if (this.clientDisposition) return this.clientDisposition;
    if (this.answeredT === null || this.endedT === null || this.agent === null) return null;
    return { reason: this.ids.agentReasonFor(this.seq), by: 'agent', comment: null, recallAt: null, recallComment: null };
  }

  /**
   * The call as plain data. A finished call's record is made once, frozen and shared by every reader (a
   * long history is read again and again); `changed()` drops it when a finished call changes still.
   */
  toRecord(): CallRecord {
    if (this.finishedRecord) return this.finishedRecord;
    const record = this.makeRecord();
    if (this.finishIndex >= 0) this.finishedRecord = deepFreeze(record);
    return record;
  }

  /** Called where a finished call still changes: a client's disposition, its wrap-up ended early, its finish. */
  changed(): void {
    this.finishedRecord = null;
  }

  private makeRecord(): CallRecord {
    return {
      id: this.id,
      seq: this.seq,
      kind: this.kind,
      direction: this.direction,
      queue: this.queue,
      number: this.number,
      callerName: this.callerName,
      arrivedT: this.arrivedT,
      joinedT: this.joinedT,
      offers: this.offers.map((o) => ({ ...o })),
      answeredT: this.answeredT,
      agent: this.agent,
      agentNumber: this.agentNumber,
      leftQueueT: this.leftQueueT,
      endedT: this.endedT,
      releasedBy: this.releasedBy,
      exitReason: this.exitReason,
      wrapUpEndT: this.wrapUpEndT,
      recorded: this.recorded,
      resumedFrom: this.resumedFrom,
      disposition: this.disposition ? { ...this.disposition } : null,
      holds: this.holds ? this.holds.map((h) => ({ ...h })) : [],
      transferredTo: this.transferredTo ? { ...this.transferredTo } : null,
      transferredFrom: this.transferredFrom,
      callback: this.callback ? { ...this.callback } : null,
      finishIndex: this.finishIndex < 0 ? null : this.finishIndex,
    };
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
