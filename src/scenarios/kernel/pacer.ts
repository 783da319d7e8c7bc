/**
 * Moves a scheduler's virtual clock along with a wall clock: `speed` virtual seconds per real second.
 * This is the one place that reads real time, and it reads it through an injected clock and timer so
 * that tests can drive it. Manual and batch modes do not use a pacer.
 */
import type { Scheduler } from './scheduler.js';

export interface WallClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: WallClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** Longest real wait between two ticks, so a speed change or a newly scheduled event is seen quickly. */
const MAX_TICK_MS = 50;

export class Pacer {
  private wallAnchor = 0;
  private virtualAnchor = 0;
  private timer: unknown = null;
  private running = false;

  constructor(
    private readonly scheduler: Scheduler,
    private speed: number,
    private readonly clock: WallClock = systemClock,
    private readonly limit: number = Number.POSITIVE_INFINITY,
    private readonly afterTick: () => void = () => {},
  ) {}

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.anchor();
    this.tick();
  }

  stop(): void {
    this.running = false;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  setSpeed(speed: number): void {
    this.catchUp();
    this.speed = speed;
    this.anchor();
  }

  /** Brings virtual time up to the wall clock now (used before answering a request). */
  catchUp(): void {
    if (!this.running) return;
    const target = Math.min(this.limit, this.target());
    if (target > this.scheduler.now) this.scheduler.runUntil(target);
  }

  /** Virtual ms the clock is behind the wall clock now, before it catches up (0 when stopped). */
  lagMs(): number {
    if (!this.running) return 0;
    return Math.max(0, Math.min(this.limit, this.target()) - this.scheduler.now);
  }

  private target(): number {
    return this.virtualAnchor + Math.floor((this.clock.now() - this.wallAnchor) * this.speed);
  }

  private anchor(): void {
    this.wallAnchor = this.clock.now();
    this.virtualAnchor = this.scheduler.now;
  }

  private tick = (): void => {
    this.timer = null;
    if (!this.running) return;
    this.catchUp();
    this.afterTick();
    if (this.scheduler.now >= this.limit) {
      this.running = false;
      return;
    }
    const next = this.scheduler.nextTime();
    let wait = MAX_TICK_MS;
    if (next !== undefined) wait = Math.min(MAX_TICK_MS, Math.max(0, (next - this.scheduler.now) / this.speed));
    this.timer = this.clock.setTimeout(this.tick, wait);
  };
}
