/**
 * The world: one simulated call center's state and indexes, its clock helpers, ids, and the event log
 * it emits. Built from a resolved scenario. The mechanics that change it are in routing.ts,
 * call-flow.ts and agent-control.ts; nothing here decides routing.
 */
import { Faker, base, en, generateMersenne32Randomizer } from '@faker-js/faker';
import { RandomStreams, uniformAt, uuidAt } from '../kernel/rng.js';
import { Call } from './model.js';
import { isOfferable, isVisibleStatus } from './agent-states.js';
import { KpiCollector } from './kpis.js';
/** Same-instant order: ends free agents first, then ring outcomes, timers, scripted changes, arrivals. */
export const PRIORITY = { end: 10, ring: 20, timer: 30, timeline: 40, arrival: 50, wake: 60 };
export class World {
    scenario;
    scheduler;
    options;
    queues = new Map();
    /** The same queues in creation order, for the dispatcher's per-pass walk (kept by addQueue/removeQueue). */
    queueList = [];
    agents = new Map();
    /** Callers in a queue who may be routed, highest score first (then first come). */
    routable = [];
    /** Calls not yet ended, in no particular order (each knows its place: `call.liveIndex`). */
    liveCalls = [];
    /** Calls whose id has been handed out, live or retained, by id. */
    callsById = new Map();
    records = [];
    rng;
    faker;
    kpis;
    eventSeq = 0;
    listeners = [];
    listenerError = undefined;
    /** Set by anything that may let a caller be routed; the dispatcher runs at the end of the instant. */
    dirty = true;
    passId = 0;
    offerSeq = 0;
    memberSeq = 0;
    callSeq = 0;
    tierSeq = 0;
    /** Queues that may still route a caller in the current pass (see routing.ts). */
    openQueues = 0;
    /** Reusable rows for the dispatcher's comparisons. */
    scratchRows = [{}, {}];
    /** Ring outcomes due at this very instant, resolved by the dispatcher before time moves on. */
    immediate = [];
    /** The dispatcher's second list, swapped with `immediate` while it resolves outcomes. */
    resolving = [];
    /**
     * Times of the wake-ups posted, pending or (at or before now) past: a past one never matches a new
     * request, which always lies ahead, so they are swept only now and then (a Set that is emptied after
     * every wake-up re-hashes each time).
     */
    wakes = new Set();
    wakeSweepAt = 64;
    lastWakeT = -1;
    idSeed;
    reasonSeed;
    /** Agents waiting for a place under the rest limit, first come first served (rest.ts). */
    restQueue = [];
    constructor(scenario, scheduler, options) {
        this.scenario = scenario;
        this.scheduler = scheduler;
        this.options = options;
        this.rng = new RandomStreams(scenario.seed);
        this.idSeed = this.rng.seedWords('ids');
        this.reasonSeed = this.rng.seedWords('wrap_up_reasons');
        const randomizer = generateMersenne32Randomizer();
        randomizer.seed(this.rng.seedWords('faker'));
        this.faker = new Faker({ locale: [en, base], randomizer });
        this.kpis = new KpiCollector(scenario.warmupMs, scenario.serviceLevelSeconds * 1000);
    }
    get now() {
        return this.scheduler.now;
    }
    /** mod_callcenter's clock: whole epoch seconds. */
    nowSec() {
        return Math.floor((this.scenario.startMs + this.scheduler.now) / 1000);
    }
    secToT(sec) {
        return sec * 1000 - this.scenario.startMs;
    }
    epochMs(t) {
        return this.scenario.startMs + t;
    }
    idFor(seq) {
        return uuidAt(this.idSeed, seq);
    }
    agentReasonFor(seq) {
        const weights = this.scenario.wrapUpReasons;
        let total = 0;
        for (const [, w] of weights)
            total += w;
        let u = uniformAt(this.reasonSeed, seq) * total;
        for (const [reason, w] of weights) {
            if (u < w)
                return reason;
            u -= w;
        }
        return weights[weights.length - 1][0];
    }
    register(id, call) {
        if (call.live || this.options.retainRecords)
            this.callsById.set(id, call);
    }
    /** A call whose id has been handed out (in the log or a query), if it is live or retained. */
    callById(id) {
        return this.callsById.get(id);
    }
    // ---- event log --------------------------------------------------------------------------------
    get listening() {
        return this.listeners.length > 0;
    }
    subscribe(listener) {
        this.listeners.push(listener);
        return () => {
            this.listeners = this.listeners.filter((l) => l !== listener);
        };
    }
    /**
     * Whether the next event must be built: `if (w.logs()) w.emit(…)`. Without listeners the event is only
     * counted, so a batch run builds no event objects and makes no call ids.
     */
    logs() {
        if (this.listeners.length > 0)
            return true;
        this.eventSeq++;
        return false;
    }
    /**
     * Appends an event to the log (call only after `logs()` said yes). A listener that throws does not
     * interrupt the change being logged: its first error is kept for the engine to rethrow once the
     * world is consistent again.
     */
    emit(type, fields) {
        const e = { seq: ++this.eventSeq, t: this.scheduler.now, type, ...fields };
        for (const l of this.listeners) {
            try {
                l(e);
            }
            catch (err) {
                this.listenerError ??= err;
            }
        }
    }
    /** The first error a listener threw since the last call, if any (and forgets it). */
    takeListenerError() {
        const err = this.listenerError;
        this.listenerError = undefined;
        return err;
    }
    // ---- dispatch triggers ------------------------------------------------------------------------
    markDirty() {
        this.dirty = true;
    }
    /** Makes sure the dispatcher runs at virtual time `t` (a timer ends, a tier level opens, …). */
    wakeAt(t) {
        if (t <= this.scheduler.now) {
            this.dirty = true;
            return;
        }
        // Most wake-ups asked for are the next whole second, asked for again and again until it comes; a
        // pending one is the latest scheduled while it lies ahead (a wake that ran has t <= now).
        const wakes = this.wakes;
        if (t === this.lastWakeT || wakes.has(t))
            return;
        if (wakes.size >= this.wakeSweepAt) {
            const now = this.scheduler.now;
            for (const x of wakes)
                if (x <= now)
                    wakes.delete(x);
            // Many may still be pending: sweep again only when the set has doubled (amortised O(1) per wake-up).
            this.wakeSweepAt = Math.max(64, 2 * wakes.size);
        }
        wakes.add(t);
        this.lastWakeT = t;
        this.scheduler.post(t, PRIORITY.wake, World.wake, this);
    }
    static wake(w) {
        w.dirty = true;
    }
    // ---- indexes ----------------------------------------------------------------------------------
    addRoutable(m) {
        const list = this.routable;
        // Most callers join behind everyone already there (same score, later arrival).
        const n = list.length;
        if (n === 0 || list[n - 1].sortKey > m.sortKey || (list[n - 1].sortKey === m.sortKey && list[n - 1].seq < m.seq)) {
            list.push(m);
            return;
        }
        let lo = 0;
        let hi = list.length;
        while (lo < hi) {
            const mid = (lo + hi) >> 1;
            const o = list[mid];
            if (o.sortKey > m.sortKey || (o.sortKey === m.sortKey && o.seq < m.seq))
                lo = mid + 1;
            else
                hi = mid;
        }
        list.splice(lo, 0, m);
    }
    removeRoutable(m) {
        const list = this.routable;
        // Most callers leave from the head (the longest-waiting is served first).
        if (list.length > 0 && list[0] === m) {
            list.shift();
            return;
        }
        const i = list.indexOf(m);
        if (i >= 0)
            list.splice(i, 1);
    }
    addQueue(q) {
        this.queues.set(q.id, q);
        this.queueList.push(q);
    }
    removeQueue(q) {
        this.queues.delete(q.id);
        const i = this.queueList.indexOf(q);
        if (i >= 0)
            this.queueList.splice(i, 1);
    }
    addTier(queue, agent, level, position) {
        const tier = { queue, agent, level, position, state: 'ready', joined: true, order: this.tierSeq++, readyIndex: -1 };
        queue.tiers.push(tier);
        agent.tiers.push(tier);
        if (isVisibleStatus(agent.status))
            queue.visibleAgents++;
        this.syncTier(tier);
        return tier;
    }
    removeTier(tier) {
        this.unready(tier);
        tier.queue.tiers = tier.queue.tiers.filter((t) => t !== tier);
        tier.agent.tiers = tier.agent.tiers.filter((t) => t !== tier);
        if (isVisibleStatus(tier.agent.status))
            tier.queue.visibleAgents--;
    }
    /**
     * Keeps `queue.ready` true to agent-states' isOfferable (for joined tiers) after any change to a tier's
     * state or joined flag, its agent's state, status or external calls, or the queue's skip_busy_agents.
     */
    syncTier(t) {
        const offerable = t.joined && isOfferable(t.state, t.agent, t.queue.config.skip_busy_agents);
        if (offerable === t.readyIndex >= 0)
            return;
        if (offerable) {
            t.readyIndex = t.queue.ready.length;
            t.queue.ready.push(t);
        }
        else
            this.unready(t);
        t.queue.passId = -1;
    }
    syncAgent(a) {
        for (const t of a.tiers)
            this.syncTier(t);
    }
    unready(t) {
        const list = t.queue.ready;
        const i = t.readyIndex;
        if (i < 0)
            return;
        const last = list.pop();
        if (last !== t) {
            list[i] = last;
            last.readyIndex = i;
        }
        t.readyIndex = -1;
        t.queue.passId = -1;
    }
    setMemberState(m, state) {
        const c = m.queue.counts;
        const wasRouted = m.state === 'waiting' || m.state === 'trying';
        if (m.state === 'waiting')
            c.waiting--;
        else if (m.state === 'trying')
            c.trying--;
        else if (m.state === 'answered')
            c.answered--;
        m.state = state;
        if (state === 'waiting')
            c.waiting++;
        else if (state === 'trying')
            c.trying++;
        else if (state === 'answered')
            c.answered++;
        // mod_callcenter stamps last_agent_exist while it evaluates callers and finds agents; the last
        // evaluation before the queue empties is now (§7.5).
        if (wasRouted && c.waiting + c.trying === 0 && m.queue.visibleAgents > 0)
            m.queue.agentSeenSec = this.nowSec();
    }
    /** A new call; `number` null takes the `numberIndex`-th generated number of `numberSeed`. */
    newCall(kind, direction, queue, number, numberSeed = null, numberIndex = 0) {
        const call = new Call(this, ++this.callSeq, kind, direction, queue, number, this.scheduler.now, numberSeed, numberIndex);
        call.liveIndex = this.liveCalls.length;
        this.liveCalls.push(call);
        return call;
    }
    finishCall(call) {
        // Swap-remove: readers sort what they take from the list.
        const live = this.liveCalls;
        if (call.liveIndex >= 0) {
            const last = live.pop();
            if (last !== call) {
                live[call.liveIndex] = last;
                last.liveIndex = call.liveIndex;
            }
            call.liveIndex = -1;
        }
        if (this.options.retainRecords)
            this.records.push(call);
        else if (call.hasId)
            this.callsById.delete(call.id);
    }
}
