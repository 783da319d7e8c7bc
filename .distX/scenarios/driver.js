/**
 * Puts a scenario's script on the world's clock: caller arrivals per group (Poisson with an optional
 * hourly profile, fixed times, bursts) and the timeline of scripted changes. Each group draws from its
 * own streams, so adding a group does not change the others' callers.
 */
import { sample } from './kernel/distributions.js';
import { arrive } from './callcenter/call-flow.js';
import { DomainError } from './callcenter/errors.js';
import { PRIORITY } from './callcenter/world.js';
export function scheduleScenario(w, scenario, commands) {
    scenario.callers.forEach((g, i) => scheduleGroup(w, g, i, scenario.durationMs));
    for (const entry of scenario.timeline) {
        if (entry.atMs > scenario.durationMs)
            continue;
        w.scheduler.post(entry.atMs, PRIORITY.timeline, () => runTimelineEntry(w, entry, commands));
    }
}
function scheduleGroup(w, g, index, durationMs) {
    const arrivals = w.rng.stream(`arrivals:${index}`);
    const callers = w.rng.stream(`callers:${index}`);
    const numberSeed = w.rng.seedWords(`numbers:${index}`);
    // One traits record per group, refilled per caller: arrive() reads it at once and keeps nothing.
    const traits = { number: null, numberSeed, numberIndex: 0, baseScore: g.baseScore, timeInSystemSec: 0, patienceSec: null, exitKeyAfterSec: null, releasesFirst: g.releasesFirst, releaseDraw: 0 };
    let n = 0;
    const spawn = () => {
        const q = w.queues.get(g.queue);
        if (!q)
            return;
        // Listed numbers first, then generated ones (made only when someone reads them).
        traits.number = n < g.numbers.length ? g.numbers[n] : null;
        traits.numberIndex = n - g.numbers.length;
        n++;
        traits.timeInSystemSec = Math.floor(sample(g.timeInSystem, callers));
        traits.patienceSec = g.patience === null ? null : sample(g.patience, callers);
        traits.exitKeyAfterSec = g.exitKeyAfter === null ? null : sample(g.exitKeyAfter, callers);
        traits.releaseDraw = callers.next();
        arrive(w, q, traits);
    };
    const a = g.arrivals;
    switch (a.process) {
        case 'fixed':
            for (const t of a.atMs)
                if (t < durationMs)
                    w.scheduler.post(t, PRIORITY.arrival, spawn);
            break;
        case 'burst':
            for (let i = 0; i < a.count; i++) {
                const t = a.atMs + (a.count > 1 ? Math.round((a.spreadMs * i) / a.count) : 0);
                if (t < durationMs)
                    w.scheduler.post(t, PRIORITY.arrival, spawn);
            }
            break;
        case 'poisson': {
            const until = Math.min(a.untilMs ?? durationMs, durationMs);
            const hourly = a.hourly;
            const peak = hourly ? Math.max(...hourly) : a.perHour;
            if (peak <= 0)
                break;
            const meanGapMs = 3_600_000 / peak;
            // One arrival of the group is pending at a time; `last` is its exact (unrounded) time.
            let last = a.fromMs;
            const scheduleNext = () => {
                let t = last;
                for (;;) {
                    t += -meanGapMs * Math.log(1 - arrivals.next());
                    if (t >= until)
                        return;
                    // Thinning (Lewis–Shedler) follows the hourly profile; without one every candidate is kept.
                    if (!hourly)
                        break;
                    const hour = new Date(w.epochMs(t)).getUTCHours();
                    if (arrivals.next() * peak < hourly[hour])
                        break;
                }
                last = t;
                w.scheduler.post(Math.round(t), PRIORITY.arrival, fire);
            };
            const fire = () => {
                spawn();
                scheduleNext();
            };
            scheduleNext();
            break;
        }
    }
}
function runTimelineEntry(w, e, commands) {
    try {
        if ('status' in e)
            commands.setAgentStatus(e.agent, e.status);
        else if ('state' in e)
            commands.setAgentState(e.agent, e.state);
        else if ('externalCall' in e)
            commands.startExternalCall(e.agent, e.externalCall, e.direction, e.number);
        else if ('dialOut' in e)
            commands.dialOut(e.agent, e.dialOut);
        else if ('rest' in e)
            commands.requestRest(e.agent, e.rest);
        else if ('call' in e)
            commands.injectCaller({ queue: e.call.queue, number: e.call.number, patience: e.call.patience });
        else
            commands.updateQueue(e.queue, e.set);
    }
    catch (err) {
        // An API call may have removed what the script refers to; the script goes on without it.
        if (!(err instanceof DomainError))
            throw err;
        if (w.logs())
            w.emit('timeline.skipped', { reason: err.message });
    }
}
