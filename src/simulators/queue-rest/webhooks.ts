/**
 * Event subscriptions and their delivery. A subscription is `{id, url, method, event_type}` on an
 * extension (call events) or on an agent (login/logout). Deliveries are queued per subscription in
 * event-log order and sent off the simulation's path with Node's fetch and a short timeout: the engine
 * only appends to a queue, it never waits for a subscriber. GET puts the fields in the query string,
 * POST sends them form-encoded. A failed delivery is logged and dropped (no retries); it never stops
 * the simulation or the other subscriptions. A failing subscriber costs at most one warning line per
 * WARN_EVERY_MS (the line counts the failures not logged since the previous one), however fast events
 * come. Closing aborts the deliveries in flight and drops the queued ones.
 */
import type { FastifyBaseLogger } from 'fastify';

export type SubscriptionTarget = { kind: 'extension'; extension: number } | { kind: 'agent'; agent: number; agentType: 'local' | 'remote' };

export interface Subscription {
  readonly id: number;
  readonly target: SubscriptionTarget;
  url: string;
  method: 'GET' | 'POST';
  eventType: string;
}

interface Outbox {
  items: Record<string, string>[];
  sending: boolean;
}

/** Deliveries waiting per subscription beyond which the oldest are dropped (a dead subscriber). */
const MAX_QUEUED = 10_000;
/** Subscriptions one server holds at most, so that queued deliveries stay bounded too. */
export const MAX_SUBSCRIPTIONS = 1_000;
/** At most one warning line per subscription in this many ms. */
export const WARN_EVERY_MS = 60_000;

/** When a subscription's last warning was logged, and the warnings held back since. */
interface Warned {
  at: number;
  held: number;
}

export class Webhooks {
  private readonly subs = new Map<number, Subscription>();
  private readonly outboxes = new Map<Subscription, Outbox>();
  private nextId = 1;
  private closed = false;
  private readonly closing = new AbortController();
  /** Resolvers waiting for every outbox to drain (tests, shutdown). */
  private idleWaiters: (() => void)[] = [];
  private readonly warned = new WeakMap<Subscription, Warned>();

  constructor(
    private readonly log: FastifyBaseLogger,
    private timeoutMs: number,
    /** Milliseconds of a monotonic clock, for the warnings' rate (a view's own business, not the world's). */
    private readonly clock: () => number = () => performance.now(),
  ) {}

  setTimeout(ms: number): void {
    this.timeoutMs = ms;
  }

  get size(): number {
    return this.subs.size;
  }

  /** A new subscription; null when the server already holds MAX_SUBSCRIPTIONS. */
  add(target: SubscriptionTarget, url: string, method: 'GET' | 'POST', eventType: string): Subscription | null {
    if (this.subs.size >= MAX_SUBSCRIPTIONS) return null;
    const sub: Subscription = { id: this.nextId++, target, url, method, eventType };
    this.subs.set(sub.id, sub);
    return sub;
  }

  get(id: number): Subscription | undefined {
    return this.subs.get(id);
  }

  list(match: (t: SubscriptionTarget) => boolean): Subscription[] {
    return [...this.subs.values()].filter((s) => match(s.target));
  }

  remove(id: number): void {
    this.subs.delete(id);
  }

  /** The subscriptions of some targets (an extension or agent that no longer exists, all of an extension's). */
  removeWhere(match: (t: SubscriptionTarget) => boolean): void {
    for (const [id, s] of this.subs) if (match(s.target)) this.subs.delete(id);
  }

  /** A reset: subscriptions are configuration made through the API, so they go (queued deliveries still leave). */
  clear(): void {
    this.subs.clear();
    this.nextId = 1;
  }

  /** Subscriptions for this event type of this target. */
  matching(target: SubscriptionTarget, eventType: string): Subscription[] {
    if (this.subs.size === 0) return [];
    const out: Subscription[] = [];
    for (const s of this.subs.values()) {
      if (s.eventType !== eventType) continue;
      const t = s.target;
      if (t.kind === 'extension' && target.kind === 'extension' && t.extension === target.extension) out.push(s);
      else if (t.kind === 'agent' && target.kind === 'agent' && t.agent === target.agent) out.push(s);
    }
    return out;
  }

  /** Queues a delivery; returns at once (called from inside the engine). */
  enqueue(sub: Subscription, fields: Record<string, string>): void {
    if (this.closed) return;
    let box = this.outboxes.get(sub);
    if (!box) {
      box = { items: [], sending: false };
      this.outboxes.set(sub, box);
    }
    if (box.items.length >= MAX_QUEUED) {
      box.items.shift();
      this.warn(sub, {}, 'telphin webhook: too many deliveries waiting; the oldest was dropped');
    }
    box.items.push(fields);
    if (!box.sending) {
      box.sending = true;
      const b = box;
      setImmediate(() => void this.pump(sub, b));
    }
  }

  /** Resolves once nothing is queued or being sent. */
  idle(): Promise<void> {
    if (this.busy() === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    this.closing.abort();
    for (const box of this.outboxes.values()) box.items.length = 0;
    this.notifyIdle();
  }

  private busy(): number {
    let n = 0;
    for (const box of this.outboxes.values()) if (box.sending || box.items.length > 0) n++;
    return n;
  }

  private async pump(sub: Subscription, box: Outbox): Promise<void> {
    try {
      for (let fields = box.items.shift(); fields !== undefined && !this.closed; fields = box.items.shift()) {
        await this.send(sub, fields);
      }
    } finally {
      box.sending = false;
      if (box.items.length === 0) this.outboxes.delete(sub);
      else if (!this.closed) {
        box.sending = true;
        setImmediate(() => void this.pump(sub, box));
      }
      this.notifyIdle();
    }
  }

  private async send(sub: Subscription, fields: Record<string, string>): Promise<void> {
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
      if (res.status >= 400) this.warn(sub, { status: res.status, event: sub.eventType }, 'telphin webhook: the subscriber answered with an error');
    } catch (err) {
      if (this.closed) return;
      const e = err as Error & { cause?: { code?: string; message?: string } };
      const reason = e.name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message);
      this.warn(sub, { event: sub.eventType, err: reason }, 'telphin webhook: delivery failed');
    }
  }

  /** Logs a subscription's warning, unless it logged one less than WARN_EVERY_MS ago (then it is counted). */
  private warn(sub: Subscription, fields: Record<string, unknown>, message: string): void {
    const now = this.clock();
    const last = this.warned.get(sub);
    if (last && now - last.at < WARN_EVERY_MS) {
      last.held++;
      return;
    }
    const held = last?.held ?? 0;
    const note = held > 0 ? ` (${held} more warnings of this subscription since the last line were not logged)` : '';
    this.log.warn({ subscription: sub.id, url: sub.url, ...fields, ...(held > 0 ? { not_logged: held } : {}) }, message + note);
    this.warned.set(sub, { at: now, held: 0 });
  }

  private notifyIdle(): void {
    if (this.idleWaiters.length === 0 || this.busy() > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
