/** Epoch ms → `YYYY/MM/DD HH:mm:ss` in UTC (ccsim's ECSS server clock is UTC). */
export function armTime(epochMs) {
    const d = new Date(epochMs);
    const p = (n) => String(n).padStart(2, '0');
    return `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}
/** `YYYY/MM/DD HH:mm:ss` or `YYYY/MM/DD` (UTC) → epoch ms, or null when it is not one. */
export function parseArmTime(text, endOfDay = false) {
    const m = /^(\d{4})\/(\d{2})\/(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/.exec(text);
    if (!m)
        return null;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const [h, mi, s] = m[4] ? [Number(m[4]), Number(m[5]), Number(m[6])] : endOfDay ? [23, 59, 59] : [0, 0, 0];
    const ms = Date.UTC(y, mo - 1, d, h, mi, s);
    const back = new Date(ms);
    // Date.UTC rolls 2020/02/31 over to March; a date that does not round-trip is not a date.
    if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59)
        return null;
    return ms;
}
const sec = (epochMs) => Math.floor(epochMs / 1000);
/** Who ended it, as ECSS names the sides: the remote party is A on inbound calls and B on outbound. */
export function releaseReason(releasedBy, direction) {
    if (releasedBy === 'caller')
        return direction === 'in' ? 'released_by_a' : 'released_by_b';
    if (releasedBy === 'agent')
        return direction === 'in' ? 'released_by_b' : 'released_by_a';
    return 'released_by_system';
}
/** A ring the operator did not answer: declined by the operator (B), given up by the caller (A), else the system. */
function missedReason(offer, call) {
    if (offer.outcome === 'busy' || offer.outcome === 'reject')
        return 'released_by_b';
    if (offer.outcome === 'cancel' && offer.reason === 'caller_left' && call.releasedBy === 'caller')
        return 'released_by_a';
    return 'released_by_system';
}
/** Held whole seconds within [fromMs, toMs] (virtual ms), for `duration` = talk without hold. */
function heldSeconds(call, toT) {
    let held = 0;
    for (const h of call.holds)
        held += Math.max(0, Math.round(((h.endT ?? toT) - h.t) / 1000));
    return held;
}
function remoteSide(call) {
    return { digits: call.number, name: call.callerName, agentId: null, groups: [] };
}
function durations(t, held) {
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
/**
 * An operator's own history (operator_call_history): the queue calls it answered and its external calls,
 * one line each, and one line per ring it did not answer (incomplete: no answer_time, talk 0). Live
 * calls are not history yet. Start is when the call began (arrival, or dialling for an outbound call).
 */
export function operatorHistory(calls, agent, look) {
    const me = look.operator(agent.id);
    if (!me)
        return [];
    const mine = { digits: agent.number, name: agent.name, agentId: me.id, groups: me.groups };
    const out = [];
    for (const call of calls) {
        const direction = call.direction === 'inbound' ? 'in' : 'out';
        const remote = remoteSide(call);
        const [a, b] = direction === 'in' ? [remote, mine] : [mine, remote];
        const base = {
            call_record: call.recorded && call.agent === agent.id ? look.recordUrl(call) : '',
            direction,
            display_name: agent.name,
            digits: agent.number,
            remote_display_name: call.callerName,
            remote_digits: call.number,
            remote_agent_id: '',
        };
        const startMs = look.startMs + call.arrivedT;
        call.offers.forEach((offer, i) => {
            if (offer.agent !== agent.id || offer.outcome === 'answered' || offer.outcome === null || offer.endT === null)
                return;
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
        if (call.agent !== agent.id || call.endedT === null)
            continue;
        const answered = call.answeredT !== null;
        const times = { startMs, answerMs: answered ? look.startMs + call.answeredT : null, releaseMs: look.startMs + call.endedT };
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
    }
    return out;
}
/**
 * The supervisor's history (call_history): every finished call once, side A the calling party and B the
 * called one; a queue call nobody answered has an empty B. `distribution_time` is the first ring to an
 * operator, `agent_answer_time` when one answered.
 */
export function supervisorHistory(calls, look) {
    const out = [];
    for (const call of calls) {
        if (call.endedT === null)
            continue;
        const direction = call.direction === 'inbound' ? 'in' : 'out';
        const op = call.agent ? look.operator(call.agent) : null;
        const agentSide = op ? { digits: call.agentNumber ?? '', name: op.name, agentId: op.id, groups: op.groups } : { digits: call.agentNumber ?? '', name: '', agentId: null, groups: [] };
        const remote = remoteSide(call);
        const [a, b] = direction === 'in' ? [remote, agentSide] : [agentSide, remote];
        const startMs = look.startMs + call.arrivedT;
        const answered = call.answeredT !== null;
        const times = { startMs, answerMs: answered ? look.startMs + call.answeredT : null, releaseMs: look.startMs + call.endedT };
        const firstOffer = call.offers[0];
        const url = call.recorded ? look.recordUrl(call) : '';
        out.push({
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
                agent_answer_time: answered && call.kind === 'queue' ? armTime(times.answerMs) : '',
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
        });
    }
    return out;
}
/** The ARM status word of an agent: on_break is auxwork, a supervisor block is blocked. */
export function armStatus(agent) {
    if (agent.blocked)
        return 'blocked';
    if (agent.status === 'on_break')
        return 'auxwork';
    return agent.status;
}
const STATES = { idle: 'idle', waiting: 'waiting', receiving: 'ringing', in_queue_call: 'handle_call' };
/** An operator as the agent commands and agents_info_event show it. `reason` is the auxwork reason given through ARM, if any. */
export function agentInfo(agent, operatorId, auxReason, nowMs) {
    const status = armStatus(agent);
    let reason = '';
    if (status === 'blocked')
        reason = 'blocked';
    else if (status === 'auxwork')
        reason = agent.rest && agent.rest.phase === 'resting' ? (agent.rest.reason ?? 'rest') : (auxReason ?? '');
    return { agent_id: operatorId, display_name: agent.name, status, reason, state: STATES[agent.state], timestamp: armTime(nowMs) };
}
/** A conversation (a call as one operator sees it) at a given status. */
export function conversation(call, operatorId, status, extra = {}) {
    const direction = call.direction === 'inbound' ? 'in' : 'out';
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
export function liveStatus(call) {
    if (call.endedT !== null)
        return 'released';
    if (call.answeredT === null)
        return call.kind === 'external' ? 'initiating' : 'alerting';
    const holds = call.holds;
    return holds.length > 0 && holds[holds.length - 1].endT === null ? 'hold' : 'working';
}
/** A conversation as it stands now: once released, who released it and where a transfer sent it. */
export function conversationNow(call, operatorId) {
    const status = liveStatus(call);
    const extra = {};
    if (status === 'released')
        extra.release_reason = releaseReason(call.releasedBy, call.direction === 'inbound' ? 'in' : 'out');
    if (call.transferredTo)
        extra.transferred_to = transferredTo(call.transferredTo);
    return conversation(call, operatorId, status, extra);
}
/** Where an unattended transfer sent the call, as ARM's `to_number` named it: a queue id or a number. */
export function transferredTo(target) {
    return 'queue' in target ? target.queue : target.number;
}
