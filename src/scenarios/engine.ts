/**
 * The scenario engine: one world, its scheduler and its script, with the ways to move time (batch to the
 * end, manual advance, or real time through a pacer) and the KPI report. Engines share nothing, so any
 * number can run in one process. Simulators use `commands`, `queries` and the event subscription.
 */
import { Scheduler } from './kernel/scheduler.js';
import { Pacer, systemClock, type WallClock } from './kernel/pacer.js';
import type { ResolvedScenario } from './scenario.js';
import { CallCenterCommands } from './callcenter/commands.js';
import { CallCenterQueries } from './callcenter/queries.js';
import { dispatch } from './callcenter/routing.js';
import { populate } from './callcenter/setup.js';
import { World, type WorldEvent } from './callcenter/world.js';
import type { KpiReport, QueueOutcomes } from './callcenter/kpis.js';
import { scheduleScenario } from './driver.js';

export interface EngineOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Finished calls kept for the views, the newest (default: all; a batch run keeps none). */
  recordLimit?: number;
  /** Receives every event of the log, from the very first. */
  onEvent?: (e: WorldEvent) => void;
  /** Called once the world is built, just before its first instant runs (and logs its first events). */
  beforeStart?: (engine: Engine) => void;
}

export interface RunReport extends KpiReport {
  scenario: string;
  seed: number;
  simulated_seconds: number;
  events: number;
}

export class Engine {
  readonly scheduler = new Scheduler();
  readonly world: World;
  readonly commands: CallCenterCommands;
  readonly queries: CallCenterQueries;
  readonly scenario: ResolvedScenario;
  private pacer: Pacer | null = null;

  constructor(scenario: ResolvedScenario, options: EngineOptions = {}) {
    this.scenario = options.seed === undefined ? scenario : { ...scenario, seed: options.seed };
    this.world = new World(this.scenario, this.scheduler, { recordLimit: options.recordLimit ?? Number.POSITIVE_INFINITY });
    if (options.onEvent) this.world.subscribe(options.onEvent);
    this.commands = new CallCenterCommands(this.world);
    this.queries = new CallCenterQueries(this.world);
    this.scheduler.onInstantEnd = () => dispatch(this.world);
    populate(this.world);
    scheduleScenario(this.world, this.scenario, this.commands);
    options.beforeStart?.(this);
    this.scheduler.settle();
  }

  get now(): number {
    return this.scheduler.now;
  }

  get seed(): number {
    return this.scenario.seed;
  }

  /** Runs to virtual time `t` (ms since start). */
  runUntil(t: number): void {
    this.scheduler.runUntil(t);
    this.rethrowListenerError();
  }

  /** Runs towards `t` until `stop()` says so after an instant (Scheduler.runPart); returns whether `t` was reached. */
  runPart(t: number, stop: () => boolean): boolean {
    const reached = this.scheduler.runPart(t, stop);
    this.rethrowListenerError();
    return reached;
  }

  advance(seconds: number): void {
    this.runUntil(this.scheduler.now + Math.round(seconds * 1000));
  }

  /** Runs the whole scenario as fast as the CPU allows. */
  runToEnd(): void {
    this.runUntil(this.scenario.durationMs);
  }

  /**
   * Applies a command at the current virtual time, then lets the instant settle (the dispatcher runs,
   * zero-delay outcomes happen), so the caller sees the world as it is after the change.
   */
  command<T>(fn: (c: CallCenterCommands) => T): T {
    this.pacer?.catchUp();
    const result = fn(this.commands);
    this.scheduler.settle();
    this.rethrowListenerError();
    return result;
  }

  subscribe(listener: (e: WorldEvent) => void): () => void {
    return this.world.subscribe(listener);
  }

  /** A listener's failure surfaces after the world finished the change it was told about. */
  private rethrowListenerError(): void {
    const err = this.world.takeListenerError();
    if (err !== undefined) throw err;
  }

  /** Starts real-time pacing at `speed` virtual seconds per second; the clock runs on past the scenario's end. */
  startRealtime(speed: number, clock: WallClock = systemClock, afterTick?: () => void): void {
    this.pacer?.stop();
    this.pacer = new Pacer(this.scheduler, speed, clock, Number.POSITIVE_INFINITY, afterTick);
    this.pacer.start();
  }

  stopRealtime(): void {
    this.pacer?.stop();
    this.pacer = null;
  }

  setSpeed(speed: number): void {
    this.pacer?.setSpeed(speed);
  }

  /** Catches a real-time clock up with the wall clock, so reads see the present. */
  catchUp(): void {
    this.pacer?.catchUp();
  }

  /** Virtual ms a real-time clock is behind the wall clock until it next catches up (0 when not real time). */
  clockLagMs(): number {
    return this.pacer?.lagMs() ?? 0;
  }

  /** Each queue's calls by how they left it, and its service level over the rolling window (kpis.ts). */
  queueOutcomes(): Record<string, QueueOutcomes> {
    return this.world.kpis.outcomes(this.scheduler.now, [...this.world.queues.keys()]);
  }

  report(): RunReport {
    const w = this.world;
    const now = this.scheduler.now;
    const warmup = this.scenario.warmupMs;
    const inProgress = new Map<string, number>();
    for (const m of w.routable) {
      if (m.call.arrivedT >= warmup) inProgress.set(m.queue.id, (inProgress.get(m.queue.id) ?? 0) + 1);
    }
    let handleAdjustMs = 0;
    for (const a of w.agents.values()) {
      if (a.call && a.call.answeredT !== null) handleAdjustMs += Math.max(0, now - Math.max(a.call.answeredT, warmup));
      if (a.wrapUpEndT !== null && a.wrapUpEndT > now) handleAdjustMs -= Math.max(0, a.wrapUpEndT - Math.max(now, warmup));
    }
    const kpis = w.kpis.report(now, [...w.queues.keys()], { inProgress, handleAdjustMs });
    return {
      scenario: this.scenario.name,
      seed: this.scenario.seed,
      simulated_seconds: now / 1000,
      events: w.eventSeq,
      ...kpis,
    };
  }
}
