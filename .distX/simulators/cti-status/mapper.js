import { huaweiState, HW, NOT_SIGNED_IN_LOGINDATE, secondsSince } from './agent-state.js';
/** MEDIA_TYPE_PHONE (common voice call) for a signed-in agent; the seed shows 0 for a signed-out one. */
export const MEDIA_PHONE = 5;
export function agentFields(view, workno, marks, ctx) {
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
export function skillAgentDto(f, ctx) {
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
export function worknoAgentDto(f, ctx) {
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
export function skillAgentV2Dto(f, ctx) {
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
export function systemStateDto(states) {
    const out = { busyagent: 0, talkingnum: 0, Idleagent: 0, totalloginagent: 0 };
    for (const s of states) {
        if (s.status === HW.signedOut)
            continue;
        out.totalloginagent++;
        if (s.status === HW.busy)
            out.busyagent++;
        else if (s.status === HW.talking)
            out.talkingnum++;
        else if (s.status === HW.idle)
            out.Idleagent++;
    }
    return out;
}
/** Why an agent may not rest yet: 2 (the VDN's quota is full) for a queued request; 0 for the others, where the field does not apply. */
export function cantRestReason(phase) {
    return phase === 'queued' ? 2 : 0;
}
/**
 * agentrestinfo from the engine's rest list: allowrestnum counts agents allowed to rest who are not
 * resting yet (seed table 4: they rest when their call ends), onrestnum those resting, waitrestnum those
 * waiting for a free place. Agents without a workno (beyond 59999) are left out.
 */
export function restInfoDto(info, agent, startMs) {
    const out = { allowrestnum: 0, onrestnum: 0, waitrestnum: 0, agentsrestdetails: [] };
    for (const r of info.agents) {
        const who = agent(r.agent);
        if (!who)
            continue;
        if (r.phase === 'after_call')
            out.allowrestnum++;
        else if (r.phase === 'resting')
            out.onrestnum++;
        else
            out.waitrestnum++;
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
