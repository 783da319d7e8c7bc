/**
 * Read-only views of the world for the simulators and /__admin: snapshots of agents, queues and
 * callers, queue member counts, and call records. They copy, so a caller can never change the world
 * through what it reads.
 */
import { timersClearAt } from './agent-states.js';
import type { Agent, Call, CallRecord, Member, Queue } from './model.js';
import type { QueueConfig } from './queue-config.js';
import type { World } from './world.js';

export interface AgentView {
  id: string;
  name: string;
  number: string;
  type: 'local' | 'remote';
  status: Agent['status'];
  state: Agent['state'];
  status_since_t: number;
  state_since_t: number;
  /** Virtual ms until which the agent wraps up; null when not wrapping up. */
  wrap_up_until_t: number | null;
  /** Virtual ms from which the agent's timers allow an offer again (wrap-up, busy/reject/no-answer delays). */
  ready_at_t: number;
  queues: { queue: string; level: number; position: number; state: string; joined: boolean }[];
  calls_answered: number;
  talk_time: number;
  no_answer_count: number;
  external_calls: number;
  ringing_call: string | null;
  current_call: string | null;
  /** Calls outside the queues: dialling out (the far end rings) or talking. */
  external: { call: string; direction: 'inbound' | 'outbound'; phase: 'dialing' | 'talking'; since_t: number }[];
  /** Virtual ms the agent last signed in (left Logged Out); null while logged out. */
  login_t: number | null;
  blocked: boolean;
  rest: RestView | null;
  config: Agent['config'];
}

export interface RestView {
  phase: 'after_call' | 'queued' | 'resting';
  requested_t: number;
  begin_t: number | null;
  seconds: number;
  reason: string | null;
}

export interface QueueView {
  id: string;
  name: string;
  config: QueueConfig;
  members: { waiting: number; trying: number; answered: number; abandoned: number };
  calls_answered: number;
  calls_abandoned: number;
  agents: { agent: string; level: number; position: number; state: string; joined: boolean }[];
}

export interface CallerView {
  call: string;
  queue: string;
  number: string;
  state: Member['state'];
  joined_t: number;
  score: number;
  ringing: string[];
  agent: string | null;
}

export class CallCenterQueries {
  constructor(private readonly w: World) {}

  agents(): AgentView[] {
    return [...this.w.agents.values()].map((a) => this.agentView(a));
  }

  agent(id: string): AgentView | null {
    const a = this.w.agents.get(id);
    return a ? this.agentView(a) : null;
  }

  queues(): QueueView[] {
    return [...this.w.queues.values()].map((q) => this.queueView(q));
  }

  queue(id: string): QueueView | null {
    const q = this.w.queues.get(id);
    return q ? this.queueView(q) : null;
  }

  /** A queue's callers by member state (docs/routing.md §7.8), without copying the queue. */
  memberCounts(id: string): QueueView['members'] | null {
    const q = this.w.queues.get(id);
    return q ? { ...q.counts, abandoned: q.abandonedCount } : null;
  }

  /** Callers in queues (waiting, ringing, talking), highest score first, then talking ones. */
  callers(): CallerView[] {
    const nowSec = this.w.nowSec();
    const members: Member[] = [];
    for (const c of this.w.liveCalls) if (c.member) members.push(c.member);
    return members
      .sort((a, b) => b.sortKey - a.sortKey || a.seq - b.seq)
      .map((m) => ({
        call: m.call.id,
        queue: m.queue.id,
        number: m.call.number,
        state: m.state,
        joined_t: m.enteredT,
        score: nowSec - m.joinedSec + m.baseScore,
        ringing: m.legs.map((l) => l.agent.id),
        agent: m.state === 'answered' && m.servingAgent ? m.servingAgent.id : null,
      }));
  }

  /** Every kept finished call and every live one, in call order. Copies them all: views page with finished() instead. */
  calls(): CallRecord[] {
    const all: Call[] = [...this.w.liveCalls];
    for (let i = this.w.recordsDropped, end = i + this.w.recordCount; i < end; i++) all.push(this.w.recordAt(i) as Call);
    return all.sort((a, b) => a.seq - b.seq).map((c) => c.toRecord());
  }

