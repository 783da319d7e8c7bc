/**
 * Engine views → ECSS DTOs, as plain attribute maps (pure functions, so a cross-view test can call them
 * on the world's records without a server): history entries of an operator (`operatorHistory`) and of
 * the supervisor (`supervisorHistory`), an operator's info, a conversation, and the ARM time format.
 * Which entries exist and how they read is decided here from the records; filtering and paging are in
 * history.ts, XML in xml.ts.
 */
import type { AgentView } from '../../scenarios/callcenter/queries.js';
import type { CallRecord, Offer, TransferTarget } from '../../scenarios/callcenter/model.js';

export type Direction = 'in' | 'out';
export type ReleaseReason = 'released_by_a' | 'released_by_b' | 'released_by_system';

/** One side of a call: the calling party (A) or the called one (B). `agentId` is an operator id or null. */
export interface Side {
  digits: string;
  name: string;
  agentId: string | null;
  /** The queues (agent groups) of that operator now; none for a remote party. */
  groups: readonly string[];
}

/** One history line before it is rendered: what filters and paging read. */
export interface HistoryEntry {
  ref: string;
  /** Sort key: newest first by start, then call order, then part. */
  startMs: number;
  seq: number;
  part: number;
  direction: Direction;
  queueId: string;
  a: Side;
  b: Side;
  complete: boolean;
  attrs: Record<string, string>;
  urls: string[];
}

/** Epoch ms → `YYYY/MM/DD HH:mm:ss` in UTC (ccsim's ECSS server clock is UTC). */
export function armTime(epochMs: number): string {
  const d = new Date(epochMs);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** `YYYY/MM/DD HH:mm:ss` or `YYYY/MM/DD` (UTC) → epoch ms, or null when it is not one. */
export function parseArmTime(text: string, endOfDay = false): number | null {
  const m = /^(\d{4})\/(\d{2})\/(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [h, mi, s] = m[4] ? [Number(m[4]), Number(m[5]), Number(m[6])] : endOfDay ? [23, 59, 59] : [0, 0, 0];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  // Date.UTC rolls 2020/02/31 over to March; a date that does not round-trip is not a date.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return ms;
}

const sec = (epochMs: number) => Math.floor(epochMs / 1000);

/** Who ended it, as ECSS names the sides: the remote party is A on inbound calls and B on outbound. */
export function releaseReason(releasedBy: CallRecord['releasedBy'], direction: Direction): ReleaseReason {
  if (releasedBy === 'caller') return direction === 'in' ? 'released_by_a' : 'released_by_b';
  if (releasedBy === 'agent') return direction === 'in' ? 'released_by_b' : 'released_by_a';
  return 'released_by_system';
}

/** A ring the operator did not answer: declined by the operator (B), given up by the caller (A), else the system. */
function missedReason(offer: Offer, call: CallRecord): ReleaseReason {
  if (offer.outcome === 'busy' || offer.outcome === 'reject') return 'released_by_b';
  if (offer.outcome === 'cancel' && offer.reason === 'caller_left' && call.releasedBy === 'caller') return 'released_by_a';
  return 'released_by_system';
}

/** Held whole seconds within [fromMs, toMs] (virtual ms), for `duration` = talk without hold. */
function heldSeconds(call: CallRecord, toT: number): number {
  let held = 0;
  for (const h of call.holds) held += Math.max(0, Math.round(((h.endT ?? toT) - h.t) / 1000));
  return held;
}

export interface Lookup {
  startMs: number;
  /** Operator id (agent number) and groups of a world agent id, or null when it is gone. */
  operator(agentId: string): { id: string; name: string; groups: readonly string[] } | null;
  /** Recording URL of a recorded call. */
  recordUrl(call: CallRecord): string;
}

function remoteSide(call: Pick<CallRecord, 'number' | 'callerName'>): Side {
  return { digits: call.number, name: call.callerName, agentId: null, groups: [] };
}

interface Times {
  startMs: number;
  answerMs: number | null;
  releaseMs: number;
}

function durations(t: Times, held: number): Record<string, string> {
  const start = sec(t.startMs);
  const release = sec(t.releaseMs);
  const answer = t.answerMs === null ? null : sec(t.answerMs);
  const talk = answer === null ? 0 : release - answer;
  return {
    duration: String(Math.max(0, talk - held)),
    total_duration: String(release - start),
    waiting_duration: String((answer ?? release) - start),
    talk_duration: String(talk),
  };
}

/** The operator whose history a line is in: the world agent and what ARM shows of it now. */
export interface HistoryOperator {
  /** The world's agent id. */
  agent: string;
  number: string;
  name: string;
  /** The operator id (its number) and groups, as `Lookup.operator` gives them. */
  id: string;
  groups: readonly string[];
}

/**
 * An operator's own history (operator_call_history): the queue calls it answered and its external calls,
 * one line each, and one line per ring it did not answer (incomplete: no answer_time, talk 0). Live
 * calls are not history yet. Start is when the call began (arrival, or dialling for an outbound call).
 */
export function operatorHistory(calls: readonly CallRecord[], agent: AgentView, look: Lookup): HistoryEntry[] {
  const me = look.operator(agent.id);
  if (!me) return [];
  const op: HistoryOperator = { agent: agent.id, number: agent.number, name: agent.name, id: me.id, groups: me.groups };
  return calls.flatMap((call) => operatorLines(call, op, look));
}

/** The lines one call gives an operator's history: each ring it missed, then its own conversation once ended. */
export function operatorLines(call: CallRecord, op: HistoryOperator, look: Lookup): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  const direction: Direction = call.direction === 'inbound' ? 'in' : 'out';
  const [a, b] = operatorSides(call, op);
  const base = {
    call_record: call.recorded && call.agent === op.agent ? look.recordUrl(call) : '',
    direction,
    display_name: op.name,
    digits: op.number,
    remote_display_name: call.callerName,
    remote_digits: call.number,
    remote_agent_id: '',
  };
  const startMs = look.startMs + call.arrivedT;
  call.offers.forEach((offer, i) => {
    if (offer.agent !== op.agent || offer.outcome === 'answered' || offer.outcome === null || offer.endT === null) return;
    const times = { startMs, answerMs: null, releaseMs: look.startMs + offer.endT };
    out.push({
      ref: `${call.id}#${i + 1}`,
      startMs,
      seq: call.seq,
      part: i + 1,
      direction,
      queueId: call.queue ?? '',
      a,
      b,
      complete: false,
      urls: [],
      attrs: {
        call_ref: `${call.id}#${i + 1}`,
        start_time: armTime(times.startMs),
        answer_time: '',
        release_time: armTime(times.releaseMs),
        ...durations(times, 0),
        queue_id: call.queue ?? '',
        ...base,
        call_record: '',
        release_reason: missedReason(offer, call),
      },
    });
  });
  if (call.agent !== op.agent || call.endedT === null) return out;
  const answered = call.answeredT !== null;
  const times = { startMs, answerMs: answered ? look.startMs + (call.answeredT as number) : null, releaseMs: look.startMs + call.endedT };
  out.push({
    ref: call.id,
    startMs,
    seq: call.seq,
    part: call.offers.length + 1,
    direction,
    queueId: call.queue ?? '',
    a,
    b,
    complete: answered,
    urls: base.call_record ? [base.call_record] : [],
    attrs: {
      call_ref: call.id,
      start_time: armTime(times.startMs),
      answer_time: times.answerMs === null ? '' : armTime(times.answerMs),
      release_time: armTime(times.releaseMs),
      ...durations(times, heldSeconds(call, call.endedT)),
      queue_id: call.queue ?? '',
      ...base,
      release_reason: releaseReason(call.releasedBy, direction),
    },
  });
  return out;
}

/**
 * The supervisor's history (call_history): every finished call once, side A the calling party and B the
 * called one; a queue call nobody answered has an empty B. `distribution_time` is the first ring to an
 * operator, `agent_answer_time` when one answered.
 */
export function supervisorHistory(calls: readonly CallRecord[], look: Lookup): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  for (const call of calls) {
    const line = supervisorLine(call, look);
    if (line) out.push(line);
  }
  return out;
}

