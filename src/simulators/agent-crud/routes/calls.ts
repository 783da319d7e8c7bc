/**
 * Calls: GET /calls (GetCallsRequestDto), POST /calls (CreateCallRequestParam), GET /calls/analytics
 * (GetCallsAnalyticsRequestDto). Calls are the world's call records, queue and external, in call order.
 * POST /calls brings a client's call into the center: a caller from the client's number joins the first
 * queue whose type is the request's `callType` (injectCaller).
 */
import type { FastifyInstance } from 'fastify';
import type { CreateCallRequestParam, GetCallsAnalyticsRequestDto, GetCallsRequestDto, QueueTypeDto } from '../../../generated/agent-crud/agent-crud.js';
import type { CallSnapshot } from '../engine-port.js';
import { callDto, callsAnalyticsDto, isAnswered, isMissed, queueTypeOfCall } from '../mapper.js';
import { conflictField, invalidField, translate } from '../errors.js';
import { bindQuery } from '../query.js';
import { ref } from '../schema.js';
import { context, errors, page, parseDateTime, tags, type RouteOptions } from './common.js';

const QUEUE_TYPES = new Set<number>([1, 2, 3, 4, 5]);

export async function callRoutes(app: FastifyInstance, { adapter, base: prefix }: RouteOptions): Promise<void> {
  app.get(
    '/calls',
    { schema: { tags, summary: 'Calls in call order, a page at a time (GetCallsRequestDto)', response: { 200: ref('CallListDto'), ...errors } } },
    async (req) => {
      adapter.ensure();
      const q = bindQuery<GetCallsRequestDto>('GetCallsRequestDto', req.query);
      const from = q.from == null ? null : parseDateTime(q.from, 'from');
      const to = q.to == null ? null : parseDateTime(q.to, 'to');
      const numbers = new Set(q.phoneNumbers);
      const wanted = adapter.calls().filter((c: CallSnapshot) => {
        const arrived = adapter.epochMs(c.arrivedT);
        if (numbers.size > 0 && !numbers.has(c.number)) return false;
        if (from !== null && arrived < from) return false;
        if (to !== null && arrived > to) return false;
        if (q.answered != null && isAnswered(c) !== q.answered) return false;
        if (q.missed != null && isMissed(c) !== q.missed) return false;
        if (q.queueType != null && queueTypeOfCall(c, adapter.registry) !== q.queueType) return false;
        return true;
      });
      const ctx = context(adapter);
      return page(wanted, q.pagination, (c) => callDto(c, ctx));
    },
  );

  app.post<{ Body: CreateCallRequestParam }>(
    '/calls',
    { schema: { tags, summary: "A client's call: a caller joins the first queue of type callType", body: ref('CreateCallRequestParam'), response: { 201: ref('CallDto'), ...errors } } },
    async (req, reply) => {
      adapter.ensure();
      const { clientId, callType, comment } = req.body;
      if (clientId < 0) throw invalidField('clientId', 'The field clientId must be >= 0.');
      if (!QUEUE_TYPES.has(callType)) throw invalidField('callType', `The callType field must be a queue type from 1 (CallCenter1) to 5 (Outbound), not ${callType}.`);
      const queue = adapter.registry.queues().find((q) => q.deletedMs === null && q.type === (callType as QueueTypeDto));
      if (!queue) throw conflictField('callType', `No queue has type ${callType}.`);
      const number = `${adapter.settings.client_number_prefix}${String(clientId).padStart(7, '0')}`;
      const id = translate(() => adapter.command((c) => c.injectCaller({ queue: queue.world, number }).id), { queue: 'callType', number: 'clientId' });
      adapter.registry.callComments.set(id, comment ?? null);
      const call = adapter.calls().find((c) => c.id === id)!;
      return reply.code(201).header('location', `${prefix}/calls?phoneNumbers=${encodeURIComponent(number)}`).send(callDto(call, context(adapter)));
    },
  );

  app.get(
    '/calls/analytics',
    { schema: { tags, summary: 'Totals, answered, missed, mean wait and talk, service level, per queue type (GetCallsAnalyticsRequestDto: UTC days)', response: { 200: ref('CallsAnalyticsDto'), ...errors } } },
    async (req) => {
      adapter.ensure();
      const q = bindQuery<GetCallsAnalyticsRequestDto>('GetCallsAnalyticsRequestDto', req.query);
      // The whole value is checked (a time of 25:00 is refused), then only its date counts: the range is in UTC days.
      for (const field of ['from', 'to'] as const) {
        const value = q[field];
        if (value != null) parseDateTime(value, field);
      }
      const from = q.from == null ? null : q.from.slice(0, 10);
      const to = q.to == null ? null : q.to.slice(0, 10);
      if (from !== null && to !== null && from > to) throw invalidField('to', `The to field (${to}) is before from (${from}).`);
      return callsAnalyticsDto(adapter.calls(), context(adapter), from, to, adapter.sim.scenario.serviceLevelSeconds);
    },
  );
}
