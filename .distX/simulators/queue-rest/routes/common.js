import { forbidden, notFound } from '../errors.js';
import { ref } from '../schema.js';
export const tags = ['telphin'];
export const errors = { '4xx': ref('Error') };
/** Path parameters, for the OpenAPI description (their checks give Telphin's 404s, below). */
export function params(...names) {
    return { type: 'object', properties: Object.fromEntries(names.map((n) => [n, { type: 'string' }])) };
}
/** `@me`, or this client's own id; another client's id is forbidden, anything else unknown. */
export function checkClient(adapter, raw) {
    if (raw === '@me' || raw === String(adapter.settings.account_id))
        return;
    if (/^[1-9][0-9]{0,17}$/.test(raw))
        throw forbidden(`Client ${raw} is not accessible with this token (use @me or ${adapter.settings.account_id})`);
    throw notFound(`Client '${raw}' not found`, 'client_not_found');
}
export function parseId(raw) {
    return /^[1-9][0-9]{0,14}$/.test(raw) ? Number(raw) : null;
}
export function extensionAt(adapter, raw) {
    const id = parseId(raw);
    const rec = id === null ? undefined : adapter.registry.extension(id);
    if (!rec)
        throw notFound(`Extension '${raw}' not found`, 'extension_not_found');
    return rec;
}
/** An extension of the queue type, and its world queue. */
export function queueAt(adapter, raw) {
    const ext = extensionAt(adapter, raw);
    if (ext.type !== 'queue' || !ext.queue)
        throw notFound(`Extension ${ext.id} is of type ${ext.type}, not a queue`, 'queue_not_found');
    return { ext, queue: ext.queue };
}
export function agentAt(adapter, raw, type) {
    const id = parseId(raw);
    const rec = id === null ? undefined : adapter.registry.agent(id);
    if (!rec || rec.type !== type)
        throw notFound(`${type === 'local' ? 'Local' : 'Remote'} agent '${raw}' not found`, 'agent_not_found');
    return rec;
}
/** A world id not taken yet (for a queue or agent made here): `base`, else `base-2`, `base-3`, … */
export function freeWorldId(base, taken) {
    if (!taken(base))
        return base;
    for (let i = 2;; i++)
        if (!taken(`${base}-${i}`))
            return `${base}-${i}`;
}
