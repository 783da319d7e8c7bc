import { NO_MARKS } from './agent-state.js';
import { HuaweiIds } from './ids.js';
import { readSettings } from './settings.js';
export class HuaweiAdapter {
    sim;
    log;
    settings;
    ids;
    marks = new Map();
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
        const startMs = this.sim.scenario.startMs;
        return { nowT: t, startMs, epochMs: startMs + t, vdn: this.settings.vdn, groupId: this.settings.group_id };
    }
    /** Whether a request's ccId and vdn address this call center. */
    addresses(ccId, vdn) {
        return ccId === this.settings.cc_id && vdn === this.settings.vdn;
    }
    marksOf(agent) {
        return this.marks.get(agent) ?? NO_MARKS;
    }
    agent(id) {
        return this.sim.engine.queries.agent(id);
    }
    agents() {
        return this.sim.engine.queries.agents();
    }
    restInfo() {
        return this.sim.engine.queries.restInfo();
    }
    close() {
        this.unsubscribe();
    }
    rebuild() {
        this.generation = this.sim.generation;
        this.settings = readSettings(this.sim.scenario.apis, this.log);
        this.ids = HuaweiIds.fromScenario(this.sim.scenario, this.settings, this.log);
        this.marks.clear();
        this.needsReconcile = true;
    }
    /** Brings the registry in line with the live world (entities made or removed before we listened). */
    reconcile() {
        this.needsReconcile = false;
        const q = this.sim.engine.queries;
        for (const view of q.queues())
            this.ids.queueCreated(view.id);
        for (const view of q.agents()) {
            this.ids.agentCreated(view.id);
            if (view.login_t !== null)
                this.mark(view.id, { loginT: view.login_t });
        }
    }
    mark(agent, change) {
        this.marks.set(agent, { ...this.marksOf(agent), ...change });
    }
    onEvent(e) {
        try {
            if (this.sim.generation !== this.generation)
                this.rebuild();
            switch (e.type) {
                case 'agent.wrap_up_ended':
                    this.mark(e.agent, { wrapUpEndedT: e.t });
                    return;
                case 'call.ended': {
                    if (typeof e.agent !== 'string' || typeof e.call !== 'string')
                        return;
                    if (this.sim.engine.queries.call(e.call)?.kind === 'external')
                        this.mark(e.agent, { externalEndedT: e.t });
                    return;
                }
                case 'agent.status':
                    if (e.from === 'logged_out')
                        this.mark(e.agent, { loginT: e.t });
                    return;
                case 'agent.created': {
                    this.ids.agentCreated(e.agent);
                    const loginT = this.sim.engine.queries.agent(e.agent)?.login_t ?? null;
                    if (loginT !== null)
                        this.mark(e.agent, { loginT });
                    return;
                }
                case 'agent.removed':
                    this.ids.agentRemoved(e.agent);
                    this.marks.delete(e.agent);
                    return;
                case 'queue.created':
                    this.ids.queueCreated(e.queue);
                    return;
                case 'queue.removed':
                    this.ids.queueRemoved(e.queue);
                    return;
            }
        }
        catch (err) {
            // Never let the view break the engine: the event is skipped for the view, and logged.
            this.log.error({ err, event: e }, 'huawei view could not follow an event');
        }
    }
}
