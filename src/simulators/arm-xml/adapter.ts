/**
 * The ARM view's adapter state over one Simulation (a ViewState: it follows resets and scenario loads and
 * catches up before each request): settings from the scenario's `apis.arm`, the operator directory
 * (operator id = the agent's number), HTTP sessions from `login`, the auxwork reasons operators gave, the
 * kept history lines (history-log.ts), and the feed of the world's events to the open WebSocket sessions.
 * It holds no call-center state: agents and calls are always read from the world. Session ids are random
 * (not from the scenario's seed, which /__admin/health shows): they are credentials, and like OAuth tokens
 * they are the view's state, never the world's.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { CallCenterCommands } from '../../scenarios/callcenter/commands.js';
import type { CallRecord } from '../../scenarios/callcenter/model.js';
import type { AgentView } from '../../scenarios/callcenter/queries.js';
import type { WorldEvent } from '../../scenarios/callcenter/events.js';
import type { Simulation } from '../../simulation.js';
import { DomainError } from '../../scenarios/callcenter/errors.js';
import { ViewState } from '../shared/view-state.js';
import { ArmError, fromDomainError } from './errors.js';
import { pageOf, type Filters } from './history.js';
import { HistoryLog } from './history-log.js';
import type { HistoryEntry, HistoryOperator, Lookup } from './mapper.js';
import { readSettings, type ArmSettings } from './settings.js';

export interface Operator {
  /** The operator id ARM uses (agent_id, cc_agent_id): the agent's number. */
  id: string;
  /** The world's agent id. */
  agent: string;
}

/** HTTP sessions kept at once; a login beyond that forgets the oldest session. */
export const MAX_SESSIONS = 10_000;

export class ArmAdapter extends ViewState {
  settings!: ArmSettings;
  private operatorsKey = '';
  private byNumber = new Map<string, string>();
  /** HTTP sessions (cookie value → operator id), oldest first. */
  private readonly sessions = new Map<string, string>();
  /** The reason an operator gave with its last auxwork, by world agent id, until its status changes again. */
  private readonly auxReasons = new Map<string, string>();
  private historyLog!: HistoryLog;
  /** What ARM shows of each agent (operator id, name, groups), made when first asked after a change. */
  private operatorInfo = new Map<string, { id: string; name: string; groups: readonly string[] } | null>();
  private operatorInfoKey = '';
  private agentChanges = 0;
  /** The open WebSocket sessions' feeds, in the order they logged in. */
  private readonly feeds = new Set<(e: WorldEvent) => void>();

  constructor(sim: Simulation, log: FastifyBaseLogger) {
    super(sim, log, 'arm');
    this.current();
  }

  /**
   * Feeds a WebSocket session the world's events, each after the adapter has taken it in (so a pushed
   * operator shows the reason the adapter keeps). Returns the way to stop.
   */
  feed(onEvent: (e: WorldEvent) => void): () => void {
    this.feeds.add(onEvent);
    return () => void this.feeds.delete(onEvent);
  }

  protected override onEvent(e: WorldEvent): void {
    switch (e.type) {
      case 'agent.created':
      case 'agent.updated':
      case 'agent.removed':
      case 'tier.added':
      case 'tier.updated':
      case 'tier.removed':
        this.agentChanges++;
        break;
      case 'agent.status':
        // A status change the operator did not make through auxwork ends the reason it gave.
        if (e.status !== 'on_break') this.auxReasons.delete(e.agent);
        break;
    }
    for (const push of this.feeds) {
      // One session's failure is its own: the others still get the event.
      try {
        push(e);
      } catch (err) {
        this.log.error({ err, event: e }, 'arm websocket: could not push an event');
      }
    }
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
  override command<T>(fn: (c: CallCenterCommands) => T, fields?: Readonly<Record<string, string>>): T {
    try {
      return super.command(fn);
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
    const domain = this.settings.domain;
    return {
      startMs: this.sim.scenario.startMs,
      operator: (agentId) => this.operatorOf(agentId),
      recordUrl: (call: CallRecord) => `/${domain}/records/${call.id}.wav`,
    };
  }

  /**
   * One page of an operator's history (`agent` its world id), or of everyone's (null): the kept lines are
   * brought up to date, filtered and paged newest first, and only the page's lines are made.
   */
  history(agent: string | null, filters: Filters, scope: string): { lines: HistoryEntry[]; tag: string | null } {
    const log = this.historyLog;
    log.sync();
    const look = this.lookup();
    let op: HistoryOperator | null = null;
    if (agent !== null) {
      const info = this.operatorOf(agent);
      if (!info) return { lines: [], tag: null };
      op = { agent, number: info.id, name: info.name, id: info.id, groups: info.groups };
    }
    const rows = op ? log.operatorLines(op.agent, filters.tag) : log.supervisorLines(filters.tag);
    const { lines, tag } = pageOf(rows, filters, scope, (row) => log.sides(row, look, op));
    return { lines: lines.map((row) => log.render(row, look, op)).filter((l): l is HistoryEntry => l !== null), tag };
  }

  /** Operator id (the agent's number), name and groups of a world agent now; null when it is gone. */
  private operatorOf(agentId: string): { id: string; name: string; groups: readonly string[] } | null {
    const key = `${this.sim.generation}:${this.agentChanges}`;
    if (key !== this.operatorInfoKey) {
      this.operatorInfoKey = key;
      this.operatorInfo = new Map();
    }
    let info = this.operatorInfo.get(agentId);
    if (info === undefined) {
      const a = this.sim.engine.queries.agent(agentId);
      info = a ? { id: a.number, name: a.name, groups: a.queues.map((x) => x.queue) } : null;
      this.operatorInfo.set(agentId, info);
    }
    return info;
  }

  private refreshOperators(): void {
    const key = `${this.sim.generation}:${this.agentChanges}`;
    if (key === this.operatorsKey) return;
    this.operatorsKey = key;
    this.byNumber = new Map();
    // Agents in creation order: if two share a number, the first one is that operator.
    for (const a of this.sim.engine.queries.agents()) if (!this.byNumber.has(a.number)) this.byNumber.set(a.number, a.id);
  }

  protected rebuild(): void {
    this.settings = readSettings(this.sim.scenario.apis, this.log);
    this.auxReasons.clear();
    this.historyLog = new HistoryLog(() => this.sim.engine.queries, this.sim.scenario.startMs);
    // Sessions belong to the run they were opened in: a reset logs every workstation out.
    this.sessions.clear();
    this.operatorsKey = '';
  }
}
