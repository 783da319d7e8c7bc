/**
 * A served simulation: the current engine and how its clock moves (real time at a speed, or manual for
 * tests), the retained event log with paging and live subscribers, reset and scenario loading. The
 * server, /__admin and every API view reach the world through one of these. It adds no call-center
 * rules of its own.
 */
import { Engine } from './scenarios/engine.js';
import type { RunReport } from './scenarios/engine.js';
import type { ResolvedScenario } from './scenarios/scenario.js';
import type { CallCenterCommands } from './scenarios/callcenter/commands.js';
import type { CallCenterQueries } from './scenarios/callcenter/queries.js';
import type { WorldEvent } from './scenarios/callcenter/world.js';
import { conflict, invalid } from './scenarios/callcenter/errors.js';
import { systemClock, type WallClock } from './scenarios/kernel/pacer.js';

export type ClockMode = 'realtime' | 'manual';

export interface SimulationOptions {
  scenario: ResolvedScenario;
  clock: ClockMode;
  /** Virtual seconds per real second in real-time mode. */
  speed: number;
  /** Events kept for GET /__admin/events (the oldest are dropped beyond it; default DEFAULT_EVENT_LIMIT). */
  eventLogLimit?: number;
  /** Finished calls kept for the views (the oldest are let go beyond it; default DEFAULT_CALL_LIMIT). */
  callLimit?: number;
  wallClock?: WallClock;
}

export interface ClockView {
  now: string;
  t: number;
  mode: ClockMode;
  speed: number;
}

export const MAX_SPEED = 100_000;
/** What a served world keeps by default: the newest finished calls (every view's history) and events. */
export const DEFAULT_CALL_LIMIT = 20_000;
export const DEFAULT_EVENT_LIMIT = 200_000;

export class Simulation {
  private engineValue!: Engine;
  private scenarioValue: ResolvedScenario;
  private modeValue: ClockMode;
  private speedValue: number;
  private log: WorldEvent[] = [];
  private readonly logLimit: number;
  /** Finished calls the world keeps for the views. */
  readonly callLimit: number;
  private readonly subscribers = new Set<(e: WorldEvent) => void>();
  private readonly wallClock: WallClock;
  /** Bumped by every reset and load, so a live stream can tell its engine was replaced. */
  generation = 0;

  constructor(options: SimulationOptions) {
    this.scenarioValue = options.scenario;
    this.modeValue = options.clock;
    this.speedValue = checkSpeed(options.speed);
    this.logLimit = options.eventLogLimit ?? DEFAULT_EVENT_LIMIT;
    this.callLimit = options.callLimit ?? DEFAULT_CALL_LIMIT;
    this.wallClock = options.wallClock ?? systemClock;
    this.start();
  }

  get engine(): Engine {
    return this.engineValue;
  }

  get scenario(): ResolvedScenario {
    return this.scenarioValue;
  }

  get mode(): ClockMode {
    return this.modeValue;
  }

  get speed(): number {
    return this.speedValue;
  }

  /** The world back to the scenario's start with the same seed; changes made through APIs are dropped. */
  reset(): void {
    this.engineValue.stopRealtime();
    this.start();
  }

  /** Replaces the scenario and resets. */
  load(scenario: ResolvedScenario): void {
    this.scenarioValue = scenario;
    this.reset();
  }

  /** The seq of the newest event in the log: it moves with every change to the world. */
  get eventSeq(): number {
    return this.engineValue.world.eventSeq;
  }

  /** Virtual ms since the start, the real-time clock caught up first. */
  now(): number {
    this.engineValue.catchUp();
    return this.engineValue.now;
  }

  clock(): ClockView {
    this.engineValue.catchUp();
    const t = this.engineValue.now;
    return { now: new Date(this.scenarioValue.startMs + t).toISOString(), t, mode: this.modeValue, speed: this.speedValue };
  }

