/**
 * The discrete-event kernel: a virtual clock (integer milliseconds since the scenario's start) and the
 * pending events, ordered by (time, priority, sequence) so that ties resolve the same way every run.
 * It knows nothing of call centers and never reads the wall clock; how far it runs is decided by its
 * caller (batch loop, manual clock or the pacer).
 */

export interface ScheduledEvent {
  readonly t: number;
  /** Time and priority in one number (t × 128 + priority): one comparison orders most pairs. */
  readonly key: number;
  readonly s: number;
  readonly fn: () => void;
  cancelled: boolean;
}

const PRIORITY_SLOTS = 128;

export class Scheduler {
  /** Virtual time in ms since the scenario's start. Only moves forward. */
  now = 0;
  /** Events executed so far (cancelled ones are not counted). */
  executed = 0;
  /**
   * Called once the last event of an instant has run, before time moves on. It may schedule more events
   * at the same instant; they run, and the hook is called again.
   */
  onInstantEnd: (() => void) | null = null;

  private readonly heap: ScheduledEvent[] = [];
  private seq = 0;

  /** Schedules `fn` at virtual time `t` (clamped to now). Lower priority numbers run first. */
  at(t: number, priority: number, fn: () => void): ScheduledEvent {
    if (!Number.isFinite(t)) throw new RangeError(`event time must be a finite number of ms (got ${t})`);
    if (!(priority >= 0 && priority < PRIORITY_SLOTS)) throw new RangeError(`priority must be 0–${PRIORITY_SLOTS - 1}`);
    // Whole milliseconds: the packed key orders (time, priority) only for integer times.
    const whole = Math.round(t);
    const time = whole < this.now ? this.now : whole;
    const ev: ScheduledEvent = { t: time, key: time * PRIORITY_SLOTS + priority, s: this.seq++, fn, cancelled: false };
    this.push(ev);
    return ev;
  }

  cancel(ev: ScheduledEvent | null | undefined): void {
    if (ev) ev.cancelled = true;
  }

  /** Time of the next live event, or undefined when nothing is pending. */
  nextTime(): number | undefined {
    this.dropCancelled();
    return this.heap.length > 0 ? this.heap[0].t : undefined;
  }

  get pending(): number {
    return this.heap.length;
  }

  /** Runs every event with time ≤ `until`, then leaves the clock at `until`. Returns events run. */
  runUntil(until: number): number {
    if (!Number.isFinite(until)) throw new RangeError(`run-until time must be a finite number of ms (got ${until})`);
    const before = this.executed;
    const heap = this.heap;
    for (;;) {
      this.dropCancelled();
      if (heap.length === 0 || heap[0].t > until) break;
      const instant = heap[0].t;
      this.now = instant;
      // Run the whole instant, then the end-of-instant hook, until the instant is quiet.
      for (;;) {
        while (heap.length > 0 && heap[0].t === instant) {
          const ev = this.pop();
          if (ev.cancelled) continue;
          this.executed++;
          ev.fn();
        }
        if (this.onInstantEnd) this.onInstantEnd();
        this.dropCancelled();
        if (heap.length === 0 || heap[0].t !== instant) break;
      }
    }
    if (until > this.now) this.now = until;
    return this.executed - before;
  }

  /** Runs the end-of-instant hook at the current time (after a command changed the world). */
  settle(): void {
    this.runUntil(this.now);
    if (this.onInstantEnd) {
      this.onInstantEnd();
      this.runUntil(this.now);
    }
  }

  private dropCancelled(): void {
    const heap = this.heap;
    while (heap.length > 0 && heap[0].cancelled) this.pop();
  }

  private static less(a: ScheduledEvent, b: ScheduledEvent): boolean {
    return a.key < b.key || (a.key === b.key && a.s < b.s);
  }

  private push(ev: ScheduledEvent): void {
    const heap = this.heap;
    let i = heap.length;
    heap.push(ev);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!Scheduler.less(ev, heap[parent])) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = ev;
  }

  private pop(): ScheduledEvent {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop() as ScheduledEvent;
    const n = heap.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && Scheduler.less(heap[r], heap[l]) ? r : l;
        if (!Scheduler.less(heap[c], last)) break;
        heap[i] = heap[c];
        i = c;
      }
      heap[i] = last;
    }
    return top;
  }
}
