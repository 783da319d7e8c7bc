/**
 * The agent CRUD view's adapter over one Simulation: settings read from the scenario and the registry of
 * ids and service-side fields (registry.ts), kept in step with the world through the event log and
 * rebuilt from the scenario whenever the simulation is reset or a scenario is loaded
 * (`Simulation.generation`). It holds no call-center state: agents, memberships and calls are always read
 * from the world.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { CallCenterCommands } from '../../scenarios/callcenter/commands.js';
import type { CallCenterQueries } from '../../scenarios/callcenter/queries.js';
import type { WorldEvent } from '../../scenarios/callcenter/world.js';
import type { Simulation } from '../../simulation.js';
import type { AgentSnapshot, CallSnapshot, QueueSnapshot } from './engine-port.js';
import { Registry } from './registry.js';
import { readSettings, type Settings } from './settings.js';

export class AgentCrudAdapter {
  settings!: Settings;
  registry!: Registry;
  private generation = -1;
  private needsReconcile = false;
  /** The world's oldest kept finish index when let-go calls were last forgotten. */
  private forgottenAt = 0;
  private readonly unsubscribe: () => void;

  constructor(
    readonly sim: Simulation,
    private readonly log: FastifyBaseLogger,
  ) {
    this.rebuild();
    this.reconcile();
    this.unsubscribe = sim.subscribe((e) => this.onEvent(e));
  }

  /** At the start of every request: catches the clock up and follows a reset or a new scenario. */
  ensure(): { t: number; epochMs: number } {
    const t = this.sim.now();
    if (this.sim.generation !== this.generation) this.rebuild();
    if (this.needsReconcile) this.reconcile();
    this.forgetLetGoCalls();
    return { t, epochMs: this.sim.scenario.startMs + t };
  }

  /**
   * What this view keeps per call (when its wrap-up result was set, a client's comment) goes with the call
   * when the world lets it go. Both maps are in the order the calls got their entry, about the order they
   * finish, so the oldest go from the front; an entry of a call still kept stops the sweep until it goes.
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

  get queries(): CallCenterQueries {
    return this.sim.engine.queries;
  }

  agentView(world: string): AgentSnapshot | null {
    return this.queries.agent(world) as AgentSnapshot | null;
  }

  queueView(world: string): QueueSnapshot | null {
    return this.queries.queue(world) as QueueSnapshot | null;
  }

  /** Every call record (finished and live), in call order. */
  calls(): CallSnapshot[] {
    return this.queries.calls() as CallSnapshot[];
  }

  epochMs(t: number): number {
    return this.sim.scenario.startMs + t;
  }

  command<T>(fn: (c: CallCenterCommands) => T): T {
    return this.sim.command(fn);
  }

  close(): void {
    this.unsubscribe();
  }

  /** From the scenario alone (the new world may still be under construction when this runs). */
  private rebuild(): void {
    this.generation = this.sim.generation;
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
    const queues = this.queries.queues() as QueueSnapshot[];
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

  private onEvent(e: WorldEvent): void {
    try {
      if (this.sim.generation !== this.generation) this.rebuild();
      const r = this.registry;
      const ms = this.epochMs(e.t);
      switch (e.type) {
        case 'agent.created': {
          const view = this.agentView(e.agent as string);
          r.agentCreated(e.agent as string, view?.name ?? String(e.agent), view?.number ?? '', ms);
          return;
        }
        case 'agent.updated':
        case 'agent.status': {
          const rec = r.agentOf(e.agent as string);
          const view = this.agentView(e.agent as string);
          if (!rec || !view) return;
          rec.name = view.name;
          rec.number = view.number;
          rec.updatedMs = ms;
          return;
        }
        case 'agent.removed':
          r.agentRemoved(e.agent as string, ms);
          return;
        case 'queue.created':
          r.queueCreated(e.queue as string, ms);
          return;
        case 'queue.removed':
          r.queueRemoved(e.queue as string, ms);
          return;
        case 'tier.added':
          r.tierAdded(e.queue as string, e.agent as string, typeof e.joined === 'boolean' ? e.joined : true, ms);
          return;
        case 'tier.updated': {
          const rec = r.tierOf(e.queue as string, e.agent as string);
          if (!rec) return;
          if (typeof e.joined === 'boolean') rec.joined = e.joined;
          rec.updatedMs = ms;
          return;
        }
        case 'tier.removed':
          r.tierRemoved(e.queue as string, e.agent as string, ms);
          return;
        case 'call.disposition':
          r.dispositionMs.set(e.call as string, ms);
          return;
      }
    } catch (err) {
      // Never let the view break the engine: the event is skipped for the view, and logged.
      this.log.error({ err, event: e }, 'agent-crud view could not follow an event');
    }
  }
}
