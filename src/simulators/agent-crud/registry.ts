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
import type { ResolvedScenario } from '../../scenarios/scenario.js';
import type { QueueTypeDto } from '../../generated/agent-crud/agent-crud.js';
import type { Settings } from './settings.js';

export interface AgentRecord {
  readonly id: number;
  readonly world: string;
  userId: number | null;
  readonly webexId: string;
  /** Last known from the world (kept for a deleted agent). */
  name: string;
  number: string;
  readonly createdMs: number;
  updatedMs: number | null;
  deletedMs: number | null;
}

export interface QueueRecord {
  readonly id: number;
  readonly world: string;
  readonly webexId: string;
  type: QueueTypeDto;
  readonly createdMs: number;
  updatedMs: number | null;
  deletedMs: number | null;
}

export interface TierRecord {
  readonly id: number;
  readonly queue: string;
  readonly agent: string;
  /** Last known (the world's is read while the membership exists). */
  joined: boolean;
  readonly createdMs: number;
  updatedMs: number | null;
  deletedMs: number | null;
}

/** What a POST /api/agents brings that the world's agent.created event does not. */
export interface PendingAgent {
  userId: number;
  webexId: string;
}

const tierKey = (queue: string, agent: string) => `${queue}\u0000${agent}`;

export class Registry {
  private readonly agentsById = new Map<number, AgentRecord>();
  private readonly agentByWorld = new Map<string, AgentRecord>();
  private readonly queuesById = new Map<number, QueueRecord>();
  private readonly queueByWorld = new Map<string, QueueRecord>();
  private readonly tiersById = new Map<number, TierRecord>();
  private readonly tierByKey = new Map<string, TierRecord>();
  readonly pendingAgents = new Map<string, PendingAgent>();
  /** Virtual epoch ms a call's wrap-up result was last set, by call id. */
  readonly dispositionMs = new Map<string, number>();
  /** Comments of calls made through POST /api/calls, by call id. */
  readonly callComments = new Map<string, string | null>();
  private nextAgent = 1;
  private nextQueue = 1;
  private nextTier = 1;
  private nextUserId: number;
  private readonly agentWords: readonly number[];
  private readonly queueWords: readonly number[];

  constructor(
    private readonly settings: Settings,
    seedWords: (name: string) => number[],
  ) {
    this.nextUserId = settings.first_user_id;
    this.agentWords = seedWords('agent-crud:webex-agents');
    this.queueWords = seedWords('agent-crud:webex-queues');
  }

  /** The ids of a scenario's queues, agents and memberships as the world starts. */
  static fromScenario(scenario: ResolvedScenario, settings: Settings, seedWords: (name: string) => number[]): Registry {
    const r = new Registry(settings, seedWords);
    for (const q of scenario.queues) r.queueCreated(q.id, scenario.startMs);
    for (const a of scenario.agents) r.agentCreated(a.id, a.name ?? a.id, a.number ?? '', scenario.startMs);
    for (const a of scenario.agents) for (const t of a.tiers) r.tierAdded(t.queue, a.id, true, scenario.startMs);
    return r;
  }

  agent(id: number): AgentRecord | undefined {
    return this.agentsById.get(id);
  }

  agentOf(world: string): AgentRecord | undefined {
    return this.agentByWorld.get(world);
  }

  agents(): AgentRecord[] {
    return [...this.agentsById.values()];
  }

  queue(id: number): QueueRecord | undefined {
    return this.queuesById.get(id);
  }

  queueOf(world: string): QueueRecord | undefined {
    return this.queueByWorld.get(world);
  }

  queues(): QueueRecord[] {
    return [...this.queuesById.values()];
  }

  tier(id: number): TierRecord | undefined {
    return this.tiersById.get(id);
  }

  /** The live membership of an agent in a queue. */
  tierOf(queue: string, agent: string): TierRecord | undefined {
    return this.tierByKey.get(tierKey(queue, agent));
  }

  /** An agent's memberships, live or (for a deleted agent) deleted with it, in id order. */
  tiersOfAgent(agent: AgentRecord): TierRecord[] {
    return [...this.tiersById.values()].filter((t) => t.agent === agent.world && (agent.deletedMs === null ? t.deletedMs === null : t.deletedMs === agent.deletedMs));
  }

  agentCreated(world: string, name: string, number: string, ms: number): AgentRecord {
    const live = this.agentByWorld.get(world);
    if (live && live.deletedMs === null) return live;
    const pending = this.pendingAgents.get(world);
    this.pendingAgents.delete(world);
    const id = this.nextAgent++;
    const rec: AgentRecord = {
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
  private freeUserId(): number {
    const taken = new Set<number>();
    for (const a of this.agentsById.values()) if (a.deletedMs === null && a.userId !== null) taken.add(a.userId);
    for (const p of this.pendingAgents.values()) taken.add(p.userId);
    while (taken.has(this.nextUserId)) this.nextUserId++;
    return this.nextUserId++;
  }

  /** The agent left the world: its record stays, soft-deleted, with the memberships it had. */
  agentRemoved(world: string, ms: number): void {
    const rec = this.agentByWorld.get(world);
    if (!rec || rec.deletedMs !== null) return;
    rec.deletedMs = ms;
    for (const t of this.tiersById.values()) {
      if (t.agent === world && t.deletedMs === null) {
        t.deletedMs = ms;
        this.tierByKey.delete(tierKey(t.queue, t.agent));
      }
    }
  }

  queueCreated(world: string, ms: number): QueueRecord {
    const live = this.queueByWorld.get(world);
    if (live && live.deletedMs === null) return live;
    const id = this.nextQueue++;
    const configured = this.settings.queue_types[world];
    const rec: QueueRecord = {
      id,
      world,
      webexId: uuidAt(this.queueWords, id),
      type: (configured ?? ((id - 1) % 4) + 1) as QueueTypeDto,
      createdMs: ms,
      updatedMs: null,
      deletedMs: null,
    };
    this.queuesById.set(id, rec);
    this.queueByWorld.set(world, rec);
    return rec;
  }

  queueRemoved(world: string, ms: number): void {
    const rec = this.queueByWorld.get(world);
    if (!rec || rec.deletedMs !== null) return;
    rec.deletedMs = ms;
    for (const t of this.tiersById.values()) if (t.queue === world && t.deletedMs === null) this.tierRemoved(t.queue, t.agent, ms);
  }

  tierAdded(queue: string, agent: string, joined: boolean, ms: number): TierRecord {
    const live = this.tierByKey.get(tierKey(queue, agent));
    if (live) return live;
    const rec: TierRecord = { id: this.nextTier++, queue, agent, joined, createdMs: ms, updatedMs: null, deletedMs: null };
    this.tiersById.set(rec.id, rec);
    this.tierByKey.set(tierKey(queue, agent), rec);
    return rec;
  }

  tierRemoved(queue: string, agent: string, ms: number): void {
    const rec = this.tierByKey.get(tierKey(queue, agent));
    if (!rec) return;
    rec.deletedMs = ms;
    this.tierByKey.delete(tierKey(queue, agent));
  }

  /** Live memberships, for reconciling with the world. */
  liveTiers(): TierRecord[] {
    return [...this.tierByKey.values()];
  }
}
