/**
 * World views → CC-CMS DTOs. Each function takes the agent (or rest list) as the engine reports it and
 * what the adapter knows besides (the agent's workno, the instants it followed, the clock), so a
 * cross-view test can call them directly. No call-center rules here: the state comes from
 * agent-state.ts, everything else is renaming, counting and the seed's conventions (logindate
 * 4294967295000 and phonenumber null when not signed in).
 */
import type {
  AgentStatusInfo,
  OldSkillStateInfo,
  RestDetail,
  RestInfo,
  SkillAgent,
  SkillAgentCounts,
  SkillAgentV2,
  SkillStateInfo,
  SystemState,
  WorknoAgent,
} from '../../generated/cti-status/cti-status.js';
import type { AgentView, CallCenterQueries } from '../../scenarios/callcenter/queries.js';
import { CTI, huaweiState, HW, NOT_SIGNED_IN_LOGINDATE, secondsSince, type AgentMarks, type HuaweiState, type RestFacts } from './agent-state.js';
import type { IntervalCounts } from './skill-stats.js';
import { NO_PREVIOUS_TIME } from './state-history.js';

/** The engine's restInfo(). */
export type EngineRestInfo = ReturnType<CallCenterQueries['restInfo']>;

/** MEDIA_TYPE_PHONE (common voice call) for a signed-in agent; the seed shows 0 for a signed-out one. */
export const MEDIA_PHONE = 5;

export interface MapContext {
  /** Virtual ms now. */
  nowT: number;
  /** Epoch ms of virtual time 0. */
  startMs: number;
  vdn: number;
  groupId: number;
}

/** The fields every agent DTO shares, under neutral names. */
export interface AgentFields {
  workno: number;
  name: string;
  state: HuaweiState;
  mediatype: number;
  phonenumber: string | null;
  currentstatetime: number;
  logindate: number;
}

export function agentFields(view: AgentView, workno: number, marks: AgentMarks, ctx: MapContext): AgentFields {
  const state = huaweiState(view, marks);
  const signedIn = state.status !== HW.signedOut;
  // Logged out in the engine but still on a call: signed in for CC-CMS, since the last sign-in.
  const loginT = signedIn ? (view.login_t ?? marks.loginT) : null;
  return {
    workno,
    name: view.name,
    state,
    mediatype: signedIn ? MEDIA_PHONE : 0,
    phonenumber: signedIn ? view.number : null,
    currentstatetime: secondsSince(state.sinceT, ctx.nowT),
    logindate: loginT === null ? NOT_SIGNED_IN_LOGINDATE : ctx.startMs + loginT,
  };
}

export function skillAgentDto(f: AgentFields, ctx: MapContext): SkillAgent {
  return {
    workno: f.workno,
    name: f.name,
    status: f.state.status,
    ctiStatus: f.state.ctiStatus,
    groupid: ctx.groupId,
    mediatype: f.mediatype,
    vdnid: ctx.vdn,
    phonenumber: f.phonenumber,
    currentstatetime: f.currentstatetime,
    logindate: f.logindate,
  };
}

/** agentbyworkno's object, in the seed's field order and with its spelling `citStatus`. */
export function worknoAgentDto(f: AgentFields, ctx: MapContext): WorknoAgent {
  return {
    workno: f.workno,
    vdnid: ctx.vdn,
    citStatus: f.state.ctiStatus,
    name: f.name,
    phonenumber: f.phonenumber,
    logindate: f.logindate,
    currentstatetime: f.currentstatetime,
    mediatype: f.mediatype,
    status: f.state.status,
  };
}

export function skillAgentV2Dto(f: AgentFields, ctx: MapContext): SkillAgentV2 {
  return {
    workNo: f.workno,
    name: f.name,
    status: f.state.status,
    ctiStatus: f.state.ctiStatus,
    groupId: ctx.groupId,
    mediaType: f.mediatype,
    vdnId: ctx.vdn,
    phoneNumber: f.phonenumber,
    currentStateTime: f.currentstatetime,
    loginDate: f.logindate,
  };
}

/** The VDN's counters: busy (not ready), talking (any call phase), idle, and everyone signed in. */
export function systemStateDto(states: readonly HuaweiState[]): SystemState {
  const out: SystemState = { busyagent: 0, talkingnum: 0, Idleagent: 0, totalloginagent: 0 };
  for (const s of states) {
    if (s.status === HW.signedOut) continue;
    out.totalloginagent++;
    if (s.status === HW.busy) out.busyagent++;
    else if (s.status === HW.talking) out.talkingnum++;
    else if (s.status === HW.idle) out.Idleagent++;
  }
  return out;
}

