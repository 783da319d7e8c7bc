/**
 * The discrete-event kernel: a virtual clock (integer milliseconds since the scenario's start) and the
 * pending events, ordered by (time, priority, sequence) so that ties resolve the same way every run.
 * It knows nothing of call centers and never reads the wall clock; how far it runs is decided by its
 * caller (batch loop, manual clock or the pacer).
 */

/** An event's action: called with the two arguments it was scheduled with. */
export type EventHandler<A, B> = (a: A, b: B) => void;

export interface ScheduledEvent {
  readonly t: number;
  /** Time and priority in one number (t × 128 + priority): one comparison orders most pairs. */
  readonly key: number;
  readonly s: number;
  cancelled: boolean;
}

/**
 * The stored form of an event. The handler and its arguments are fields rather than a closure, so the
 * hot paths (a call's end, a wake-up) schedule one small object and allocate no function.
 */
class Entry implements ScheduledEvent {
  cancelled = false;
  constructor(
    readonly t: number,
    readonly key: number,
    readonly s: number,
    readonly fn: EventHandler<unknown, unknown>,
    readonly a: unknown,
    readonly b: unknown,
  ) {}
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

  private readonly heap: Entry[] = [];
  private seq = 0;

  /**
   * Schedules `fn(a, b)` at virtual time `t` (rounded to whole ms, clamped to now). Lower priority numbers
   * run first; equal (time, priority) run in the order they were scheduled.
   */
  at<A = undefined, B = undefined>(t: number, priority: number, fn: EventHandler<A, B>, a?: A, b?: B): ScheduledEvent {
    if (!Number.isFinite(t)) throw new RangeError(`event time must be a finite number of ms (got ${t})`);
    if (!(priority >= 0 && priority < PRIORITY_SLOTS)) throw new RangeError(`priority must be 0–${PRIORITY_SLOTS - 1}`);
    // Whole milliseconds: the packed key orders (time, priority) only for integer times.
    const whole = Math.round(t);
    const time = whole < this.now ? this.now : whole;
    const ev = new Entry(time, time * PRIORITY_SLOTS + priority, this.seq++, fn as EventHandler<unknown, unknown>, a, b);
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
    while (heap.length > 0) {
      const instant = heap[0].t;
      if (instant > until) break;
      this.now = instant;
      // Run the whole instant, then the end-of-instant hook, until the instant is quiet.
      let ran = false;
      do {
        const ev = this.pop();
        if (ev.cancelled) continue;
        ran = true;
        this.executed++;
        ev.fn(ev.a, ev.b);
      } while (heap.length > 0 && heap[0].t === instant);
      // An instant of cancelled events only is no instant: nothing happened, so no hook.
      if (ran && this.onInstantEnd) this.endInstant(instant);
    }
    if (until > this.now) this.now = until;
    return this.executed - before;
  }

  /** Runs the hook, and any events it schedules at the same instant, until the instant is quiet. */
  private endInstant(instant: number): void {
    const heap = this.heap;
    for (;;) {
      (this.onInstantEnd as () => void)();
      this.dropCancelled();
      if (heap.length === 0 || heap[0].t !== instant) return;
      do {
        const ev = this.pop();
        if (ev.cancelled) continue;
        this.executed++;
        ev.fn(ev.a, ev.b);
      } while (heap.length > 0 && heap[0].t === instant);
    }
  }

  /** Runs the end-of-instant hook at the current time (after a command changed the world). */
  settle(): void {
    this.runUntil(this.now);
    if (this.onInstantEnd) this.endInstant(this.now);
  }

  private dropCancelled(): void {
    const heap = this.heap;
    while (heap.length > 0 && heap[0].cancelled) this.pop();
  }

  private push(ev: Entry): void {
    const heap = this.heap;
    let i = heap.length;
    heap.push(ev);
    const key = ev.key;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent];
      // Sequence numbers only grow, so a new event never goes before an equal key.
      if (p.key <= key) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = ev;
  }

  private pop(): Entry {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop() as Entry;
    const n = heap.length;
    if (n > 0) {
      const key = last.key;
      const s = last.s;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        let child = heap[c];
        const r = c + 1;
        if (r < n) {
          const right = heap[r];
          if (right.key < child.key || (right.key === child.key && right.s < child.s)) {
            c = r;
            child = right;
          }
        }
        if (child.key > key || (child.key === key && child.s > s)) break;
        heap[i] = child;
        i = c;
      }
      heap[i] = last;
    }
    return top;
  }
}
