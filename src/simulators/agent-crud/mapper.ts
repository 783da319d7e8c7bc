/**
 * The world seen as the call-center service's DTOs: pure functions from the world's snapshots (agent
 * and queue views, call records) and this view's records to AgentDto, QueueDto, CallSessionDto, CallDto
 * and the analytics. No I/O, no clock, no state: a cross-view test can call them directly.
 */
import type {
  AgentDto,
  AgentQueueDto,
  AgentStatusDto,
  AgentSummaryDto,
  CallDirectionDto,
  CallDto,
  CallSessionDto,
  CallsAnalyticsByQueueTypeDto,
  CallsAnalyticsDto,
  QueueAgentDto,
  QueueDto,
  QueueSummaryDto,
  QueueTypeDto,
  WrapupReasonDto,
} from '../../generated/agent-crud/agent-crud.js';
import type { AgentSnapshot, CallSnapshot, EngineReason, QueueSnapshot } from './engine-port.js';
import type { AgentRecord, QueueRecord, Registry, TierRecord } from './registry.js';

export const AGENT_STATUS = { Offline: 1, Online: 2, DailOut: 3, Working: 4, Paused: 5 } as const satisfies Record<string, AgentStatusDto>;
export const CALL_DIRECTION = { Incoming: 1, Outgoing: 2 } as const satisfies Record<string, CallDirectionDto>;
export const QUEUE_TYPE = { NotFound: 0, CallCenter1: 1, CallCenter2: 2, CallCenter3: 3, CallCenter4: 4, Outbound: 5 } as const satisfies Record<string, QueueTypeDto>;

/** WrapupReasonDto ↔ the engine's disposition reasons, in enum order. */
export const WRAPUP_REASONS: readonly EngineReason[] = ['not_found', 'success', 'no_answer', 'call_back_later', 'interrupted'];
export const wrapupOf = (reason: EngineReason): WrapupReasonDto => WRAPUP_REASONS.indexOf(reason) as WrapupReasonDto;
export const reasonOf = (w: WrapupReasonDto): EngineReason => WRAPUP_REASONS[w];

/** What the mappers read besides their argument. */
export interface MapContext {
  registry: Registry;
  /** Virtual ms since the start → epoch ms. */
  epochMs(t: number): number;
  agentView(world: string): AgentSnapshot | null;
  queueView(world: string): QueueSnapshot | null;
}

export const iso = (epochMs: number): string => new Date(epochMs).toISOString();
const isoOrNull = (epochMs: number | null): string | null => (epochMs === null ? null : iso(epochMs));

/**
 * The service's status of a world agent: talking (a queue call, or an external call past dialing) is
 * Working and dialing out is DailOut whatever the status, then logged_out is Offline, on_break Paused,
 * available and on_demand Online. A deleted agent (no world agent) is Offline.
 */
export function agentStatusOf(view: AgentSnapshot | null): AgentStatusDto {
  if (!view) return AGENT_STATUS.Offline;
  if (view.state === 'in_queue_call' || view.external.some((x) => x.phase === 'talking')) return AGENT_STATUS.Working;
  if (view.external.some((x) => x.phase === 'dialing' && x.direction === 'outbound')) return AGENT_STATUS.DailOut;
  if (view.status === 'logged_out') return AGENT_STATUS.Offline;
  if (view.status === 'on_break') return AGENT_STATUS.Paused;
  return AGENT_STATUS.Online;
}

export function agentSummaryDto(rec: AgentRecord, ctx: MapContext): AgentSummaryDto {
  const view = rec.deletedMs === null ? ctx.agentView(rec.world) : null;
  const name = view?.name ?? rec.name;
  return {
    id: rec.id,
    userId: rec.userId,
    webexId: rec.webexId,
    webexUserNumber: view?.number ?? rec.number,
    webexDisplayName: name,
    userFullName: name,
    agentStatus: agentStatusOf(view),
    createDateTime: iso(rec.createdMs),
    updateDateTime: isoOrNull(rec.updatedMs),
    deleteDateTime: isoOrNull(rec.deletedMs),
  };
}

