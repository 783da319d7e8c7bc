/**
 * Agents in a queue: POST|GET /extension/{id}/queue/agents/local/, GET|PUT|DELETE …/local/{agent_id},
 * and the same for remote agents. `{agent_id, level, position}` is a tier of the world (addTier,
 * updateTier, removeTier).
 */
import type { FastifyInstance } from 'fastify';
import type { QueueAgentCreate, QueueAgentUpdate } from '../../../generated/queue-rest/queue-rest.js';
import { DomainError } from '../../../scenarios/callcenter/errors.js';
import { badRequest, notFound } from '../errors.js';
import type { AgentRecord } from '../ids.js';
import { queueAgentDto } from '../mapper.js';
import { ref } from '../schema.js';
import { agentAt, errors, params, queueAt, tags, type RouteOptions } from './common.js';

type Params = { extension_id: string };
type AgentParams = { extension_id: string; agent_id: string };

export async function queueAgentRoutes(app: FastifyInstance, { adapter }: RouteOptions): Promise<void> {
  for (const type of ['local', 'remote'] as const) {
    const what = type === 'local' ? 'local agent' : 'remote agent';
    const base = `/extension/:extension_id/queue/agents/${type}`;

    const tierOf = (queue: string, ext: number, agent: AgentRecord) => {
      const tier = adapter.world.queue(queue)?.agents.find((a) => a.agent === agent.world);
      if (!tier) throw notFound(`The ${what} ${agent.id} is not in the queue of extension ${ext}`, 'agent_not_found');
      return tier;
    };

    app.post<{ Params: Params; Body: QueueAgentCreate }>(
      base,
      { schema: { tags, summary: `Telphin: add a ${what} to the queue`, params: params('extension_id'), body: ref('QueueAgentCreate'), response: { 201: ref('QueueAgent'), ...errors } } },
      async (req, reply) => {
        const { ext, queue } = queueAt(adapter, req.params.extension_id);
        const agent = adapter.registry.agent(req.body.agent_id);
        if (!agent || agent.type !== type) throw badRequest(`Invalid parameter 'agent_id': ${what} ${req.body.agent_id} not found`);
        const level = req.body.level ?? 0;
        const position = req.body.position ?? 0;
        try {
          adapter.command((c) => c.addTier(queue, agent.world, level, position));
        } catch (err) {
          if (err instanceof DomainError && err.code === 'tier.exists') throw badRequest(`The ${what} ${agent.id} is already in the queue of extension ${ext.id}`);
          throw err;
        }
        return reply.code(201).send(queueAgentDto(agent.id, tierOf(queue, ext.id, agent)));
      },
    );

    app.get<{ Params: Params }>(
      base,
      { schema: { tags, summary: `Telphin: the queue's ${what}s`, params: params('extension_id'), response: { 200: ref('QueueAgentList'), ...errors } } },
      async (req) => {
        const { ext, queue } = queueAt(adapter, req.params.extension_id);
        const view = adapter.world.queue(queue);
        if (!view) throw notFound(`Queue of extension ${ext.id} not found`, 'queue_not_found');
        const out = [];
        for (const tier of view.agents) {
          const rec = adapter.registry.agentOf(tier.agent);
          if (rec && rec.type === type) out.push(queueAgentDto(rec.id, tier));
        }
        return out;
      },
    );

    app.get<{ Params: AgentParams }>(
      `${base}/:agent_id`,
      { schema: { tags, summary: `Telphin: a ${what}'s level and position in the queue`, params: params('extension_id', 'agent_id'), response: { 200: ref('QueueAgent'), ...errors } } },
      async (req) => {
        const { ext, queue } = queueAt(adapter, req.params.extension_id);
        const agent = agentAt(adapter, req.params.agent_id, type);
        return queueAgentDto(agent.id, tierOf(queue, ext.id, agent));
      },
    );

    app.put<{ Params: AgentParams; Body: QueueAgentUpdate }>(
      `${base}/:agent_id`,
      { schema: { tags, summary: `Telphin: change a ${what}'s level or position in the queue`, params: params('extension_id', 'agent_id'), body: ref('QueueAgentUpdate'), response: { 200: ref('QueueAgent'), ...errors } } },
      async (req) => {
        const { ext, queue } = queueAt(adapter, req.params.extension_id);
        const agent = agentAt(adapter, req.params.agent_id, type);
        tierOf(queue, ext.id, agent);
        const change = { level: req.body.level, position: req.body.position };
        if (change.level !== undefined || change.position !== undefined) adapter.command((c) => c.updateTier(queue, agent.world, change));
        return queueAgentDto(agent.id, tierOf(queue, ext.id, agent));
      },
    );

    app.delete<{ Params: AgentParams }>(
      `${base}/:agent_id`,
      { schema: { tags, summary: `Telphin: take a ${what} out of the queue`, params: params('extension_id', 'agent_id'), response: { 204: { type: 'null' }, ...errors } } },
      async (req, reply) => {
        const { ext, queue } = queueAt(adapter, req.params.extension_id);
        const agent = agentAt(adapter, req.params.agent_id, type);
        tierOf(queue, ext.id, agent);
        adapter.command((c) => c.removeTier(queue, agent.world));
        return reply.code(204).send();
      },
    );
  }
}
