/**
 * The Telphin view's adapter state over one Simulation: settings read from the scenario, the id
 * registry, tokens, the rate-limit counter and event subscriptions. Its lifecycle (following the event
 * log, rebuilding from the scenario at a reset or a scenario load, catching up before a request) is
 * ViewState's; what it adds is bringing the id registry in line with the world before a request.
 * It holds no call-center state: queues, agents, tiers and calls are always read from the world.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { CallCenterCommands } from '../../scenarios/callcenter/commands.js';
import { eventCall, type WorldEvent } from '../../scenarios/callcenter/events.js';
import type { AgentStatusChanged } from '../../generated/events/events.js';
import type { Simulation } from '../../simulation.js';
import { ViewState } from '../shared/view-state.js';
import { agentEventFields, callDeliveries, type EventContext } from './event-mapper.js';
import { Registry } from './ids.js';
import type { WorldLookup } from './mapper.js';
import { RateLimiter } from './rate-limit.js';
import { readSettings, type Settings } from './settings.js';
import { Tokens } from './tokens.js';
import { Webhooks, type SubscriptionTarget } from './webhooks.js';
import { recordUuid, type HistoryContext, type NamedExtension } from './history.js';
import { shortName } from './mapper.js';
import { DeletedRecordings } from './recordings.js';
import type { OutgoingInstruments } from '../../instruments/outgoing.js';

export class TelphinAdapter extends ViewState {
  settings!: Settings;
  registry!: Registry;
  readonly tokens = new Tokens();
  readonly rate = new RateLimiter();
  readonly webhooks: Webhooks;
  /** The world as it is (no catching up: callers do that once per request). */
  readonly world: WorldLookup;
  /** Bumped around every write request of this API (it may change the view's own records). */
  writes = 0;
  /** Recordings a client deleted (the world's calls keep no such thing). */
  readonly deletedRecords = new DeletedRecordings((id) => this.sim.engine.queries.hasCall(id));
  private readonly bodies = new Map<string, { key: string; json: string }>();
  private needsReconcile = false;
  private apiDepth = 0;
  private readonly ctx: EventContext;

  constructor(sim: Simulation, log: FastifyBaseLogger, outgoing?: Pick<OutgoingInstruments, 'send'>) {
    super(sim, log, 'telphin');
    this.webhooks = new Webhooks(log, 2000, undefined, outgoing);
    this.world = {
      agent: (id) => this.sim.engine.queries.agent(id),
      queue: (id) => this.sim.engine.queries.queue(id),
    };
    const self = this;
    this.ctx = {
      get registry() {
        return self.registry;
      },
      get settings() {
        return self.settings;
      },
      get startMs() {
        return self.sim.scenario.startMs;
      },
      agent: this.world.agent,
      queue: this.world.queue,
      call: (id) => this.sim.engine.queries.call(id),
      recordUuid: (call) => recordUuid(call, this.historyContext()),
    };
    this.current();
    this.reconcile();
  }

  /**
   * The serialised body of a read, kept until the world or this view changes. Every change to the world
   * is an event (its seq moves), and every change to the view's own records is a write request, so
   * the key (generation, event seq, writes) is exact. Large lists are read far more often than the
   * world changes, even at speed 10.
   */
  cachedJson(name: string, build: () => unknown, serialize: (payload: unknown) => string): string {
    const key = `${this.sim.generation}:${this.sim.eventSeq}:${this.writes}`;
    const hit = this.bodies.get(name);
    if (hit && hit.key === key) return hit.json;
    const json = serialize(build());
    if (this.bodies.size >= 64) this.bodies.clear();
    this.bodies.set(name, { key, json });
    return json;
  }

  /** Runs commands as this API (agent events then say event_source=api). */
  override command<T>(fn: (c: CallCenterCommands) => T): T {
    this.apiDepth++;
    try {
      return super.command(fn);
    } finally {
      this.apiDepth--;
    }
  }

  /** How call records are named here: extensions live or removed, agents as the world has them now. */
  historyContext(): HistoryContext {
    const named = (rec: { id: number; type: string; name: string } | undefined, live?: () => string): NamedExtension | undefined =>
      rec && (rec.type === 'phone' || rec.type === 'queue') ? { id: rec.id, type: rec.type, name: live ? live() : rec.name } : undefined;
    return {
      settings: this.settings,
      startMs: this.sim.scenario.startMs,
      queue: (queue) => {
        const live = this.registry.queueExtension(queue);
        return live ? named(live, () => shortName(live, this.world)) : named(this.registry.queueExtensionOrRetired(queue));
      },
      phone: (agent) => {
        const live = this.registry.phoneOf(agent);
        return live ? named(live, () => shortName(live, this.world)) : named(this.registry.phoneOrRetired(agent));
      },
      agent: (agent) => {
        const v = this.sim.engine.queries.agent(agent);
        return v ? { number: v.number, name: v.name, type: v.type } : null;
      },
      recordDeleted: (call) => this.deletedRecords.has(call),
    };
  }

  protected override onClose(): void {
    this.webhooks.close();
  }

  /** From the scenario alone (the new world may still be under construction when this runs). */
  protected rebuild(): void {
    const previous = this.settings;
    this.settings = readSettings(this.sim.scenario.apis, this.log);
    this.registry = Registry.fromScenario(this.sim.scenario, this.settings);
    this.webhooks.clear();
    this.webhooks.setPolicy({ timeoutMs: this.settings.webhook_timeout_ms, retries: this.settings.webhook_retries, retryDelayMs: this.settings.webhook_retry_delay_ms });
    this.rate.reset();
    this.deletedRecords.clear();
    if (previous && previous.client_id === this.settings.client_id && previous.client_secret === this.settings.client_secret) {
      this.tokens.renew(0, this.settings.token_ttl_seconds);
    } else this.tokens.clear();
    this.needsReconcile = true;
  }

  /** Before a request: the registry brought in line with the world once it has settled after a rebuild. */
  protected override beforeRequest(): void {
    if (this.needsReconcile) this.reconcile();
  }

  /** Brings the registry in line with the live world (queues and agents made or removed unseen). */
  private reconcile(): void {
    this.needsReconcile = false;
    const q = this.sim.engine.queries;
    const now = this.sim.scenario.startMs + this.sim.engine.now;
    const queues = q.queues();
    const queueIds = new Set(queues.map((x) => x.id));
    for (const rec of this.registry.extensions()) if (rec.queue && !queueIds.has(rec.queue)) this.queueRemoved(rec.queue);
    for (const view of queues) this.registry.queueCreated(view.id, now);
    const agents = q.agents();
    const agentIds = new Set(agents.map((a) => a.id));
    for (const type of ['local', 'remote'] as const) for (const rec of this.registry.agents(type)) if (!agentIds.has(rec.world)) this.agentRemoved(rec.world);
    for (const view of agents) {
      this.registry.agentCreated(view.id, view.type, now);
      this.registry.agentNumbered(view.id, view.number);
    }
  }

  protected override onEvent(e: WorldEvent): void {
    switch (e.type) {
      case 'agent.status':
        this.agentStatus(e);
        return;
      case 'agent.created': {
        const view = this.sim.engine.queries.agent(e.agent);
        this.registry.agentCreated(e.agent, view?.type ?? 'local', this.sim.scenario.startMs + e.t);
        if (view) this.registry.agentNumbered(e.agent, view.number);
        return;
      }
      case 'agent.updated': {
        const phone = this.registry.phoneOf(e.agent);
        const view = this.sim.engine.queries.agent(e.agent);
        if (phone && !phone.implicit && view) phone.name = view.number;
        if (view) this.registry.agentNumbered(e.agent, view.number);
        return;
      }
      case 'agent.removed':
        this.agentRemoved(e.agent);
        return;
      case 'queue.created':
        this.registry.queueCreated(e.queue, this.sim.scenario.startMs + e.t);
        return;
      case 'queue.removed':
        this.queueRemoved(e.queue);
        return;
    }
    if (this.webhooks.size === 0 || eventCall(e) === null) return;
    const wants = (target: SubscriptionTarget, type: string) => this.webhooks.matching(target, type).length > 0;
    for (const d of callDeliveries(e, this.ctx, wants)) {
      for (const sub of this.webhooks.matching(d.target, d.eventType)) this.webhooks.enqueue(sub, d.fields);
    }
  }

  private agentStatus(e: AgentStatusChanged): void {
    const { agent: id, status } = e;
    // The world logs a status only when it changes, with the one it had (`from`).
    const previous = e.from;
    if (this.webhooks.size === 0) return;
    const type = status === 'logged_out' ? 'agent-logout' : previous === 'logged_out' ? 'agent-login' : null;
    if (!type) return;
    const rec = this.registry.agentOf(id);
    if (!rec) return;
    const subs = this.webhooks.matching({ kind: 'agent', agent: rec.id, agentType: rec.type }, type);
    if (subs.length === 0) return;
    const view = this.sim.engine.queries.agent(id);
    if (!view) return;
    const source = this.apiDepth > 0 && e.reason !== 'max_no_answer' ? 'api' : 'system';
    const fields = agentEventFields(rec, view, status, source, this.ctx);
    for (const sub of subs) this.webhooks.enqueue(sub, fields);
  }

  private agentRemoved(world: string): void {
    const gone = this.registry.agentRemoved(world);
    this.webhooks.removeWhere((t) => (t.kind === 'agent' && t.agent === gone.agent) || (t.kind === 'extension' && t.extension === gone.extension));
  }

  private queueRemoved(queue: string): void {
    const ext = this.registry.queueRemoved(queue);
    if (ext !== undefined) this.webhooks.removeWhere((t) => t.kind === 'extension' && t.extension === ext);
  }
}
