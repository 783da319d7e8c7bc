/**
 * The world's call records as Telphin shows calls: a finished call as a CallHistory row with its legs
 * (the Go SDK's CallHistory and Cdr), a live one as a CurrentCall, and a recorded conversation as a
 * Record. A queue call has the queue's leg, one leg per ring of an agent and, when the agent passed it on,
 * a transfer leg; an agent's own call (a dial-out, a click-to-call, an outside call) has the phone's leg.
 * Pure given its context (ids and names of extensions, which recordings were deleted), so the
 * consistency tests can map records they read themselves. Nothing here changes anything; no rule of the
 * call center is decided here.
 */
import type { CallHistory, CallHistoryLeg, CurrentCall, HangupDisposition, Record as RecordDto } from '../../generated/queue-rest/queue-rest.js';
import type { CallRecord, Offer } from '../../scenarios/callcenter/model.js';
import type { Settings } from './settings.js';
import { wavSize } from './wav.js';

/** An extension as a leg names it (a removed one by what it was). */
export interface NamedExtension {
  id: number;
  type: 'phone' | 'queue';
  /** The name after "prefix*". */
  name: string;
}

export interface HistoryContext {
  settings: Settings;
  /** Epoch ms of virtual time 0. */
  startMs: number;
  /** A world queue's extension (or the one it had), if known. */
  queue(queue: string): NamedExtension | undefined;
  /** A local agent's phone extension (or the one it had); undefined for remote agents. */
  phone(agent: string): NamedExtension | undefined;
  /** A world agent's number and name as the world has them now, if it is still there. */
  agent(agent: string): { number: string; name: string; type: 'local' | 'remote' } | null;
  /** Whether a call's recording was deleted through this API. */
  recordDeleted(call: string): boolean;
}

type Leg = CallHistoryLeg;
type Result = Leg['result'];

/** 'YYYY-MM-DD HH:MM:SS' (UTC) of a virtual time, or null. */
function time(ctx: HistoryContext, t: number | null): string | null {
  return t === null ? null : new Date(ctx.startMs + t).toISOString().slice(0, 19).replace('T', ' ');
}

/** Whole seconds between two virtual times as their shown times (to the second) differ; 0 when either is missing. */
export function shownSeconds(ctx: HistoryContext, from: number | null, to: number | null): number {
  if (from === null || to === null) return 0;
  return Math.max(0, Math.floor((ctx.startMs + to) / 1000) - Math.floor((ctx.startMs + from) / 1000));
}

/** The 32 upper-case hex digits of a call id (Telphin writes uuids so). */
export function hexOf(callId: string): string {
  return callId.replace(/-/g, '').toUpperCase();
}

/** One side of a leg: an extension of this client, or an outside number. */
interface Party {
  ext: NamedExtension | null;
  username: string;
  screen: string;
}

function full(ctx: HistoryContext, ext: NamedExtension): string {
  return `${ctx.settings.prefix}*${ext.name}`;
}

function extParty(ctx: HistoryContext, ext: NamedExtension, screen?: string): Party {
  return { ext, username: full(ctx, ext), screen: screen ?? full(ctx, ext) };
}

function numberParty(number: string, screen = number): Party {
  return { ext: null, username: number, screen };
}

/** The agent's end of a call: its phone, or (a remote agent, or one whose phone is unknown) its number. */
function agentParty(ctx: HistoryContext, agent: string, fallbackNumber: string | null): Party {
  const phone = ctx.phone(agent);
  if (phone) return extParty(ctx, phone);
  const number = ctx.agent(agent)?.number ?? fallbackNumber ?? agent;
  return numberParty(number);
}

/** Who ended it, as Telphin says, for the side that called and the side that was called. */
function disposition(by: CallRecord['releasedBy'], callerIsRemote: boolean, answered: boolean): HangupDisposition {
  if (by === 'system' || by === null) return 'internal_cancel';
  // `caller` in the world is the remote party; it called when the call came in.
  const callingSide = (by === 'caller') === callerIsRemote;
  if (callingSide) return answered ? 'caller_bye' : 'caller_cancel';
  return answered ? 'callee_bye' : 'callee_refuse';
}

