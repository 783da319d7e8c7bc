/**
 * The Huawei view's adapter state over one Simulation: the settings read from the scenario, the
 * skillId/workno registry, and three instants per agent that the agent view does not carry (when its last
 * wrap-up and its last outside call ended, and when it last signed in), followed from the event log.
 * Rebuilt from the scenario whenever the simulation is reset or loads a scenario (`Simulation.generation`). It holds no
 * call-center state: agents, tiers and rests are always read from the world.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { WorldEvent } from '../../scenarios/callcenter/world.js';
import type { Simulation } from '../../simulation.js';
import { NO_MARKS, type AgentMarks } from './agent-state.js';
import { HuaweiIds } from './ids.js';
import type { AgentView } from '../../scenarios/callcenter/queries.js';
import type { EngineRestInfo, MapContext } from './mapper.js';
import { readSettings, type Settings } from './settings.js';

export class HuaweiAdapter {
  settings!: Settings;
  ids!: HuaweiIds;
  private readonly marks = new Map<string, AgentMarks>();
  private generation = -1;
  private needsReconcile = false;
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
  ensure(): MapContext & { epochMs: number } {
    const t = this.sim.now();
    if (this.sim.generation !== this.generation) this.rebuild();
    if (this.needsReconcile) this.reconcile();
    const startMs = this.sim.scenario.startMs;
    return { nowT: t, startMs, epochMs: startMs + t, vdn: this.settings.vdn, groupId: this.settings.group_id };
  }

  /** Whether a request's ccId and vdn address this call center. */
  addresses(ccId: number, vdn: number): boolean {
    return ccId === this.settings.cc_id && vdn === this.settings.vdn;
  }

  marksOf(agent: string): AgentMarks {
    return this.marks.get(agent) ?? NO_MARKS;
  }

  agent(id: string): AgentView | null {
    return this.sim.engine.queries.agent(id);
  }

  agents(): AgentView[] {
    return this.sim.engine.queries.agents();
  }

  restInfo(): EngineRestInfo {
    return this.sim.engine.queries.restInfo();
  }

  close(): void {
    this.unsubscribe();
  }

  private rebuild(): void {
    this.generation = this.sim.generation;
    this.settings = readSettings(this.sim.scenario.apis, this.log);
    this.ids = HuaweiIds.fromScenario(this.sim.scenario, this.settings, this.log);
    this.marks.clear();
    this.needsReconcile = true;
  }

  /** Brings the registry in line with the live world (entities made or removed before we listened). */
  private reconcile(): void {
    this.needsReconcile = false;
    const q = this.sim.engine.queries;
    for (const view of q.queues()) this.ids.queueCreated(view.id);
    for (const view of q.agents()) {
      this.ids.agentCreated(view.id);
      if (view.login_t !== null) this.mark(view.id, { loginT: view.login_t });
    }
  }

  private mark(agent: string, change: Partial<AgentMarks>): void {
    this.marks.set(agent, { ...this.marksOf(agent), ...change });
  }

  private onEvent(e: WorldEvent): void {
    try {
      if (this.sim.generation !== this.generation) this.rebuild();
      switch (e.type) {
        case 'agent.wrap_up_ended':
          this.mark(e.agent as string, { wrapUpEndedT: e.t });
          return;
        case 'call.ended': {
          if (typeof e.agent !== 'string' || typeof e.call !== 'string') return;
          if (this.sim.engine.queries.call(e.call)?.kind === 'external') this.mark(e.agent, { externalEndedT: e.t });
          return;
        }
        case 'agent.status':
          if (e.from === 'logged_out') this.mark(e.agent as string, { loginT: e.t });
          return;
        case 'agent.created': {
          this.ids.agentCreated(e.agent as string);
          const loginT = this.sim.engine.queries.agent(e.agent as string)?.login_t ?? null;
          if (loginT !== null) this.mark(e.agent as string, { loginT });
          return;
        }
        case 'agent.removed':
          this.ids.agentRemoved(e.agent as string);
          this.marks.delete(e.agent as string);
          return;
        case 'queue.created':
          this.ids.queueCreated(e.queue as string);
          return;
        case 'queue.removed':
          this.ids.queueRemoved(e.queue as string);
          return;
      }
    } catch (err) {
      // Never let the view break the engine: the event is skipped for the view, and logged.
      this.log.error({ err, event: e }, 'huawei view could not follow an event');
    }
  }
}