/** Why an agent may not rest yet: 2 (the VDN's quota is full) for a queued request; 0 for the others, where the field does not apply. */
export function cantRestReason(phase: RestFacts['phase']): RestDetail['cantrestreason'] {
  return phase === 'queued' ? 2 : 0;
}

/**
 * agentrestinfo from the engine's rest list: allowrestnum counts agents allowed to rest who are not
 * resting yet (seed table 4: they rest when their call ends), onrestnum those resting, waitrestnum those
 * waiting for a free place. Agents without a workno (beyond 59999) are left out.
 */
export function restInfoDto(info: EngineRestInfo, agent: (id: string) => { workno: number; name: string } | undefined, startMs: number): RestInfo {
  const out: RestInfo = { allowrestnum: 0, onrestnum: 0, waitrestnum: 0, agentsrestdetails: [] };
  for (const r of info.agents) {
    const who = agent(r.agent);
    if (!who) continue;
    if (r.phase === 'after_call') out.allowrestnum++;
    else if (r.phase === 'resting') out.onrestnum++;
    else out.waitrestnum++;
    const beginT = r.phase === 'resting' && r.begin_t !== null ? r.begin_t : r.requested_t;
    out.agentsrestdetails.push({
      agentname: who.name,
      workno: who.workno,
      cantrestreason: cantRestReason(r.phase),
      begintime: startMs + beginT,
      restduration: Math.round(r.seconds),
    });
  }
  return out;
}

/** A "none" in CC-CMS's integer fields (US_NO_USE, section 5.12): no reason, no location. */
export const NO_USE = 65535;

/** What agentstatusinfobyagentids tells besides the shared fields: the state before, and the agent's own counters. */
export interface AgentPast {
  previous: { cti: number; seconds: number } | null;
  releases: number;
}

/** The rest reason as a number: a numeric reason of the world's, else 0 (its reasons are words). */
function restReason(view: AgentView, state: HuaweiState): number {
  if (state.ctiStatus !== CTI.rest) return NO_USE;
  const reason = view.rest?.reason ?? '';
  return /^\d{1,5}$/.test(reason) && Number(reason) < NO_USE ? Number(reason) : 0;
}

/** One agent of agentgroup/agentstatusinfobyagentids (4.1.3.2 Table 4). */
export function agentStatusInfoDto(f: AgentFields, view: AgentView, past: AgentPast): AgentStatusInfo {
  return {
    agentId: f.workno,
    locationId: NO_USE,
    currentStateReason: restReason(view, f.state),
    prevState: past.previous?.cti ?? CTI.notSignedIn,
    prevStateTime: past.previous?.seconds ?? NO_PREVIOUS_TIME,
    currentState: f.state.ctiStatus,
    currentStateTime: f.currentstatetime,
    logonTime: f.logindate,
    agentRelease: past.releases,
    currentPrivateCallNum: view.external.length,
  };
}

/** An agent's CTI state and whether it is on a call it placed (skill/agentstatusbyskill's callOut). */
export interface AgentTally {
  cti: number;
  callingOut: boolean;
}

export function tallyOf(view: AgentView, state: HuaweiState): AgentTally {
  return { cti: state.ctiStatus, callingOut: view.external.some((x) => x.direction === 'outbound') };
}

/**
 * skill/agentstatusbyskill (4.1.2.9 Table 4): the agents by CTI state. usable is idle (one conversation
 * at a time, so every idle agent can take a call); lateAdjust is CTI 10 (adjusting), which ccsim never
 * produces, as it produces no pre-occupied (2) or study (9) agent.
 */
export function skillAgentCountsDto(agents: readonly AgentTally[]): SkillAgentCounts {
  const n = (cti: number) => agents.filter((a) => a.cti === cti).length;
  return {
    workSubStateBegin: n(CTI.working),
    lateAdjust: n(10),
    usable: n(CTI.idle),
    rest: n(CTI.rest),
    studying: n(9),
    setBusy: n(CTI.busy),
    occupy: n(CTI.occupied),
    idle: n(CTI.idle),
    preoccupy: n(CTI.preOccupied),
    answering: n(CTI.answering),
    talking: n(CTI.talking),
    loginEd: agents.filter((a) => a.cti !== CTI.notSignedIn).length,
    notlogined: n(CTI.notSignedIn),
    callOut: agents.filter((a) => a.callingOut).length,
  };
}

