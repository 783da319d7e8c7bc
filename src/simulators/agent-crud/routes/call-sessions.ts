/**
 * Call sessions: GET /call-sessions, GET|PUT /call-sessions/{id}, POST /agents/{id}/call-sessions. A
 * session is a call of the world that an agent answered, or an agent's dial-out (mapper.isSession); its
 * id is the call's number (seq). POST Outgoing makes the agent dial out (dialOut); POST Incoming puts the
 * agent on an already-connected incoming call (startExternalCall, `incoming_call_seconds` long). PUT sets
 * the wrap-up result (setDisposition), which ends the agent's wrap-up.
 */
import type { FastifyInstance } from 'fastify';
import type { CreateCallSessionRequestDto, GetCallSessionsRequestDto, UpdateCallSessionRequestDto } from '../../../generated/agent-crud/agent-crud.js';
import type { AgentCrudAdapter } from '../adapter.js';
import type { CallSnapshot } from '../engine-port.js';
import { CALL_DIRECTION, callSessionDto, isSession, reasonOf, wrapupOf } from '../mapper.js';
import { conflictField, invalidField, notFoundField, translate } from '../errors.js';
import { bindQuery } from '../query.js';
import { ref } from '../schema.js';
import { agentAt, context, errors, idParams, page, parseDateTime, parseId, tags, type RouteOptions } from './common.js';

type IdParams = { id: string };

/** The session with number `raw`, or 404. */
function sessionAt(adapter: AgentCrudAdapter, raw: string): CallSnapshot {
  const seq = parseId(raw);
  const call = adapter.calls().find((c) => c.seq === seq);
  if (!call || !isSession(call)) throw notFoundField('id', `Call session ${seq} not found.`);
  return call;
}


export async function callSessionRoutes(app: FastifyInstance, { adapter, base: prefix }: RouteOptions): Promise<void> {
  app.get(
    '/call-sessions',
    { schema: { tags, summary: 'Call sessions in call order, a page at a time (GetCallSessionsRequestDto)', response: { 200: ref('CallSessionListDto'), ...errors } } },
    async (req) => {
      adapter.ensure();
      const q = bindQuery<GetCallSessionsRequestDto>('GetCallSessionsRequestDto', req.query);
      const wanted = adapter.calls().filter((c) => {
        if (!isSession(c)) return false;
        if (q.phoneNumber != null && c.number !== q.phoneNumber) return false;
        if (q.withNoEndedAt === true && c.endedT !== null) return false;
        if (q.wrapupReasonFilter != null && (!c.disposition || wrapupOf(c.disposition.reason) !== q.wrapupReasonFilter)) return false;
        return true;
      });
      const ctx = context(adapter);
      return page(wanted, q.pagination, (c) => callSessionDto(c, ctx));
    },
  );

  app.get<{ Params: IdParams }>('/call-sessions/:id', { schema: { tags, summary: 'A call session', params: idParams, response: { 200: ref('CallSessionDto'), ...errors } } }, async (req) => {
    adapter.ensure();
    return callSessionDto(sessionAt(adapter, req.params.id), context(adapter));
  });

  app.post<{ Params: IdParams; Body: CreateCallSessionRequestDto }>(
    '/agents/:id/call-sessions',
    { schema: { tags, summary: 'Start a call session: Outgoing dials the number, Incoming puts the agent on a call from it', params: idParams, body: ref('CreateCallSessionRequestDto'), response: { 201: ref('CallSessionDto'), ...errors } } },
    async (req, reply) => {
      adapter.ensure();
      const agent = agentAt(adapter, req.params.id);
      if (agent.deletedMs !== null) throw conflictField('id', `Agent ${agent.id} is deleted.`);
      const { phoneNumber, callDirection } = req.body;
      if (!/^\+?[0-9*#]{1,32}$/.test(phoneNumber)) throw invalidField('phoneNumber', `The phoneNumber field must be a phone number (digits, an optional leading +), not '${phoneNumber}'.`);
      const fields = { number: 'phoneNumber', agent: 'id', direction: 'callDirection', status: 'id', state: 'id' };
      const id = translate(
        () =>
          adapter.command((c) =>
            callDirection === CALL_DIRECTION.Outgoing ? c.dialOut(agent.world, phoneNumber).id : c.startExternalCall(agent.world, adapter.settings.incoming_call_seconds, 'inbound', phoneNumber).id,
          ),
        fields,
      );
      const call = adapter.calls().find((c) => c.id === id)!;
      return reply.code(201).header('location', `${prefix}/call-sessions/${call.seq}`).send(callSessionDto(call, context(adapter)));
    },
  );

  app.put<{ Params: IdParams; Body: UpdateCallSessionRequestDto }>(
    '/call-sessions/:id',
    { schema: { tags, summary: "Set a call session's wrap-up result (ends the agent's wrap-up)", params: idParams, body: ref('UpdateCallSessionRequestDto'), response: { 200: ref('CallSessionDto'), ...errors } } },
    async (req) => {
      adapter.ensure();
      const call = sessionAt(adapter, req.params.id);
      const body = req.body;
      if (body.id !== call.seq) throw invalidField('id', `The id in the body (${body.id}) is not the id in the path (${call.seq}).`);
      const recallAt = body.recallDate == null ? null : new Date(parseDateTime(body.recallDate, 'recallDate')).toISOString();
      const fields = { reason: 'wrapupReason', comment: 'comment', recallAt: 'recallDate', recallComment: 'recallComment', call: 'id' };
      translate(
        () =>
          adapter.command((c) =>
            c.setDisposition(call.id, {
              reason: reasonOf(body.wrapupReason),
              comment: body.comment ?? null,
              recallAt,
              recallComment: body.recallComment ?? null,
            }),
          ),
        fields,
      );
      return callSessionDto(adapter.calls().find((c) => c.id === call.id)!, context(adapter));
    },
  );
}
