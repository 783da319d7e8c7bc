/**
 * The world's call records as CC-CMS's call data: its call ids, the rows of vdn/querycalls (section
 * 4.1.1.12 Table 5), and the objects of calldata/querybasiccallinfo (4.1.4.1 Table 4) and
 * querydetailcallinfo (4.1.4.2 Table 4). Pure functions of a record, the ids the view gave the queue and
 * the agent, the settings and the clock, so a cross-view test can call them; every code comes from the
 * PDF's tables (call types 5.6, call features 5.8, leave reasons 5.9, device types 5.11, media types 5.4).
 */
import type { BasicCallInfo, CallRow, DetailCallInfo } from '../../generated/cti-status/cti-status.js';
import type { CallRecord } from '../../scenarios/callcenter/model.js';
import { secondsSince } from './agent-state.js';
import { MEDIA_PHONE } from './mapper.js';

/** What the mapping needs besides the record. */
export interface CallContext {
  /** Epoch ms of virtual time 0. */
  startMs: number;
  /** Virtual ms now. */
  nowT: number;
  vdn: number;
  /** The VDN's access code: what an inbound caller dialled. */
  accessCode: string;
  /** The skill id of a queue, and its name. */
  skill(queue: string): { id: number; name: string } | undefined;
  /** The workno of an agent. */
  workno(agent: string): number | undefined;
}

/** Section 5.6: SP_CALL_NORMAL (common inbound), OP_CALL_OUT (an agent's outgoing call). */
export const CALL_TYPE = { inbound: 0, agentOutbound: 8 } as const;
/** Section 5.11. */
export const DEVICE = { skillQueue: 1, agent: 2 } as const;
/** Section 5.8: a call from a common customer, a call from an agent. */
export const FEATURE = { customer: 0, agent: 1 } as const;
/** Section 5.9's reasons ccsim produces. */
export const LEAVE = {
  timeout: 2,
  noAgent: 3,
  queueCancelled: 4,
  userReleased: 15,
  agentReleased: 16,
  transferredOut: 17,
  internalError: 19,
  noResources: 25,
  noAnswer: 26,
} as const;
const NO_SUBMEDIA = -1;

/**
 * A call's CC-CMS id, "<start>-<number>": the epoch second it began and the world's number for it (seq).
 * The PDF's table asks for the start in ms, its own examples and real calls carry seconds; seconds keep
 * every id within the 20 characters the interfaces take.
 */
export function huaweiCallId(r: Pick<CallRecord, 'arrivedT' | 'seq'>, startMs: number): string {
  return `${Math.floor((startMs + r.arrivedT) / 1000)}-${r.seq}`;
}

/** The seq a CC-CMS call id names and the second it claims, or null when it is not one of ccsim's. */
export function parseCallId(id: string): { second: number; seq: number } | null {
  const m = /^(\d{1,12})-(\d{1,9})$/.exec(id);
  return m ? { second: Number(m[1]), seq: Number(m[2]) } : null;
}

const digits = (n: string | null) => (n ?? '').replace(/\D/g, '');

/** Calling and called numbers, digits only: a caller dials the access code; an agent's call is from its number. */
export function callNumbers(r: CallRecord, ctx: CallContext): { calling: string; called: string } {
  if (r.direction === 'outbound') return { calling: digits(r.agentNumber), called: digits(r.number) };
  return { calling: digits(r.number), called: r.kind === 'queue' ? ctx.accessCode : digits(r.agentNumber) };
}

/** Why the call left its last device (section 5.9). */
export function leaveReason(r: CallRecord): number {
  if (r.transferredTo) return LEAVE.transferredOut;
  if (r.answeredT !== null) return r.releasedBy === 'caller' ? LEAVE.userReleased : r.releasedBy === 'agent' ? LEAVE.agentReleased : LEAVE.internalError;
  switch (r.exitReason) {
    case 'timeout':
      return LEAVE.timeout;
    case 'no_agent_timeout':
      return LEAVE.noAgent;
    case 'no_available_agents':
      return LEAVE.noResources;
    case 'break_out':
      return LEAVE.queueCancelled;
    case 'unanswered':
      return LEAVE.noAnswer;
    default:
      // abandoned, exit_key, or a dial-out the agent gave up on
      return r.releasedBy === 'agent' ? LEAVE.agentReleased : r.releasedBy === 'system' ? LEAVE.internalError : LEAVE.userReleased;
  }
}

