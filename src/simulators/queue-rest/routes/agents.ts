/**
 * The client's agents: /client/{client_id}/agent/local/ and /agent/remote/: create, list (local:
 * `extension_id[]` filter), get, update, delete (`remove_from_queues`, default true). An agent is an
 * agent of the world (createAgent, updateAgent, setAgentStatus, removeAgent); `status` available or
 * logged_out moves it. extra_params and agent_sound_id are kept by the view (the world has no place for
 * them).
 */
import type { FastifyInstance } from 'fastify';
import type { LocalAgentCreate, LocalAgentUpdate, RemoteAgentCreate, RemoteAgentUpdate } from '../../../generated/queue-rest/queue-rest.js';
import { DomainError } from '../../../scenarios/callcenter/errors.js';
import type { TelphinAdapter } from '../adapter.js';
import { badRequest, notFound } from '../errors.js';
import type { AgentRecord } from '../ids.js';
import { agentConfigPatch, localAgentDto, remoteAgentDto } from '../mapper.js';
import { ref } from '../schema.js';
import { agentAt, checkClient, errors, freeWorldId, params, tags, type RouteOptions } from './common.js';

type ClientParams = { client_id: string };
type AgentParams = { client_id: string; agent_id: string };
type DeleteQuery = { remove_from_queues?: boolean };
type ListQuery = { extension_id?: number[] };
type AgentUpdate = (LocalAgentUpdate | RemoteAgentUpdate) & { number?: string };

