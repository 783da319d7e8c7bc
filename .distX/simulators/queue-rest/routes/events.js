import { notFound } from '../errors.js';
import { ref } from '../schema.js';
import { agentAt, checkClient, errors, extensionAt, params, parseId, tags } from './common.js';
export async function eventRoutes(app, { adapter }) {
    const dto = (s) => ({ id: s.id, url: s.url, method: s.method, event_type: s.eventType });
    /** The same five routes for an extension's and an agent's subscriptions. */
    const resource = (base, names, kind, Def, targetOf) => {
        const same = (a) => (b) => (a.kind === 'extension' && b.kind === 'extension' && a.extension === b.extension) || (a.kind === 'agent' && b.kind === 'agent' && a.agent === b.agent);
        const subAt = (target, raw) => {
            const id = parseId(raw);
            const s = id === null ? undefined : adapter.webhooks.get(id);
            if (!s || !same(target)(s.target))
                throw notFound(`Event '${raw}' not found`, 'event_not_found');
            return s;
        };
        app.post(base, { schema: { tags, summary: `Telphin: subscribe to ${kind} events`, params: params(...names), body: ref(`${Def}Create`), response: { 201: ref(Def), ...errors } } }, async (req, reply) => {
            const target = targetOf(req.params);
            const s = adapter.webhooks.add(target, req.body.url, req.body.method ?? 'POST', req.body.event_type);
            return reply.code(201).send(dto(s));
        });
        app.get(base, { schema: { tags, summary: `Telphin: the ${kind} event subscriptions`, params: params(...names), response: { 200: ref(`${Def}List`), ...errors } } }, async (req) => adapter.webhooks.list(same(targetOf(req.params))).map(dto));
        app.get(`${base}/:event_id`, { schema: { tags, summary: `Telphin: a ${kind} event subscription`, params: params(...names, 'event_id'), response: { 200: ref(Def), ...errors } } }, async (req) => dto(subAt(targetOf(req.params), req.params.event_id)));
        app.put(`${base}/:event_id`, { schema: { tags, summary: `Telphin: change a ${kind} event subscription`, params: params(...names, 'event_id'), body: ref(`${Def}Update`), response: { 200: ref(Def), ...errors } } }, async (req) => {
            const s = subAt(targetOf(req.params), req.params.event_id);
            if (req.body.url !== undefined)
                s.url = req.body.url;
            if (req.body.method !== undefined)
                s.method = req.body.method;
            if (req.body.event_type !== undefined)
                s.eventType = req.body.event_type;
            return dto(s);
        });
        app.delete(`${base}/:event_id`, { schema: { tags, summary: `Telphin: delete a ${kind} event subscription`, params: params(...names, 'event_id'), response: { 204: { type: 'null' }, ...errors } } }, async (req, reply) => {
            adapter.webhooks.remove(subAt(targetOf(req.params), req.params.event_id).id);
            return reply.code(204).send();
        });
    };
    resource('/extension/:extension_id/event', ['extension_id'], 'extension call', 'ExtensionEvent', (p) => ({ kind: 'extension', extension: extensionAt(adapter, p.extension_id).id }));
    for (const type of ['local', 'remote']) {
        resource(`/client/:client_id/agent/${type}/:agent_id/event`, ['client_id', 'agent_id'], `${type} agent`, 'AgentEvent', (p) => agentTarget(adapter, p, type));
    }
}
function agentTarget(adapter, p, type) {
    checkClient(adapter, p.client_id);
    const rec = agentAt(adapter, p.agent_id, type);
    return { kind: 'agent', agent: rec.id, agentType: type };
}
