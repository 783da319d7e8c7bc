import { Registry } from './registry.js';
import { readSettings } from './settings.js';
export class AgentCrudAdapter {
    sim;
    log;
    settings;
    registry;
    generation = -1;
    needsReconcile = false;
    unsubscribe;
    constructor(sim, log) {
        this.sim = sim;
        this.log = log;
        this.rebuild();
        this.reconcile();
        this.unsubscribe = sim.subscribe((e) => this.onEvent(e));
    }
    /** At the start of every request: catches the clock up and follows a reset or a new scenario. */
    ensure() {
        const t = this.sim.now();
        if (this.sim.generation !== this.generation)
            this.rebuild();
        if (this.needsReconcile)
            this.reconcile();
        return { t, epochMs: this.sim.scenario.startMs + t };
    }
    get queries() {
        return this.sim.engine.queries;
    }
    agentView(world) {
        return this.queries.agent(world);
    }
    queueView(world) {
        return this.queries.queue(world);
    }
    /** Every call record (finished and live), in call order. */
    calls() {
        return this.queries.calls();
    }
    epochMs(t) {
        return this.sim.scenario.startMs + t;
    }
    command(fn) {
        return this.sim.command(fn);
    }
    close() {
        this.unsubscribe();
    }
    /** From the scenario alone (the new world may still be under construction when this runs). */
    rebuild() {
        this.generation = this.sim.generation;
        this.settings = readSettings(this.sim.scenario.apis, this.log);
        const rng = this.sim.engine.world.rng;
        this.registry = Registry.fromScenario(this.sim.scenario, this.settings, (name) => rng.seedWords(name));
        this.needsReconcile = true;
    }
    /** Brings the registry in line with the live world (made or removed unseen, generated names). */
    reconcile() {
        this.needsReconcile = false;
        const r = this.registry;
        const ms = this.epochMs(this.sim.engine.now);
        const queues = this.queries.queues();
        const queueIds = new Set(queues.map((q) => q.id));
        for (const rec of r.queues())
            if (rec.deletedMs === null && !queueIds.has(rec.world))
                r.queueRemoved(rec.world, ms);
        for (const q of queues)
            r.queueCreated(q.id, ms);
        const agents = this.queries.agents();
        const agentIds = new Set(agents.map((a) => a.id));
        for (const rec of r.agents())
            if (rec.deletedMs === null && !agentIds.has(rec.world))
                r.agentRemoved(rec.world, ms);
        for (const a of agents) {
            const rec = r.agentCreated(a.id, a.name, a.number, ms);
            rec.name = a.name;
            rec.number = a.number;
        }
        const live = new Set();
        for (const q of queues) {
            for (const t of q.agents) {
                live.add(`${q.id}\u0000${t.agent}`);
                r.tierAdded(q.id, t.agent, t.joined, ms).joined = t.joined;
            }
        }
        for (const t of r.liveTiers())
            if (!live.has(`${t.queue}\u0000${t.agent}`))
                r.tierRemoved(t.queue, t.agent, ms);
    }
    onEvent(e) {
        try {
            if (this.sim.generation !== this.generation)
                this.rebuild();
            const r = this.registry;
            const ms = this.epochMs(e.t);
            switch (e.type) {
                case 'agent.created': {
                    const view = this.agentView(e.agent);
                    r.agentCreated(e.agent, view?.name ?? String(e.agent), view?.number ?? '', ms);
                    return;
                }
                case 'agent.updated':
                case 'agent.status': {
                    const rec = r.agentOf(e.agent);
                    const view = this.agentView(e.agent);
                    if (!rec || !view)
                        return;
                    rec.name = view.name;
                    rec.number = view.number;
                    rec.updatedMs = ms;
                    return;
                }
                case 'agent.removed':
                    r.agentRemoved(e.agent, ms);
                    return;
                case 'queue.created':
                    r.queueCreated(e.queue, ms);
                    return;
                case 'queue.removed':
                    r.queueRemoved(e.queue, ms);
                    return;
                case 'tier.added':
                    r.tierAdded(e.queue, e.agent, typeof e.joined === 'boolean' ? e.joined : true, ms);
                    return;
                case 'tier.updated': {
                    const rec = r.tierOf(e.queue, e.agent);
                    if (!rec)
                        return;
                    if (typeof e.joined === 'boolean')
                        rec.joined = e.joined;
                    rec.updatedMs = ms;
                    return;
                }
                case 'tier.removed':
                    r.tierRemoved(e.queue, e.agent, ms);
                    return;
                case 'call.disposition':
                    r.dispositionMs.set(e.call, ms);
                    return;
            }
        }
        catch (err) {
            // Never let the view break the engine: the event is skipped for the view, and logged.
            this.log.error({ err, event: e }, 'agent-crud view could not follow an event');
        }
    }
}
