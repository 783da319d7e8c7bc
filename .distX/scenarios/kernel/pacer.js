export const systemClock = {
    now: () => performance.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h),
};
/** Longest real wait between two ticks, so a speed change or a newly scheduled event is seen quickly. */
const MAX_TICK_MS = 50;
export class Pacer {
    scheduler;
    speed;
    clock;
    limit;
    afterTick;
    wallAnchor = 0;
    virtualAnchor = 0;
    timer = null;
    running = false;
    constructor(scheduler, speed, clock = systemClock, limit = Number.POSITIVE_INFINITY, afterTick = () => { }) {
        this.scheduler = scheduler;
        this.speed = speed;
        this.clock = clock;
        this.limit = limit;
        this.afterTick = afterTick;
    }
    get isRunning() {
        return this.running;
    }
    start() {
        if (this.running)
            return;
        this.running = true;
        this.anchor();
        this.tick();
    }
    stop() {
        this.running = false;
        if (this.timer !== null)
            this.clock.clearTimeout(this.timer);
        this.timer = null;
    }
    setSpeed(speed) {
        this.catchUp();
        this.speed = speed;
        this.anchor();
    }
    /** Brings virtual time up to the wall clock now (used before answering a request). */
    catchUp() {
        if (!this.running)
            return;
        const target = Math.min(this.limit, this.virtualAnchor + Math.floor((this.clock.now() - this.wallAnchor) * this.speed));
        if (target > this.scheduler.now)
            this.scheduler.runUntil(target);
    }
    anchor() {
        this.wallAnchor = this.clock.now();
        this.virtualAnchor = this.scheduler.now;
    }
    tick = () => {
        this.timer = null;
        if (!this.running)
            return;
        this.catchUp();
        this.afterTick();
        if (this.scheduler.now >= this.limit) {
            this.running = false;
            return;
        }
        const next = this.scheduler.nextTime();
        let wait = MAX_TICK_MS;
        if (next !== undefined)
            wait = Math.min(MAX_TICK_MS, Math.max(0, (next - this.scheduler.now) / this.speed));
        this.timer = this.clock.setTimeout(this.tick, wait);
    };
}