/** A finished call's line in the supervisor's history; null while it is live. */
export function supervisorLine(call: CallRecord, look: Lookup): HistoryEntry | null {
  if (call.endedT === null) return null;
  const direction: Direction = call.direction === 'inbound' ? 'in' : 'out';
  const [a, b] = supervisorSides(call, look);
  const startMs = look.startMs + call.arrivedT;
  const answered = call.answeredT !== null;
  const times = { startMs, answerMs: answered ? look.startMs + (call.answeredT as number) : null, releaseMs: look.startMs + call.endedT };
  const firstOffer = call.offers[0];
  const url = call.recorded ? look.recordUrl(call) : '';
  return {
    ref: call.id,
    startMs,
    seq: call.seq,
    part: 0,
    direction,
    queueId: call.queue ?? '',
    a,
    b,
    complete: answered,
    urls: url ? [url] : [],
    attrs: {
      call_ref: call.id,
      start_time: armTime(times.startMs),
      distribution_time: firstOffer ? armTime(look.startMs + firstOffer.t) : '',
      agent_answer_time: answered && call.kind === 'queue' ? armTime(times.answerMs as number) : '',
      answer_time: times.answerMs === null ? '' : armTime(times.answerMs),
      release_time: armTime(times.releaseMs),
      ...durations(times, heldSeconds(call, call.endedT)),
      queue_id: call.queue ?? '',
      direction,
      digits_a: a.digits,
      digits_b: b.digits,
      display_name_a: a.name,
      display_name_b: b.name,
      agent_a_id: a.agentId ?? '',
      agent_b_id: b.agentId ?? '',
      call_record: url,
      release_reason: releaseReason(call.releasedBy, direction),
    },
  };
}