  /** Live calls (in a queue, ringing, talking, dialling out), in call order. */
  liveCalls(): CallRecord[] {
    return [...this.w.liveCalls].sort((a, b) => a.seq - b.seq).map((c) => c.toRecord());
  }

  /**
   * The finished calls kept, in the order they finished: `from` (a finish index) and on, at most `max`.
   * `first` is the finish index of the first one returned (later than `from` when older ones were let go),
   * and `next` where to go on from.
   */
  finished(from: number, max = Number.POSITIVE_INFINITY): { first: number; next: number; calls: CallRecord[] } {
    const w = this.w;
    const first = Math.max(from, w.recordsDropped);
    const end = Math.min(w.recordsDropped + w.recordCount, first + max);
    const calls: CallRecord[] = [];
    for (let i = first; i < end; i++) calls.push((w.recordAt(i) as Call).toRecord());
    return { first, next: Math.max(first, end), calls };
  }

  /** The finish index of the oldest finished call kept (earlier ones were let go), and of the next to finish. */
  retention(): { oldest: number; next: number; limit: number } {
    const w = this.w;
    return { oldest: w.recordsDropped, next: w.recordsDropped + w.recordCount, limit: w.options.recordLimit };
  }

  call(id: string): CallRecord | null {
    const call = this.w.callById(id);
    return call ? call.toRecord() : null;
  }

  /** Whether a call is live or kept (its record can be read). */
  hasCall(id: string): boolean {
    return this.w.callById(id) !== undefined;
  }

  /** Rest with approval: the limit, and every agent resting, granted or in line (in line: in order). */
  restInfo(): { max_agents: number | null; agents: (RestView & { agent: string })[] } {
    const w = this.w;
    const agents: (RestView & { agent: string })[] = [];
    for (const a of w.agents.values()) if (a.rest && a.rest.phase !== 'queued') agents.push({ agent: a.id, ...restView(a) as RestView });
    for (const a of w.restQueue) agents.push({ agent: a.id, ...restView(a) as RestView });
    return { max_agents: w.scenario.restMaxAgents, agents };
  }

  private agentView(a: Agent): AgentView {
    const w = this.w;
    const readySec = timersClearAt(a.wrapUpFrom, a.config.wrap_up_time, a.readyTime);
    return {
      id: a.id,
      name: a.name,
      number: a.number,
      type: a.type,
      status: a.status,
      state: a.state,
      status_since_t: a.statusSinceT,
      state_since_t: a.stateSinceT,
      wrap_up_until_t: a.wrapUpEndT !== null && a.wrapUpEndT > w.now ? a.wrapUpEndT : null,
      ready_at_t: Math.max(w.now, readySec > 0 ? w.secToT(readySec) : w.now),
      queues: a.tiers.map((t) => ({ queue: t.queue.id, level: t.level, position: t.position, state: t.state, joined: t.joined })),
      calls_answered: a.callsAnswered,
      talk_time: a.talkTimeTotal,
      no_answer_count: a.noAnswerCount,
      external_calls: a.externalCalls,
      ringing_call: a.leg ? a.leg.member.call.id : null,
      current_call: a.call ? a.call.id : null,
      external: a.externals.map((x) => ({ call: x.call.id, direction: x.call.direction, phase: x.phase, since_t: x.sinceT })),
      login_t: a.loginT,
      blocked: a.blockedFrom !== null,
      rest: restView(a),
      config: { ...a.config },
    };
  }

  private queueView(q: Queue): QueueView {
    return {
      id: q.id,
      name: q.name,
      config: { ...q.config },
      members: { ...q.counts, abandoned: q.abandonedCount },
      calls_answered: q.callsAnswered,
      calls_abandoned: q.callsAbandoned,
      agents: q.tiers.map((t) => ({ agent: t.agent.id, level: t.level, position: t.position, state: t.state, joined: t.joined })),
    };
  }
}

function restView(a: Agent): RestView | null {
  const r = a.rest;
  return r ? { phase: r.phase, requested_t: r.requestedT, begin_t: r.beginT, seconds: r.seconds, reason: r.reason } : null;
}