/** A recording exists for a talked queue call of a queue that records, unless it was deleted. */
export function hasRecording(call: CallRecord, ctx: HistoryContext): boolean {
  return call.kind === 'queue' && call.recorded && call.answeredT !== null && call.endedT !== null && !ctx.recordDeleted(call.id);
}

/** The recording's uuid: the extension it belongs to (the answering phone, or the queue) and the call. */
export function recordUuid(call: CallRecord, ctx: HistoryContext): string {
  const owner = (call.agent ? ctx.phone(call.agent) : undefined) ?? (call.queue ? ctx.queue(call.queue) : undefined);
  return `${owner?.id ?? 0}-${hexOf(call.id)}`;
}

/** The milliseconds of talk a recording holds. */
export function recordedMs(call: CallRecord): number {
  return call.answeredT !== null && call.endedT !== null ? call.endedT - call.answeredT : 0;
}

interface LegSpec {
  ext: NamedExtension | null;
  flow: Leg['flow'];
  from: Party;
  to: Party;
  initT: number | null;
  startT: number | null;
  hangupT: number | null;
  result: Result;
  cause: string;
  disposition: HangupDisposition;
  application: Leg['application'];
  record: { uuid: string; size: number } | null;
}

function leg(ctx: HistoryContext, s: LegSpec): Leg {
  const domain = ctx.settings.domain;
  return {
    extension_type: s.ext?.type ?? null,
    extension_id: s.ext?.id ?? 0,
    extension_name: s.ext ? `${full(ctx, s.ext)}@${domain}` : null,
    extension_group_owner_id: null,
    client_owner_id: ctx.settings.account_id,
    flow: s.flow,
    init_time_gmt: time(ctx, s.initT),
    start_time_gmt: time(ctx, s.startT),
    hangup_time_gmt: time(ctx, s.hangupT),
    duration: shownSeconds(ctx, s.startT, s.hangupT),
    result: s.result,
    hangup_cause: s.cause,
    hangup_disposition: s.disposition,
    from_username: s.from.username,
    from_domain: domain,
    from_screen_name: s.from.screen,
    to_username: s.to.username,
    to_domain: domain,
    source_number: null,
    source_domain: null,
    dest_number: s.to.username,
    dest_domain: domain,
    did_number: null,
    did_domain: null,
    ani_number: null,
    ext_number_reg: null,
    application: s.application,
    record_uuid: s.record?.uuid ?? null,
    record_file_size: s.record?.size ?? null,
  };
}

/** A ring of an agent, as its leg says how it went. */
function ringResult(o: Offer): { result: Result; cause: string } {
  switch (o.outcome) {
    case 'answered':
      return { result: 'answered', cause: 'NORMAL_CLEARING' };
    case 'no_answer':
      return { result: 'not answered', cause: 'NO_ANSWER' };
    case 'busy':
      return { result: 'busy', cause: 'USER_BUSY' };
    case 'reject':
      return { result: 'rejected', cause: 'CALL_REJECTED' };
    default:
      return o.reason === 'lose_race' ? { result: 'answered elsewhere', cause: 'LOSE_RACE' } : { result: 'not answered', cause: 'ORIGINATOR_CANCEL' };
  }
}

function ringDisposition(o: Offer, call: CallRecord): HangupDisposition {
  if (o.outcome === 'answered') return disposition(call.releasedBy, true, true);
  if (o.outcome === 'busy' || o.outcome === 'reject') return 'callee_refuse';
  if (o.outcome === null && o.reason === 'caller_left') return 'caller_cancel';
  return 'internal_cancel';
}

