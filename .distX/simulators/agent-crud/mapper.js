export const AGENT_STATUS = { Offline: 1, Online: 2, DailOut: 3, Working: 4, Paused: 5 };
export const CALL_DIRECTION = { Incoming: 1, Outgoing: 2 };
export const QUEUE_TYPE = { NotFound: 0, CallCenter1: 1, CallCenter2: 2, CallCenter3: 3, CallCenter4: 4, Outbound: 5 };
/** WrapupReasonDto ↔ the engine's disposition reasons, in enum order. */
export const WRAPUP_REASONS = ['not_found', 'success', 'no_answer', 'call_back_later', 'interrupted'];
export const wrapupOf = (reason) => WRAPUP_REASONS.indexOf(reason);
export const reasonOf = (w) => WRAPUP_REASONS[w];
export const iso = (epochMs) => new Date(epochMs).toISOString();
const isoOrNull = (epochMs) => (epochMs === null ? null : iso(epochMs));
/**
 * The service's status of a world agent: talking (a queue call, or an external call past dialing) is
 * Working and dialing out is DailOut whatever the status, then logged_out is Offline, on_break Paused,
 * available and on_demand Online. A deleted agent (no world agent) is Offline.
 */
export function agentStatusOf(view) {
    if (!view)
        return AGENT_STATUS.Offline;
    if (view.state === 'in_queue_call' || view.external.some((x) => x.phase === 'talking'))
        return AGENT_STATUS.Working;
    if (view.external.some((x) => x.phase === 'dialing' && x.direction === 'outbound'))
        return AGENT_STATUS.DailOut;
    if (view.status === 'logged_out')
        return AGENT_STATUS.Offline;
    if (view.status === 'on_break')
        return AGENT_STATUS.Paused;
    return AGENT_STATUS.Online;
}
export function agentSummaryDto(rec, ctx) {
    const view = rec.deletedMs === null ? ctx.agentView(rec.world) : null;
    const name = view?.name ?? rec.name;
    return {
        id: rec.id,
        userId: rec.userId,
        webexId: rec.webexId,
        webexUserNumber: view?.number ?? rec.number,
        webexDisplayName: name,
        userFullName: name,
        agentStatus: agentStatusOf(view),
        createDateTime: iso(rec.createdMs),
        updateDateTime: isoOrNull(rec.updatedMs),
        deleteDateTime: isoOrNull(rec.deletedMs),
    };
}
export function queueSummaryDto(rec) {
    return {
        id: rec.id,
        webexId: rec.webexId,
        webexExtension: String(7000 + rec.id),
        queueType: rec.type,
        createDateTime: iso(rec.createdMs),
        updateDateTime: isoOrNull(rec.updatedMs),
        deleteDateTime: isoOrNull(rec.deletedMs),
    };
}
/** The world's flag while the membership exists, else the last one seen. */
function joinedNow(tier, ctx) {
    if (tier.deletedMs !== null)
        return tier.joined;
    const row = ctx.queueView(tier.queue)?.agents.find((a) => a.agent === tier.agent);
    return row ? row.joined : tier.joined;
}
export function agentDto(rec, ctx) {
    const queues = [];
    for (const tier of ctx.registry.tiersOfAgent(rec)) {
        const q = ctx.registry.queueOf(tier.queue);
        if (!q)
            continue;
        queues.push({ id: tier.id, joined: joinedNow(tier, ctx), createDateTime: iso(tier.createdMs), updateDateTime: isoOrNull(tier.updatedMs), deleteDateTime: isoOrNull(tier.deletedMs), queue: queueSummaryDto(q) });
    }
    return { ...agentSummaryDto(rec, ctx), queues };
}
export function queueDto(rec, ctx) {
    const queueAgents = [];
    const view = rec.deletedMs === null ? ctx.queueView(rec.world) : null;
    for (const row of view?.agents ?? []) {
        const tier = ctx.registry.tierOf(rec.world, row.agent);
        const agent = ctx.registry.agentOf(row.agent);
        if (!tier || !agent)
            continue;
        queueAgents.push({ id: tier.id, joined: row.joined, createDateTime: iso(tier.createdMs), updateDateTime: isoOrNull(tier.updatedMs), deleteDateTime: null, agent: agentSummaryDto(agent, ctx) });
    }
    queueAgents.sort((a, b) => a.id - b.id);
    return { ...queueSummaryDto(rec), queueAgents };
}
/**
 * Whether a call is an agent's call session: a call an agent answered (queue or external), or a
 * dial-out, which is the agent's from the moment it dials.
 */
