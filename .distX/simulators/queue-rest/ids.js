export class Registry {
    extensionsById = new Map();
    extensionByQueue = new Map();
    extensionByAgent = new Map();
    agentsById = new Map();
    agentByWorld = new Map();
    pendingQueues = new Map();
    pendingAgents = new Map();
    nextExtensionId;
    nextAgentId;
    constructor(settings) {
        this.nextExtensionId = settings.first_extension_id;
        this.nextAgentId = settings.first_agent_id;
    }
    /** The ids of a scenario's queues and agents as the world starts. */
    static fromScenario(scenario, settings) {
        const r = new Registry(settings);
        for (const q of scenario.queues)
            r.queueCreated(q.id, scenario.startMs);
        for (const a of scenario.agents)
            r.agentCreated(a.id, a.type, scenario.startMs);
        return r;
    }
    // ---- lookups ------------------------------------------------------------------------------------
    extension(id) {
        return this.extensionsById.get(id);
    }
    extensions() {
        return [...this.extensionsById.values()].sort((a, b) => a.id - b.id);
    }
    queueExtension(queue) {
        const id = this.extensionByQueue.get(queue);
        return id === undefined ? undefined : this.extensionsById.get(id);
    }
    /** The phone extension a local agent rings. */
    phoneOf(agent) {
        const id = this.extensionByAgent.get(agent);
        return id === undefined ? undefined : this.extensionsById.get(id);
    }
    agent(id) {
        return this.agentsById.get(id);
    }
    agentOf(world) {
        return this.agentByWorld.get(world);
    }
    agents(type) {
        return [...this.agentsById.values()].filter((a) => a.type === type).sort((a, b) => a.id - b.id);
    }
    hasQueue(queue) {
        return this.extensionByQueue.has(queue);
    }
    /** The id the next agent will get (for choosing its world id before creating it). */
    peekAgentId() {
        return this.nextAgentId;
    }
    peekExtensionId() {
        return this.nextExtensionId;
    }
    // ---- what the next created world entity is (set before the command, consumed by its event) ------
    expectQueue(queue, spec) {
        this.pendingQueues.set(queue, spec);
    }
    expectAgent(agent, spec) {
        this.pendingAgents.set(agent, spec);
    }
    /** The command failed: nothing was created. */
    cancelExpected(world) {
        this.pendingQueues.delete(world);
        this.pendingAgents.delete(world);
    }
    // ---- changes, in event-log order ----------------------------------------------------------------
    /** A queue appeared in the world: it gets a queue extension (as the API asked, or named by its id). */
    queueCreated(queue, nowMs) {
        const existing = this.queueExtension(queue);
        if (existing)
            return existing;
        const p = this.pendingQueues.get(queue);
        this.pendingQueues.delete(queue);
        const rec = {
            id: this.nextExtensionId++,
            type: 'queue',
            name: p?.name ?? queue,
            label: p ? p.label : undefined,
            status: p?.status ?? 'active',
            createdMs: nowMs,
            callerIdName: p?.callerIdName ?? null,
            extraParams: p?.extraParams ?? null,
            queue,
            agent: null,
            implicit: false,
        };
        this.extensionsById.set(rec.id, rec);
        this.extensionByQueue.set(queue, rec.id);
        return rec;
    }
    /** A queue left the world: so does its extension. Returns the extension's id. */
    queueRemoved(queue) {
        const id = this.extensionByQueue.get(queue);
        this.extensionByQueue.delete(queue);
        if (id !== undefined)
            this.extensionsById.delete(id);
        return id;
    }
    /**
     * An agent appeared in the world: it gets an agent id and, when local, the phone extension the API
     * chose for it or an implicit one.
     */
    agentCreated(world, type, nowMs) {
        const existing = this.agentByWorld.get(world);
        if (existing)
            return existing;
        const p = this.pendingAgents.get(world);
        this.pendingAgents.delete(world);
        const rec = { id: this.nextAgentId++, world, type, extraParams: p?.extraParams ?? null, agentSoundId: p?.agentSoundId ?? 0 };
        this.agentsById.set(rec.id, rec);
        this.agentByWorld.set(world, rec);
        if (type === 'local') {
            const phone = p?.phoneExtension != null ? this.extensionsById.get(p.phoneExtension) : undefined;
            if (phone && phone.type === 'phone' && phone.agent === null) {
                phone.agent = world;
                this.extensionByAgent.set(world, phone.id);
            }
            else {
                const ext = {
                    id: this.nextExtensionId++,
                    type: 'phone',
                    name: '',
                    label: undefined,
                    status: 'active',
                    createdMs: nowMs,
                    callerIdName: null,
                    extraParams: null,
                    queue: null,
                    agent: world,
                    implicit: true,
                };
                this.extensionsById.set(ext.id, ext);
                this.extensionByAgent.set(world, ext.id);
            }
        }
        return rec;
    }
    /**
     * An agent left the world: its id goes; an implicit phone extension goes with it, an explicit one
     * stays (without an agent, under the name it had). Returns what went.
     */
    agentRemoved(world) {
        const rec = this.agentByWorld.get(world);
        this.agentByWorld.delete(world);
        if (rec)
            this.agentsById.delete(rec.id);
        const extId = this.extensionByAgent.get(world);
        this.extensionByAgent.delete(world);
        let removedExtension;
        if (extId !== undefined) {
            const ext = this.extensionsById.get(extId);
            if (ext?.implicit) {
                this.extensionsById.delete(extId);
                removedExtension = extId;
            }
            else if (ext) {
                ext.agent = null;
            }
        }
        return { agent: rec?.id, extension: removedExtension };
    }
    /** An extension the world does not model (a phone without an agent yet, ivr, fax). */
    addExtension(spec) {
        const rec = { ...spec, id: this.nextExtensionId++, queue: null, agent: null, implicit: false };
        this.extensionsById.set(rec.id, rec);
        return rec;
    }
    /** Removes an extension that is not a world queue and has no agent. */
    removeExtension(id) {
        const rec = this.extensionsById.get(id);
        if (!rec || rec.queue !== null || rec.agent !== null)
            return;
        this.extensionsById.delete(id);
    }
}