/** Everything a call's rows share: who, which way, when, how it ended. */
interface Shape {
  flow: 'in' | 'out';
  ext: NamedExtension | null;
  from: Party;
  to: Party;
  initT: number;
  startT: number | null;
  bridgedT: number | null;
  bridgedTo: Party | null;
  result: CallHistory['result'];
  cause: string;
  disposition: HangupDisposition;
  application: Leg['application'];
  legs: Leg[];
}

function shapeOf(call: CallRecord, ctx: HistoryContext): Shape {
  return call.kind === 'queue' ? queueShape(call, ctx) : ownShape(call, ctx);
}

function queueShape(call: CallRecord, ctx: HistoryContext): Shape {
  const queueExt = call.queue ? ctx.queue(call.queue) : undefined;
  const caller = numberParty(call.number, call.callerName);
  const queueParty: Party = queueExt ? extParty(ctx, queueExt) : numberParty(call.queue ?? '');
  const answered = call.answeredT !== null;
  const turnedAway = call.joinedT === null;
  const record = hasRecording(call, ctx) ? { uuid: recordUuid(call, ctx), size: wavSize(recordedMs(call)) } : null;
  const result: CallHistory['result'] = answered ? 'bridged' : turnedAway ? 'failed' : 'answered';
  const cause = turnedAway ? 'NORMAL_TEMPORARY_FAILURE' : 'NORMAL_CLEARING';
  // The queue answers the caller (music) as it joins: a caller who leaves says bye, not cancel.
  const disp = disposition(call.releasedBy, true, !turnedAway);
  const transferredIn = call.transferredFrom !== null;
  const legs: Leg[] = [
    leg(ctx, {
      ext: queueExt ?? null,
      flow: transferredIn ? 'transfer' : 'in',
      from: caller,
      to: queueParty,
      initT: call.arrivedT,
      startT: call.joinedT,
      hangupT: call.endedT,
      result: turnedAway ? 'failed' : 'answered',
      cause,
      disposition: disp,
      application: null,
      record,
    }),
  ];
  for (const o of call.offers) {
    const phone = ctx.phone(o.agent);
    const took = o.outcome === 'answered';
    const { result: r, cause: c } = ringResult(o);
    const hangupT = took ? call.endedT : (o.endT ?? call.endedT);
    // A remote agent has no extension: the queue rings its number.
    const to = phone ? extParty(ctx, phone) : numberParty(ctx.agent(o.agent)?.number ?? (took ? call.agentNumber : null) ?? o.agent);
    legs.push(
      leg(ctx, {
        ext: phone ?? queueExt ?? null,
        flow: phone ? 'in' : 'out',
        from: phone ? caller : queueParty,
        to,
        initT: o.t,
        startT: took ? call.answeredT : null,
        hangupT,
        result: r,
        cause: c,
        disposition: ringDisposition(o, call),
        application: null,
        record: took ? record : null,
      }),
    );
  }
  const agentEnd = answered && call.agent ? agentParty(ctx, call.agent, call.agentNumber) : null;
  if (call.transferredTo && call.agent && call.endedT !== null) legs.push(transferLeg(call, ctx));
  return { flow: 'in', ext: queueExt ?? null, from: caller, to: queueParty, initT: call.arrivedT, startT: call.joinedT, bridgedT: call.answeredT, bridgedTo: agentEnd, result, cause, disposition: disp, application: null, legs };
}

