import { DomainError } from '../../scenarios/callcenter/errors.js';
import { ArmError, fromDomainError } from './errors.js';
import { operatorHistory, supervisorHistory } from './mapper.js';
import { readSettings } from './settings.js';
export class ArmAdapter {
    sim;
    log;
    settings;
    generation = -1;
    operatorsKey = '';
    byNumber = new Map();
    sessionSeq = 0;
    /** HTTP sessions (cookie value → operator id). */
    sessions = new Map();
    /** The reason an operator gave with its last auxwork, by world agent id, until its status changes again. */
    auxReasons = new Map();
    historyCache = new Map();
    agentChanges = 0;
    unsubscribe;
    constructor(sim, log) {
        this.sim = sim;
        this.log = log;
        this.rebuild();
        this.unsubscribe = sim.subscribe((e) => {
            if (e.type === 'agent.created' || e.type === 'agent.updated' || e.type === 'agent.removed')
                this.agentChanges++;
            // A status change the operator did not make through auxwork ends the reason it gave.
            if (e.type === 'agent.status' && e.status !== 'on_break')
                this.auxReasons.delete(e.agent);
        });
    }
    close() {
        this.unsubscribe();
    }
    /** At the start of every request: catches the clock up, follows a reset. Returns now in epoch ms. */
    ensure() {
        const t = this.sim.now();
        if (this.sim.generation !== this.generation)
            this.rebuild();
        return this.sim.scenario.startMs + t;
    }
    nowMs() {
        return this.sim.scenario.startMs + this.sim.engine.now;
    }
    checkDomain(domain) {
        if (domain !== this.settings.domain)
            throw new ArmError('unknown_domain', `unknown domain '${domain}'; this call center is '${this.settings.domain}'`);
    }
    /**
     * Runs one engine command; its DomainError comes back as the ARM error (errors.ts), with the engine's
     * field names in the reason replaced by the request's attributes (`fields`).
     */
    command(fn, fields) {
        try {
            return this.sim.command(fn);
        }
        catch (err) {
            throw err instanceof DomainError ? fromDomainError(err, fields) : err;
        }
    }
    /** The world agent of an operator id, or unknown_operator. */
    operator(id, field = 'agent_id') {
        if (id === undefined || id === '')
            throw new ArmError('invalid_request', `${field} is required`);
        this.refreshOperators();
        const agent = this.byNumber.get(id);
        if (!agent)
            throw new ArmError('unknown_operator', `no operator with ${field} '${id}'`);
        return { id, agent };
    }
    /** The operator id of a world agent (its number), or null when it is gone. */
    operatorIdOf(agentId) {
        return this.sim.engine.queries.agent(agentId)?.number ?? null;
    }
    agentView(op) {
        const view = this.sim.engine.queries.agent(op.agent);
        if (!view)
            throw new ArmError('unknown_operator', `operator '${op.id}' is gone`);
        return view;
    }
    auxReason(agentId) {
        return this.auxReasons.get(agentId) ?? null;
    }
    /** null forgets it. */
    setAuxReason(agentId, reason) {
        if (reason === null)
            this.auxReasons.delete(agentId);
        else
            this.auxReasons.set(agentId, reason);
    }
    /** A new HTTP session for an operator; ids are a counter, so runs are reproducible. */
    openSession(operatorId) {
        const id = `arm-${(++this.sessionSeq).toString(16).padStart(8, '0')}`;
        this.sessions.set(id, operatorId);
        return id;
    }
    sessionOperator(sessionId) {
        return sessionId ? (this.sessions.get(sessionId) ?? null) : null;
    }
    lookup() {
        const q = this.sim.engine.queries;
        const domain = this.settings.domain;
        return {
            startMs: this.sim.scenario.startMs,
            operator: (agentId) => {
                const a = q.agent(agentId);
                return a ? { id: a.number, name: a.name, groups: a.queues.map((x) => x.queue) } : null;
            },
            recordUrl: (call) => `/${domain}/records/${call.id}.wav`,
        };
    }
    /**
     * History lines of one operator (or of everyone, `agent` null), kept until the world changes: every
     * change is an event, so (generation, event seq) is an exact key.
     */
    history(agent) {
        const key = `${this.sim.generation}:${this.sim.eventSeq}`;
        const name = agent ? `op:${agent.id}` : 'all';
        const hit = this.historyCache.get(name);
        if (hit && hit.key === key)
            return hit.entries;
        const calls = this.sim.engine.queries.calls();
        const entries = agent ? operatorHistory(calls, agent, this.lookup()) : supervisorHistory(calls, this.lookup());
        if (this.historyCache.size >= 256)
            this.historyCache.clear();
        this.historyCache.set(name, { key, entries });
        return entries;
    }
    refreshOperators() {
        const key = `${this.sim.generation}:${this.agentChanges}`;
        if (key === this.operatorsKey)
            return;
        this.operatorsKey = key;
        this.byNumber = new Map();
        // Agents in creation order: if two share a number, the first one is that operator.
        for (const a of this.sim.engine.queries.agents())
            if (!this.byNumber.has(a.number))
                this.byNumber.set(a.number, a.id);
    }
    rebuild() {
        this.generation = this.sim.generation;
        this.settings = readSettings(this.sim.scenario.apis, this.log);
        this.auxReasons.clear();
        this.historyCache.clear();
        // Sessions belong to the run they were opened in: after a reset the same calls give the same ids.
        this.sessions.clear();
        this.sessionSeq = 0;
        this.operatorsKey = '';
    }
}