export async function agentRoutes(app: FastifyInstance, { adapter }: RouteOptions): Promise<void> {
  const view = (rec: AgentRecord) => {
    const v = adapter.world.agent(rec.world);
    if (!v) throw notFound(`Agent ${rec.id} not found`, 'agent_not_found');
    return v;
  };
  const localDto = (rec: AgentRecord) => localAgentDto(view(rec), rec, adapter.registry.phoneOf(rec.world)?.id ?? 0);
  const remoteDto = (rec: AgentRecord) => remoteAgentDto(view(rec), rec);

  // ---- create ----------------------------------------------------------------------------------

  app.post<{ Params: ClientParams; Body: LocalAgentCreate }>(
    '/client/:client_id/agent/local',
    { schema: { tags, summary: 'Telphin: create a local agent (it rings a phone-type extension)', params: params('client_id'), body: ref('LocalAgentCreate'), response: { 201: ref('LocalAgent'), ...errors } } },
    async (req, reply) => {
      checkClient(adapter, req.params.client_id);
      const b = req.body;
      const phone = adapter.registry.extension(b.extension_id);
      if (!phone) throw badRequest(`Invalid parameter 'extension_id': extension ${b.extension_id} not found`);
      if (phone.type !== 'phone') throw badRequest(`Invalid parameter 'extension_id': extension ${phone.id} is of type ${phone.type}, not phone`);
      if (phone.agent) throw badRequest(`Invalid parameter 'extension_id': extension ${phone.id} already has local agent ${adapter.registry.agentOf(phone.agent)?.id ?? '?'}`);
      const rec = create(adapter, 'local', { name: b.name, number: phone.name, status: b.status, body: b, phoneExtension: phone.id });
      return reply.code(201).send(localDto(rec));
    },
  );

  app.post<{ Params: ClientParams; Body: RemoteAgentCreate }>(
    '/client/:client_id/agent/remote',
    { schema: { tags, summary: 'Telphin: create a remote agent (an external number)', params: params('client_id'), body: ref('RemoteAgentCreate'), response: { 201: ref('RemoteAgent'), ...errors } } },
    async (req, reply) => {
      checkClient(adapter, req.params.client_id);
      const b = req.body;
      const rec = create(adapter, 'remote', { name: b.name, number: b.number, status: b.status, body: b, phoneExtension: null });
      return reply.code(201).send(remoteDto(rec));
    },
  );

  // ---- list ------------------------------------------------------------------------------------

  app.get<{ Params: ClientParams; Querystring: ListQuery }>(
    '/client/:client_id/agent/local',
    {
      schema: {
        tags,
        summary: "Telphin: the client's local agents (extension_id filters by phone extension: repeated, extension_id[] or extension_id[0])",
        params: params('client_id'),
        querystring: { type: 'object', properties: { extension_id: { type: 'array', items: { type: 'integer' }, description: 'Phone extension ids: extension_id=1001&extension_id=1002, extension_id[]=…, or extension_id[0]=…' } } },
        response: { 200: ref('LocalAgentList'), ...errors },
      },
    },
    async (req, reply) => {
      checkClient(adapter, req.params.client_id);
      const filter = req.query.extension_id ?? [];
      const body = adapter.cachedJson(`agents:local:${filter.join(',')}`, () =>
        adapter.registry
          .agents('local')
          .filter((rec) => filter.length === 0 || filter.includes(adapter.registry.phoneOf(rec.world)?.id ?? -1))
          .map(localDto),
        // The route's response schema serialises it, as for any other response.
        (payload) => String(reply.serialize(payload)),
      );
      return reply.type('application/json; charset=utf-8').send(body);
    },
  );

  app.get<{ Params: ClientParams }>(
    '/client/:client_id/agent/remote',
    { schema: { tags, summary: "Telphin: the client's remote agents", params: params('client_id'), response: { 200: ref('RemoteAgentList'), ...errors } } },
    async (req, reply) => {
      checkClient(adapter, req.params.client_id);
      const body = adapter.cachedJson('agents:remote', () => adapter.registry.agents('remote').map(remoteDto), (payload) => String(reply.serialize(payload)));
      return reply.type('application/json; charset=utf-8').send(body);
    },
  );

  // ---- get, update, delete ---------------------------------------------------------------------

  for (const type of ['local', 'remote'] as const) {
    const path = `/client/:client_id/agent/${type}/:agent_id`;
    const dto = type === 'local' ? localDto : remoteDto;
    const Dto = type === 'local' ? 'LocalAgent' : 'RemoteAgent';

    app.get<{ Params: AgentParams }>(
      path,
      { schema: { tags, summary: `Telphin: a ${type} agent`, params: params('client_id', 'agent_id'), response: { 200: ref(Dto), ...errors } } },
      async (req) => {
        checkClient(adapter, req.params.client_id);
        return dto(agentAt(adapter, req.params.agent_id, type));
      },
    );

    app.put<{ Params: AgentParams; Body: AgentUpdate }>(
      path,
      { schema: { tags, summary: `Telphin: change a ${type} agent (status available or logged_out logs it in or out)`, params: params('client_id', 'agent_id'), body: ref(type === 'local' ? 'LocalAgentUpdate' : 'RemoteAgentUpdate'), response: { 200: ref(Dto), ...errors } } },
      async (req) => {
        checkClient(adapter, req.params.client_id);
        const rec = agentAt(adapter, req.params.agent_id, type);
        const b = req.body;
        const change = { name: b.name, number: b.number, config: agentConfigPatch(b) };
        // Both commands validate before changing anything, and the status was checked by the schema.
        const changes = change.name !== undefined || change.number !== undefined || Object.keys(change.config).length > 0;
        if (changes || b.status !== undefined) {
          adapter.command((c) => {
            if (changes) c.updateAgent(rec.world, change);
            if (b.status !== undefined) c.setAgentStatus(rec.world, b.status);
          });
        }
        if (b.extra_params !== undefined) rec.extraParams = b.extra_params;
        if (b.agent_sound_id !== undefined) rec.agentSoundId = b.agent_sound_id;
        return dto(rec);
      },
    );

    app.delete<{ Params: AgentParams; Querystring: DeleteQuery }>(
      path,
      {
        schema: {
          tags,
          summary: `Telphin: delete a ${type} agent (remove_from_queues=false refuses while it is in a queue)`,
          params: params('client_id', 'agent_id'),
          querystring: { type: 'object', properties: { remove_from_queues: { type: 'boolean', default: true } } },
          response: { 204: { type: 'null' }, ...errors },
        },
      },
      async (req, reply) => {
        checkClient(adapter, req.params.client_id);
        const rec = agentAt(adapter, req.params.agent_id, type);
        const removeFromQueues = req.query.remove_from_queues ?? true;
        try {
          adapter.command((c) => c.removeAgent(rec.world, removeFromQueues));
        } catch (err) {
          if (err instanceof DomainError && err.code === 'agent.in_queue') {
            const queues = (adapter.world.agent(rec.world)?.queues ?? []).map((q) => adapter.registry.queueExtension(q.queue)?.id).filter((x) => x !== undefined);
            throw badRequest(`The ${type} agent ${rec.id} is in the queue of extension ${queues.join(', ')}: take it out first, or delete with remove_from_queues=true`);
          }
          throw err;
        }
        return reply.code(204).send();
      },
    );
  }
}

interface NewAgent {
  name: string;
  number: string;
  status?: string;
  body: LocalAgentCreate | RemoteAgentCreate;
  phoneExtension: number | null;
}

/** Creates the world agent, with the id registry told beforehand which Telphin records it gets. */
function create(adapter: TelphinAdapter, type: 'local' | 'remote', a: NewAgent): AgentRecord {
  const world = freeWorldId(`telphin-${type}-${adapter.registry.peekAgentId()}`, (id) => adapter.world.agent(id) !== null);
  adapter.registry.expectAgent(world, { phoneExtension: a.phoneExtension, extraParams: a.body.extra_params ?? null, agentSoundId: a.body.agent_sound_id ?? 0 });
  try {
    adapter.command((c) => c.createAgent({ id: world, name: a.name, number: a.number, type, status: a.status ?? 'logged_out', config: agentConfigPatch(a.body) }));
  } catch (err) {
    adapter.registry.cancelExpected(world);
    throw err;
  }
  const rec = adapter.registry.agentOf(world);
  if (!rec) throw new Error('the new agent was not registered');
  return rec;
}
