/**
 * Queues: GET /queues, GET|PUT /queues/{id}. A queue is a world queue; its `queueAgents` are the world's
 * tiers. PUT sets the queue type (this view's record: the world has no such notion) and the `joined`
 * flag of listed memberships (setTierJoined); an entry with id 0 adds the agent to the queue (addTier).
 * Memberships not listed are left as they are.
 */
import type { FastifyInstance } from 'fastify';
import type { UpdateQueueRequestDto } from '../../../generated/agent-crud/agent-crud.js';
import { queueDto } from '../mapper.js';
import { conflictField, invalidField, ProblemDetailsError, translate } from '../errors.js';
import { ref } from '../schema.js';
import { context, errors, idParams, includeDeleted, queueAt, tags, type RouteOptions } from './common.js';

type IdParams = { id: string };

export async function queueRoutes(app: FastifyInstance, { adapter }: RouteOptions): Promise<void> {
  app.get('/queues', { schema: { tags, summary: 'Every queue with its agents (includeDeleted=true lists removed ones too)', response: { 200: ref('QueueListDto'), ...errors } } }, async (req) => {
    adapter.ensure();
    const all = includeDeleted(req.query);
    const ctx = context(adapter);
    return adapter.registry.queues().filter((q) => all || q.deletedMs === null).map((q) => queueDto(q, ctx));
  });

  app.get<{ Params: IdParams }>('/queues/:id', { schema: { tags, summary: 'A queue with its agents', params: idParams, response: { 200: ref('QueueDto'), ...errors } } }, async (req) => {
    adapter.ensure();
    return queueDto(queueAt(adapter, req.params.id), context(adapter));
  });

  app.put<{ Params: IdParams; Body: UpdateQueueRequestDto }>(
    '/queues/:id',
    { schema: { tags, summary: "Set a queue's type and its agents' joined flags (id 0 adds an agent)", params: idParams, body: ref('UpdateQueueRequestDto'), response: { 200: ref('QueueDto'), ...errors } } },
    async (req) => {
      const { epochMs } = adapter.ensure();
      const rec = queueAt(adapter, req.params.id);
      const body = req.body;
      if (body.id !== rec.id) throw invalidField('id', `The id in the body (${body.id}) is not the id in the path (${rec.id}).`);
      if (rec.deletedMs !== null) throw conflictField('id', `Queue ${rec.id} is deleted.`);
      const rows = adapter.queueView(rec.world)?.agents ?? [];
      const changes: { agent: string; add: boolean; joined: boolean }[] = [];
      const problems: Record<string, string[]> = {};
      const seen = new Set<string>();
      body.queueAgents.forEach((item, i) => {
        const agent = adapter.registry.agent(item.agentId);
        if (!agent || agent.deletedMs !== null) {
          problems[`queueAgents[${i}].agentId`] = [`Agent ${item.agentId} not found.`];
          return;
        }
        if (seen.has(agent.world)) {
          problems[`queueAgents[${i}].agentId`] = [`Agent ${item.agentId} is listed more than once.`];
          return;
        }
        seen.add(agent.world);
        const row = rows.find((r) => r.agent === agent.world);
        if (item.id === 0) {
          if (row) problems[`queueAgents[${i}].agentId`] = [`Agent ${item.agentId} is already in queue ${rec.id} (queue agent ${adapter.registry.tierOf(rec.world, agent.world)?.id}).`];
          else changes.push({ agent: agent.world, add: true, joined: item.joined });
          return;
        }
        const tier = adapter.registry.tier(item.id);
        if (!tier || tier.deletedMs !== null || tier.queue !== rec.world) problems[`queueAgents[${i}].id`] = [`Queue agent ${item.id} not found in queue ${rec.id}.`];
        else if (tier.agent !== agent.world) problems[`queueAgents[${i}].agentId`] = [`Queue agent ${item.id} is agent ${adapter.registry.agentOf(tier.agent)?.id}, not ${item.agentId}.`];
        else if (row && row.joined !== item.joined) changes.push({ agent: agent.world, add: false, joined: item.joined });
      });
      if (Object.keys(problems).length > 0) throw new ProblemDetailsError(400, 'One or more queue agents are not valid.', problems);
      translate(() =>
        adapter.command((c) => {
          for (const x of changes) {
            if (x.add) c.addTier(rec.world, x.agent);
            if (!x.add || !x.joined) c.setTierJoined(rec.world, x.agent, x.joined);
          }
        }),
      );
      if (rec.type !== body.queueType || changes.length > 0) rec.updatedMs = epochMs;
      rec.type = body.queueType;
      return queueDto(rec, context(adapter));
    },
  );
}
