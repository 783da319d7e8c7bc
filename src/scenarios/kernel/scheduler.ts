/**
 * The discrete-event kernel: a virtual clock (integer milliseconds since the scenario's start) and the
 * pending events, ordered by (time, priority, sequence) so that ties resolve the same way every run.
 * It knows nothing of call centers and never reads the wall clock; how far it runs is decided by its
 * caller (batch loop, manual clock or the pacer).
 */

/** An event's action: called with the two arguments it was scheduled with. */
export type EventHandler<A, B> = (a: A, b: B) => void;

/** A cancellable event, as `at` returns it. */
export interface ScheduledEvent {
  readonly t: number;
  cancelled: boolean;
}

class Handle implements ScheduledEvent {
  cancelled = false;
  constructor(readonly t: number) {}
}

const PRIORITY_SLOTS = 128;
const INITIAL_CAPACITY = 256;

/**
 * The pending events are a binary heap kept in typed arrays (key = time × 128 + priority, then sequence),
 * each entry pointing at a slot that holds the handler, its two arguments and, for cancellable events,
 * their handle. Sifting moves numbers, not objects, and an event that nobody can cancel allocates nothing.
 */
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

  private keys = new Float64Array(INITIAL_CAPACITY);
  private seqs = new Float64Array(INITIAL_CAPACITY);
  private slots = new Int32Array(INITIAL_CAPACITY);
  private size = 0;
  private seq = 0;
  /** Per slot, four entries: the handler, its two arguments and the handle (null when none). */
  private readonly payload: unknown[] = [];
  private readonly freeSlots: number[] = [];

  /**
   * Schedules `fn(a, b)` at virtual time `t` (rounded to whole ms, clamped to now) and returns a handle
   * to cancel it by. Lower priority numbers run first; equal (time, priority) run in the order they
   * were scheduled.
   */
  at<A = undefined, B = undefined>(t: number, priority: number, fn: EventHandler<A, B>, a?: A, b?: B): ScheduledEvent {
    const time = this.timeOf(t, priority);
    const handle = new Handle(time);
    this.push(time, priority, fn as EventHandler<unknown, unknown>, a, b, handle);
    return handle;
  }

  /** As `at`, for an event nobody will cancel: no handle is made. */
  post<A = undefined, B = undefined>(t: number, priority: number, fn: EventHandler<A, B>, a?: A, b?: B): void {
    this.push(this.timeOf(t, priority), priority, fn as EventHandler<unknown, unknown>, a, b, null);
  }

  cancel(ev: ScheduledEvent | null | undefined): void {
    if (ev) ev.cancelled = true;
  }

  /** Time of the next live event, or undefined when nothing is pending. */
  nextTime(): number | undefined {
    this.dropCancelled();
    return this.size > 0 ? this.topTime() : undefined;
  }

  get pending(): number {
    return this.size;
  }

  /** Runs every event with time ≤ `until`, then leaves the clock at `until`. Returns events run. */
  runUntil(until: number): number {
    const before = this.executed;
    this.runTo(until, null);
    return this.executed - before;
  }

  /**
   * As runUntil, in pieces: after each instant `stop()` may end this piece, the clock left at that
   * instant; returns whether `until` was reached. Pieces end only at an instant's end, so running to a
   * time in pieces runs the same events in the same order as one runUntil. The caller decides when to
   * stop (the kernel reads no clock of its own).
   */
  runPart(until: number, stop: () => boolean): boolean {
    return this.runTo(until, stop);
  }

  private runTo(until: number, stop: (() => boolean) | null): boolean {
    if (!Number.isFinite(until)) throw new RangeError(`run-until time must be a finite number of ms (got ${until})`);
    while (this.size > 0) {
      const instant = this.topTime();
      if (instant > until) break;
      this.now = instant;
      // Run the whole instant, then the end-of-instant hook, until the instant is quiet.
      const ran = this.runInstant(instant);
      // An instant of cancelled events only is no instant: nothing happened, so no hook.
      if (ran && this.onInstantEnd) this.endInstant(instant);
      if (stop !== null && this.size > 0 && this.topTime() <= until && stop()) return false;
    }
    if (until > this.now) this.now = until;
    return true;
  }

  /** Runs the hook, and any events it schedules at the same instant, until the instant is quiet. */
  private endInstant(instant: number): void {
    for (;;) {
      (this.onInstantEnd as () => void)();
      this.dropCancelled();
      if (this.size === 0 || this.topTime() !== instant) return;
      this.runInstant(instant);
    }
  }

  /** Runs the pending events at `instant` (the earliest); returns whether any was not cancelled. */
  private runInstant(instant: number): boolean {
    const payload = this.payload;
    let ran = false;
    do {
      const slot = this.slots[0];
      this.pop();
      const at = slot * 4;
      const fn = payload[at] as EventHandler<unknown, unknown>;
      const a = payload[at + 1];
      const b = payload[at + 2];
      const handle = payload[at + 3] as Handle | null;
      // The slot is free before the handler runs: whatever it schedules may reuse it.
      this.freeSlot(slot);
      if (handle !== null && handle.cancelled) continue;
      ran = true;
      this.executed++;
      fn(a, b);
    } while (this.size > 0 && this.topTime() === instant);
    return ran;
  }

  /** Runs the end-of-instant hook at the current time (after a command changed the world). */
  settle(): void {
    this.runUntil(this.now);
    if (this.onInstantEnd) this.endInstant(this.now);
  }

  private timeOf(t: number, priority: number): number {
    if (!Number.isFinite(t)) throw new RangeError(`event time must be a finite number of ms (got ${t})`);
    if (!(priority >= 0 && priority < PRIORITY_SLOTS)) throw new RangeError(`priority must be 0–${PRIORITY_SLOTS - 1}`);
    // Whole milliseconds: the packed key orders (time, priority) only for integer times.
    const whole = Math.round(t);
    return whole < this.now ? this.now : whole;
  }

  private topTime(): number {
    return Math.floor(this.keys[0] / PRIORITY_SLOTS);
  }

  private dropCancelled(): void {
    while (this.size > 0) {
      const slot = this.slots[0];
      const handle = this.payload[slot * 4 + 3] as Handle | null;
      if (handle === null || !handle.cancelled) return;
      this.pop();
      this.freeSlot(slot);
    }
  }

  /** Lets go of an event's handler and arguments, and puts its slot back for reuse. */
  private freeSlot(slot: number): void {
    const payload = this.payload;
    const at = slot * 4;
    payload[at] = undefined;
    payload[at + 1] = undefined;
    payload[at + 2] = undefined;
    payload[at + 3] = null;
    this.freeSlots.push(slot);
  }

  private push(time: number, priority: number, fn: EventHandler<unknown, unknown>, a: unknown, b: unknown, handle: Handle | null): void {
    const payload = this.payload;
    let slot: number;
    if (this.freeSlots.length > 0) {
      slot = this.freeSlots.pop() as number;
      const at = slot * 4;
      payload[at] = fn;
      payload[at + 1] = a;
      payload[at + 2] = b;
      payload[at + 3] = handle;
    } else {
      slot = payload.length / 4;
      payload.push(fn, a, b, handle);
    }
    if (this.size === this.keys.length) this.grow();
    const keys = this.keys;
    const seqs = this.seqs;
    const slots = this.slots;
    const key = time * PRIORITY_SLOTS + priority;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      // Sequence numbers only grow, so a new event never goes before an equal key.
      if (keys[parent] <= key) break;
      keys[i] = keys[parent];
      seqs[i] = seqs[parent];
      slots[i] = slots[parent];
      i = parent;
    }
    keys[i] = key;
    seqs[i] = this.seq++;
    slots[i] = slot;
  }

  /** Removes the earliest entry from the heap (its slot is the caller's to read and free). */
  private pop(): void {
    const keys = this.keys;
    const seqs = this.seqs;
    const slots = this.slots;
    const n = --this.size;
    if (n === 0) return;
    const key = keys[n];
    const s = seqs[n];
    const slot = slots[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const r = c + 1;
      if (r < n && (keys[r] < keys[c] || (keys[r] === keys[c] && seqs[r] < seqs[c]))) c = r;
      if (keys[c] > key || (keys[c] === key && seqs[c] > s)) break;
      keys[i] = keys[c];
      seqs[i] = seqs[c];
      slots[i] = slots[c];
      i = c;
    }
    keys[i] = key;
    seqs[i] = s;
    slots[i] = slot;
  }

  private grow(): void {
    const capacity = this.keys.length * 2;
    const keys = new Float64Array(capacity);
    keys.set(this.keys);
    this.keys = keys;
    const seqs = new Float64Array(capacity);
    seqs.set(this.seqs);
    this.seqs = seqs;
    const slots = new Int32Array(capacity);
    slots.set(this.slots);
    this.slots = slots;
  }
}
