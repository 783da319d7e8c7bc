/**
 * Event subscriptions: /extension/{id}/event/ (dial-in, dial-out, answer, hangup; message-in and
 * message-out are accepted and never sent) and /client/{client_id}/agent/local|remote/{agent_id}/event/
 * (agent-login, agent-logout): create, list, get, update, delete (and an extension's all at once). Delivery
 * is webhooks.ts's business.
 */
import type { FastifyInstance } from 'fastify';
import type { AgentEventCreate, AgentEventUpdate, ExtensionEventCreate, ExtensionEventUpdate } from '../../../generated/queue-rest/queue-rest.js';
import type { TelphinAdapter } from '../adapter.js';
import { forbidden, notFound } from '../errors.js';
import { MAX_SUBSCRIPTIONS, type Subscription, type SubscriptionTarget } from '../webhooks.js';
import { ref } from '../schema.js';
import { agentAt, checkClient, errors, extensionAt, params, parseId, tags, type RouteOptions } from './common.js';

type Create = ExtensionEventCreate | AgentEventCreate;
type Update = ExtensionEventUpdate | AgentEventUpdate;

export async function eventRoutes(app: FastifyInstance, { adapter }: RouteOptions): Promise<void> {
  const dto = (s: Subscription) => ({ id: s.id, url: s.url, method: s.method, event_type: s.eventType });

  /** The same five routes for an extension's and an agent's subscriptions. */
  const resource = (base: string, names: string[], kind: string, Def: 'ExtensionEvent' | 'AgentEvent', targetOf: (p: Record<string, string>) => SubscriptionTarget) => {
    const same = (a: SubscriptionTarget) => (b: SubscriptionTarget) =>
      (a.kind === 'extension' && b.kind === 'extension' && a.extension === b.extension) || (a.kind === 'agent' && b.kind === 'agent' && a.agent === b.agent);
    const subAt = (target: SubscriptionTarget, raw: string) => {
      const id = parseId(raw);
      const s = id === null ? undefined : adapter.webhooks.get(id);
      if (!s || !same(target)(s.target)) throw notFound(`Event '${raw}' not found`, 'event_not_found');
      return s;
    };

    app.post<{ Params: Record<string, string>; Body: Create }>(
      base,
      { schema: { tags, summary: `Telphin: subscribe to ${kind} events`, params: params(...names), body: ref(`${Def}Create`), response: { 201: ref(Def), ...errors } } },
      async (req, reply) => {
        const target = targetOf(req.params);
        const s = adapter.webhooks.add(target, req.body.url, req.body.method ?? 'POST', req.body.event_type);
        if (!s) throw forbidden(`ccsim holds at most ${MAX_SUBSCRIPTIONS} event subscriptions; delete one before adding another`, 'subscriptions_limit_exceeded');
        return reply.code(201).send(dto(s));
      },
    );

    app.get<{ Params: Record<string, string> }>(
      base,
      { schema: { tags, summary: `Telphin: the ${kind} event subscriptions`, params: params(...names), response: { 200: ref(`${Def}List`), ...errors } } },
      async (req) => adapter.webhooks.list(same(targetOf(req.params))).map(dto),
    );

    app.get<{ Params: Record<string, string> }>(
      `${base}/:event_id`,
      { schema: { tags, summary: `Telphin: a ${kind} event subscription`, params: params(...names, 'event_id'), response: { 200: ref(Def), ...errors } } },
      async (req) => dto(subAt(targetOf(req.params), req.params.event_id)),
    );

    app.put<{ Params: Record<string, string>; Body: Update }>(
      `${base}/:event_id`,
      { schema: { tags, summary: `Telphin: change a ${kind} event subscription`, params: params(...names, 'event_id'), body: ref(`${Def}Update`), response: { 200: ref(Def), ...errors } } },
      async (req) => {
        const s = subAt(targetOf(req.params), req.params.event_id);
        if (req.body.url !== undefined) s.url = req.body.url;
        if (req.body.method !== undefined) s.method = req.body.method;
        if (req.body.event_type !== undefined) s.eventType = req.body.event_type;
        return dto(s);
      },
    );

    app.delete<{ Params: Record<string, string> }>(
      `${base}/:event_id`,
      { schema: { tags, summary: `Telphin: delete a ${kind} event subscription`, params: params(...names, 'event_id'), response: { 204: { type: 'null' }, ...errors } } },
      async (req, reply) => {
        adapter.webhooks.remove(subAt(targetOf(req.params), req.params.event_id).id);
        return reply.code(204).send();
      },
    );
  };

  resource('/extension/:extension_id/event', ['extension_id'], 'extension call', 'ExtensionEvent', (p) => ({ kind: 'extension', extension: extensionAt(adapter, p.extension_id).id }));
  // Two public clients (a Go SDK's DeleteEventAll, AdvantShop's DeleteEvents) clear an extension's subscriptions at once.
  app.delete<{ Params: { extension_id: string } }>(
    '/extension/:extension_id/event',
    { schema: { tags, summary: "Telphin: delete all of an extension's call event subscriptions", params: params('extension_id'), response: { 204: { type: 'null' }, ...errors } } },
    async (req, reply) => {
      const ext = extensionAt(adapter, req.params.extension_id).id;
      adapter.webhooks.removeWhere((t) => t.kind === 'extension' && t.extension === ext);
      return reply.code(204).send();
    },
  );
  for (const type of ['local', 'remote'] as const) {
    resource(`/client/:client_id/agent/${type}/:agent_id/event`, ['client_id', 'agent_id'], `${type} agent`, 'AgentEvent', (p) => agentTarget(adapter, p, type));
  }
}

function agentTarget(adapter: TelphinAdapter, p: Record<string, string>, type: 'local' | 'remote'): SubscriptionTarget {
  checkClient(adapter, p.client_id);
  const rec = agentAt(adapter, p.agent_id, type);
  return { kind: 'agent', agent: rec.id, agentType: type };
}
