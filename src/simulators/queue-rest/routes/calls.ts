/**
 * Calls: GET /client/{client_id}/call_history/ (the finished calls the world keeps, filtered and paged,
 * in Telphin's envelope), GET …/call_history/{call_uuid}, and GET /client/{client_id}/current_calls/ (the
 * world's calls in progress). Every row is made from the world's call records at the time of the request
 * (history.ts); the view keeps no copy.
 */
import type { FastifyInstance } from 'fastify';
import type { CallHistoryList, CallHistoryQuery } from '../../../generated/queue-rest/queue-rest.js';
import type { CallRecord } from '../../../scenarios/callcenter/model.js';
import type { TelphinAdapter } from '../adapter.js';
import { notFound } from '../errors.js';
import { callHistoryDto, currentCallDto, extensionsOf, hexOf, toUsernameOf, type HistoryContext } from '../history.js';
import { ref, schemaDocument } from '../schema.js';
import { checkClient, errors, params, tags, type RouteOptions } from './common.js';
import { pageOf, timeRange } from './paging.js';

type ClientParams = { client_id: string };
type CallParams = { client_id: string; call_uuid: string };

/** The calls a client pages through when it gives no per_page. */
export const DEFAULT_PER_PAGE = 50;

export async function callRoutes(app: FastifyInstance, { adapter }: RouteOptions): Promise<void> {
  app.get<{ Params: ClientParams; Querystring: CallHistoryQuery }>(
    '/client/:client_id/call_history',
    {
      schema: {
        tags,
        summary: "Telphin: the client's finished calls (the newest the world keeps), oldest first by default; filters start_datetime, end_datetime (on init_time_gmt), flow, extension_id, to_username",
        params: params('client_id'),
        querystring: structuredClone(schemaDocument.definitions.CallHistoryQuery),
        response: { 200: ref('CallHistoryList'), ...errors },
      },
    },
    async (req): Promise<CallHistoryList> => {
      checkClient(adapter, req.params.client_id);
      const q = req.query;
      const range = timeRange(q);
      const ctx = adapter.historyContext();
      const match = (c: CallRecord): boolean => {
        if (!range.holds(adapter.epochMs(c.arrivedT))) return false;
        if (q.flow !== undefined && !flowMatches(c, q.flow)) return false;
        if (q.extension_id !== undefined && !extensionsOf(c, ctx).includes(q.extension_id)) return false;
        if (q.to_username !== undefined && toUsernameOf(c, ctx) !== q.to_username) return false;
        return true;
      };
      // The world keeps them in the order they ended; a call's seq is the order they began.
      const calls = adapter.queries.finished(0).calls.filter(match).sort((a, b) => a.seq - b.seq);
      // Only the page is mapped.
      const page = pageOf(calls, q, DEFAULT_PER_PAGE);
      return { page: page.page, per_page: page.perPage, order: page.order, call_history: page.items.map((c) => callHistoryDto(c, ctx)) };
    },
  );

  app.get<{ Params: CallParams }>(
    '/client/:client_id/call_history/:call_uuid',
    { schema: { tags, summary: 'Telphin: one finished call (call_uuid is CallID of its events; 32 hex digits without dashes are read too)', params: params('client_id', 'call_uuid'), response: { 200: ref('CallHistory'), ...errors } } },
    async (req) => {
      checkClient(adapter, req.params.client_id);
      const call = callByUuid(adapter, req.params.call_uuid);
      const limit = adapter.queries.retention().limit;
      if (!call) throw notFound(`Call '${req.params.call_uuid}' not found (ccsim keeps the newest ${limit} finished calls)`);
      if (call.endedT === null) throw notFound(`Call '${req.params.call_uuid}' is in progress: it is in current_calls until it ends`);
      return callHistoryDto(call, adapter.historyContext());
    },
  );

  app.get<{ Params: ClientParams }>(
    '/client/:client_id/current_calls',
    { schema: { tags, summary: "Telphin: the client's calls in progress (waiting in a queue, ringing, talking, on hold, dialling out)", params: params('client_id'), response: { 200: ref('CurrentCallList'), ...errors } } },
    async (req) => {
      checkClient(adapter, req.params.client_id);
      const { t } = adapter.ensure();
      const ctx: HistoryContext = adapter.historyContext();
      return adapter.queries.liveCalls().map((c) => currentCallDto(c, t, ctx));
    },
  );
}

function flowMatches(c: CallRecord, flow: NonNullable<CallHistoryQuery['flow']>): boolean {
  if (flow === 'transfer') return c.transferredTo !== null || c.transferredFrom !== null;
  return flow === (c.direction === 'outbound' ? 'out' : 'in');
}

/** A call by its id, or by its 32 hex digits in either case (as Telphin writes uuids). */
export function callByUuid(adapter: TelphinAdapter, raw: string): CallRecord | null {
  const q = adapter.queries;
  const direct = q.call(raw);
  if (direct) return direct;
  if (!/^[0-9a-fA-F]{32}$/.test(raw)) return null;
  const h = raw.toLowerCase();
  const id = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  const call = q.call(id);
  return call && hexOf(call.id) === raw.toUpperCase() ? call : null;
}
