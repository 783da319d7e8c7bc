export class DialogLog {
    scan;
    /** In list order; `flat` is their dialogs, in the same order. */
    entries = [];
    flat = [];
    byCall = new Map();
    byUuid = new Map();
    ended = [];
    dispositions = new Set();
    agents = new Set();
    queues = new Set();
    /** `scan`: the world may already hold finished calls no event told of (a view made mid-run). */
    constructor(scan) {
        this.scan = scan;
    }
    callEnded(id) {
        this.ended.push(id);
    }
    /** A client set a call's disposition (its tag and note may change). */
    dispositionSet(id) {
        this.dispositions.add(id);
    }
    /** An agent was updated or made again: its name may be new. */
    agentChanged(agent) {
        this.agents.add(agent);
    }
    queueChanged(queue) {
        this.queues.add(queue);
    }
    /** The dialogs in list order, brought up to date. The array is the log's own: read it, never change it. */
    list(src) {
        this.sync(src);
        return this.flat;
    }
    /** A finished call's dialog by uuid, or undefined. */
    find(src, uuid) {
        this.sync(src);
        return this.byUuid.get(uuid);
    }
    sync(src) {
        // Renames first: building a new call records the name it shows, which would hide the change.
        if (this.agents.size > 0 || this.queues.size > 0) {
            const agents = [...this.agents].filter((a) => src.agentRenamed(a));
            const queues = [...this.queues].filter((q) => src.queueRenamed(q));
            this.agents.clear();
            this.queues.clear();
            if (agents.length > 0 || queues.length > 0) {
                for (const e of this.entries)
                    if ((e.agent !== null && agents.includes(e.agent)) || (e.queue !== null && queues.includes(e.queue)))
                        this.refresh(src, e);
            }
        }
        if (this.scan || this.ended.length > 0)
            this.append(src);
        if (this.dispositions.size > 0) {
            for (const id of this.dispositions) {
                const e = this.byCall.get(id);
                // A call still live gets its disposition when it is first built.
                if (e)
                    this.refresh(src, e);
            }
            this.dispositions.clear();
        }
    }
    /** Adds the calls that ended since the last sync, in list order. */
    append(src) {
        let fresh;
        if (this.scan) {
            fresh = src.calls().filter((c) => c.endedT !== null && !this.byCall.has(c.id));
            this.scan = false;
        }
        else {
            fresh = [];
            const seen = new Set();
            for (const id of this.ended) {
                if (seen.has(id) || this.byCall.has(id))
                    continue;
                seen.add(id);
                const c = src.call(id);
                if (c && c.endedT !== null)
                    fresh.push(c);
            }
        }
        this.ended = [];
        fresh.sort(order);
        let reorder = false;
        for (const c of fresh) {
            const e = { id: c.id, endedT: c.endedT, seq: c.seq, agent: c.agent, queue: c.queue, targets: src.build(c) };
            this.byCall.set(e.id, e);
            for (const t of e.targets)
                this.byUuid.set(t.dialog.dialog_uuid, t);
            const last = this.entries[this.entries.length - 1];
            if (!last || order(last, e) <= 0) {
                this.entries.push(e);
                if (!reorder)
                    for (const t of e.targets)
                        this.flat.push(t);
                continue;
            }
            // A call that ended at an instant already listed, with a lower seq (a hang-up through an API
            // after a read at that same instant): rare, so the flat list is simply made again.
            let i = this.entries.length - 1;
            while (i > 0 && order(this.entries[i - 1], e) > 0)
                i--;
            this.entries.splice(i, 0, e);
            reorder = true;
        }
        if (reorder)
            this.flat = this.entries.flatMap((e) => e.targets);
    }
    /** Builds a kept call's dialogs again, in place: the list and the uuid index hold the same objects. */
    refresh(src, e) {
        const c = src.call(e.id);
        if (!c)
            return;
        const next = src.build(c);
        if (next.length === e.targets.length) {
            next.forEach((t, i) => {
                e.targets[i].dialog = t.dialog;
                e.targets[i].callRequestAgentId = t.callRequestAgentId;
            });
            return;
        }
        // Not expected (who talked on a call is fixed when it ends), but the list must still equal a build.
        for (const t of e.targets)
            this.byUuid.delete(t.dialog.dialog_uuid);
        e.targets.splice(0, e.targets.length, ...next);
        for (const t of next)
            this.byUuid.set(t.dialog.dialog_uuid, t);
        this.flat = this.entries.flatMap((x) => x.targets);
    }
}
function order(a, b) {
    return a.endedT - b.endedT || a.seq - b.seq;
}