/** A finished call as a row of vdn/querycalls. */
export function callRow(r: CallRecord, ctx: CallContext): CallRow {
  const at = (t: number | null) => (t === null ? 0 : ctx.startMs + t);
  const { calling, called } = callNumbers(r, ctx);
  return {
    logDate: at(r.endedT),
    callerNo: calling,
    calleeNo: called,
    callId: huaweiCallId(r, ctx.startMs),
    callType: r.direction === 'inbound' ? CALL_TYPE.inbound : CALL_TYPE.agentOutbound,
    waitBegin: at(r.joinedT),
    ackBegin: at(r.answeredT),
    callBegin: at(r.arrivedT),
    callEnd: at(r.endedT),
    vdn: ctx.vdn,
    leaveReason: leaveReason(r),
    mediaType: MEDIA_PHONE,
    subMediaType: NO_SUBMEDIA,
  };
}

/** What a live call shows in both calldata interfaces. */
function liveFacts(r: CallRecord, ctx: CallContext) {
  const skill = r.queue === null ? undefined : ctx.skill(r.queue);
  const inQueue = r.kind === 'queue' && r.answeredT === null;
  const workno = r.agent === null ? undefined : ctx.workno(r.agent);
  const { calling, called } = callNumbers(r, ctx);
  const queuedUntil = r.answeredT ?? r.leftQueueT ?? ctx.nowT;
  return {
    skill,
    calling,
    called,
    deviceType: inQueue || workno === undefined ? DEVICE.skillQueue : DEVICE.agent,
    deviceNo: inQueue || workno === undefined ? (skill?.id ?? 0) : workno,
    partyNum: (r.queue === null ? 0 : 1) + (r.agent === null ? 0 : 1),
    feature: r.direction === 'outbound' ? FEATURE.agent : FEATURE.customer,
    waitTime: r.joinedT === null ? 0 : secondsSince(r.joinedT, queuedUntil),
    talking: r.answeredT === null ? 0 : secondsSince(r.answeredT, ctx.nowT),
    inPlatform: secondsSince(r.arrivedT, ctx.nowT),
  };
}

/** What both call-info answers say of a call alike: its ids, numbers and the device it is on. */
function callIdentity(r: CallRecord, f: ReturnType<typeof liveFacts>) {
  return {
    dsn: r.seq,
    handle: 0,
    server: 0,
    keyId: r.id,
    callingNum: f.calling,
    calledNum: f.called,
    mid: 0,
    trunkNo: 0,
    priority: 0,
    deviceType: f.deviceType,
    deviceNo: f.deviceNo,
  };
}

/** A call in progress as calldata/querybasiccallinfo shows it; times since the call began, in seconds. */
export function basicCallInfo(r: CallRecord, ctx: CallContext): BasicCallInfo {
  const f = liveFacts(r, ctx);
  const orgi = Number(f.called);
  return {
    time: ctx.startMs + r.arrivedT,
    ...callIdentity(r, f),
    callSkill: f.skill?.id ?? 0,
    partyNum: f.partyNum,
    callFeature: f.feature,
    orgiCalledNum: f.called !== '' && Number.isSafeInteger(orgi) ? orgi : 0,
    mediaType: MEDIA_PHONE,
    submediaType: NO_SUBMEDIA,
    place: 0,
    waitTime: f.waitTime,
    totalTalkingTimes: f.talking,
    logonTimes: f.inPlatform,
    serviceType: 0,
    callInCause: 65535,
    enterReason: 0,
    mediaBillType: '0',
  };
}

/** An agent's call in progress as calldata/querydetailcallinfo shows it (its example's time is in seconds). */
export function detailCallInfo(r: CallRecord, ctx: CallContext): DetailCallInfo {
  const f = liveFacts(r, ctx);
  return {
    cb: r.seq,
    time: Math.floor((ctx.startMs + r.arrivedT) / 1000),
    ...callIdentity(r, f),
    callData: '',
    callDataLen: 0,
    callSkill: f.skill?.name ?? '',
    partyNum: f.partyNum,
    callFeature: String(f.feature),
    orgiCalledNum: f.called,
    mediaType: 'MEDIA_TYPE_PHONE',
    submediaType: NO_SUBMEDIA,
    place: 0,
    waitTime: f.waitTime,
    totalTalkingTimes: f.talking,
    logonTimes: f.inPlatform,
  };
}
