const causes = (hangup_cause, end_cause, business_end_cause) => ({ hangup_cause, end_cause, business_end_cause });
/** Q.850 names for how the last failed ring to an agent ended (the offer outcomes). */
export const RING_FAILURE_CAUSE = {
    no_answer: 'NO_ANSWER',
    busy: 'USER_BUSY',
    reject: 'CALL_REJECTED',
};
export function endCauses(call, side) {
    const remoteLeft = call.releasedBy === 'caller';
    if (call.answeredT !== null) {
        if (call.releasedBy === 'system')
            return causes('MANAGER_REQUEST', 'TERMINATED', 'TERMINATED');
        if (call.transferredTo)
            return side === 'external' ? causes('BLIND_TRANSFER', 'TRANSFER', 'TRANSFERRED') : causes('NORMAL_CLEARING', 'TRANSFER', 'DIALOG_LEFT');
        const thisSideLeft = side === 'external' ? remoteLeft : !remoteLeft;
        return causes('NORMAL_CLEARING', 'HANGUP', thisSideLeft ? 'DIALOG_LEFT' : 'OTHER_SIDE_LEFT');
    }
    // Nobody answered: only the remote side exists for a queue call; a dial-out has both.
    switch (call.exitReason) {
        case 'abandoned':
        case 'exit_key':
            return causes('ORIGINATOR_CANCEL', 'CANCEL', 'DIALOG_LEFT');
        case 'timeout':
            return causes(lastRingFailure(call) ?? 'RECOVERY_ON_TIMER_EXPIRE', 'TIMEOUT', 'TIMEOUT');
        case 'no_agent_timeout':
            return causes(lastRingFailure(call) ?? 'NO_USER_RESPONSE', 'TIMEOUT', 'TIMEOUT');
        case 'no_available_agents':
            return causes('SUBSCRIBER_ABSENT', 'REJECTED', 'REJECTED');
        case 'unanswered':
            // A dial-out still ringing: given up after no_answer_after, or hung up through an API.
            return call.releasedBy === 'system' ? causes('MANAGER_REQUEST', 'TERMINATED', 'TERMINATED') : causes('NO_ANSWER', 'NO_ANSWER', 'NO_ANSWER');
        case 'break_out':
            return causes('MANAGER_REQUEST', 'TERMINATED', 'TERMINATED');
    }
    if (call.releasedBy === 'system')
        return causes('MANAGER_REQUEST', 'TERMINATED', 'TERMINATED');
    // No exit reason: a dial-out ended before the remote side answered (the engine marks those
    // `unanswered`; kept for records that do not).
    const agentLeft = call.releasedBy === 'agent';
    return causes('ORIGINATOR_CANCEL', 'CANCEL', (side === 'agent') === agentLeft ? 'DIALOG_LEFT' : 'OTHER_SIDE_LEFT');
}
/**
 * The cause of the last ring an agent let fail (no answer, busy, reject), if any: the reason the caller
 * was still waiting. Cancelled rings (the caller left, another agent won) say nothing about that.
 */
function lastRingFailure(call) {
    for (let i = call.offers.length - 1; i >= 0; i--) {
        const cause = RING_FAILURE_CAUSE[call.offers[i].outcome ?? ''];
        if (cause)
            return cause;
    }
    return null;
}
