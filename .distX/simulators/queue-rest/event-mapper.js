import { fullName, sipName } from './mapper.js';
const LEFT_STATUS = {
    abandoned: 'CANCEL',
    exit_key: 'CANCEL',
    break_out: 'CANCEL',
    timeout: 'NOANSWER',
    no_agent_timeout: 'NOANSWER',
    no_available_agents: 'CHANUNAVAIL',
};
const RING_STATUS = { no_answer: 'NOANSWER', busy: 'BUSY', reject: 'BUSY', cancel: 'CANCEL' };
const ext = (ext) => ({ kind: 'extension', extension: ext.id });
export function callDeliveries(e, ctx, wants) {
    const out = [];
    const callId = e.call;
    if (!callId)
        return out;
    const emit = (at, eventType, status, leg, hangup) => {
        if (!at || !wants(ext(at), eventType))
            return;
        const call = ctx.call(callId);
        if (!call)
            return;
        const l = leg();
        const fields = {
            EventType: eventType,
            CallID: call.id,
            CallerIDNum: l.callerNum,
            CallerIDName: l.callerName,
            CalledDID: '',
            CallerExtension: l.callerExt ? sipName(l.callerExt, ctx, ctx.settings) : '',
            CallerExtensionID: l.callerExt ? String(l.callerExt.id) : '',
            CalledExtension: l.calledExt ? sipName(l.calledExt, ctx, ctx.settings) : '',
            CalledExtensionID: l.calledExt ? String(l.calledExt.id) : '',
            CalledNumber: l.calledNumber,
            CallStatus: status,
            CallFlow: l.flow,
            SubCallID: l.sub,
            CallAPIID: call.id,
            EventTime: String((ctx.startMs + e.t) * 1000),
        };
        if (hangup) {
            const h = hangup();
            fields.Duration = String(h.duration);
            fields.Bridged = h.bridged ? 'yes' : 'no';
            fields.RecID = h.rec;
        }
        out.push({ target: ext(at), eventType, fields });
    };
    const call = () => ctx.call(callId);
    const queueExt = (id) => (typeof id === 'string' ? ctx.registry.queueExtension(id) : undefined);
    const phoneExt = (agent) => {
        if (typeof agent !== 'string')
            return undefined;
        const rec = ctx.registry.agentOf(agent);
        return rec?.type === 'local' ? ctx.registry.phoneOf(agent) : undefined;
    };
    const qName = (q) => fullName(q, ctx, ctx.settings);
    const qSub = (q) => `${q.id}-${callId}`;
    const pSub = (p, agent) => `${p.id}-${callId}-${call().offers.filter((o) => o.agent === agent).length}`;
    const agentEnd = (agent, p) => (p ? fullName(p, ctx, ctx.settings) : (ctx.agent(agent)?.number ?? ''));
    const caller = () => ({ callerNum: call().number, callerName: call().callerName });
    const durationOf = (c) => (c.answeredT !== null && c.endedT !== null ? Math.floor((c.endedT - c.answeredT) / 1000) : 0);
    switch (e.type) {
        case 'call.arrived': {
            const q = queueExt(e.queue);
            emit(q, 'dial-in', 'CALLING', () => ({ ...caller(), callerExt: null, calledExt: q, calledNumber: qName(q), flow: 'IN', sub: qSub(q) }));
            break;
        }
        case 'call.offered': {
            const q = queueExt(e.queue);
            const agent = e.agent;
            const p = phoneExt(agent);
            emit(q, 'dial-out', 'CALLING', () => ({ ...caller(), callerExt: q, calledExt: p ?? null, calledNumber: agentEnd(agent, p), flow: 'OUT', sub: qSub(q) }));
            emit(p, 'dial-in', 'CALLING', () => ({ ...caller(), callerExt: q ?? null, calledExt: p, calledNumber: agentEnd(agent, p), flow: 'IN', sub: pSub(p, agent) }));
            break;
        }
        case 'call.answered': {
            const q = queueExt(e.queue);
            const agent = e.agent;
            const p = phoneExt(agent);
            emit(q, 'answer', 'ANSWER', () => ({ ...caller(), callerExt: null, calledExt: p ?? null, calledNumber: agentEnd(agent, p), flow: 'IN', sub: qSub(q) }));
            emit(p, 'answer', 'ANSWER', () => ({ ...caller(), callerExt: q ?? null, calledExt: p, calledNumber: agentEnd(agent, p), flow: 'IN', sub: pSub(p, agent) }));
            break;
        }
        case 'call.ring_failed': {
            const agent = e.agent;
            const p = phoneExt(agent);
            if (!p)
                break;
            const q = queueExt(ctx.call(callId)?.queue);
            emit(p, 'hangup', RING_STATUS[e.cause] ?? 'CANCEL', () => ({ ...caller(), callerExt: q ?? null, calledExt: p, calledNumber: agentEnd(agent, p), flow: 'IN', sub: pSub(p, agent) }), () => ({ duration: 0, bridged: false, rec: '' }));
            break;
        }
        case 'call.left': {
            const q = queueExt(e.queue);
            emit(q, 'hangup', LEFT_STATUS[e.reason] ?? 'CANCEL', () => ({ ...caller(), callerExt: null, calledExt: q, calledNumber: qName(q), flow: 'IN', sub: qSub(q) }), () => ({ duration: 0, bridged: false, rec: '' }));
            break;
        }
        case 'call.ended': {
            const c = ctx.call(callId);
            if (!c)
                break;
            const agent = e.agent;
            const p = phoneExt(agent);
            const hang = () => ({ duration: durationOf(c), bridged: true, rec: c.recorded && c.kind === 'queue' ? c.id : '' });
            if (c.kind === 'queue') {
                const q = queueExt(c.queue);
                emit(q, 'hangup', 'ANSWER', () => ({ ...caller(), callerExt: null, calledExt: p ?? null, calledNumber: agentEnd(agent, p), flow: 'IN', sub: qSub(q) }), hang);
                emit(p, 'hangup', 'ANSWER', () => ({ ...caller(), callerExt: q ?? null, calledExt: p, calledNumber: agentEnd(agent, p), flow: 'IN', sub: pSub(p, agent) }), hang);
            }
            else if (p) {
                emit(p, 'hangup', 'ANSWER', () => externalLeg(c, p, agent), hang);
            }
            break;
        }
        case 'agent.external_call': {
            const agent = e.agent;
            const p = phoneExt(agent);
            if (!p)
                break;
            const c = ctx.call(callId);
            if (!c)
                break;
            emit(p, c.direction === 'outbound' ? 'dial-out' : 'dial-in', 'CALLING', () => externalLeg(c, p, agent));
            emit(p, 'answer', 'ANSWER', () => externalLeg(c, p, agent));
            break;
        }
    }
    return out;
    function externalLeg(c, p, agent) {
        const sub = `${p.id}-${c.id}`;
        if (c.direction === 'outbound') {
            return { callerNum: fullName(p, ctx, ctx.settings), callerName: ctx.agent(agent)?.name ?? '', callerExt: p, calledExt: null, calledNumber: c.number, flow: 'OUT', sub };
        }
        return { callerNum: c.number, callerName: c.callerName, callerExt: null, calledExt: p, calledNumber: fullName(p, ctx, ctx.settings), flow: 'IN', sub };
    }
}
/** The fields of an agent-login or agent-logout delivery. */
export function agentEventFields(rec, view, status, source, ctx) {
    const fields = { agent_id: String(rec.id), agent_status: status, agent_type: rec.type };
    if (rec.type === 'remote')
        fields.agent_number = view.number;
    else {
        const p = ctx.registry.phoneOf(rec.world);
        fields.extension_name = p ? sipName(p, ctx, ctx.settings) : `${ctx.settings.prefix}*${view.number}@${ctx.settings.domain}`;
    }
    fields.event_source = source;
    return fields;
}
