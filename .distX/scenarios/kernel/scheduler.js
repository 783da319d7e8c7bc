/**
 * The discrete-event kernel: a virtual clock (integer milliseconds since the scenario's start) and the
 * pending events, ordered by (time, priority, sequence) so that ties resolve the same way every run.
 * It knows nothing of call centers and never reads the wall clock; how far it runs is decided by its
 * caller (batch loop, manual clock or the pacer).
 */
class Handle {
    t;
    cancelled = false;
    constructor(t) {
        this.t = t;
    }
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
    onInstantEnd = null;
    keys = new Float64Array(INITIAL_CAPACITY);
    seqs = new Float64Array(INITIAL_CAPACITY);
    slots = new Int32Array(INITIAL_CAPACITY);
    size = 0;
    seq = 0;
    fns = [];
    firstArgs = [];
    secondArgs = [];
    handles = [];
    freeSlots = [];
    /**
     * Schedules `fn(a, b)` at virtual time `t` (rounded to whole ms, clamped to now) and returns a handle
     * to cancel it by. Lower priority numbers run first; equal (time, priority) run in the order they
     * were scheduled.
     */
    at(t, priority, fn, a, b) {
        const time = this.timeOf(t, priority);
        const handle = new Handle(time);
        this.push(time, priority, fn, a, b, handle);
        return handle;
    }
    /** As `at`, for an event nobody will cancel: no handle is made. */
    post(t, priority, fn, a, b) {
        this.push(this.timeOf(t, priority), priority, fn, a, b, null);
    }
    cancel(ev) {
        if (ev)
            ev.cancelled = true;
    }
    /** Time of the next live event, or undefined when nothing is pending. */
    nextTime() {
        this.dropCancelled();
        return this.size > 0 ? this.topTime() : undefined;
    }
    get pending() {
        return this.size;
    }
    /** Runs every event with time ≤ `until`, then leaves the clock at `until`. Returns events run. */
    runUntil(until) {
        if (!Number.isFinite(until))
            throw new RangeError(`run-until time must be a finite number of ms (got ${until})`);
        const before = this.executed;
        while (this.size > 0) {
            const instant = this.topTime();
            if (instant > until)
                break;
            this.now = instant;
            // Run the whole instant, then the end-of-instant hook, until the instant is quiet.
            const ran = this.runInstant(instant);
            // An instant of cancelled events only is no instant: nothing happened, so no hook.
            if (ran && this.onInstantEnd)
                this.endInstant(instant);
        }
        if (until > this.now)
            this.now = until;
        return this.executed - before;
    }
    /** Runs the hook, and any events it schedules at the same instant, until the instant is quiet. */
    endInstant(instant) {
        for (;;) {
            this.onInstantEnd();
            this.dropCancelled();
            if (this.size === 0 || this.topTime() !== instant)
                return;
            this.runInstant(instant);
        }
    }
    /** Runs the pending events at `instant` (the earliest); returns whether any was not cancelled. */
    runInstant(instant) {
        const fns = this.fns;
        const firstArgs = this.firstArgs;
        const secondArgs = this.secondArgs;
        const handles = this.handles;
        let ran = false;
        do {
            const slot = this.slots[0];
            this.pop();
            const fn = fns[slot];
            const a = firstArgs[slot];
            const b = secondArgs[slot];
            const handle = handles[slot];
            // The slot is free before the handler runs: whatever it schedules may reuse it.
            this.freeSlot(slot);
            if (handle !== null && handle.cancelled)
                continue;
            ran = true;
            this.executed++;
            fn(a, b);
        } while (this.size > 0 && this.topTime() === instant);
        return ran;
    }
    /** Runs the end-of-instant hook at the current time (after a command changed the world). */
    settle() {
        this.runUntil(this.now);
        if (this.onInstantEnd)
            this.endInstant(this.now);
    }
    timeOf(t, priority) {
        if (!Number.isFinite(t))
            throw new RangeError(`event time must be a finite number of ms (got ${t})`);
        if (!(priority >= 0 && priority < PRIORITY_SLOTS))
            throw new RangeError(`priority must be 0–${PRIORITY_SLOTS - 1}`);
        // Whole milliseconds: the packed key orders (time, priority) only for integer times.
        const whole = Math.round(t);
        return whole < this.now ? this.now : whole;
    }
    topTime() {
        return Math.floor(this.keys[0] / PRIORITY_SLOTS);
    }
    dropCancelled() {
        while (this.size > 0) {
            const slot = this.slots[0];
            const handle = this.handles[slot];
            if (handle === null || !handle.cancelled)
                return;
            this.pop();
            this.freeSlot(slot);
        }
    }
    /** Lets go of an event's handler and arguments, and puts its slot back for reuse. */
    freeSlot(slot) {
        this.fns[slot] = undefined;
        this.firstArgs[slot] = undefined;
        this.secondArgs[slot] = undefined;
        this.handles[slot] = null;
        this.freeSlots.push(slot);
    }
    push(time, priority, fn, a, b, handle) {
        let slot;
        if (this.freeSlots.length > 0) {
            slot = this.freeSlots.pop();
            this.fns[slot] = fn;
            this.firstArgs[slot] = a;
            this.secondArgs[slot] = b;
            this.handles[slot] = handle;
        }
        else {
            slot = this.fns.length;
            this.fns.push(fn);
            this.firstArgs.push(a);
            this.secondArgs.push(b);
            this.handles.push(handle);
        }
        if (this.size === this.keys.length)
            this.grow();
        const keys = this.keys;
        const seqs = this.seqs;
        const slots = this.slots;
        const key = time * PRIORITY_SLOTS + priority;
        let i = this.size++;
        while (i > 0) {
            const parent = (i - 1) >> 1;
            // Sequence numbers only grow, so a new event never goes before an equal key.
            if (keys[parent] <= key)
                break;
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
    pop() {
        const keys = this.keys;
        const seqs = this.seqs;
        const slots = this.slots;
        const n = --this.size;
        if (n === 0)
            return;
        const key = keys[n];
        const s = seqs[n];
        const slot = slots[n];
        let i = 0;
        for (;;) {
            let c = 2 * i + 1;
            if (c >= n)
                break;
            const r = c + 1;
            if (r < n && (keys[r] < keys[c] || (keys[r] === keys[c] && seqs[r] < seqs[c])))
                c = r;
            if (keys[c] > key || (keys[c] === key && seqs[c] > s))
                break;
            keys[i] = keys[c];
            seqs[i] = seqs[c];
            slots[i] = slots[c];
            i = c;
        }
        keys[i] = key;
        seqs[i] = s;
        slots[i] = slot;
    }
    grow() {
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
