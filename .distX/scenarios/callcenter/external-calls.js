/**
 * An agent's calls outside the queues (mod_callcenter's external_calls_count): a call already connected
 * (inbound or outbound, for a given time), or a dial-out whose far end rings and answers or not, as the
 * scenario's `outbound` section says. They leave the agent's queue status and state alone; with
 * skip_busy_agents a queue keeps its calls away until they end. Queue calls are call-flow.ts's.
 */
import { sample } from '../kernel/distributions.js';
import { closeHolds, logAgentDisposition } from './call-flow.js';
import { restMayStart } from './rest.js';
import { PRIORITY } from './world.js';
/** A call that is connected now and lasts `seconds`; the agent hangs up an outbound one, the caller an inbound one. */
export function startExternalCall(w, a, seconds, direction, number) {
    const call = newExternal(w, a, direction, number);
    const leg = addLeg(w, a, call, 'talking');
    call.answeredT = w.now;
    call.exitReason = 'answered';
    if (w.logs())
        w.emit('agent.external_call', { agent: a.id, call: call.id, direction, seconds });
    endAfter(w, a, leg, seconds, direction === 'outbound' ? 'agent' : 'caller');
    return call;
}
/**
 * The agent dials `number`: the far end answers after the scenario's delay with its probability (then
 * they talk for the agent's talk time and the agent hangs up), or the agent gives up after
 * `no_answer_after`. Draws come from the agent's own outbound stream.
 */
export function dialOut(w, a, number) {
    const call = newExternal(w, a, 'outbound', number);
    const leg = addLeg(w, a, call, 'dialing');
    if (w.logs())
        w.emit('agent.dialing', { agent: a.id, call: call.id, number });
    const out = w.scenario.outbound;
    const stream = w.rng.stream(`outbound:${a.id}`);
    const answers = stream.next() < out.answerProbability;
    const afterSec = answers ? sample(out.answerAfter, stream) : out.noAnswerAfterSec;
    const talkSec = sample(a.talkTime, stream);
    if (answers && afterSec < out.noAnswerAfterSec) {
        leg.next = w.scheduler.at(w.now + Math.round(afterSec * 1000), PRIORITY.ring, () => {
            leg.phase = 'talking';
            leg.sinceT = w.now;
            call.answeredT = w.now;
            call.exitReason = 'answered';
            if (w.logs())
                w.emit('call.answered', { call: call.id, agent: a.id });
            endAfter(w, a, leg, talkSec, 'agent');
        });
    }
    else {
        leg.next = w.scheduler.at(w.now + Math.round(out.noAnswerAfterSec * 1000), PRIORITY.ring, () => endExternal(w, a, leg, 'agent'));
    }
    return call;
}
/** Ends an external call now: answered ones end normally, a dial-out still ringing ends unanswered. */
export function endExternal(w, a, leg, by) {
    const i = a.externals.indexOf(leg);
    if (i < 0)
        return;
    w.scheduler.cancel(leg.next);
    leg.next = null;
    a.externals.splice(i, 1);
    a.externalCalls--;
    w.syncAgent(a);
    const call = leg.call;
    call.endedT = w.now;
    call.releasedBy = by;
    call.wrapUpEndT = w.now;
    if (call.answeredT === null)
        call.exitReason = 'unanswered';
    closeHolds(w, call);
    w.finishCall(call);
    if (w.logs())
        w.emit('call.ended', { call: call.id, agent: a.id, by });
    logAgentDisposition(w, call);
    if (a.rest !== null)
        restMayStart(w, a);
    w.markDirty();
}
function newExternal(w, a, direction, number) {
    const call = w.newCall('external', direction, null, number);
    call.agent = a.id;
    call.agentNumber = a.number;
    return call;
}
function addLeg(w, a, call, phase) {
    const leg = { call, phase, sinceT: w.now, next: null };
    a.externals.push(leg);
    a.externalCalls++;
    w.syncAgent(a);
    return leg;
}
function endAfter(w, a, leg, seconds, by) {
    leg.next = w.scheduler.at(w.now + Math.round(seconds * 1000), PRIORITY.end, () => endExternal(w, a, leg, by));
}