  setClock(change: { mode?: ClockMode; speed?: number }): ClockView {
    const speed = change.speed === undefined ? this.speedValue : checkSpeed(change.speed);
    const mode = change.mode ?? this.modeValue;
    this.engineValue.catchUp();
    this.speedValue = speed;
    if (mode !== this.modeValue) {
      this.modeValue = mode;
      if (mode === 'realtime') this.engineValue.startRealtime(this.speedValue, this.wallClock);
      else this.engineValue.stopRealtime();
    } else if (mode === 'realtime') this.engineValue.setSpeed(speed);
    return this.clock();
  }

  /** Manual mode: moves virtual time forward by `seconds`, running everything due on the way. */
  advance(seconds: number): ClockView {
    this.requireManual();
    if (!(Number.isFinite(seconds) && seconds >= 0)) throw invalid('seconds must be a non-negative number', 'seconds');
    this.engineValue.advance(seconds);
    return this.clock();
  }

  /** Manual mode: runs to virtual time `t` (ms since the start); a time already passed is an error. */
  runUntil(t: number): ClockView {
    this.requireManual();
    if (!(Number.isInteger(t) && t >= 0)) throw invalid('t must be a non-negative whole number of milliseconds', 't');
    if (t < this.engineValue.now) throw conflict(`t ${t} is before the current time ${this.engineValue.now}`, 't');
    this.engineValue.runUntil(t);
    return this.clock();
  }

  /** Applies commands at the present virtual time and lets the instant settle. */
  command<T>(fn: (c: CallCenterCommands) => T): T {
    return this.engineValue.command(fn);
  }

  /** Reads the world as it is now (a real-time clock is caught up first). */
  read<T>(fn: (q: CallCenterQueries) => T): T {
    this.engineValue.catchUp();
    return fn(this.engineValue.queries);
  }

  kpis(): RunReport {
    this.engineValue.catchUp();
    return this.engineValue.report();
  }

  /** Retained events with seq > `after`, oldest first, optionally only types starting with `type`. */
  events(after: number, limit: number, type?: string): { events: WorldEvent[]; last: number } {
    this.engineValue.catchUp();
    const log = this.log;
    let lo = 0;
    let hi = log.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (log[mid].seq <= after) lo = mid + 1;
      else hi = mid;
    }
    const out: WorldEvent[] = [];
    for (let i = lo; i < log.length && out.length < limit; i++) {
      if (!type || log[i].type.startsWith(type)) out.push(log[i]);
    }
    return { events: out, last: this.eventSeq };
  }

  subscribe(listener: (e: WorldEvent) => void): () => void {
    this.subscribers.add(listener);
    return () => this.subscribers.delete(listener);
  }

  close(): void {
    this.engineValue.stopRealtime();
    this.subscribers.clear();
  }

  private start(): void {
    this.generation++;
    this.log = [];
    new Engine(this.scenarioValue, {
      recordLimit: this.callLimit,
      // Subscribers see the new engine from its very first event on.
      beforeStart: (engine) => {
        this.engineValue = engine;
      },
      onEvent: (e) => {
        this.log.push(e);
        // Trim in batches so a long-running log costs amortised O(1) per event.
        if (this.log.length > this.logLimit + (this.logLimit >> 2)) this.log.splice(0, this.log.length - this.logLimit);
        for (const s of this.subscribers) s(e);
      },
    });
    if (this.modeValue === 'realtime') this.engineValue.startRealtime(this.speedValue, this.wallClock);
  }

  private requireManual(): void {
    if (this.modeValue !== 'manual') throw conflict("the clock is in realtime mode; PUT /__admin/clock {\"mode\":\"manual\"} first", 'mode');
  }
}

function checkSpeed(speed: number): number {
  if (!(typeof speed === 'number' && Number.isFinite(speed) && speed > 0 && speed <= MAX_SPEED)) throw invalid(`speed must be a number above 0 and at most ${MAX_SPEED}`, 'speed');
  return speed;
}