export function queueSummaryDto(rec: QueueRecord): QueueSummaryDto {
  return {
    id: rec.id,
    webexId: rec.webexId,
    webexExtension: String(7000 + rec.id),
    queueType: rec.type,
    createDateTime: iso(rec.createdMs),
    updateDateTime: isoOrNull(rec.updatedMs),
    deleteDateTime: isoOrNull(rec.deletedMs),
  };
}

/** The world's flag while the membership exists, else the last one seen. */
function joinedNow(tier: TierRecord, ctx: MapContext): boolean {
  if (tier.deletedMs !== null) return tier.joined;
  const row = ctx.queueView(tier.queue)?.agents.find((a) => a.agent === tier.agent);
  return row ? row.joined : tier.joined;
}

export function agentDto(rec: AgentRecord, ctx: MapContext): AgentDto {
  const queues: AgentQueueDto[] = [];
  for (const tier of ctx.registry.tiersOfAgent(rec)) {
    const q = ctx.registry.queueOf(tier.queue);
    if (!q) continue;
    queues.push({ id: tier.id, joined: joinedNow(tier, ctx), createDateTime: iso(tier.createdMs), updateDateTime: isoOrNull(tier.updatedMs), deleteDateTime: isoOrNull(tier.deletedMs), queue: queueSummaryDto(q) });
  }
  return { ...agentSummaryDto(rec, ctx), queues };
}

export function queueDto(rec: QueueRecord, ctx: MapContext): QueueDto {
  const queueAgents: QueueAgentDto[] = [];
  const view = rec.deletedMs === null ? ctx.queueView(rec.world) : null;
  for (const row of view?.agents ?? []) {
    const tier = ctx.registry.tierOf(rec.world, row.agent);
    const agent = ctx.registry.agentOf(row.agent);
    if (!tier || !agent) continue;
    queueAgents.push({ id: tier.id, joined: row.joined, createDateTime: iso(tier.createdMs), updateDateTime: isoOrNull(tier.updatedMs), deleteDateTime: null, agent: agentSummaryDto(agent, ctx) });
  }
  queueAgents.sort((a, b) => a.id - b.id);
  return { ...queueSummaryDto(rec), queueAgents };
}

/**
 * Whether a call is an agent's call session: a call an agent answered (queue or external), or a
 * dial-out, which is the agent's from the moment it dials.
 */
export function isSession(call: CallSnapshot): boolean {
  if (call.agent === null) return false;
  return call.answeredT !== null || (call.kind === 'external' && call.direction === 'outbound');
}

/** When the agent's part began: the answer of a queue call, the start of an external one. */
export const sessionStartT = (call: CallSnapshot): number => (call.kind === 'external' ? call.arrivedT : (call.answeredT ?? call.arrivedT));

export function callSessionDto(call: CallSnapshot, ctx: MapContext): CallSessionDto {
  const agent = ctx.registry.agentOf(call.agent!);
  const disposition = call.disposition ?? null;
  const dispositionMs = ctx.registry.dispositionMs.get(call.id);
  const started = ctx.epochMs(sessionStartT(call));
  const endedMs = call.endedT === null ? null : ctx.epochMs(call.endedT);
  // The last change is the later of the call's end and its wrap-up result: a result can be set while the call is live.
  const changes = [dispositionMs, endedMs].filter((ms): ms is number => ms !== undefined && ms !== null);
  return {
    id: call.seq,
    agentId: agent?.id ?? 0,
    callId: call.seq,
    phoneNumber: call.number,
    callDirection: call.direction === 'outbound' ? CALL_DIRECTION.Outgoing : CALL_DIRECTION.Incoming,
    startedAt: iso(started),
    endedAt: endedMs === null ? null : iso(endedMs),
    wrapupReason: disposition ? wrapupOf(disposition.reason) : null,
    comment: disposition?.comment ?? null,
    createDateTime: iso(started),
    updateDateTime: changes.length === 0 ? null : iso(Math.max(...changes)),
    agent: agent ? agentSummaryDto(agent, ctx) : null,
  };
}

/** A queue call has its queue's type; an external call is Outbound (dialled) or NotFound (no queue). */
export function queueTypeOfCall(call: CallSnapshot, registry: Registry): QueueTypeDto {
  if (call.queue !== null) return registry.queueOf(call.queue)?.type ?? QUEUE_TYPE.NotFound;
  return call.direction === 'outbound' ? QUEUE_TYPE.Outbound : QUEUE_TYPE.NotFound;
}

