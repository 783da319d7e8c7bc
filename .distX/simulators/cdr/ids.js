/**
 * Conpeek's ids for the world's things. Dialog uuids are derived from the call id: the EXTERNAL side's
 * uuid is the call id itself (so a client that knows a live call from /__admin or the event log can hang
 * it up), and an agent's side is the name-based UUID v5 of `<DIALOG_TYPE>:<agent id>` in the namespace
 * of the call id, computable with any UUID library. Projects (queues) and tenant users (agents) get
 * integer ids in a fixed order: the scenario's, then later ones in event-log order; removed ones keep
 * theirs, and ids are never reused. Adapter state only: names are read from the world when it still has
 * the queue or agent, else the last name seen.
 */
import { createHash } from 'node:crypto';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** RFC 4122 §4.3 name-based UUID (SHA-1, version 5). */
export function uuidV5(name, namespace) {
    const ns = UUID.test(namespace) ? Buffer.from(namespace.replace(/-/g, ''), 'hex') : createHash('sha1').update(namespace).digest().subarray(0, 16);
    const h = createHash('sha1').update(ns).update(name, 'utf8').digest();
    h[6] = (h[6] & 0x0f) | 0x50;
    h[8] = (h[8] & 0x3f) | 0x80;
    const x = h.subarray(0, 16).toString('hex');
    return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}
/** The uuid of the caller's / remote party's side of a call. */
export const externalDialogUuid = (callId) => callId;
/** The uuid of an agent's side of a call (CONSULTANT in a project, TENANT_USER outside one). */
export const agentDialogUuid = (callId, type, agentId) => uuidV5(`${type}:${agentId}`, callId);
/** A 24-hex-digit id (Conpeek's Mongo-style ids) derived from a text. */
export function hexId(text) {
    return createHash('sha256').update(text).digest('hex').slice(0, 24);
}
export class Directory {
    projects = new Map();
    users = new Map();
    nextProject;
    nextUser;
    constructor(settings) {
        this.nextProject = settings.first_project_id;
        this.nextUser = settings.first_tenant_user_id;
    }
    static fromScenario(scenario, settings) {
        const d = new Directory(settings);
        for (const q of scenario.queues)
            d.project(q.id, q.name);
        for (const a of scenario.agents)
            d.user(a.id, a.name ?? a.id);
        return d;
    }
    /** The project of a queue, numbered now if it is new; `name` (when known) refreshes the stored one. */
    project(queue, name) {
        let p = this.projects.get(queue);
        if (!p) {
            p = { id: this.nextProject++, queue, name: name ?? queue };
            this.projects.set(queue, p);
        }
        else if (name !== undefined)
            p.name = name;
        return p;
    }
    user(agent, name) {
        let u = this.users.get(agent);
        if (!u) {
            u = { id: this.nextUser++, agent, name: name ?? agent };
            this.users.set(agent, u);
        }
        else if (name !== undefined)
            u.name = name;
        return u;
    }
}
