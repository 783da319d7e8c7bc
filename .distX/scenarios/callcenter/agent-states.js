/**
 * The agent's status and state transitions of mod_callcenter (reference/mod_callcenter.md §3.3, §6), as
 * pure functions: what a failed ring does to an agent, the state after a ring ends, what a status
 * change resets or cancels, and whether an agent may be offered a call now.
 */
export const AGENT_STATUSES = ['available', 'on_demand', 'on_break', 'logged_out'];
export const AGENT_STATES = ['waiting', 'receiving', 'in_queue_call', 'idle'];
/** §6.3: the agent's penalty for a failed ring, by cause. */
export function ringFailureEffect(cause, config) {
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
export function reachesMaxNoAnswer(noAnswerCount, maxNoAnswer) {
    return maxNoAnswer > 0 && noAnswerCount >= maxNoAnswer;
}
/** §6.4: the state after a ring or call, from the status captured when the call was offered. */
export function stateAfterRing(bridged, statusAtOffer) {
    return bridged && statusAtOffer === 'on_demand' ? 'idle' : 'waiting';
}
/**
 * §6.5: what setting an agent's status does. Setting the status it already has does nothing (mod_callcenter
 * documents that for Available; ccsim extends it to every status, see the README's assumptions).
 */
export function statusChangeEffect(from, to) {
    if (from === to)
        return { noop: true, resetsCounters: false, cancelsHuntingRing: false };
    if (to === 'available')
        return { noop: false, resetsCounters: true, cancelsHuntingRing: false };
    return { noop: false, resetsCounters: false, cancelsHuntingRing: true };
}
/** Agents of these statuses are rows of a queue's candidate query (§3.1); Logged Out agents are not. */
export function isVisibleStatus(status) {
    return status !== 'logged_out';
}
/** Agents of these statuses let a caller in when the queue has exit_with_no_av_agents. */
export function isAvailableStatus(status) {
    return status === 'available' || status === 'on_demand';
}
/**
 * §3.3 without the clock: the tier and agent are in a state to be offered a call (the timers, wrap-up
 * and ready_time, are checked separately). The dispatcher indexes tiers by this.
 */
export function isOfferable(tierState, a, skipAgentsWithExternalCalls) {
    return ((tierState === 'ready' || tierState === 'no_answer') &&
        a.state === 'waiting' &&
        (a.status === 'available' || a.status === 'on_demand') &&
        (!skipAgentsWithExternalCalls || a.externalCalls === 0));
}
/** §3.3's timers: wrap-up is strict (last_bridge_end < now − wrap_up_time), ready_time is not. */
export function timersAllow(a, nowSec) {
    return a.wrapUpFrom < nowSec - a.config.wrap_up_time && a.readyTime <= nowSec;
}
/** §3.3: whether a row that passed the tier gate may be offered the caller at `nowSec`. */
export function isContactable(tierState, a, nowSec, skipAgentsWithExternalCalls) {
    return isOfferable(tierState, a, skipAgentsWithExternalCalls) && timersAllow(a, nowSec);
}
/**
 * The first second at which a Waiting agent's timers allow an offer: wrap-up is strict
 * (last_bridge_end < now − wrap_up_time), ready_time is not.
 */
export function timersClearAt(wrapUpFrom, wrapUpTime, readyTime) {
    const afterWrapUp = wrapUpFrom > 0 ? wrapUpFrom + wrapUpTime + 1 : 0;
    return Math.max(afterWrapUp, readyTime);
}
