/**
 * An agent of the world as Huawei CC-CMS reports it: the pure mapping from the engine's agent (status,
 * state, calls, wrap-up, rest) to CC-CMS's `status` (座席状态), the CTI platform status and the virtual
 * time the current Huawei state began (what `currentstatetime` counts from). No clock, no I/O: the
 * caller passes the instants the agent view cannot tell (when the last wrap-up or outside call ended).
 * It decides nothing about the call center; it only names what the engine says.
 */
import type { AgentState, AgentStatus } from '../../scenarios/callcenter/agent-states.js';

/** CC-CMS 座席状态 (seed 004 table 5; 2 is "signed out" in agentbyworkno's table). */
export const HW = { signedOut: 2, busy: 3, idle: 4, wrapUp: 5, talking: 7, rest: 8 } as const;
/** CTI platform agent status codes (docs/vendors.md §2, cec_07_0697). */
export const CTI = { notSignedIn: 0, idle: 1, preOccupied: 2, occupied: 3, answering: 4, talking: 5, working: 6, busy: 7, rest: 8 } as const;

/** The seed's logindate for an agent that is not signed in (0xFFFFFFFF seconds, in ms). */
export const NOT_SIGNED_IN_LOGINDATE = 4294967295000;

export interface ExternalLeg {
  phase: 'dialing' | 'talking';
  since_t: number;
}

export interface RestFacts {
  phase: 'after_call' | 'queued' | 'resting';
  requested_t: number;
  begin_t: number | null;
  seconds: number;
}

/** What the mapping reads of an agent (a subset of the engine's AgentView). */
export interface AgentFacts {
  status: AgentStatus;
  state: AgentState;
  status_since_t: number;
  state_since_t: number;
  wrap_up_until_t: number | null;
  /** Calls outside the queues. */
  external: readonly ExternalLeg[];
  rest: RestFacts | null;
}

/** Instants the agent view does not carry, followed from the event log (null: none so far). */
export interface AgentMarks {
  /** When the agent's last wrap-up ended (on time or early). */
  wrapUpEndedT: number | null;
  /** When the agent's last call outside the queues ended. */
  externalEndedT: number | null;
  /**
   * When the agent last signed in. The engine forgets it (login_t null) the moment the agent logs out,
   * but CC-CMS still shows an agent on a call as signed in, with its sign-in time, until the call ends.
   */
  loginT: number | null;
}

export const NO_MARKS: AgentMarks = Object.freeze({ wrapUpEndedT: null, externalEndedT: null, loginT: null });

export interface HuaweiState {
  status: (typeof HW)[keyof typeof HW];
  ctiStatus: (typeof CTI)[keyof typeof CTI];
  /** Virtual ms the current Huawei state began. */
  sinceT: number;
}

const max = (...ts: (number | null | undefined)[]): number => {
  let m = 0;
  for (const t of ts) if (typeof t === 'number' && t > m) m = t;
  return m;
};

/**
 * The Huawei state, by precedence: on a call (ringing → answering, a queue or outside call connected →
 * talking, dialing out → occupied); signed out; on rest (an approved rest that has begun); not ready
 * (any other break, a supervisor block, or the idle state) → busy; wrapping up → working; otherwise
 * idle. A status set during a call shows once the call ends (mod_callcenter lets the call go on after
 * any status change, Logged Out included); an explicit break hides a wrap-up.
 */
export function huaweiState(a: AgentFacts, marks: AgentMarks = NO_MARKS): HuaweiState {
  if (a.state === 'in_queue_call') return { status: HW.talking, ctiStatus: CTI.talking, sinceT: a.state_since_t };
  const talking = a.external.find((x) => x.phase === 'talking');
  if (talking) return { status: HW.talking, ctiStatus: CTI.talking, sinceT: talking.since_t };
  if (a.state === 'receiving') return { status: HW.talking, ctiStatus: CTI.answering, sinceT: a.state_since_t };
  const dialing = a.external.find((x) => x.phase === 'dialing');
  if (dialing) return { status: HW.talking, ctiStatus: CTI.occupied, sinceT: dialing.since_t };
  // Off a call from here on: the state began no earlier than the last change of status, state or outside call.
  // (A call or ring ending moves the state, so a logout during a call shows signed out from the call's end.)
  const base = max(a.status_since_t, a.state_since_t, marks.externalEndedT);
  if (a.status === 'logged_out') return { status: HW.signedOut, ctiStatus: CTI.notSignedIn, sinceT: base };
  if (a.status === 'on_break' && a.rest?.phase === 'resting') return { status: HW.rest, ctiStatus: CTI.rest, sinceT: max(a.rest.begin_t, marks.externalEndedT) };
  if (a.status === 'on_break' || a.state === 'idle') return { status: HW.busy, ctiStatus: CTI.busy, sinceT: base };
  if (a.wrap_up_until_t !== null) return { status: HW.wrapUp, ctiStatus: CTI.working, sinceT: base };
  return { status: HW.idle, ctiStatus: CTI.idle, sinceT: max(base, marks.wrapUpEndedT) };
}

/** Whole seconds from `sinceT` to `nowT` (never negative). */
export function secondsSince(sinceT: number, nowT: number): number {
  return Math.max(0, Math.floor((nowT - sinceT) / 1000));
}
