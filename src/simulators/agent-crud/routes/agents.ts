/**
 * Agents: GET|POST /agents, GET|PUT|DELETE /agents/{id}, PUT /agents/{id}/status. An agent is a world
 * agent (createAgent, updateAgent, removeAgent, setAgentStatus); its queues are the world's tiers
 * (addTier, removeTier, setTierJoined). DELETE is the service's soft delete: the world agent is removed
 * (so no view and no routing sees it any more) while this view keeps its record with `deleteDateTime`.
 * Every change is checked in full before the first command runs, so a bad request changes nothing.
 */
import type { FastifyInstance } from 'fastify';
import type { AgentQueueRequestDto, CreateAgentRequestDto, GetAgentsRequestDto, UpdateAgentRequestDto, UpdateAgentStatusRequestDto } from '../../../generated/agent-crud/agent-crud.js';
import type { CallCenterCommands } from '../../../scenarios/callcenter/commands.js';
import type { AgentCrudAdapter } from '../adapter.js';
import { AGENT_STATUS, agentDto } from '../mapper.js';
import { conflictField, invalidField, ProblemDetailsError, translate } from '../errors.js';
import { bindQuery } from '../query.js';
import type { AgentRecord } from '../registry.js';
import { ref } from '../schema.js';
import { agentAt, context, errors, idParams, includeDeleted, page, tags, type RouteOptions } from './common.js';

type IdParams = { id: string };

/** The world queue of every requested membership; 400 naming the entry for an unknown or repeated queue. */
function requestedQueues(adapter: AgentCrudAdapter, queues: AgentQueueRequestDto[]): Map<string, boolean> {
  const out = new Map<string, boolean>();
  const problems: Record<string, string[]> = {};
  queues.forEach((q, i) => {
    const rec = adapter.registry.queue(q.queueId);
    const field = `queues[${i}].queueId`;
    if (!rec || rec.deletedMs !== null) problems[field] = [`Queue ${q.queueId} not found.`];
    else if (out.has(rec.world)) problems[field] = [`Queue ${q.queueId} is listed more than once.`];
    else out.set(rec.world, q.joined);
  });
  if (Object.keys(problems).length > 0) throw new ProblemDetailsError(400, 'One or more queues are not valid.', problems);
  return out;
}

function checkUnique(adapter: AgentCrudAdapter, self: AgentRecord | null, userId: number | null, webexId: string | null): void {
  for (const other of adapter.registry.agents()) {
    if (other === self || other.deletedMs !== null) continue;
    if (userId !== null && other.userId === userId) throw conflictField('userId', `User ${userId} already has agent ${other.id}.`);
    if (webexId !== null && other.webexId === webexId) throw conflictField('webexAgentId', `Webex agent '${webexId}' is already agent ${other.id}.`);
  }
}

function requireLive(rec: AgentRecord): void {
  if (rec.deletedMs !== null) throw conflictField('id', `Agent ${rec.id} is deleted.`);
}

/** Makes the world agent's memberships `wanted` (queue → joined), in one go. */
function applyMemberships(c: CallCenterCommands, adapter: AgentCrudAdapter, world: string, wanted: Map<string, boolean>): void {
  const current = new Map((adapter.agentView(world)?.queues ?? []).map((q) => [q.queue, q.joined]));
  for (const queue of current.keys()) if (!wanted.has(queue)) c.removeTier(queue, world);
  for (const [queue, joined] of wanted) {
    if (!current.has(queue)) c.addTier(queue, world);
    if ((current.get(queue) ?? true) !== joined) c.setTierJoined(queue, world, joined);
  }
}