/** What skill/stateinfo reads of a queue now besides its agents. */
export interface QueueNow {
  skillId: number;
  /** Signed-in agents of the skill: CTI state and when it began (virtual ms). */
  agents: readonly { cti: number; sinceT: number }[];
  /** Callers in the queue not answered yet, and since when (virtual ms) they wait. */
  waitingSince: readonly number[];
  /** Callers of the queue talking to an agent now. */
  talking: number;
  interval: IntervalCounts;
  answeredToday: number;
}

/**
 * skill/stateinfo (4.1.2.6 Table 4), durations in whole seconds. Agents: talking counts answering (4) and
 * talking (5), as its status 7 does; occupied, pre-occupied, study as their CTI codes. Calls: totalCallNums
 * the calls answered today (UTC), those still talking included, processingCallNums those talking now,
 * callWaitNums the callers waiting (ringing an agent included). "In5" is the current 5-minute interval:
 * the longest wait (of the waits that ended in it and of the callers waiting now), the mean wait of the
 * waits that ended in it, the mean length of the conversations that ended in it, the calls that arrived
 * in it and those of its answered within 20 s; the longest time an agent idle now has been idle in it.
 */
export function skillStateInfoDto(q: QueueNow, ctx: MapContext): SkillStateInfo {
  const n = (...cti: number[]) => q.agents.filter((a) => cti.includes(a.cti)).length;
  const intervalT = q.interval.start - ctx.startMs;
  const idleFor = q.agents.filter((a) => a.cti === CTI.idle).map((a) => secondsSince(Math.max(a.sinceT, intervalT), ctx.nowT));
  const waitingFor = q.waitingSince.map((t) => secondsSince(t, ctx.nowT));
  const i = q.interval;
  const mean = (sumMs: number, count: number) => (count === 0 ? 0 : Math.round(sumMs / count / 1000));
  return {
    skillId: q.skillId,
    agentLoginNums: q.agents.length,
    agentTalkingNums: n(CTI.answering, CTI.talking),
    agentIdleNums: n(CTI.idle),
    agentAvailableNums: n(CTI.idle),
    agentSetBusyNums: n(CTI.busy),
    agentRestNums: n(CTI.rest),
    agentMaxIdleTimeIn5: Math.max(0, ...idleFor),
    agentWorkNums: n(CTI.working),
    agentStudyNums: n(9),
    agentOccupyNums: n(CTI.occupied),
    agentPreOccupyNums: n(CTI.preOccupied),
    totalCallNums: q.answeredToday,
    processingCallNums: q.talking,
    maxCallWaitTimesIn5: Math.max(Math.floor(i.maxWaitMs / 1000), ...waitingFor),
    callWaitNums: q.waitingSince.length,
    evenCallTimeIn5: mean(i.talkSumMs, i.talks),
    evenWaitTimeIn5: mean(i.waitSumMs, i.waits),
    allCallCount: i.arrived,
    cnnedIn20sCallCount: i.answeredWithin20s,
  };
}

/** The older realindex/skill/stateinfo (5.13.4): the same without the last two, agentSetbusyNums spelled so. */
export function oldSkillStateInfoDto(s: SkillStateInfo): OldSkillStateInfo {
  return {
    skillId: s.skillId,
    agentLoginNums: s.agentLoginNums,
    agentTalkingNums: s.agentTalkingNums,
    agentIdleNums: s.agentIdleNums,
    agentAvailableNums: s.agentAvailableNums,
    agentSetbusyNums: s.agentSetBusyNums,
    agentRestNums: s.agentRestNums,
    agentMaxIdleTimeIn5: s.agentMaxIdleTimeIn5,
    agentWorkNums: s.agentWorkNums,
    agentStudyNums: s.agentStudyNums,
    agentOccupyNums: s.agentOccupyNums,
    agentPreOccupyNums: s.agentPreOccupyNums,
    totalCallNums: s.totalCallNums,
    processingCallNums: s.processingCallNums,
    maxCallWaitTimesIn5: s.maxCallWaitTimesIn5,
    callWaitNums: s.callWaitNums,
    evenCallTimeIn5: s.evenCallTimeIn5,
    evenWaitTimeIn5: s.evenWaitTimeIn5,
  };
}
