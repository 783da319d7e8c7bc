/** CC-CMS 座席状态 (seed 004 table 5; 2 is "signed out" in agentbyworkno's table). */
export const HW = { signedOut: 2, busy: 3, idle: 4, wrapUp: 5, talking: 7, rest: 8 };
/** CTI platform agent status codes (reference §2, cec_07_0697). */
export const CTI = { notSignedIn: 0, idle: 1, preOccupied: 2, occupied: 3, answering: 4, talking: 5, working: 6, busy: 7, rest: 8 };
/** The seed's logindate for an agent that is not signed in (0xFFFFFFFF seconds, in ms). */
export const NOT_SIGNED_IN_LOGINDATE = 4294967295000;
export const NO_MARKS = Object.freeze({ wrapUpEndedT: null, externalEndedT: null, loginT: null });
const max = (...ts) => {
    let m = 0;
    for (const t of ts)
        if (typeof t === 'number' && t > m)
            m = t;
    return m;
};
/**
 * The Huawei state, by precedence: on a call (ringing → answering, a queue or outside call connected →
 * talking, dialing out → occupied); signed out; on rest (an approved rest that has begun); not ready
 * (any other break, a supervisor block, or the idle state) → busy; wrapping up → working; otherwise
 * idle. A status set during a call shows once the call ends (mod_callcenter lets the call go on after
 * any status change, Logged Out included); an explicit break hides a wrap-up.
 */
export function huaweiState(a, marks = NO_MARKS) {
    if (a.state === 'in_queue_call')
        return { status: HW.talking, ctiStatus: CTI.talking, sinceT: a.state_since_t };
    const talking = a.external.find((x) => x.phase === 'talking');
    if (talking)
        return { status: HW.talking, ctiStatus: CTI.talking, sinceT: talking.since_t };
    if (a.state === 'receiving')
        return { status: HW.talking, ctiStatus: CTI.answering, sinceT: a.state_since_t };
    const dialing = a.external.find((x) => x.phase === 'dialing');
    if (dialing)
        return { status: HW.talking, ctiStatus: CTI.occupied, sinceT: dialing.since_t };
    // Off a call from here on: the state began no earlier than the last change of status, state or outside call.
    // (A call or ring ending moves the state, so a logout during a call shows signed out from the call's end.)
    const base = max(a.status_since_t, a.state_since_t, marks.externalEndedT);
    if (a.status === 'logged_out')
        return { status: HW.signedOut, ctiStatus: CTI.notSignedIn, sinceT: base };
    if (a.status === 'on_break' && a.rest?.phase === 'resting')
        return { status: HW.rest, ctiStatus: CTI.rest, sinceT: max(a.rest.begin_t, marks.externalEndedT) };
    if (a.status === 'on_break' || a.state === 'idle')
        return { status: HW.busy, ctiStatus: CTI.busy, sinceT: base };
    if (a.wrap_up_until_t !== null)
        return { status: HW.wrapUp, ctiStatus: CTI.working, sinceT: base };
    return { status: HW.idle, ctiStatus: CTI.idle, sinceT: max(base, marks.wrapUpEndedT) };
}
/** Whole seconds from `sinceT` to `nowT` (never negative). */
export function secondsSince(sinceT, nowT) {
    return Math.max(0, Math.floor((nowT - sinceT) / 1000));
}