/** A call's sides in the supervisor's history (A calls B): the remote party and the operator, if any. */
export function supervisorSides(call: Pick<CallRecord, 'direction' | 'agent' | 'agentNumber' | 'number' | 'callerName'>, look: Pick<Lookup, 'operator'>): [Side, Side] {
  const op = call.agent ? look.operator(call.agent) : null;
  const agentSide: Side = op ? { digits: call.agentNumber ?? '', name: op.name, agentId: op.id, groups: op.groups } : { digits: call.agentNumber ?? '', name: '', agentId: null, groups: [] };
  const remote = remoteSide(call);
  return call.direction === 'inbound' ? [remote, agentSide] : [agentSide, remote];
}

/** An operator's sides of a line (A calls B): the remote party and the operator itself. */
export function operatorSides(call: Pick<CallRecord, 'direction' | 'number' | 'callerName'>, op: HistoryOperator): [Side, Side] {
  const mine: Side = { digits: op.number, name: op.name, agentId: op.id, groups: op.groups };
  const remote = remoteSide(call);
  return call.direction === 'inbound' ? [remote, mine] : [mine, remote];
}

export type ArmStatus = 'available' | 'auxwork' | 'on_demand' | 'blocked' | 'logged_out';

/** The ARM status word of an agent: on_break is auxwork, a supervisor block is blocked. */
export function armStatus(agent: AgentView): ArmStatus {
  if (agent.blocked) return 'blocked';
  if (agent.status === 'on_break') return 'auxwork';
  return agent.status;
}

const STATES: Record<AgentView['state'], ArmState> = { idle: 'idle', waiting: 'waiting', receiving: 'ringing', in_queue_call: 'handle_call' };

export type ArmState = 'idle' | 'waiting' | 'ringing' | 'handle_call';

/**
 * The ARM state word of an operator. The engine's state is mod_callcenter's, which calls outside the
 * queues leave alone (Waiting); the operator's phone is busy on them all the same, so a dial-out (its
 * conversation `initiating`) and an outside call it talks on show `handle_call`, as a queue call does.
 * The precedence is the Huawei view's: talking, then ringing, then dialling.
 */
export function armState(agent: AgentView): ArmState {
  if (agent.state === 'in_queue_call' || agent.external.some((x) => x.phase === 'talking')) return 'handle_call';
  if (agent.state === 'receiving') return 'ringing';
  if (agent.external.length > 0) return 'handle_call';
  return STATES[agent.state];
}

/** An operator as the agent commands and agents_info_event show it. `reason` is the auxwork reason given through ARM, if any. */
export function agentInfo(agent: AgentView, operatorId: string, auxReason: string | null, nowMs: number): Record<string, string> {
  const status = armStatus(agent);
  let reason = '';
  if (status === 'blocked') reason = 'blocked';
  else if (status === 'auxwork') reason = agent.rest && agent.rest.phase === 'resting' ? (agent.rest.reason ?? 'rest') : (auxReason ?? '');
  return { agent_id: operatorId, display_name: agent.name, status, reason, state: armState(agent), timestamp: armTime(nowMs) };
}

export type ConversationStatus = 'alerting' | 'initiating' | 'working' | 'hold' | 'acw' | 'released' | 'finished';

/** A conversation (a call as one operator sees it) at a given status. */
export function conversation(call: CallRecord, operatorId: string, status: ConversationStatus, extra: { release_reason?: string; transferred_to?: string } = {}): Record<string, string> {
  const direction: Direction = call.direction === 'inbound' ? 'in' : 'out';
  return {
    id: call.id,
    status,
    direction,
    queue_id: call.queue ?? '',
    agent_id: operatorId,
    remote_digits: call.number,
    remote_display_name: call.callerName,
    ...extra,
  };
}

/** The status of an operator's live call now. */
export function liveStatus(call: CallRecord): ConversationStatus {
  if (call.endedT !== null) return 'released';
  if (call.answeredT === null) return call.kind === 'external' ? 'initiating' : 'alerting';
  const holds = call.holds;
  return holds.length > 0 && holds[holds.length - 1].endT === null ? 'hold' : 'working';
}

/** A conversation as it stands now: once released, who released it and where a transfer sent it. */
export function conversationNow(call: CallRecord, operatorId: string): Record<string, string> {
  const status = liveStatus(call);
  const extra: { release_reason?: string; transferred_to?: string } = {};
  if (status === 'released') extra.release_reason = releaseReason(call.releasedBy, call.direction === 'inbound' ? 'in' : 'out');
  if (call.transferredTo) extra.transferred_to = transferredTo(call.transferredTo);
  return conversation(call, operatorId, status, extra);
}

/** Where an unattended transfer sent the call, as ARM's `to_number` named it: a queue id or a number. */
export function transferredTo(target: TransferTarget): string {
  return 'queue' in target ? target.queue : target.number;
}
