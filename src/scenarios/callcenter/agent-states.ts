/**
 * The agent's status and state transitions of mod_callcenter (docs/routing.md §3.3, §6), as
 * pure functions: what a failed ring does to an agent, the state after a ring ends, what a status
 * change resets or cancels, and whether an agent may be offered a call now.
 */

export const AGENT_STATUSES = ['available', 'on_demand', 'on_break', 'logged_out'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

export const AGENT_STATES = ['waiting', 'receiving', 'in_queue_call', 'idle'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

export type TierState = 'ready' | 'no_answer' | 'offering' | 'active_inbound' | 'standby';

/**
 * Why a ring to an agent ended without a bridge. `cancel` is ORIGINATOR_CANCEL (the caller left, the
 * ring was cancelled by a status change, or another agent answered first: LOSE_RACE).
 */
export type RingFailCause = 'no_answer' | 'busy' | 'reject' | 'cancel';

export interface DelayConfig {
  busy_delay_time: number;
  reject_delay_time: number;
  no_answer_delay_time: number;
}

export interface RingFailureEffect {
  /** Seconds before the agent may be offered again (ready_time = now + delay), 0 for none. */
  delay: number;
  countsAsNoAnswer: boolean;
  tierState: 'ready' | 'no_answer';
}

/** §6.3: the agent's penalty for a failed ring, by cause. */
export function ringFailureEffect(cause: RingFailCause, config: DelayConfig): RingFailureEffect {
  switch (cause) {
    case 'cancel':
      return { delay: 0, countsAsNoAnswer: false, tierState: 'ready' };
    case 'busy':
      return { delay: config.busy_delay_time, countsAsNoAnswer: false, tierState: 'ready' };
    case 'reject':
      return { delay: config.reject_delay_time, countsAsNoAnswer: false, tierState: 'ready' };
    case 'no_answer':
      return { delay: config.no_answer_delay_time, countsAsNoAnswer: true, tierState: 'no_answer' };
  }
}

/** §6.3 step 3: whether this no-answer count puts the agent on the queue's no-answer status. */
export function reachesMaxNoAnswer(noAnswerCount: number, maxNoAnswer: number): boolean {
  return maxNoAnswer > 0 && noAnswerCount >= maxNoAnswer;
}

/** §6.4: the state after a ring or call, from the status captured when the call was offered. */
export function stateAfterRing(bridged: boolean, statusAtOffer: AgentStatus): AgentState {
  return bridged && statusAtOffer === 'on_demand' ? 'idle' : 'waiting';
}

export interface StatusChangeEffect {
  /** Nothing happens at all (setting Available when already Available). */
  noop: boolean;
  /** talk_time, calls_answered and no_answer_count go back to 0. */
  resetsCounters: boolean;
  /** A ring in progress for a hunting strategy is cancelled (ring-all rings are not). */
  cancelsHuntingRing: boolean;
}

/**
 * §6.5: what setting an agent's status does. Setting the status it already has does nothing (mod_callcenter
 * documents that for Available; ccsim extends it to every status, see the README's assumptions).
 */
export function statusChangeEffect(from: AgentStatus, to: AgentStatus): StatusChangeEffect {
  if (from === to) return { noop: true, resetsCounters: false, cancelsHuntingRing: false };
  if (to === 'available') return { noop: false, resetsCounters: true, cancelsHuntingRing: false };
  return { noop: false, resetsCounters: false, cancelsHuntingRing: true };
}

/** Agents of these statuses are rows of a queue's candidate query (§3.1); Logged Out agents are not. */
export function isVisibleStatus(status: AgentStatus): boolean {
  return status !== 'logged_out';
}

/** Agents of these statuses let a caller in when the queue has exit_with_no_av_agents. */
export function isAvailableStatus(status: AgentStatus): boolean {
  return status === 'available' || status === 'on_demand';
}

export interface AgentFacts {
  state: AgentState;
  status: AgentStatus;
  /** Epoch second the wrap-up counts from: the last bridged call's end, 0 for never (or wrap-up ended early). */
  wrapUpFrom: number;
  /** Epoch seconds before which the agent may not be offered. */
  readyTime: number;
  externalCalls: number;
  config: { wrap_up_time: number };
}

/**
 * §3.3 without the clock: the tier and agent are in a state to be offered a call (the timers, wrap-up
 * and ready_time, are checked separately). The dispatcher indexes tiers by this.
 */
export function isOfferable(tierState: TierState, a: AgentFacts, skipAgentsWithExternalCalls: boolean): boolean {
  return (
    (tierState === 'ready' || tierState === 'no_answer') &&
    a.state === 'waiting' &&
    (a.status === 'available' || a.status === 'on_demand') &&
    (!skipAgentsWithExternalCalls || a.externalCalls === 0)
  );
}

/** §3.3's timers: wrap-up is strict (last_bridge_end < now − wrap_up_time), ready_time is not. */
export function timersAllow(a: AgentFacts, nowSec: number): boolean {
  return a.wrapUpFrom < nowSec - a.config.wrap_up_time && a.readyTime <= nowSec;
}

/** §3.3: whether a row that passed the tier gate may be offered the caller at `nowSec`. */
export function isContactable(tierState: TierState, a: AgentFacts, nowSec: number, skipAgentsWithExternalCalls: boolean): boolean {
  return isOfferable(tierState, a, skipAgentsWithExternalCalls) && timersAllow(a, nowSec);
}

/**
 * The first second at which a Waiting agent's timers allow an offer: wrap-up is strict
 * (last_bridge_end < now − wrap_up_time), ready_time is not.
 */
export function timersClearAt(wrapUpFrom: number, wrapUpTime: number, readyTime: number): number {
  const afterWrapUp = wrapUpFrom > 0 ? wrapUpFrom + wrapUpTime + 1 : 0;
  return Math.max(afterWrapUp, readyTime);
}
