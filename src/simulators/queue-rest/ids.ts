/**
 * The stable numeric ids of Telphin's resources and what they stand for in the world. Extensions and
 * agents are numbered in a fixed order: the scenario's queues, then its local agents' phone extensions
 * (from `first_extension_id`); the scenario's agents (from `first_agent_id`); then whatever appears
 * later (through this API, or another view's commands) in event-log order. The same scenario, seed and
 * requests therefore give the same ids in every run and after every reset. Removed ids are never reused.
 *
 * This is adapter state only: which numeric id means which world queue or agent, plus what Telphin
 * stores about an extension or agent that the world does not model (labels, extra_params, sounds, and
 * extensions of types the world has no notion of: phones without an agent, ivr, fax). The extensions of
 * removed queues and agents are remembered (the newest RETIRED_LIMIT of each), so that the history of
 * calls made before still names them.
 */
import type { ResolvedScenario } from '../../scenarios/scenario.js';
import type { ExtensionStatus, ExtensionType } from '../../generated/queue-rest/queue-rest.js';
import type { Settings } from './settings.js';

export interface ExtensionRecord {
  readonly id: number;
  readonly type: ExtensionType;
  /** The name after "prefix*". An implicit phone extension takes its agent's number instead. */
  name: string;
  /** null: none; undefined: derived from the world (the queue's or the agent's name). */
  label: string | null | undefined;
  status: ExtensionStatus;
  /** Virtual epoch ms of creation. */
  readonly createdMs: number;
  callerIdName: string | null;
  extraParams: string | null;
  /** type queue: the world queue it is. */
  readonly queue: string | null;
  /** type phone: the world agent (a local agent) that rings here, if any. */
  agent: string | null;
  /**
   * A phone extension made for a local agent that came without one (a scenario agent, or one made by
   * another view): it lives and dies with its agent, and its name is the agent's number.
   */
  readonly implicit: boolean;
}

export interface AgentRecord {
  readonly id: number;
  /** The world agent's id. */
  readonly world: string;
  readonly type: 'local' | 'remote';
  extraParams: string | null;
  agentSoundId: number;
}

/** What a removed queue's or agent's extension was: calls made before still name it. */
export interface RetiredExtension {
  readonly id: number;
  readonly type: ExtensionType;
  /** The name after "prefix*" it had last. */
  readonly name: string;
}

/** How many removed queues' (and, apart, agents' phone) extensions are remembered; the oldest go first. */
export const RETIRED_LIMIT = 10_000;

interface PendingQueue {
  name: string;
  label: string | null;
  status: ExtensionStatus;
  callerIdName: string | null;
  extraParams: string | null;
}

interface PendingAgent {
  phoneExtension: number | null;
  extraParams: string | null;
  agentSoundId: number;
}

export class Registry {
  private readonly extensionsById = new Map<number, ExtensionRecord>();
  private readonly extensionByQueue = new Map<string, number>();
  private readonly extensionByAgent = new Map<string, number>();
  private readonly agentsById = new Map<number, AgentRecord>();
  private readonly agentByWorld = new Map<string, AgentRecord>();
  private readonly pendingQueues = new Map<string, PendingQueue>();
  private readonly pendingAgents = new Map<string, PendingAgent>();
  private readonly retiredQueues = new Map<string, RetiredExtension>();
  private readonly retiredPhones = new Map<string, RetiredExtension>();
  private nextExtensionId: number;
  private nextAgentId: number;

  private constructor(settings: Settings) {
    this.nextExtensionId = settings.first_extension_id;
    this.nextAgentId = settings.first_agent_id;
  }

  /** The ids of a scenario's queues and agents as the world starts. */
  static fromScenario(scenario: ResolvedScenario, settings: Settings): Registry {
    const r = new Registry(settings);
    for (const q of scenario.queues) r.queueCreated(q.id, scenario.startMs);
    for (const a of scenario.agents) r.agentCreated(a.id, a.type, scenario.startMs);
    return r;
  }

  // ---- lookups ------------------------------------------------------------------------------------

  extension(id: number): ExtensionRecord | undefined {
    return this.extensionsById.get(id);
  }

  extensions(): ExtensionRecord[] {
    return [...this.extensionsById.values()].sort((a, b) => a.id - b.id);
  }

  queueExtension(queue: string): ExtensionRecord | undefined {
    const id = this.extensionByQueue.get(queue);
    return id === undefined ? undefined : this.extensionsById.get(id);
  }

  /** The phone extension a local agent rings. */
  phoneOf(agent: string): ExtensionRecord | undefined {
    const id = this.extensionByAgent.get(agent);
    return id === undefined ? undefined : this.extensionsById.get(id);
  }

  agent(id: number): AgentRecord | undefined {
    return this.agentsById.get(id);
  }

  agentOf(world: string): AgentRecord | undefined {
    return this.agentByWorld.get(world);
  }

  agents(type: 'local' | 'remote'): AgentRecord[] {
    return [...this.agentsById.values()].filter((a) => a.type === type).sort((a, b) => a.id - b.id);
  }

