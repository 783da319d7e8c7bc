/**
 * Event subscriptions and their delivery. A subscription is `{id, url, method, event_type}` on an
 * extension (call events) or on an agent (login/logout). Deliveries are queued per subscription in
 * event-log order and sent off the simulation's path with Node's fetch and a short timeout: the engine
 * only appends to a queue, it never waits for a subscriber. GET puts the fields in the query string,
 * POST sends them form-encoded. A failed try (an error status, no answer, the timeout) is logged and,
 * when the scenario allows retries, tried again after a wait, else dropped; it never stops the
 * simulation or the other subscriptions, and a subscription's later deliveries wait behind it. Every try
 * passes the instruments (the journal, the faults). A failing subscriber costs at most one warning line per
 * WARN_EVERY_MS (the line counts the failures not logged since the previous one), however fast events
 * come. Closing aborts the deliveries in flight and drops the queued ones.
 */
import type { FastifyBaseLogger } from 'fastify';
import { UNINSTRUMENTED, wait, type OutgoingInstruments } from '../../instruments/outgoing.js';

export type SubscriptionTarget = { kind: 'extension'; extension: number } | { kind: 'agent'; agent: number; agentType: 'local' | 'remote' };

export interface Subscription {
  readonly id: number;
  readonly target: SubscriptionTarget;
  url: string;
  method: 'GET' | 'POST';
  eventType: string;
}

/** How a delivery is tried: each try's timeout, the retries after a failed one and the wait before each. */
export interface DeliveryPolicy {
  timeoutMs: number;
  retries: number;
  retryDelayMs: number;
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

  private policy: DeliveryPolicy;

  constructor(
    private readonly log: FastifyBaseLogger,
    timeoutMs: number,
    /** Milliseconds of a monotonic clock, for the warnings' rate (a view's own business, not the world's). */
    private readonly clock: () => number = () => performance.now(),
    /** Each try goes through the journal and the faults. */
    private readonly outgoing: Pick<OutgoingInstruments, 'send'> = UNINSTRUMENTED,
  ) {
    this.policy = { timeoutMs, retries: 0, retryDelayMs: 1000 };
  }

  /** The scenario's `webhook_timeout_ms`, `webhook_retries` and `webhook_retry_delay_ms`. */
  setPolicy(policy: DeliveryPolicy): void {
    this.policy = { ...policy };
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

  /** One delivery: its first try and, while it fails, up to `retries` more, each through the instruments. */
  private async send(sub: Subscription, fields: Record<string, string>): Promise<void> {
    const form = new URLSearchParams(fields).toString();
    const url = sub.method === 'GET' ? `${sub.url}${sub.url.includes('?') ? '&' : '?'}${form}` : sub.url;
    const headers: Record<string, string> = sub.method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {};
    const body = sub.method === 'POST' ? form : null;
    const signal = this.closing.signal;
    for (let attempt = 1; ; attempt++) {
      const result = await this.outgoing.send({ api: 'telphin', method: sub.method, url, headers, body, attempt }, this.policy.timeoutMs, signal, async (aborted) => {
        const res = await fetch(url, { method: sub.method, headers, body: body ?? undefined, signal: aborted, redirect: 'manual' });
        // The body is not read; release the connection.
        await res.body?.cancel().catch(() => undefined);
        return res.status;
      });
      if (this.closed || result.outcome === 'delivered') return;
      const last = attempt > this.policy.retries;
      const tries = attempt > 1 ? { attempt } : {};
      if (result.status !== null && result.outcome !== 'fault') this.warn(sub, { status: result.status, event: sub.eventType, ...tries }, 'telphin webhook: the subscriber answered with an error');
      else this.warn(sub, { event: sub.eventType, err: result.error, ...tries }, 'telphin webhook: delivery failed');
      if (last) return;
      await wait(this.policy.retryDelayMs, signal);
      if (this.closed) return;
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