/** An agent's own call: a dial-out, a click-to-call, or a call from outside to its phone. */
function ownShape(call: CallRecord, ctx: HistoryContext): Shape {
  const agent = call.agent as string;
  const phone = ctx.phone(agent);
  const me = agentParty(ctx, agent, call.agentNumber);
  const remote = numberParty(call.number, call.direction === 'inbound' ? call.callerName : call.number);
  const out = call.direction === 'outbound';
  const answered = call.answeredT !== null;
  const callback = call.callback ?? null;
  const startT = out ? (callback ? callback.pickedUpT : call.arrivedT) : call.answeredT;
  const disp = disposition(call.releasedBy, !out, answered);
  const cause = answered ? 'NORMAL_CLEARING' : call.releasedBy === 'system' && !(callback && callback.pickedUpT === null) ? 'ORIGINATOR_CANCEL' : 'NO_ANSWER';
  const application = callback ? 'callback' : null;
  const legs: Leg[] = [
    leg(ctx, {
      ext: phone ?? null,
      flow: out ? 'out' : 'in',
      from: out ? me : remote,
      to: out ? remote : me,
      initT: call.arrivedT,
      startT: call.answeredT,
      hangupT: call.endedT,
      result: answered ? 'answered' : 'not answered',
      cause,
      disposition: disp,
      application,
      record: null,
    }),
  ];
  if (call.transferredTo && call.endedT !== null) legs.push(transferLeg(call, ctx));
  return {
    flow: out ? 'out' : 'in',
    ext: phone ?? null,
    from: out ? me : remote,
    to: out ? remote : me,
    initT: call.arrivedT,
    startT,
    bridgedT: call.answeredT,
    bridgedTo: answered ? (out ? remote : me) : null,
    result: answered ? 'bridged' : 'not answered',
    cause,
    disposition: disp,
    application,
    legs,
  };
}

/** The agent passed the call on (an unattended transfer) as it ended its part. */
function transferLeg(call: CallRecord, ctx: HistoryContext): Leg {
  const agent = call.agent as string;
  const target = call.transferredTo as NonNullable<CallRecord['transferredTo']>;
  const queueExt = 'queue' in target ? ctx.queue(target.queue) : undefined;
  const to = 'queue' in target ? (queueExt ? extParty(ctx, queueExt) : numberParty(target.queue)) : numberParty(target.number);
  return leg(ctx, {
    ext: ctx.phone(agent) ?? null,
    flow: 'transfer',
    from: agentParty(ctx, agent, call.agentNumber),
    to,
    initT: call.endedT,
    startT: call.endedT,
    hangupT: call.endedT,
    result: 'answered',
    cause: 'NORMAL_CLEARING',
    disposition: 'callee_bye',
    application: null,
    record: null,
  });
}

/** The extension a call belongs to, as a history row and a current call both show it. */
function extensionFields(s: Shape, ctx: HistoryContext) {
  return {
    extension_id: s.ext?.id ?? 0,
    extension_name: s.ext ? `${full(ctx, s.ext)}@${ctx.settings.domain}` : null,
    extension_type: s.ext?.type ?? null,
  };
}

/** Who called whom, and who was bridged, as a history row and a current call both show it. */
function partyFields(s: Shape, ctx: HistoryContext) {
  const domain = ctx.settings.domain;
  return {
    from_username: s.from.username,
    from_domain: domain,
    from_screen_name: s.from.screen,
    to_username: s.to.username,
    to_domain: domain,
    bridged_username: s.bridgedTo?.username ?? null,
    bridged_domain: s.bridgedTo ? domain : null,
    did_number: null,
  };
}

/** A finished call as Telphin's call history shows it. */
export function callHistoryDto(call: CallRecord, ctx: HistoryContext): CallHistory {
  const s = shapeOf(call, ctx);
  return {
    call_uuid: call.id,
    flow: s.flow,
    init_time_gmt: time(ctx, s.initT),
    start_time_gmt: time(ctx, s.startT),
    bridged_time_gmt: time(ctx, s.bridgedT),
    hangup_time_gmt: time(ctx, call.endedT),
    duration: shownSeconds(ctx, s.startT, call.endedT),
    bridged: s.bridgedT !== null,
    bridged_duration: shownSeconds(ctx, s.bridgedT, call.endedT),
    ...extensionFields(s, ctx),
    extension_group_owner_id: null,
    client_owner_id: ctx.settings.account_id,
    ...partyFields(s, ctx),
    did_domain: null,
    ext_number_reg: null,
    result: s.result,
    hangup_cause: s.cause,
    hangup_disposition: s.disposition,
    cdr: s.legs,
  };
}

