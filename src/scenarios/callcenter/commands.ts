/**
 * The one write path into the world from outside the call flow: the scenario timeline, /__admin and
 * every API view change the call center through these commands. Each validates everything first and
 * throws a DomainError before changing anything, so a bad request never leaves a half-applied change.
 */
import { AGENT_STATUSES, type AgentState, type AgentStatus } from './agent-states.js';
import { armQueueTimers, arrive, hangUp, leave, queueLostAgents, ringFailed, strategyChanged } from './call-flow.js';
import { blockAgent, setAgentState, setAgentStatus, unblockAgent } from './agent-control.js';
import { holdCall, onHold, resumeCall, setDisposition, transferCall } from './call-control.js';
import { callback, dialOut, dialOutRefusal, startExternalCall } from './external-calls.js';
import { cancelRest, requestRest } from './rest.js';
import { WRAP_UP_REASONS, type WrapUpReason } from '../scenario.js';
import { conflict, invalid, notFound } from './errors.js';
import type { Agent, AnswerSpec, Call, Queue, Rest, Tier, TransferTarget } from './model.js';
import { addAgent, addQueue } from './setup.js';
import type { Distribution } from '../kernel/distributions.js';
import { DEFAULT_AGENT_CONFIG, DEFAULT_QUEUE_CONFIG, isRingStrategy, STRATEGIES, withQueueRules, type AgentConfig, type QueueConfig } from './queue-config.js';
import type { World } from './world.js';
import { phoneNumberFrom } from '../kernel/rng.js';

export interface InjectCaller {
  queue: string;
  number?: string | null;
  /** Seconds before the caller hangs up; absent or null waits forever. */
  patience?: number | null;
  baseScore?: number;
  releasesFirst?: number;
}

type FieldCheck = (v: unknown) => string | null;
const nonNegativeInt: FieldCheck = (v) => (Number.isInteger(v) && (v as number) >= 0 ? null : 'a non-negative integer');
const bool: FieldCheck = (v) => (typeof v === 'boolean' ? null : 'a boolean');
const nullableString: FieldCheck = (v) => (v === null || typeof v === 'string' ? null : 'a string or null');
const oneOf = (...values: readonly (string | null)[]): FieldCheck => (v) => (values.includes(v as string) ? null : `one of ${values.map((x) => JSON.stringify(x)).join(', ')}`);