export async function agentRoutes(app: FastifyInstance, { adapter, base: prefix }: RouteOptions): Promise<void> {
  const dto = (rec: AgentRecord) => agentDto(rec, context(adapter));

  app.get(
    '/agents',
    { schema: { tags, summary: 'Agents, a page at a time (GetAgentsRequestDto; includeDeleted=true lists soft-deleted ones too)', response: { 200: ref('AgentListDto'), ...errors } } },
    async (req) => {
      adapter.ensure();
      const q = bindQuery<GetAgentsRequestDto>('GetAgentsRequestDto', req.query);
      const all = includeDeleted(req.query);
      return page(adapter.registry.agents().filter((a) => all || a.deletedMs === null), q.pagination, dto);
    },
  );

  app.get<{ Params: IdParams }>('/agents/:id', { schema: { tags, summary: 'An agent with its queues (a soft-deleted one too)', params: idParams, response: { 200: ref('AgentDto'), ...errors } } }, async (req) => {
    adapter.ensure();
    return dto(agentAt(adapter, req.params.id));
  });

  app.post<{ Body: CreateAgentRequestDto }>(
    '/agents',
    { schema: { tags, summary: 'Create an agent (Offline) in the given queues', body: ref('CreateAgentRequestDto'), response: { 201: ref('AgentDto'), ...errors } } },
    async (req, reply) => {
      adapter.ensure();
      const body = req.body;
      const wanted = requestedQueues(adapter, body.queues);
      checkUnique(adapter, null, body.userId, body.webexAgentId);
      const world = freeWorldId(`agent-crud-${adapter.registry.agents().length + 1}`, (id) => adapter.agentView(id) !== null || adapter.registry.agentOf(id) !== undefined);
      adapter.registry.pendingAgents.set(world, { userId: body.userId, webexId: body.webexAgentId });
      try {
        translate(() => adapter.command((c) => {
          c.createAgent({ id: world, name: body.userFullName });
          applyMemberships(c, adapter, world, wanted);
        }));
      } finally {
        adapter.registry.pendingAgents.delete(world);
      }
      const rec = adapter.registry.agentOf(world)!;
      return reply.code(201).header('location', `${prefix}/agents/${rec.id}`).send(dto(rec));
    },
  );

  app.put<{ Params: IdParams; Body: UpdateAgentRequestDto }>(
    '/agents/:id',
    { schema: { tags, summary: "Update an agent's user id, name and queues (the list replaces the agent's memberships)", params: idParams, body: ref('UpdateAgentRequestDto'), response: { 200: ref('AgentDto'), ...errors } } },
    async (req) => {
      const { epochMs } = adapter.ensure();
      const rec = agentAt(adapter, req.params.id);
      const body = req.body;
      if (body.id !== rec.id) throw invalidField('id', `The id in the body (${body.id}) is not the id in the path (${rec.id}).`);
      requireLive(rec);
      const wanted = requestedQueues(adapter, body.queues);
      const userId = body.userId ?? null;
      checkUnique(adapter, rec, userId, null);
      const name = body.userFullName ?? null;
      translate(() => adapter.command((c) => {
        if (name !== null && name !== adapter.agentView(rec.world)?.name) c.updateAgent(rec.world, { name });
        applyMemberships(c, adapter, rec.world, wanted);
      }));
      if (userId !== null) rec.userId = userId;
      rec.updatedMs = epochMs;
      return dto(rec);
    },
  );

  app.delete<{ Params: IdParams }>('/agents/:id', { schema: { tags, summary: 'Soft-delete an agent: it leaves the world, its record stays with deleteDateTime', params: idParams, response: { 204: { type: 'null' }, ...errors } } }, async (req, reply) => {
    adapter.ensure();
    const rec = agentAt(adapter, req.params.id);
    requireLive(rec);
    translate(() => adapter.command((c) => c.removeAgent(rec.world, true)));
    return reply.code(204).send();
  });

  app.put<{ Params: IdParams; Body: UpdateAgentStatusRequestDto }>(
    '/agents/:id/status',
    { schema: { tags, summary: 'Set an agent Online (available), Offline (logged out) or Paused (on break)', params: idParams, body: ref('UpdateAgentStatusRequestDto'), response: { 200: ref('AgentDto'), ...errors } } },
    async (req) => {
      adapter.ensure();
      const rec = agentAt(adapter, req.params.id);
      requireLive(rec);
      const status = STATUS_COMMANDS[req.body.agentStatus];
      if (!status) throw invalidField('agentStatus', `agentStatus ${req.body.agentStatus} (${req.body.agentStatus === AGENT_STATUS.Working ? 'Working' : 'DailOut'}) is set by the calls themselves; a client can set 1 (Offline), 2 (Online) or 5 (Paused).`);
      translate(() => adapter.command((c) => c.setAgentStatus(rec.world, status)), { status: 'agentStatus', agent: 'id' });
      return dto(rec);
    },
  );
}

const STATUS_COMMANDS: Partial<Record<number, string>> = { [AGENT_STATUS.Offline]: 'logged_out', [AGENT_STATUS.Online]: 'available', [AGENT_STATUS.Paused]: 'on_break' };

/** A world id not taken yet: `base`, else `base-2`, `base-3`, … */
function freeWorldId(base: string, taken: (id: string) => boolean): string {
  if (!taken(base)) return base;
  for (let i = 2; ; i++) if (!taken(`${base}-${i}`)) return `${base}-${i}`;
}
