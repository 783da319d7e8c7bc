/**
 * The Huawei view's own state over one Simulation (the lifecycle is ViewState's): the settings read from
 * the scenario, the skillId/workno registry, three instants per agent that the agent view does not carry
 * (when its last wrap-up and its last outside call ended, and when it last signed in), each agent's
 * previous CTI state and its own releases (state-history.ts), each queue's counters of the current five
 * minutes and day (skill-stats.ts), all followed from the event log, and the API Fabric tokens it issued.
 * It holds no call-center state: agents, tiers, rests, callers and call records are always read from
 * the world.
 */
import type { FastifyBaseLogger } from 'fastify';
import { eventAgent, type WorldEvent } from '../../scenarios/callcenter/events.js';
import type { AgentView } from '../../scenarios/callcenter/queries.js';
import type { Simulation } from '../../simulation.js';
import { ViewState } from '../shared/view-state.js';
import { huaweiState, NO_MARKS, type AgentMarks, type HuaweiState } from './agent-state.js';
import type { CallContext } from './call-data.js';
import { HuaweiIds } from './ids.js';
import type { EngineRestInfo, MapContext } from './mapper.js';
import { readSettings, type Settings } from './settings.js';
import { SkillStats } from './skill-stats.js';
import { StateHistory } from './state-history.js';
import { AccessTokens } from './tokens.js';

export class HuaweiAdapter extends ViewState {
  settings!: Settings;
  ids!: HuaweiIds;
  readonly tokens = new AccessTokens();
  readonly history = new StateHistory();
  readonly stats = new SkillStats();
  private readonly marks = new Map<string, AgentMarks>();
  private needsReconcile = false;

  constructor(sim: Simulation, log: FastifyBaseLogger) {
    super(sim, log, 'huawei');
    this.current();
    // The world exists already: the agents signed in now are seen before any of them signs out.
    this.reconcile();
  }

  /** The mapping context at the start of a request (the world caught up). */
  context(): MapContext {
    const { t } = this.ensure();
    return { nowT: t, startMs: this.sim.scenario.startMs, vdn: this.settings.vdn, groupId: this.settings.group_id };
  }

  /** The call-data mapping context at the start of a request (call-data.ts). */
  callContext(): CallContext {
    const { t } = this.ensure();
    return {
      startMs: this.sim.scenario.startMs,
      nowT: t,
      vdn: this.settings.vdn,
      accessCode: this.settings.access_code,
      skill: (queue) => {
        const id = this.ids.skillOf(queue);
        return id === undefined ? undefined : { id, name: this.queries.queue(queue)?.name ?? queue };
      },
      workno: (agent) => this.ids.worknoOf(agent),
    };
  }

  /** An agent's Huawei state now, the view's history of it brought up to date. */
  stateOf(view: AgentView): HuaweiState {
    const state = huaweiState(view, this.marksOf(view.id));
    this.history.observe(view.id, state.ctiStatus, state.sinceT, this.sim.engine.now);
    return state;
  }

  /** Whether a request's ccId and vdn address this call center. */
  addresses(ccId: number, vdn: number): boolean {
    return ccId === this.settings.cc_id && vdn === this.settings.vdn;
  }

  marksOf(agent: string): AgentMarks {
    return this.marks.get(agent) ?? NO_MARKS;
  }

  agent(id: string): AgentView | null {
    return this.queries.agent(id);
  }

  agents(): AgentView[] {
    return this.queries.agents();
  }

  restInfo(): EngineRestInfo {
    return this.queries.restInfo();
  }

  protected rebuild(): void {
    const previous = this.settings;
    this.settings = readSettings(this.sim.scenario.apis, this.log);
    this.ids = HuaweiIds.fromScenario(this.sim.scenario, this.settings, this.log);
    this.marks.clear();
    this.history.clear();
    this.stats.clear();
    this.needsReconcile = true;
    // The clock is back at the start: tokens of the same app live on, a whole lifetime from there.
    if (previous && previous.access_key === this.settings.access_key && previous.secret_key === this.settings.secret_key) this.tokens.renew(0, this.settings.token_ttl_seconds);
    else this.tokens.clear();
  }

  protected override beforeRequest(): void {
    this.reconcile();
  }

  /** Brings the registry in line with the live world (entities made before the view listened), once per world. */
  private reconcile(): void {
    if (!this.needsReconcile) return;
    this.needsReconcile = false;
    for (const view of this.queries.queues()) this.ids.queueCreated(view.id);
    for (const view of this.queries.agents()) {
      this.ids.agentCreated(view.id);
      if (view.login_t !== null) this.mark(view.id, { loginT: view.login_t });
      this.stateOf(view);
    }
  }

  protected override onEvent(e: WorldEvent): void {
    this.keep(e);
    this.count(e);
    // After every event about an agent, its CTI state as it stands then (history keeps the previous one).
    const agent = eventAgent(e);
    const view = agent === null || e.type === 'agent.removed' ? null : this.queries.agent(agent);
    if (!view) return;
    const state = huaweiState(view, this.marksOf(view.id));
    this.history.observe(view.id, state.ctiStatus, state.sinceT, e.t);
  }

  /** The marks, the ids and the history's counters. */
  private keep(e: WorldEvent): void {
    switch (e.type) {
      case 'agent.wrap_up_ended':
        this.mark(e.agent, { wrapUpEndedT: e.t });
        return;
      case 'call.ended':
        if (this.queries.call(e.call)?.kind === 'external') this.mark(e.agent, { externalEndedT: e.t });
        if (e.by === 'agent') this.history.released(e.agent);
        return;
      case 'agent.status':
        if (e.from === 'logged_out') {
          this.mark(e.agent, { loginT: e.t });
          this.history.signedIn(e.agent);
        }
        return;
      case 'agent.created': {
        this.ids.agentCreated(e.agent);
        const loginT = this.queries.agent(e.agent)?.login_t ?? null;
        if (loginT !== null) this.mark(e.agent, { loginT });
        return;
      }
      case 'agent.removed':
        this.ids.agentRemoved(e.agent);
        this.marks.delete(e.agent);
        this.history.forget(e.agent);
        return;
      case 'queue.created':
        this.ids.queueCreated(e.queue);
        return;
      case 'queue.removed':
        this.ids.queueRemoved(e.queue);
        this.stats.forget(e.queue);
        return;
    }
  }

  /** skill/stateinfo's counters: arrivals, waits that ended, conversations that ended, per queue. */
  private count(e: WorldEvent): void {
    const at = this.epochMs(e.t);
    switch (e.type) {
      case 'call.arrived':
        this.stats.arrived(e.queue, at);
        return;
      case 'call.answered': {
        if (!e.queue) return;
        const r = this.queries.call(e.call);
        this.stats.answered(e.queue, at, e.t - (r?.joinedT ?? e.t));
        return;
      }
      case 'call.left': {
        const r = this.queries.call(e.call);
        this.stats.left(e.queue, at, e.t - (r?.joinedT ?? e.t));
        return;
      }
      case 'call.ended': {
        const r = this.queries.call(e.call);
        if (r?.kind === 'queue' && r.queue !== null && r.answeredT !== null) this.stats.ended(r.queue, at, e.t - r.answeredT);
        return;
      }
    }
  }

  private mark(agent: string, change: Partial<AgentMarks>): void {
    this.marks.set(agent, { ...this.marksOf(agent), ...change });
  }
}
