/**
 * A queue's configuration and status: GET|PUT /extension/{id}/queue/ (its extension_id and the 32
 * parameters of seed 001; a change goes through updateQueue and takes effect in routing at once) and
 * GET /extension/{id}/queue/status/ (callers in the queue by member state, from the world).
 */
import type { FastifyInstance } from 'fastify';
import type { QueueConfigUpdate } from '../../../generated/queue-rest/queue-rest.js';
import { badRequest, notFound } from '../errors.js';
import { queueConfigDto, queuePatch, queueStatusDto } from '../mapper.js';
import { ref } from '../schema.js';
import { errors, params, queueAt, tags, type RouteOptions } from './common.js';

type Params = { extension_id: string };

export async function queueRoutes(app: FastifyInstance, { adapter }: RouteOptions): Promise<void> {
  const view = (queue: string, ext: number) => {
    const v = adapter.world.queue(queue);
    if (!v) throw notFound(`Queue of extension ${ext} not found`, 'queue_not_found');
    return v;
  };

  app.get<{ Params: Params }>(
    '/extension/:extension_id/queue',
    { schema: { tags, summary: "Telphin: the queue's parameters", params: params('extension_id'), response: { 200: ref('QueueConfig'), ...errors } } },
    async (req) => {
      const { ext, queue } = queueAt(adapter, req.params.extension_id);
      return queueConfigDto(ext.id, view(queue, ext.id).config);
    },
  );

  app.put<{ Params: Params; Body: QueueConfigUpdate }>(
    '/extension/:extension_id/queue',
    { schema: { tags, summary: "Telphin: change the queue's parameters (null puts one back to its default)", params: params('extension_id'), body: ref('QueueConfigUpdate'), response: { 200: ref('QueueConfig'), ...errors } } },
    async (req) => {
      const { ext, queue } = queueAt(adapter, req.params.extension_id);
      if (req.body.extension_id !== undefined && req.body.extension_id !== ext.id) throw badRequest(`Invalid parameter 'extension_id': ${req.body.extension_id} is not this extension (${ext.id})`);
      const patch = queuePatch(req.body);
      if (Object.keys(patch).length > 0) adapter.command((c) => c.updateQueue(queue, patch));
      return queueConfigDto(ext.id, view(queue, ext.id).config);
    },
  );

  app.get<{ Params: Params }>(
    '/extension/:extension_id/queue/status',
    { schema: { tags, summary: 'Telphin: callers in the queue now (answered, trying, waiting)', params: params('extension_id'), response: { 200: ref('QueueStatus'), ...errors } } },
    async (req) => {
      const { ext, queue } = queueAt(adapter, req.params.extension_id);
      const members = adapter.sim.engine.queries.memberCounts(queue);
      if (!members) throw notFound(`Queue of extension ${ext.id} not found`, 'queue_not_found');
      return queueStatusDto(members);
    },
  );
}