const QUEUE_FIELDS: Record<keyof QueueConfig, FieldCheck> = {
  agent_announce_sound: nonNegativeInt,
  agent_hangup_action: oneOf(null, 'transfer', 'quality_rate'),
  agent_hangup_transfer_dst: nullableString,
  agent_report_wait_time: bool,
  announce_frequency: nonNegativeInt,
  announce_sound: nonNegativeInt,
  append_to_cid_name_on_transfer: nullableString,
  exit_key: (v) => (v === null || (typeof v === 'string' && /^[0-9*#]$/.test(v)) ? null : 'a single digit, * or #, or null'),
  exit_transfer_dst: nullableString,
  exit_with_no_av_agents: bool,
  max_wait_time: nonNegativeInt,
  max_wait_time_with_no_agent: nonNegativeInt,
  no_agent_timeout_transfer_dst: nullableString,
  position_announce_frequency: nonNegativeInt,
  quality_rate_finish_sound: nonNegativeInt,
  quality_rate_max: nonNegativeInt,
  quality_rate_sound: nonNegativeInt,
  record_enabled: bool,
  skip_busy_agents: bool,
  sound: (v) => (v === null ? null : nonNegativeInt(v)),
  sound_type: oneOf('music', 'ring'),
  start_sound: nonNegativeInt,
  strategy: oneOf(...STRATEGIES),
  tier_rule_wait_multiply_level: bool,
  tier_rule_wait_second: nonNegativeInt,
  tier_rules_apply: bool,
  timeout_transfer_dst: nullableString,
  try_same_agent_time: (v) => (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 2_592_000 ? null : 'an integer from 0 to 2592000'),
  vm_attach_file: bool,
  vm_enabled: bool,
  vm_greeting: nonNegativeInt,
  vm_mailto: nullableString,
  tier_rule_no_agent_no_wait: bool,
  max_wait_time_with_no_agent_time_reached: nonNegativeInt,
  ring_progressively_delay: nonNegativeInt,
  discard_abandoned_after: nonNegativeInt,
  abandoned_resume_allowed: bool,
  time_base_score: oneOf('queue', 'system'),
  agent_no_answer_status: oneOf(...AGENT_STATUSES),
};

/** Checks a partial configuration against its field checks; throws naming the first bad field. */
function checkPatch<T>(fields: Record<string, FieldCheck>, what: string, patch: unknown): Partial<T> {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw invalid(`the ${what} parameters must be a mapping`, null);
  for (const [key, value] of Object.entries(patch)) {
    const check = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (!check) throw invalid(`unknown ${what} parameter '${key}'`, key, 'parameter.unknown');
    const expected = check(value);
    if (expected) throw invalid(`'${key}' must be ${expected}`, key);
  }
  return patch as Partial<T>;
}

/** Checks a partial queue configuration; returns it typed, or throws naming the first bad field. */
export function checkQueuePatch(patch: unknown): Partial<QueueConfig> {
  return checkPatch<QueueConfig>(QUEUE_FIELDS, 'queue', patch);
}

export class CallCenterCommands {
  constructor(private readonly w: World) {}

  agent(id: string): Agent {
    const a = this.w.agents.get(id);
    if (!a) throw notFound('agent', id, 'agent');
    return a;
  }

  queue(id: string): Queue {
    const q = this.w.queues.get(id);
    if (!q) throw notFound('queue', id, 'queue');
    return q;
  }

  /** Returns false when the agent already had that status. A blocked agent can only be logged out. */
  setAgentStatus(agentId: string, status: string): boolean {
    const a = this.agent(agentId);
    if (!(AGENT_STATUSES as readonly string[]).includes(status)) throw invalid(`status must be one of ${AGENT_STATUSES.join(', ')}`, 'status');
    if (a.blockedFrom !== null && status !== 'logged_out' && status !== a.status) throw conflict('agent.blocked', `agent '${agentId}' is blocked by a supervisor`, 'status');
    return setAgentStatus(this.w, a, status as AgentStatus);
  }

  blockAgent(agentId: string): void {
    const a = this.agent(agentId);
    if (a.blockedFrom !== null) throw conflict('agent.already_blocked', `agent '${agentId}' is already blocked`, 'agent');
    blockAgent(this.w, a);
  }

  unblockAgent(agentId: string): void {
    const a = this.agent(agentId);
    if (a.blockedFrom === null) throw conflict('agent.not_blocked', `agent '${agentId}' is not blocked`, 'agent');
    unblockAgent(this.w, a);
  }

  /** Rest with approval (rest.ts); returns where the request stands. */
  requestRest(agentId: string, seconds: number, reason: string | null = null): Rest['phase'] {
    const a = this.agent(agentId);
    if (!(Number.isInteger(seconds) && seconds > 0 && seconds <= 86_400)) throw invalid('seconds must be a whole number from 1 to 86400', 'seconds');
    if (reason !== null && typeof reason !== 'string') throw invalid('reason must be a string', 'reason');
    if (a.status === 'logged_out') throw conflict('agent.logged_out', `agent '${agentId}' is logged out`, 'agent');
    if (a.blockedFrom !== null) throw conflict('agent.blocked', `agent '${agentId}' is blocked by a supervisor`, 'agent');
    if (a.rest !== null) throw conflict('agent.rest_requested', `agent '${agentId}' has already asked for rest (${a.rest.phase.replace('_', ' ')})`, 'agent');
    return requestRest(this.w, a, seconds, reason);
  }

  cancelRest(agentId: string): void {
    const a = this.agent(agentId);
    if (a.rest === null) throw conflict('agent.no_rest', `agent '${agentId}' has not asked for rest`, 'agent');
    cancelRest(this.w, a);
  }

  /** Only Waiting and Idle can be set from outside; ringing and talking belong to the call flow. */
  setAgentState(agentId: string, state: string): void {
    const a = this.agent(agentId);
    if (state !== 'waiting' && state !== 'idle') throw invalid('state must be waiting or idle', 'state');
    if (a.state === 'receiving' || a.state === 'in_queue_call') throw conflict('agent.busy', `agent '${agentId}' is ${a.state.replace(/_/g, ' ')}`, 'state');
    setAgentState(this.w, a, state as AgentState);
  }

  injectCaller(req: InjectCaller): Call {
    if (req === null || typeof req !== 'object') throw invalid('a caller must be a mapping with a queue', null);
    const q = this.queue(req.queue);
    if (req.number !== undefined && req.number !== null && (typeof req.number !== 'string' || req.number.length === 0)) throw invalid('number must be a non-empty string', 'number');
    // At most 100 years, as any scenario duration: the patience timer must be a time the scheduler can hold.
    if (req.patience !== undefined && req.patience !== null && !(typeof req.patience === 'number' && req.patience >= 0 && req.patience <= 3_155_760_000)) throw invalid('patience must be a number of seconds from 0 to 3155760000 (100 years)', 'patience');
    if (req.baseScore !== undefined && !Number.isSafeInteger(req.baseScore)) throw invalid('baseScore must be an integer', 'baseScore');
    if (req.releasesFirst !== undefined && !(typeof req.releasesFirst === 'number' && req.releasesFirst >= 0 && req.releasesFirst <= 1)) throw invalid('releasesFirst must be a probability from 0 to 1', 'releasesFirst');
    const number = req.number ?? this.generatedNumber();
    return arrive(this.w, q, {
      number,
      numberSeed: null,
      numberIndex: 0,
      baseScore: req.baseScore ?? 0,
      timeInSystemSec: 0,
      patienceSec: req.patience ?? null,
      exitKeyAfterSec: null,
      releasesFirst: req.releasesFirst ?? 0.5,
      releaseDraw: this.w.rng.stream('callers:commands').next(),
    });
  }

  startExternalCall(agentId: string, seconds: number, direction: Call['direction'] = 'outbound', number: string | null = null): Call {
    const a = this.agent(agentId);
    if (!(typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0)) throw invalid('seconds must be a positive number', 'seconds');
    if (direction !== 'inbound' && direction !== 'outbound') throw invalid('direction must be inbound or outbound', 'direction');
    if (number !== null) checkNumber(number);
    return startExternalCall(this.w, a, seconds, direction, number ?? this.generatedNumber());
  }

  /**
   * The agent dials a number: a signed-in agent only (it may be on break, as for a callback) whose phone
   * has a free line (external-calls.ts dialOutRefusal: no ring, no call it talks on, no dial-out ringing).
   */
  dialOut(agentId: string, number: string): Call {
    const a = this.agent(agentId);
    checkNumber(number);
    if (a.status === 'logged_out') throw conflict('agent.logged_out', `agent '${agentId}' is logged out`, 'agent');
    const busy = dialOutRefusal(a);
    if (busy) throw busy;
    return dialOut(this.w, a, number);
  }

  /**
   * A click-to-call (Telphin's callback): the agent's phone rings first and the agent picks up after
   * `pickupAfter` seconds (default 1), unless the PBX stops waiting first (`waitForPickup`, default 30);
   * then the number is dialled as by dialOut. `maxTalk` (seconds) cuts the conversation short. The agent
   * must be signed in with a free line, as for dialOut.
   */
  callback(agentId: string, number: string, options: { pickupAfter?: number; waitForPickup?: number; maxTalk?: number | null } = {}): Call {
    const a = this.agent(agentId);
    checkNumber(number);
    const pickupAfter = options.pickupAfter ?? 1;
    const waitForPickup = options.waitForPickup ?? 30;
    const maxTalk = options.maxTalk ?? null;
    const seconds = (v: unknown, positive: boolean) => typeof v === 'number' && Number.isFinite(v) && (positive ? v > 0 : v >= 0) && v <= 3_155_760_000;
    if (!seconds(pickupAfter, false)) throw invalid('pickupAfter must be a number of seconds from 0 to 3155760000 (100 years)', 'pickupAfter');
    if (!seconds(waitForPickup, true)) throw invalid('waitForPickup must be a number of seconds above 0, at most 3155760000 (100 years)', 'waitForPickup');
    if (maxTalk !== null && !seconds(maxTalk, true)) throw invalid('maxTalk must be a number of seconds above 0, at most 3155760000 (100 years), or null', 'maxTalk');
    if (a.status === 'logged_out') throw conflict('agent.logged_out', `agent '${agentId}' is logged out`, 'agent');
    const busy = dialOutRefusal(a);
    if (busy) throw busy;
    return callback(this.w, a, number, pickupAfter, waitForPickup, maxTalk);
  }

  /** Ends any live call: a queue caller leaves, a conversation or an external call ends. */
  hangUp(callId: string): void {
    hangUp(this.w, this.liveCall(callId));
  }

  holdCall(callId: string): void {
    const call = this.talkingCall(callId);
    if (onHold(call)) throw conflict('call.on_hold', `call '${callId}' is already on hold`, 'call');
    holdCall(this.w, call);
  }

  resumeCall(callId: string): void {
    const call = this.talkingCall(callId);
    if (!onHold(call)) throw conflict('call.not_on_hold', `call '${callId}' is not on hold`, 'call');
    resumeCall(this.w, call);
  }

  /** Unattended transfer of a call an agent is talking on, to a queue or an outside number. */
  transferCall(callId: string, target: TransferTarget): Call | null {
    const call = this.talkingCall(callId);
    if (target === null || typeof target !== 'object') throw invalid('the target must be a queue or a number', 'target');
    const hasQueue = 'queue' in target && target.queue !== undefined;
    const hasNumber = 'number' in target && target.number !== undefined;
    if (hasQueue === hasNumber) throw invalid('the target must be exactly one of a queue or a number', 'target');
    const queue = hasQueue ? this.queue((target as { queue: string }).queue) : null;
    if (hasNumber) checkNumber((target as { number: string }).number);
    const agent = this.agent(call.agent as string);
    return transferCall(this.w, call, agent, hasQueue ? { queue: (target as { queue: string }).queue } : { number: (target as { number: string }).number }, queue);
  }

  /** The wrap-up result of an answered call; ends its agent's wrap-up if that is still going. */
  setDisposition(callId: string, d: { reason: string; comment?: string | null; recallAt?: string | null; recallComment?: string | null }): void {
    const call = this.w.callById(callId);
    if (!call) throw notFound('call', callId, 'call');
    if (call.answeredT === null || call.agent === null) throw conflict('call.not_answered', `call '${callId}' was not answered by an agent`, 'call');
    if (!(WRAP_UP_REASONS as readonly string[]).includes(d.reason)) throw invalid(`reason must be one of ${WRAP_UP_REASONS.join(', ')}`, 'reason');
    for (const key of ['comment', 'recallAt', 'recallComment'] as const) {
      const v = d[key];
      if (v !== undefined && v !== null && typeof v !== 'string') throw invalid(`${key} must be a string or null`, key);
    }
    if (d.recallAt && Number.isNaN(Date.parse(d.recallAt))) throw invalid('recallAt must be an ISO 8601 date-time', 'recallAt');
    setDisposition(this.w, call, { reason: d.reason as WrapUpReason, comment: d.comment ?? null, recallAt: d.recallAt ?? null, recallComment: d.recallComment ?? null });
  }

  /** An unjoined tier stays in the queue but is never offered its calls. */
  setTierJoined(queueId: string, agentId: string, joined: boolean): Tier {
    const t = this.tier(queueId, agentId);
    if (typeof joined !== 'boolean') throw invalid('joined must be a boolean', 'joined');
    if (t.joined === joined) return t;
    t.joined = joined;
    if (!joined && t.agent.leg && t.agent.leg.tier === t) ringFailed(this.w, t.agent.leg, 'cancel', 'unjoined');
    this.w.syncTier(t);
    if (this.w.logs()) this.w.emit('tier.updated', { queue: queueId, agent: agentId, joined });
    this.w.markDirty();
    return t;
  }

  private liveCall(callId: string): Call {
    const call = typeof callId === 'string' ? this.w.callById(callId) : undefined;
    if (!call || !call.live) throw notFound('live call', String(callId), 'call');
    return call;
  }

  /** A live call an agent is talking on (answered, not yet ended). */
  private talkingCall(callId: string): Call {
    const call = this.liveCall(callId);
    if (call.answeredT === null || call.agent === null) throw conflict('call.not_connected', `call '${callId}' is not connected to an agent`, 'call');
    return call;
  }

  updateQueue(queueId: string, patch: Record<string, unknown>): QueueConfig {
    const q = this.queue(queueId);
    const checked = checkQueuePatch(patch);
    const before = q.config;
    q.config = withQueueRules({ ...before, ...checked });
    strategyChanged(this.w, q, before.strategy);
    for (const t of q.tiers) this.w.syncTier(t);
    for (const m of this.w.routable.filter((x) => x.queue === q)) armQueueTimers(this.w, m);
    if (this.w.logs()) this.w.emit('queue.updated', { queue: q.id, fields: Object.keys(checked) });
    this.w.markDirty();
    return q.config;
  }

  tier(queueId: string, agentId: string): Tier {
    const q = this.queue(queueId);
    const a = this.agent(agentId);
    const t = q.tiers.find((x) => x.agent === a);
    if (!t) throw notFound('tier', `${queueId}/${agentId}`, 'agent');
    return t;
  }

  addTier(queueId: string, agentId: string, level = 0, position = 0): Tier {
    const q = this.queue(queueId);
    const a = this.agent(agentId);
    checkLevelPosition(level, position);
    if (q.tiers.some((t) => t.agent === a)) throw conflict('tier.exists', `agent '${agentId}' is already in queue '${queueId}'`, 'agent');
    const t = this.w.addTier(q, a, level, position);
    if (this.w.logs()) this.w.emit('tier.added', { queue: q.id, agent: a.id, level, position });
    this.w.markDirty();
    return t;
  }

  updateTier(queueId: string, agentId: string, change: { level?: number; position?: number }): Tier {
    const t = this.tier(queueId, agentId);
    checkLevelPosition(change.level ?? t.level, change.position ?? t.position);
    t.level = change.level ?? t.level;
    t.position = change.position ?? t.position;
    if (this.w.logs()) this.w.emit('tier.updated', { queue: queueId, agent: agentId, level: t.level, position: t.position });
    this.w.markDirty();
    return t;
  }

  removeTier(queueId: string, agentId: string): void {
    const t = this.tier(queueId, agentId);
    const a = t.agent;
    if (a.leg && a.leg.tier === t) ringFailed(this.w, a.leg, 'cancel', 'tier_removed');
    this.w.removeTier(t);
    if (this.w.logs()) this.w.emit('tier.removed', { queue: queueId, agent: agentId });
    if (t.queue.visibleAgents === 0 && a.status !== 'logged_out') queueLostAgents(this.w, t.queue);
    this.w.markDirty();
  }

  /** A new queue with seed 001's defaults for what `config` leaves out. */
  createQueue(id: string, name: string | null = null, config: Record<string, unknown> = {}): Queue {
    checkId(id, 'queue');
    if (this.w.queues.has(id)) throw conflict('queue.exists', `queue '${id}' already exists`, 'id');
    const checked = checkQueuePatch(config);
    const q = addQueue(this.w, { id, name: name ?? id, config: withQueueRules({ ...DEFAULT_QUEUE_CONFIG, ...checked }) });
    if (this.w.logs()) this.w.emit('queue.created', { queue: id });
    return q;
  }

  /** Removes a queue: its waiting callers are sent away (break_out), its tiers go. */
  removeQueue(id: string): void {
    const q = this.queue(id);
    for (const m of this.w.routable.filter((x) => x.queue === q)) leave(this.w, m, 'break_out');
    for (const t of q.tiers.slice()) {
      if (t.agent.leg && t.agent.leg.tier === t) ringFailed(this.w, t.agent.leg, 'cancel', 'tier_removed');
      this.w.removeTier(t);
    }
    this.w.removeQueue(q);
    if (this.w.logs()) this.w.emit('queue.removed', { queue: id });
    this.w.markDirty();
  }

  /** A new agent (status logged_out unless given, as mod_callcenter creates agents). */
  createAgent(spec: NewAgent): Agent {
    checkId(spec.id, 'agent');
    if (this.w.agents.has(spec.id)) throw conflict('agent.exists', `agent '${spec.id}' already exists`, 'id');
    const config = checkAgentPatch({ ...DEFAULT_AGENT_CONFIG, ...(spec.config ?? {}) });
    const status = spec.status ?? 'logged_out';
    if (!(AGENT_STATUSES as readonly string[]).includes(status)) throw invalid(`status must be one of ${AGENT_STATUSES.join(', ')}`, 'status');
    if (spec.type !== undefined && spec.type !== 'local' && spec.type !== 'remote') throw invalid('type must be local or remote', 'type');
    const a = addAgent(this.w, {
      id: spec.id,
      name: spec.name ?? null,
      number: spec.number ?? null,
      type: spec.type ?? 'local',
      status: status as AgentStatus,
      config: config as AgentConfig,
      answer: spec.answer ?? [{ kind: 'answer', after: 0, probability: 1, otherwise: { kind: 'never' } }],
      talkTime: spec.talkTime ?? { distribution: 'exponential', mean: 180 },
      tiers: [],
      history: { lastBridgeEndMs: null, callsAnswered: 0, talkTime: 0 },
    });
    if (this.w.logs()) this.w.emit('agent.created', { agent: a.id, status: a.status });
    return a;
  }

  /** Changes an agent's name, number or timers; the status goes through setAgentStatus. */
  updateAgent(id: string, change: { name?: string; number?: string; config?: Record<string, unknown> }): Agent {
    const a = this.agent(id);
    if (change.name !== undefined && typeof change.name !== 'string') throw invalid('name must be a string', 'name');
    if (change.number !== undefined && (typeof change.number !== 'string' || change.number.length === 0)) throw invalid('number must be a non-empty string', 'number');
    const config = change.config ? checkAgentPatch(change.config) : {};
    if (change.name !== undefined) a.name = change.name;
    if (change.number !== undefined) a.number = change.number;
    a.config = { ...a.config, ...config };
    if (this.w.logs()) this.w.emit('agent.updated', { agent: a.id });
    this.w.markDirty();
    return a;
  }

  /**
   * Removes an agent. With `removeFromQueues` false an agent still in a queue is a conflict (Telphin's
   * remove_from_queues). A ring to it is cancelled; a conversation is ended by the system.
   */
  removeAgent(id: string, removeFromQueues = true): void {
    const a = this.agent(id);
    if (!removeFromQueues && a.tiers.length > 0) throw conflict('agent.in_queue', `agent '${id}' is in queue ${a.tiers.map((t) => `'${t.queue.id}'`).join(', ')}`, 'remove_from_queues');
    if (a.leg) ringFailed(this.w, a.leg, 'cancel', 'agent_removed');
    if (a.call) {
      const m = a.call.member;
      if (m) hangUp(this.w, m.call);
    }
    setAgentStatus(this.w, a, 'logged_out', 'agent_removed');
    for (const t of a.tiers.slice()) this.w.removeTier(t);
    this.w.agents.delete(id);
    if (this.w.logs()) this.w.emit('agent.removed', { agent: id });
    this.w.markDirty();
  }

  private generatedNumber(): string {
    return phoneNumberFrom(this.w.rng.stream('numbers:commands'));
  }
}

export interface NewAgent {
  id: string;
  name?: string | null;
  number?: string | null;
  type?: 'local' | 'remote';
  status?: string;
  config?: Record<string, unknown>;
  answer?: AnswerSpec[];
  talkTime?: Distribution;
}

const AGENT_FIELDS: Record<keyof AgentConfig, FieldCheck> = {
  call_timeout: nonNegativeInt,
  wrap_up_time: nonNegativeInt,
  busy_delay_time: nonNegativeInt,
  reject_delay_time: nonNegativeInt,
  no_answer_delay_time: nonNegativeInt,
  max_no_answer: nonNegativeInt,
};

/** Checks a partial agent configuration; returns it typed, or throws naming the first bad field. */
export function checkAgentPatch(patch: unknown): Partial<AgentConfig> {
  return checkPatch<AgentConfig>(AGENT_FIELDS, 'agent', patch);
}

function checkNumber(number: unknown): void {
  if (typeof number !== 'string' || !/^\+?[0-9*#]{1,32}$/.test(number)) throw invalid('number must be a phone number: digits, * or #, with an optional leading +', 'number');
}

function checkId(id: unknown, what: string): void {
  if (typeof id !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.@*-]{0,63}$/.test(id)) throw invalid(`${what} id must be 1–64 letters, digits, '_', '.', '@', '*' or '-'`, 'id');
}

function checkLevelPosition(level: unknown, position: unknown): void {
  if (!Number.isInteger(level) || (level as number) < 0) throw invalid('level must be a non-negative integer', 'level');
  if (!Number.isInteger(position) || (position as number) < 0) throw invalid('position must be a non-negative integer', 'position');
}
