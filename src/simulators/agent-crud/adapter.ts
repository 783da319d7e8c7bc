/**
 * The agent CRUD view's adapter over one Simulation (a ViewState: it follows the world's events, resets
 * and scenario loads): settings read from the scenario and the registry of ids and service-side fields
 * (registry.ts), kept in step with the world through the event log and made again from the scenario on a
 * reset. It holds no call-center state: agents, memberships and calls are always read from the world.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { WorldEvent } from '../../scenarios/callcenter/events.js';
import type { Simulation } from '../../simulation.js';
import { ViewState } from '../shared/view-state.js';
import type { AgentSnapshot, CallSnapshot, QueueSnapshot } from './engine-port.js';
import { Registry } from './registry.js';
import { readSettings, type Settings } from './settings.js';

export class AgentCrudAdapter extends ViewState {
  settings!: Settings;
  registry!: Registry;
  private needsReconcile = false;
  /** The world's oldest kept finish index when let-go calls were last forgotten. */
  private forgottenAt = 0;

  constructor(sim: Simulation, log: FastifyBaseLogger) {
    super(sim, log, 'agent-crud');
    this.current();
    this.reconcile();
  }

  /** Per request, after a reset was followed: the registry reconciled with the world, let-go calls forgotten. */
  protected override beforeRequest(): void {
    if (this.needsReconcile) this.reconcile();
    this.forgetLetGoCalls();
  }

  /**
   * What this view keeps per call (when its wrap-up result was set, a client's comment) goes with the call
   * when the world lets it go. Both maps are in the order the calls got their entry, about the order they
   * finish, so the oldest go from the front; an entry of a call still kept stops the sweep until it goes.
   * Run before every request and as every wrap-up result is set (onEvent), so that a world nobody reads
   * keeps no more entries than calls (each sweep removes what the world let go since the last: amortised
   * O(1) a call).
   */
  private forgetLetGoCalls(): void {
    const oldest = this.queries.retention().oldest;
    if (oldest === this.forgottenAt) return;
    this.forgottenAt = oldest;
    for (const map of [this.registry.dispositionMs, this.registry.callComments] as Map<string, unknown>[]) {
      for (const id of map.keys()) {
        if (this.queries.hasCall(id)) break;
        map.delete(id);
      }
    }
  }

  agentView(world: string): AgentSnapshot | null {
    return this.queries.agent(world);
  }

  queueView(world: string): QueueSnapshot | null {
    return this.queries.queue(world);
  }

  /** Every call record (finished and live), in call order. */
  calls(): CallSnapshot[] {
    return this.queries.calls();
  }

  /** From the scenario alone (the new world may still be under construction when this runs). */
  protected rebuild(): void {
    this.forgottenAt = 0;
    this.settings = readSettings(this.sim.scenario.apis, this.log);
    const rng = this.sim.engine.world.rng;
    this.registry = Registry.fromScenario(this.sim.scenario, this.settings, (name) => rng.seedWords(name));
    this.needsReconcile = true;
  }

  /** Brings the registry in line with the live world (made or removed unseen, generated names). */
  private reconcile(): void {
    this.needsReconcile = false;
    const r = this.registry;
    const ms = this.epochMs(this.sim.engine.now);
    const queues = this.queries.queues();
    const queueIds = new Set(queues.map((q) => q.id));
    for (const rec of r.queues()) if (rec.deletedMs === null && !queueIds.has(rec.world)) r.queueRemoved(rec.world, ms);
    for (const q of queues) r.queueCreated(q.id, ms);
    const agents = this.queries.agents();
    const agentIds = new Set(agents.map((a) => a.id));
    for (const rec of r.agents()) if (rec.deletedMs === null && !agentIds.has(rec.world)) r.agentRemoved(rec.world, ms);
    for (const a of agents) {
      const rec = r.agentCreated(a.id, a.name, a.number, ms);
      rec.name = a.name;
      rec.number = a.number;
    }
    const live = new Set<string>();
    for (const q of queues) {
      for (const t of q.agents) {
        live.add(`${q.id}\u0000${t.agent}`);
        r.tierAdded(q.id, t.agent, t.joined, ms).joined = t.joined;
      }
    }
    for (const t of r.liveTiers()) if (!live.has(`${t.queue}\u0000${t.agent}`)) r.tierRemoved(t.queue, t.agent, ms);
  }

  /** Agents, queues and memberships made later are numbered in event-log order, whoever made them. */
  protected override onEvent(e: WorldEvent): void {
    const r = this.registry;
    const ms = this.epochMs(e.t);
    switch (e.type) {
      case 'agent.created': {
        const view = this.agentView(e.agent);
        r.agentCreated(e.agent, view?.name ?? e.agent, view?.number ?? '', ms);
        return;
      }
      case 'agent.updated':
      case 'agent.status': {
        const rec = r.agentOf(e.agent);
        const view = this.agentView(e.agent);
        if (!rec || !view) return;
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
        r.tierAdded(e.queue, e.agent, e.joined ?? true, ms);
        return;
      case 'tier.updated': {
        const rec = r.tierOf(e.queue, e.agent);
        if (!rec) return;
        if (e.joined !== undefined) rec.joined = e.joined;
        rec.updatedMs = ms;
        return;
      }
      case 'tier.removed':
        r.tierRemoved(e.queue, e.agent, ms);
        return;
      case 'call.disposition':
        r.dispositionMs.set(e.call, ms);
        this.forgetLetGoCalls();
        return;
    }
  }
}
