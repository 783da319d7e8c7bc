/**
 * What an extension does and who is behind it: POST /extension/{id}/callback/ (click-to-call: the world's
 * callback command rings an agent's phone, then dials the number) and GET /extension/{id}/agent/ (the
 * agents of a queue extension with their level and position, or the agent of a phone extension).
 */
import type { FastifyInstance } from 'fastify';
import type { Callback, CallbackRequest, ExtensionAgent } from '../../../generated/queue-rest/queue-rest.js';
import type { AgentView } from '../../../scenarios/callcenter/queries.js';
import { DomainError } from '../../../scenarios/callcenter/errors.js';
import type { TelphinAdapter } from '../adapter.js';
import { badRequest } from '../errors.js';
import type { ExtensionRecord } from '../ids.js';
import { fullName, shortName } from '../mapper.js';
import { ref } from '../schema.js';
import { errors, extensionAt, params, tags, type RouteOptions } from './common.js';

type Params = { extension_id: string };

export async function extensionCallRoutes(app: FastifyInstance, { adapter }: RouteOptions): Promise<void> {
  app.post<{ Params: Params; Body: CallbackRequest }>(
    '/extension/:extension_id/callback',
    {
      schema: {
        tags,
        summary: 'Telphin: click-to-call: ring the origin (src_num, or the phone of the path) first, then dial dst_num',
        params: params('extension_id'),
        body: ref('CallbackRequest'),
        response: { 201: ref('Callback'), ...errors },
      },
    },
    async (req, reply) => {
      const ext = extensionAt(adapter, req.params.extension_id);
      const b = req.body;
      const agent = origin(adapter, ext, b.src_num ?? []);
      const dst = b.dst_num;
      const star = dst.indexOf('*');
      if (star > 0 && dst.slice(0, star) === adapter.settings.prefix) throw badRequest(`Invalid parameter 'dst_num': ${dst} is an extension of this client; ccsim calls back outside numbers only`);
      let id: string;
      try {
        id = adapter.command((c) => c.callback(agent.id, dst, { pickupAfter: adapter.settings.callback_answer_after, waitForPickup: b.wait_for_pickup ?? 30, maxTalk: b.call_duration ?? null })).id;
      } catch (err) {
        if (err instanceof DomainError && err.field === 'number') throw badRequest(`Invalid parameter 'dst_num': ${err.message.replace(/^number /, '')}`);
        if (err instanceof DomainError && err.kind === 'conflict') throw badRequest(`Cannot call back from ${originName(adapter, agent)}: ${err.message}`);
        throw err;
      }
      const answer: Callback = { call_api_id: id, call_id: id };
      return reply.code(201).send(answer);
    },
  );

  app.get<{ Params: Params }>(
    '/extension/:extension_id/agent',
    { schema: { tags, summary: 'Telphin: the agents of a queue extension, or the agent of a phone extension', params: params('extension_id'), response: { 200: ref('ExtensionAgentList'), ...errors } } },
    async (req) => {
      const ext = extensionAt(adapter, req.params.extension_id);
      const out: ExtensionAgent[] = [];
      if (ext.queue) {
        for (const tier of adapter.world.queue(ext.queue)?.agents ?? []) {
          const view = adapter.world.agent(tier.agent);
          if (view) out.push(extensionAgent(adapter, view, tier));
        }
      } else if (ext.agent) {
        const view = adapter.world.agent(ext.agent);
        if (view) out.push(extensionAgent(adapter, view, null));
      }
      return out;
    },
  );
}

function extensionAgent(adapter: TelphinAdapter, view: AgentView, tier: { level: number; position: number } | null): ExtensionAgent {
  const rec = adapter.registry.agentOf(view.id);
  const phone = adapter.registry.phoneOf(view.id);
  return {
    id: rec?.id ?? 0,
    agent_type: view.type,
    extension_id: view.type === 'local' ? (phone?.id ?? null) : null,
    number: view.type === 'remote' ? view.number : null,
    name: view.name,
    status: view.status,
    level: tier?.level ?? null,
    position: tier?.position ?? null,
  };
}

/**
 * The world agent a callback rings first: the first of src_num that is a phone extension with an agent
 * ('prefix*name' or its name, with or without '@domain') or a remote agent's number, every entry being
 * one; with no src_num, the agent of the path's phone extension. Only one origin is rung.
 */
function origin(adapter: TelphinAdapter, ext: ExtensionRecord, src: string[]): AgentView {
  if (src.length === 0) {
    const view = ext.agent ? adapter.world.agent(ext.agent) : null;
    if (!view) throw badRequest(`Invalid parameter 'src_num': it is empty, and extension ${ext.id} (${ext.type}) has no agent to ring: name the phone to ring first`);
    return view;
  }
  const found = src.map((raw, i) => {
    const view = resolve(adapter, raw);
    if (!view) throw badRequest(`Invalid parameter 'src_num[${i}]': '${raw}' is neither a phone extension with an agent nor a remote agent's number (ccsim rings the world's agents only)`);
    return view;
  });
  return found[0];
}

function resolve(adapter: TelphinAdapter, raw: string): AgentView | null {
  const bare = raw.replace(/@.*$/, '');
  const star = bare.indexOf('*');
  if (star < 0 || bare.slice(0, star) === adapter.settings.prefix) {
    const name = star < 0 ? bare : bare.slice(star + 1);
    for (const e of adapter.registry.extensions()) {
      if (e.type === 'phone' && e.agent && shortName(e, adapter.world) === name) return adapter.world.agent(e.agent);
    }
  }
  const digits = (n: string) => n.replace(/^\+/, '');
  for (const rec of adapter.registry.agents('remote')) {
    const view = adapter.world.agent(rec.world);
    if (view && digits(view.number) === digits(bare)) return view;
  }
  return null;
}

function originName(adapter: TelphinAdapter, view: AgentView): string {
  const rec = adapter.registry.agentOf(view.id);
  const phone = adapter.registry.phoneOf(view.id);
  return phone ? `extension ${fullName(phone, adapter.world, adapter.settings)} (${view.type} agent ${rec?.id ?? '?'})` : `${view.type} agent ${rec?.id ?? '?'} (${view.number})`;
}