export function isSession(call) {
    if (call.agent === null)
        return false;
    return call.answeredT !== null || (call.kind === 'external' && call.direction === 'outbound');
}
/** When the agent's part began: the answer of a queue call, the start of an external one. */
export const sessionStartT = (call) => (call.kind === 'external' ? call.arrivedT : (call.answeredT ?? call.arrivedT));
export function callSessionDto(call, ctx) {
    const agent = ctx.registry.agentOf(call.agent);
    const disposition = call.disposition ?? null;
    const dispositionMs = ctx.registry.dispositionMs.get(call.id);
    const started = ctx.epochMs(sessionStartT(call));
    const endedMs = call.endedT === null ? null : ctx.epochMs(call.endedT);
    // The last change is the later of the call's end and its wrap-up result: a result can be set while the call is live.
    const changes = [dispositionMs, endedMs].filter((ms) => ms !== undefined && ms !== null);
    return {
        id: call.seq,
        agentId: agent?.id ?? 0,
        callId: call.seq,
        phoneNumber: call.number,
        callDirection: call.direction === 'outbound' ? CALL_DIRECTION.Outgoing : CALL_DIRECTION.Incoming,
        startedAt: iso(started),
        endedAt: endedMs === null ? null : iso(endedMs),
        wrapupReason: disposition ? wrapupOf(disposition.reason) : null,
        comment: disposition?.comment ?? null,
        createDateTime: iso(started),
        updateDateTime: changes.length === 0 ? null : iso(Math.max(...changes)),
        agent: agent ? agentSummaryDto(agent, ctx) : null,
    };
}
/** A queue call has its queue's type; an external call is Outbound (dialled) or NotFound (no queue). */
export function queueTypeOfCall(call, registry) {
    if (call.queue !== null)
        return registry.queueOf(call.queue)?.type ?? QUEUE_TYPE.NotFound;
    return call.direction === 'outbound' ? QUEUE_TYPE.Outbound : QUEUE_TYPE.NotFound;
}
export const isAnswered = (call) => call.answeredT !== null;
export const isMissed = (call) => call.answeredT === null && call.endedT !== null;
export function callDto(call, ctx) {
    const answered = isAnswered(call);
    const missed = isMissed(call);
    const leftT = call.leftQueueT ?? call.endedT;
    return {
        id: call.seq,
        callId: call.id,
        phoneNumber: call.number,
        callDirection: call.direction === 'outbound' ? CALL_DIRECTION.Outgoing : CALL_DIRECTION.Incoming,
        queueId: call.queue === null ? null : (ctx.registry.queueOf(call.queue)?.id ?? null),
        queueType: queueTypeOfCall(call, ctx.registry),
        agentId: call.agent === null ? null : (ctx.registry.agentOf(call.agent)?.id ?? null),
        arrivedAt: iso(ctx.epochMs(call.arrivedT)),
        answeredAt: call.answeredT === null ? null : iso(ctx.epochMs(call.answeredT)),
        endedAt: call.endedT === null ? null : iso(ctx.epochMs(call.endedT)),
        waitSeconds: answered ? (call.answeredT - call.arrivedT) / 1000 : missed && leftT !== null ? (leftT - call.arrivedT) / 1000 : null,
        talkSeconds: answered && call.endedT !== null ? (call.endedT - call.answeredT) / 1000 : null,
        answered,
        missed,
        result: call.exitReason,
        comment: ctx.registry.callComments.get(call.id) ?? null,
    };
}
const mean = (xs) => (xs.length === 0 ? null : Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 1000) / 1000);
/** Totals, means and service level of some calls (see the CallsAnalyticsDto schema for each figure). */
export function callStats(calls, serviceLevelSeconds) {
    let answered = 0;
    let missed = 0;
    let withinSl = 0;
    let slBase = 0;
    const waits = [];
    const talks = [];
    for (const c of calls) {
        const queueCall = c.kind === 'queue';
        if (isAnswered(c)) {
            answered++;
            if (c.endedT !== null)
                talks.push((c.endedT - c.answeredT) / 1000);
            if (queueCall) {
                const wait = (c.answeredT - c.arrivedT) / 1000;
                waits.push(wait);
                slBase++;
                if (wait <= serviceLevelSeconds)
                    withinSl++;
            }
        }
        else if (isMissed(c)) {
            missed++;
            if (queueCall)
                slBase++;
        }
    }
    return {
        total: calls.length,
        answered,
        missed,
        meanWaitSeconds: mean(waits),
        meanTalkSeconds: mean(talks),
        serviceLevel: slBase === 0 ? null : Math.round((withinSl / slBase) * 10000) / 10000,
    };
}
/** Analytics of the calls that arrived on the UTC days from `from` to `to` (inclusive; null: open). */
export function callsAnalyticsDto(calls, ctx, from, to, serviceLevelSeconds) {
    const inPeriod = calls.filter((c) => {
        const day = iso(ctx.epochMs(c.arrivedT)).slice(0, 10);
        return (from === null || day >= from) && (to === null || day <= to);
    });
    const byType = new Map();
    for (const c of inPeriod) {
        const type = queueTypeOfCall(c, ctx.registry);
        const list = byType.get(type) ?? [];
        list.push(c);
        byType.set(type, list);
    }
    const byQueueType = [...byType.entries()].sort(([a], [b]) => a - b).map(([queueType, list]) => ({ queueType, ...callStats(list, serviceLevelSeconds) }));
    return { from, to, serviceLevelSeconds, ...callStats(inPeriod, serviceLevelSeconds), byQueueType };
}
