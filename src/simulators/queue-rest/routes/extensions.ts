/**
 * Extensions: POST|GET /client/{client_id}/extension/, GET|PUT|DELETE …/extension/{id}. A queue-type
 * extension is a queue of the world (created and removed with it); a local agent rings a phone-type
 * extension; ivr and fax extensions, and phones without an agent, are kept by the view only.
 */
import type { FastifyInstance } from 'fastify';
import type { ExtensionCreate, ExtensionUpdate } from '../../../generated/queue-rest/queue-rest.js';
import type { TelphinAdapter } from '../adapter.js';
import { badRequest } from '../errors.js';
import type { ExtensionRecord } from '../ids.js';
import { extensionDto, fullName, shortName } from '../mapper.js';
import { ref } from '../schema.js';
import { checkClient, errors, extensionAt, freeWorldId, params, tags, type RouteOptions } from './common.js';

type ClientParams = { client_id: string };
type ExtParams = { client_id: string; extension_id: string };
type ListQuery = { type?: string[]; page?: number; per_page?: number; order?: 'asc' | 'desc' };

const TYPES = ['phone', 'queue', 'ivr', 'fax'];

export async function extensionRoutes(app: FastifyInstance, { adapter }: RouteOptions): Promise<void> {
  const dto = (rec: ExtensionRecord) => extensionDto(rec, adapter.world, adapter.settings);

  app.get<{ Params: ClientParams; Querystring: ListQuery }>(
    '/client/:client_id/extension',
    {
      schema: {
        tags,
        summary: "Telphin: the client's extensions (filter by type; page, per_page and order when given)",
        params: params('client_id'),
        querystring: {
          type: 'object',
          properties: {
            type: { type: 'array', items: { enum: TYPES }, description: 'Repeated, type[]=… or type[0]=…' },
            page: { type: 'integer', minimum: 1 },
            per_page: { type: 'integer', minimum: 1, maximum: 1000 },
            order: { enum: ['asc', 'desc'] },
          },
        },
        response: { 200: ref('ExtensionList'), ...errors },
      },
    },
    async (req) => {
      checkClient(adapter, req.params.client_id);
      const types = req.query.type ?? [];
      let list = adapter.registry.extensions().filter((e) => types.length === 0 || types.includes(e.type));
      if (req.query.order === 'desc') list.reverse();
      if (req.query.page !== undefined || req.query.per_page !== undefined) {
        const perPage = req.query.per_page ?? 50;
        const page = req.query.page ?? 1;
        list = list.slice((page - 1) * perPage, page * perPage);
      }
      return list.map(dto);
    },
  );

  app.post<{ Params: ClientParams; Body: ExtensionCreate }>(
    '/client/:client_id/extension',
    { schema: { tags, summary: 'Telphin: create an extension (a queue-type one is a new queue of the world)', params: params('client_id'), body: ref('ExtensionCreate'), response: { 201: ref('Extension'), ...errors } } },
    async (req, reply) => {
      checkClient(adapter, req.params.client_id);
      const b = req.body;
      const name = ownName(adapter, b.name);
      checkNameFree(adapter, name, null);
      let rec: ExtensionRecord | undefined;
      if (b.type === 'queue') {
        const queue = freeWorldId(`telphin-queue-${adapter.registry.peekExtensionId()}`, (id) => adapter.world.queue(id) !== null);
        adapter.registry.expectQueue(queue, { name, label: b.label ?? null, status: b.status ?? 'active', callerIdName: b.caller_id_name ?? null, extraParams: b.extra_params ?? null });
        try {
          adapter.command((c) => c.createQueue(queue, b.label ?? `${adapter.settings.prefix}*${name}`));
        } catch (err) {
          adapter.registry.cancelExpected(queue);
          throw err;
        }
        rec = adapter.registry.queueExtension(queue);
      } else {
        const { epochMs } = adapter.ensure();
        rec = adapter.registry.addExtension({ type: b.type, name, label: b.label ?? null, status: b.status ?? 'active', createdMs: epochMs, callerIdName: b.caller_id_name ?? null, extraParams: b.extra_params ?? null });
      }
      if (!rec) throw new Error('the new extension was not registered');
      return reply.code(201).send(dto(rec));
    },
  );

  app.get<{ Params: ExtParams }>(
    '/client/:client_id/extension/:extension_id',
    { schema: { tags, summary: 'Telphin: an extension', params: params('client_id', 'extension_id'), response: { 200: ref('Extension'), ...errors } } },
    async (req) => {
      checkClient(adapter, req.params.client_id);
      return dto(extensionAt(adapter, req.params.extension_id));
    },
  );

  app.put<{ Params: ExtParams; Body: ExtensionUpdate }>(
    '/client/:client_id/extension/:extension_id',
    { schema: { tags, summary: "Telphin: change an extension's name, label, status, caller id name or extra params", params: params('client_id', 'extension_id'), body: ref('ExtensionUpdate'), response: { 200: ref('Extension'), ...errors } } },
    async (req) => {
      checkClient(adapter, req.params.client_id);
      const rec = extensionAt(adapter, req.params.extension_id);
      const b = req.body;
      if (b.type !== undefined && b.type !== rec.type) throw badRequest(`Invalid parameter 'type': the type of extension ${rec.id} is ${rec.type} and cannot change`);
      let name: string | undefined;
      if (b.name !== undefined) {
        name = ownName(adapter, b.name);
        if (name === shortName(rec, adapter.world)) name = undefined;
        else checkNameFree(adapter, name, rec.id);
      }
      // The one change the world sees (a phone's name is its agent's number) goes first: if it fails,
      // nothing has changed.
      if (name !== undefined && rec.agent) {
        const agent = rec.agent;
        const number = name;
        adapter.command((c) => c.updateAgent(agent, { number }));
      }
      if (name !== undefined && !rec.implicit) rec.name = name;
      if (b.label !== undefined) rec.label = b.label;
      if (b.status !== undefined) rec.status = b.status;
      if (b.caller_id_name !== undefined) rec.callerIdName = b.caller_id_name;
      if (b.extra_params !== undefined) rec.extraParams = b.extra_params;
      return dto(rec);
    },
  );

  app.delete<{ Params: ExtParams }>(
    '/client/:client_id/extension/:extension_id',
    { schema: { tags, summary: 'Telphin: delete an extension (a queue-type one removes the queue from the world)', params: params('client_id', 'extension_id'), response: { 204: { type: 'null' }, ...errors } } },
    async (req, reply) => {
      checkClient(adapter, req.params.client_id);
      const rec = extensionAt(adapter, req.params.extension_id);
      if (rec.queue) {
        const queue = rec.queue;
        adapter.command((c) => c.removeQueue(queue));
      } else if (rec.agent) {
        const agent = adapter.registry.agentOf(rec.agent);
        throw badRequest(`Extension ${rec.id} is the phone of local agent ${agent?.id ?? '?'}: delete the agent first`);
      } else {
        adapter.registry.removeExtension(rec.id);
        adapter.webhooks.removeWhere((t) => t.kind === 'extension' && t.extension === rec.id);
      }
      return reply.code(204).send();
    },
  );
}

/** The name after "prefix*" of a requested name; another client's prefix is refused. */
function ownName(adapter: TelphinAdapter, requested: string): string {
  const star = requested.indexOf('*');
  if (star < 0) return requested;
  const prefix = requested.slice(0, star);
  if (prefix !== adapter.settings.prefix) throw badRequest(`Invalid parameter 'name': the prefix must be this client's, ${adapter.settings.prefix}* (got ${prefix}*)`);
  return requested.slice(star + 1);
}

function checkNameFree(adapter: TelphinAdapter, name: string, except: number | null): void {
  for (const e of adapter.registry.extensions()) {
    if (e.id !== except && shortName(e, adapter.world) === name) throw badRequest(`Invalid parameter 'name': extension ${fullName(e, adapter.world, adapter.settings)} already exists (id ${e.id})`);
  }
}
