/**
 * The view's own records: the stable integer ids of agents, queues and queue memberships, and what the
 * service stores that the world does not model (userId, webexId, queue types, create/update/delete
 * times, soft-deleted agents, comments of calls made here, when a call's wrap-up result was set).
 *
 * Numbering: the scenario's queues in order from 1; its agents in order from 1; memberships agent by
 * agent in the scenario's order from 1; then whatever appears later (through this API, another view or
 * /__admin) in event-log order. So the same scenario, seed and requests give the same ids in every run
 * and after every reset. Ids are never reused. No call-center state lives here: statuses, membership
 * flags and calls are read from the world.
 */
import { uuidAt } from '../../scenarios/kernel/rng.js';
const tierKey = (queue, agent) => `${queue}\u0000${agent}`;
export class Registry {
    settings;
    agentsById = new Map();
    agentByWorld = new Map();
    queuesById = new Map();
    queueByWorld = new Map();
    tiersById = new Map();
    tierByKey = new Map();
    pendingAgents = new Map();
    /** Virtual epoch ms a call's wrap-up result was last set, by call id. */
    dispositionMs = new Map();
    /** Comments of calls made through POST /api/calls, by call id. */
    callComments = new Map();
    nextAgent = 1;
    nextQueue = 1;
    nextTier = 1;
    nextUserId;
    agentWords;
    queueWords;
    constructor(settings, seedWords) {
        this.settings = settings;
        this.nextUserId = settings.first_user_id;
        this.agentWords = seedWords('agent-crud:webex-agents');
        this.queueWords = seedWords('agent-crud:webex-queues');
    }
    /** The ids of a scenario's queues, agents and memberships as the world starts. */
    static fromScenario(scenario, settings, seedWords) {
        const r = new Registry(settings, seedWords);
        for (const q of scenario.queues)
            r.queueCreated(q.id, scenario.startMs);
        for (const a of scenario.agents)
            r.agentCreated(a.id, a.name ?? a.id, a.number ?? '', scenario.startMs);
        for (const a of scenario.agents)
            for (const t of a.tiers)
                r.tierAdded(t.queue, a.id, true, scenario.startMs);
        return r;
    }
    agent(id) {
        return this.agentsById.get(id);
    }
    agentOf(world) {
        return this.agentByWorld.get(world);
    }
    agents() {
        return [...this.agentsById.values()];
    }
    queue(id) {
        return this.queuesById.get(id);
    }
    queueOf(world) {
        return this.queueByWorld.get(world);
    }
    queues() {
        return [...this.queuesById.values()];
    }
    tier(id) {
        return this.tiersById.get(id);
    }
    /** The live membership of an agent in a queue. */
    tierOf(queue, agent) {
        return this.tierByKey.get(tierKey(queue, agent));
    }
    /** An agent's memberships, live or (for a deleted agent) deleted with it, in id order. */
    tiersOfAgent(agent) {
        return [...this.tiersById.values()].filter((t) => t.agent === agent.world && (agent.deletedMs === null ? t.deletedMs === null : t.deletedMs === agent.deletedMs));
    }
    agentCreated(world, name, number, ms) {
        const live = this.agentByWorld.get(world);
        if (live && live.deletedMs === null)
            return live;
        const pending = this.pendingAgents.get(world);
        this.pendingAgents.delete(world);
        const id = this.nextAgent++;
        const rec = {
            id,
            world,
            userId: pending ? pending.userId : this.freeUserId(),
            webexId: pending ? pending.webexId : uuidAt(this.agentWords, id),
            name,
            number,
            createdMs: ms,
            updatedMs: null,
            deletedMs: null,
        };
        this.agentsById.set(id, rec);
        this.agentByWorld.set(world, rec);
        return rec;
    }
    /**
     * The next generated userId that no live agent (nor one a POST is about to create) holds: a client may
     * have taken ids ahead of the counter. Deleted agents' ids stay with them but may be handed out again,
     * as the service only keeps live users unique.
     */
    freeUserId() {
        const taken = new Set();
        for (const a of this.agentsById.values())
            if (a.deletedMs === null && a.userId !== null)
                taken.add(a.userId);
        for (const p of this.pendingAgents.values())
            taken.add(p.userId);
        while (taken.has(this.nextUserId))
            this.nextUserId++;
        return this.nextUserId++;
    }
    /** The agent left the world: its record stays, soft-deleted, with the memberships it had. */
    agentRemoved(world, ms) {
        const rec = this.agentByWorld.get(world);
        if (!rec || rec.deletedMs !== null)
            return;
        rec.deletedMs = ms;
        for (const t of this.tiersById.values()) {
            if (t.agent === world && t.deletedMs === null) {
                t.deletedMs = ms;
                this.tierByKey.delete(tierKey(t.queue, t.agent));
            }
        }
    }
    queueCreated(world, ms) {
        const live = this.queueByWorld.get(world);
        if (live && live.deletedMs === null)
            return live;
        const id = this.nextQueue++;
        const configured = this.settings.queue_types[world];
        const rec = {
            id,
            world,
            webexId: uuidAt(this.queueWords, id),
            type: (configured ?? ((id - 1) % 4) + 1),
            createdMs: ms,
            updatedMs: null,
            deletedMs: null,
        };
        this.queuesById.set(id, rec);
        this.queueByWorld.set(world, rec);
        return rec;
    }
    queueRemoved(world, ms) {
        const rec = this.queueByWorld.get(world);
        if (!rec || rec.deletedMs !== null)
            return;
        rec.deletedMs = ms;
        for (const t of this.tiersById.values())
            if (t.queue === world && t.deletedMs === null)
                this.tierRemoved(t.queue, t.agent, ms);
    }
    tierAdded(queue, agent, joined, ms) {
        const live = this.tierByKey.get(tierKey(queue, agent));
        if (live)
            return live;
        const rec = { id: this.nextTier++, queue, agent, joined, createdMs: ms, updatedMs: null, deletedMs: null };
        this.tiersById.set(rec.id, rec);
        this.tierByKey.set(tierKey(queue, agent), rec);
        return rec;
    }
    tierRemoved(queue, agent, ms) {
        const rec = this.tierByKey.get(tierKey(queue, agent));
        if (!rec)
            return;
        rec.deletedMs = ms;
        this.tierByKey.delete(tierKey(queue, agent));
    }
    /** Live memberships, for reconciling with the world. */
    liveTiers() {
        return [...this.tierByKey.values()];
    }
}