export const isAnswered = (call: CallSnapshot): boolean => call.answeredT !== null;
export const isMissed = (call: CallSnapshot): boolean => call.answeredT === null && call.endedT !== null;

export function callDto(call: CallSnapshot, ctx: MapContext): CallDto {
  const answered = isAnswered(call);
  const missed = isMissed(call);
  const leftT = call.leftQueueT ?? call.endedT;
  return {
    id: call.seq,
    callId: call.id,
    phoneNumber: call.number,
    callDirection: call.direction === 'outbound' ? CALL_DIRECTION.Outgoing : CALL_DIRECTION.Incoming,
    queueId: call.queue === null ? null : (ctx.registry.queueOf(call.queue)?.id ?? null),
    queueType: queueTypeOfCall(call, ctx.registry),
    agentId: call.agent === null ? null : (ctx.registry.agentOf(call.agent)?.id ?? null),
    arrivedAt: iso(ctx.epochMs(call.arrivedT)),
    answeredAt: call.answeredT === null ? null : iso(ctx.epochMs(call.answeredT)),
    endedAt: call.endedT === null ? null : iso(ctx.epochMs(call.endedT)),
    waitSeconds: answered ? (call.answeredT! - call.arrivedT) / 1000 : missed && leftT !== null ? (leftT - call.arrivedT) / 1000 : null,
    talkSeconds: answered && call.endedT !== null ? (call.endedT - call.answeredT!) / 1000 : null,
    answered,
    missed,
    result: call.exitReason,
    comment: ctx.registry.callComments.get(call.id) ?? null,
  };
}

type Stats = Omit<CallsAnalyticsByQueueTypeDto, 'queueType'>;

const mean = (xs: number[]): number | null => (xs.length === 0 ? null : Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 1000) / 1000);

/** Totals, means and service level of some calls (see the CallsAnalyticsDto schema for each figure). */
export function callStats(calls: readonly CallSnapshot[], serviceLevelSeconds: number): Stats {
  let answered = 0;
  let missed = 0;
  let withinSl = 0;
  let slBase = 0;
  const waits: number[] = [];
  const talks: number[] = [];
  for (const c of calls) {
    const queueCall = c.kind === 'queue';
    if (isAnswered(c)) {
      answered++;
      if (c.endedT !== null) talks.push((c.endedT - c.answeredT!) / 1000);
      if (queueCall) {
        const wait = (c.answeredT! - c.arrivedT) / 1000;
        waits.push(wait);
        slBase++;
        if (wait <= serviceLevelSeconds) withinSl++;
      }
    } else if (isMissed(c)) {
      missed++;
      if (queueCall) slBase++;
    }
  }
  return {
    total: calls.length,
    answered,
    missed,
    meanWaitSeconds: mean(waits),
    meanTalkSeconds: mean(talks),
    serviceLevel: slBase === 0 ? null : Math.round((withinSl / slBase) * 10000) / 10000,
  };
}

/** Analytics of the calls that arrived on the UTC days from `from` to `to` (inclusive; null: open). */
export function callsAnalyticsDto(calls: readonly CallSnapshot[], ctx: MapContext, from: string | null, to: string | null, serviceLevelSeconds: number): CallsAnalyticsDto {
  const inPeriod = calls.filter((c) => {
    const day = iso(ctx.epochMs(c.arrivedT)).slice(0, 10);
    return (from === null || day >= from) && (to === null || day <= to);
  });
  const byType = new Map<QueueTypeDto, CallSnapshot[]>();
  for (const c of inPeriod) {
    const type = queueTypeOfCall(c, ctx.registry);
    const list = byType.get(type) ?? [];
    list.push(c);
    byType.set(type, list);
  }
  const byQueueType = [...byType.entries()].sort(([a], [b]) => a - b).map(([queueType, list]) => ({ queueType, ...callStats(list, serviceLevelSeconds) }));
  return { from, to, serviceLevelSeconds, ...callStats(inPeriod, serviceLevelSeconds), byQueueType };
}