  /** A world queue's extension, or the one it had before it was removed. */
  queueExtensionOrRetired(queue: string): ExtensionRecord | RetiredExtension | undefined {
    return this.queueExtension(queue) ?? this.retiredQueues.get(queue);
  }

  /** A local agent's phone extension, or the one it had before it was removed. */
  phoneOrRetired(agent: string): ExtensionRecord | RetiredExtension | undefined {
    return this.phoneOf(agent) ?? this.retiredPhones.get(agent);
  }

  hasQueue(queue: string): boolean {
    return this.extensionByQueue.has(queue);
  }

  /** The id the next agent will get (for choosing its world id before creating it). */
  peekAgentId(): number {
    return this.nextAgentId;
  }

  peekExtensionId(): number {
    return this.nextExtensionId;
  }

  // ---- what the next created world entity is (set before the command, consumed by its event) ------

  expectQueue(queue: string, spec: PendingQueue): void {
    this.pendingQueues.set(queue, spec);
  }

  expectAgent(agent: string, spec: PendingAgent): void {
    this.pendingAgents.set(agent, spec);
  }

  /** The command failed: nothing was created. */
  cancelExpected(world: string): void {
    this.pendingQueues.delete(world);
    this.pendingAgents.delete(world);
  }

  // ---- changes, in event-log order ----------------------------------------------------------------

  /** A queue appeared in the world: it gets a queue extension (as the API asked, or named by its id). */
  queueCreated(queue: string, nowMs: number): ExtensionRecord {
    const existing = this.queueExtension(queue);
    if (existing) return existing;
    const p = this.pendingQueues.get(queue);
    this.pendingQueues.delete(queue);
    const rec: ExtensionRecord = {
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
  queueRemoved(queue: string): number | undefined {
    const id = this.extensionByQueue.get(queue);
    this.extensionByQueue.delete(queue);
    if (id !== undefined) {
      const rec = this.extensionsById.get(id);
      if (rec) retire(this.retiredQueues, queue, { id, type: rec.type, name: rec.name });
      this.extensionsById.delete(id);
    }
    return id;
  }

  /**
   * An agent appeared in the world: it gets an agent id and, when local, the phone extension the API
   * chose for it or an implicit one.
   */
  agentCreated(world: string, type: 'local' | 'remote', nowMs: number): AgentRecord {
    const existing = this.agentByWorld.get(world);
    if (existing) return existing;
    const p = this.pendingAgents.get(world);
    this.pendingAgents.delete(world);
    const rec: AgentRecord = { id: this.nextAgentId++, world, type, extraParams: p?.extraParams ?? null, agentSoundId: p?.agentSoundId ?? 0 };
    this.agentsById.set(rec.id, rec);
    this.agentByWorld.set(world, rec);
    if (type === 'local') {
      const phone = p?.phoneExtension != null ? this.extensionsById.get(p.phoneExtension) : undefined;
      if (phone && phone.type === 'phone' && phone.agent === null) {
        phone.agent = world;
        this.extensionByAgent.set(world, phone.id);
      } else {
        const ext: ExtensionRecord = {
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
  agentRemoved(world: string): { agent: number | undefined; extension: number | undefined } {
    const rec = this.agentByWorld.get(world);
    this.agentByWorld.delete(world);
    if (rec) this.agentsById.delete(rec.id);
    const extId = this.extensionByAgent.get(world);
    this.extensionByAgent.delete(world);
    let removedExtension: number | undefined;
    if (extId !== undefined) {
      const ext = this.extensionsById.get(extId);
      if (ext) retire(this.retiredPhones, world, { id: ext.id, type: ext.type, name: ext.name });
      if (ext?.implicit) {
        this.extensionsById.delete(extId);
        removedExtension = extId;
      } else if (ext) {
        ext.agent = null;
      }
    }
    return { agent: rec?.id, extension: removedExtension };
  }

  /** The number a local agent had last (an implicit phone's name), for when the agent is gone. */
  agentNumbered(world: string, number: string): void {
    const ext = this.phoneOf(world);
    if (ext?.implicit) ext.name = number;
  }

  /** An extension the world does not model (a phone without an agent yet, ivr, fax). */
  addExtension(spec: Omit<ExtensionRecord, 'id' | 'queue' | 'agent' | 'implicit'>): ExtensionRecord {
    const rec: ExtensionRecord = { ...spec, id: this.nextExtensionId++, queue: null, agent: null, implicit: false };
    this.extensionsById.set(rec.id, rec);
    return rec;
  }

  /** Removes an extension that is not a world queue and has no agent. */
  removeExtension(id: number): void {
    const rec = this.extensionsById.get(id);
    if (!rec || rec.queue !== null || rec.agent !== null) return;
    this.extensionsById.delete(id);
  }
}

/** Remembers a removed entity's record, the newest RETIRED_LIMIT only. */
function retire<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > RETIRED_LIMIT) map.delete(map.keys().next().value as string);
}
