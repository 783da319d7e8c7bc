/** Deliveries waiting per subscription beyond which the oldest are dropped (a dead subscriber). */
const MAX_QUEUED = 10_000;
export class Webhooks {
    log;
    timeoutMs;
    subs = new Map();
    outboxes = new Map();
    nextId = 1;
    closed = false;
    closing = new AbortController();
    /** Resolvers waiting for every outbox to drain (tests, shutdown). */
    idleWaiters = [];
    constructor(log, timeoutMs) {
        this.log = log;
        this.timeoutMs = timeoutMs;
    }
    setTimeout(ms) {
        this.timeoutMs = ms;
    }
    get size() {
        return this.subs.size;
    }
    add(target, url, method, eventType) {
        const sub = { id: this.nextId++, target, url, method, eventType };
        this.subs.set(sub.id, sub);
        return sub;
    }
    get(id) {
        return this.subs.get(id);
    }
    list(match) {
        return [...this.subs.values()].filter((s) => match(s.target));
    }
    remove(id) {
        this.subs.delete(id);
    }
    /** Subscriptions of an extension or agent that no longer exists. */
    removeWhere(match) {
        for (const [id, s] of this.subs)
            if (match(s.target))
                this.subs.delete(id);
    }
    /** A reset: subscriptions are configuration made through the API, so they go (queued deliveries still leave). */
    clear() {
        this.subs.clear();
        this.nextId = 1;
    }
    /** Subscriptions for this event type of this target. */
    matching(target, eventType) {
        if (this.subs.size === 0)
            return [];
        const out = [];
        for (const s of this.subs.values()) {
            if (s.eventType !== eventType)
                continue;
            const t = s.target;
            if (t.kind === 'extension' && target.kind === 'extension' && t.extension === target.extension)
                out.push(s);
            else if (t.kind === 'agent' && target.kind === 'agent' && t.agent === target.agent)
                out.push(s);
        }
        return out;
    }
    /** Queues a delivery; returns at once (called from inside the engine). */
    enqueue(sub, fields) {
        if (this.closed)
            return;
        let box = this.outboxes.get(sub);
        if (!box) {
            box = { items: [], sending: false };
            this.outboxes.set(sub, box);
        }
        if (box.items.length >= MAX_QUEUED) {
            box.items.shift();
            this.log.warn({ subscription: sub.id, url: sub.url }, 'telphin webhook: too many deliveries waiting; the oldest was dropped');
        }
        box.items.push(fields);
        if (!box.sending) {
            box.sending = true;
            const b = box;
            setImmediate(() => void this.pump(sub, b));
        }
    }
    /** Resolves once nothing is queued or being sent. */
    idle() {
        if (this.busy() === 0)
            return Promise.resolve();
        return new Promise((resolve) => this.idleWaiters.push(resolve));
    }
    close() {
        this.closed = true;
        this.closing.abort();
        for (const box of this.outboxes.values())
            box.items.length = 0;
        this.notifyIdle();
    }
    busy() {
        let n = 0;
        for (const box of this.outboxes.values())
            if (box.sending || box.items.length > 0)
                n++;
        return n;
    }
    async pump(sub, box) {
        try {
            for (let fields = box.items.shift(); fields !== undefined && !this.closed; fields = box.items.shift()) {
                await this.send(sub, fields);
            }
        }
        finally {
            box.sending = false;
            if (box.items.length === 0)
                this.outboxes.delete(sub);
            else if (!this.closed) {
                box.sending = true;
                setImmediate(() => void this.pump(sub, box));
            }
            this.notifyIdle();
        }
    }
    async send(sub, fields) {
        const form = new URLSearchParams(fields).toString();
        const url = sub.method === 'GET' ? `${sub.url}${sub.url.includes('?') ? '&' : '?'}${form}` : sub.url;
        const signal = AbortSignal.any([AbortSignal.timeout(this.timeoutMs), this.closing.signal]);
        try {
            const res = await fetch(url, {
                method: sub.method,
                headers: sub.method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
                body: sub.method === 'POST' ? form : undefined,
                signal,
                redirect: 'manual',
            });
            // The body is not read; release the connection.
            await res.body?.cancel().catch(() => undefined);
            if (res.status >= 400)
                this.log.warn({ subscription: sub.id, url: sub.url, status: res.status, event: sub.eventType }, 'telphin webhook: the subscriber answered with an error');
        }
        catch (err) {
            if (this.closed)
                return;
            const e = err;
            const reason = e.name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message);
            this.log.warn({ subscription: sub.id, url: sub.url, event: sub.eventType, err: reason }, 'telphin webhook: delivery failed');
        }
    }
    notifyIdle() {
        if (this.idleWaiters.length === 0 || this.busy() > 0)
            return;
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const w of waiters)
            w();
    }
}