/** The extensions of a call and of its legs (the extension_id of each), for the extension_id filter, without mapping it. */
export function extensionsOf(call: CallRecord, ctx: HistoryContext): number[] {
  const ids: number[] = [];
  const add = (e: NamedExtension | undefined) => {
    if (e) ids.push(e.id);
  };
  if (call.queue) add(ctx.queue(call.queue));
  if (call.agent) add(ctx.phone(call.agent));
  for (const o of call.offers) add(ctx.phone(o.agent) ?? (call.queue ? ctx.queue(call.queue) : undefined));
  return ids;
}

/** A call's `to_username` (as its row says it), without mapping the call, for the to_username filter. */
export function toUsernameOf(call: CallRecord, ctx: HistoryContext): string {
  if (call.kind === 'queue') {
    const q = call.queue ? ctx.queue(call.queue) : undefined;
    return q ? full(ctx, q) : (call.queue ?? '');
  }
  return call.direction === 'outbound' ? call.number : agentParty(ctx, call.agent as string, call.agentNumber).username;
}

/** A live call as current_calls shows it, at virtual time `nowT`. */
export function currentCallDto(call: CallRecord, nowT: number, ctx: HistoryContext): CurrentCall {
  const s = shapeOf(call, ctx);
  const holds = call.holds;
  const held = holds.length > 0 && holds[holds.length - 1].endT === null;
  const ringing: CurrentCall['ringing'] = [];
  let state: CurrentCall['call_state'];
  if (call.answeredT !== null) state = held ? 'hold' : 'talking';
  else if (call.kind === 'queue') {
    for (const o of call.offers) {
      if (o.endT !== null) continue;
      const phone = ctx.phone(o.agent);
      ringing.push(phone ? { extension_id: phone.id, username: full(ctx, phone) } : { extension_id: 0, username: ctx.agent(o.agent)?.number ?? o.agent });
    }
    state = ringing.length > 0 ? 'ringing' : 'waiting';
  } else if (call.callback && call.callback.pickedUpT === null && call.agent) {
    state = 'ringing';
    const me = agentParty(ctx, call.agent, call.agentNumber);
    ringing.push({ extension_id: me.ext?.id ?? 0, username: me.username });
  } else state = 'dialing';
  return {
    call_uuid: call.id,
    flow: s.flow,
    call_state: state,
    init_time_gmt: time(ctx, s.initT),
    start_time_gmt: time(ctx, s.startT),
    bridged_time_gmt: time(ctx, s.bridgedT),
    duration: shownSeconds(ctx, s.startT, nowT),
    bridged_duration: shownSeconds(ctx, s.bridgedT, nowT),
    ...extensionFields(s, ctx),
    client_owner_id: ctx.settings.account_id,
    ...partyFields(s, ctx),
    application: s.application,
    ringing,
  };
}

/** The file name of a recording: when the talk began, which way, which queue, and a part of the call id. */
export function recordFileName(call: CallRecord, ctx: HistoryContext): string {
  const when = (time(ctx, call.answeredT) ?? '').replace(/[ :]/g, '-');
  const queue = call.queue ? ctx.queue(call.queue) : undefined;
  const name = (queue?.name ?? call.queue ?? 'queue').replace(/[^A-Za-z0-9_.-]/g, '_');
  return `${when}-UTC_in_${name}_${hexOf(call.id).slice(0, 8).toLowerCase()}.wav`;
}

/** A recorded call as a row of the recordings list (the leg that was recorded, and the file). */
export function recordDto(call: CallRecord, ctx: HistoryContext): RecordDto {
  const h = callHistoryDto(call, ctx);
  const uuid = recordUuid(call, ctx);
  // The answering agent's leg holds the recording (the queue's leg names the same one).
  const recorded = h.cdr.find((l, i) => i > 0 && l.record_uuid === uuid) ?? h.cdr[0];
  return { ...recorded, call_uuid: call.id, record_uuid: uuid, record_file_size: wavSize(recordedMs(call)), file_name: recordFileName(call, ctx), record_transfer: false };
}
