/**
 * The ARM view's adapter state over one Simulation: settings from the scenario's `apis.arm`, the operator
 * directory (operator id = the agent's number), HTTP sessions from `login`, the auxwork reasons operators
 * gave, and a cache of each operator's history lines. It follows resets and scenario loads
 * (`Simulation.generation`). It holds no call-center state: agents and calls are always read from the world.
 * Session ids are random (not from the scenario's seed, which /__admin/health shows): they are
 * credentials, and like OAuth tokens they are the view's state, never the world's.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { CallCenterCommands } from '../../scenarios/callcenter/commands.js';
import type { CallRecord } from '../../scenarios/callcenter/model.js';
import type { AgentView } from '../../scenarios/callcenter/queries.js';
import type { Simulation } from '../../simulation.js';
import { DomainError } from '../../scenarios/callcenter/errors.js';
import { ArmError, fromDomainError } from './errors.js';
import { operatorHistory, supervisorHistory, type HistoryEntry, type Lookup } from './mapper.js';
import { readSettings, type ArmSettings } from './settings.js';

export interface Operator {
  /** The operator id ARM uses (agent_id, cc_agent_id): the agent's number. */
  id: string;
  /** The world's agent id. */
  agent: string;
}

/** HTTP sessions kept at once; a login beyond that forgets the oldest session. */
export const MAX_SESSIONS = 10_000;

export class ArmAdapter {
  settings!: ArmSettings;
  private generation = -1;
  private operatorsKey = '';
  private byNumber = new Map<string, string>();
  /** HTTP sessions (cookie value → operator id), oldest first. */
  private readonly sessions = new Map<string, string>();
  /** The reason an operator gave with its last auxwork, by world agent id, until its status changes again. */
  private readonly auxReasons = new Map<string, string>();
  private readonly historyCache = new Map<string, { key: string; entries: HistoryEntry[] }>();
  private agentChanges = 0;
  private readonly unsubscribe: () => void;

  constructor(
    readonly sim: Simulation,
    readonly log: FastifyBaseLogger,
  ) {
    this.rebuild();
    this.unsubscribe = sim.subscribe((e) => {
      if (e.type === 'agent.created' || e.type === 'agent.updated' || e.type === 'agent.removed') this.agentChanges++;
      // A status change the operator did not make through auxwork ends the reason it gave.
      if (e.type === 'agent.status' && e.status !== 'on_break') this.auxReasons.delete(e.agent as string);
    });
  }

  close(): void {
    this.unsubscribe();
  }

  /** At the start of every request: catches the clock up, follows a reset. Returns now in epoch ms. */
  ensure(): number {
    const t = this.sim.now();
    if (this.sim.generation !== this.generation) this.rebuild();
    return this.sim.scenario.startMs + t;
  }

  nowMs(): number {
    return this.sim.scenario.startMs + this.sim.engine.now;
  }

  checkDomain(domain: string): void {
    if (domain !== this.settings.domain) throw new ArmError('unknown_domain', `unknown domain '${domain}'; this call center is '${this.settings.domain}'`);
  }

  /**
   * Runs one engine command; its DomainError comes back as the ARM error (errors.ts), with the engine's
   * field names in the reason replaced by the request's attributes (`fields`).
   */
  command<T>(fn: (c: CallCenterCommands) => T, fields?: Readonly<Record<string, string>>): T {
    try {
      return this.sim.command(fn);
    } catch (err) {
      throw err instanceof DomainError ? fromDomainError(err, fields) : err;
    }
  }

  /** The world agent of an operator id, or unknown_operator. */
  operator(id: string | undefined, field = 'agent_id'): Operator {
    if (id === undefined || id === '') throw new ArmError('invalid_request', `${field} is required`);
    this.refreshOperators();
    const agent = this.byNumber.get(id);
    if (!agent) throw new ArmError('unknown_operator', `no operator with ${field} '${id}'`);
    return { id, agent };
  }

  /** The operator id of a world agent (its number), or null when it is gone. */
  operatorIdOf(agentId: string): string | null {
    return this.sim.engine.queries.agent(agentId)?.number ?? null;
  }

  agentView(op: Operator): AgentView {
    const view = this.sim.engine.queries.agent(op.agent);
    if (!view) throw new ArmError('unknown_operator', `operator '${op.id}' is gone`);
    return view;
  }

  auxReason(agentId: string): string | null {
    return this.auxReasons.get(agentId) ?? null;
  }

  /** null forgets it. */
  setAuxReason(agentId: string, reason: string | null): void {
    if (reason === null) this.auxReasons.delete(agentId);
    else this.auxReasons.set(agentId, reason);
  }

  /** A new HTTP session for an operator: 128 random bits, which no client can guess from another's. */
  openSession(operatorId: string): string {
    const id = `arm-${randomBytes(16).toString('hex')}`;
    if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value as string);
    this.sessions.set(id, operatorId);
    return id;
  }

  sessionOperator(sessionId: string | undefined): string | null {
    return sessionId ? (this.sessions.get(sessionId) ?? null) : null;
  }

  lookup(): Lookup {
    const q = this.sim.engine.queries;
    const domain = this.settings.domain;
    return {
      startMs: this.sim.scenario.startMs,
      operator: (agentId) => {
        const a = q.agent(agentId);
        return a ? { id: a.number, name: a.name, groups: a.queues.map((x) => x.queue) } : null;
      },
      recordUrl: (call: CallRecord) => `/${domain}/records/${call.id}.wav`,
    };
  }

  /**
   * History lines of one operator (or of everyone, `agent` null), kept until the world changes: every
   * change is an event, so (generation, event seq) is an exact key.
   */
  history(agent: AgentView | null): HistoryEntry[] {
    const key = `${this.sim.generation}:${this.sim.eventSeq}`;
    const name = agent ? `op:${agent.id}` : 'all';
    const hit = this.historyCache.get(name);
    if (hit && hit.key === key) return hit.entries;
    const calls = this.sim.engine.queries.calls();
    const entries = agent ? operatorHistory(calls, agent, this.lookup()) : supervisorHistory(calls, this.lookup());
    if (this.historyCache.size >= 256) this.historyCache.clear();
    this.historyCache.set(name, { key, entries });
    return entries;
  }

  private refreshOperators(): void {
    const key = `${this.sim.generation}:${this.agentChanges}`;
    if (key === this.operatorsKey) return;
    this.operatorsKey = key;
    this.byNumber = new Map();
    // Agents in creation order: if two share a number, the first one is that operator.
    for (const a of this.sim.engine.queries.agents()) if (!this.byNumber.has(a.number)) this.byNumber.set(a.number, a.id);
  }

  private rebuild(): void {
    this.generation = this.sim.generation;
    this.settings = readSettings(this.sim.scenario.apis, this.log);
    this.auxReasons.clear();
    this.historyCache.clear();
    // Sessions belong to the run they were opened in: a reset logs every workstation out.
    this.sessions.clear();
    this.operatorsKey = '';
  }
}
