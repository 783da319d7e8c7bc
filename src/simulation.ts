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
import { MAX_VIRTUAL_MS } from './scenarios/load-scenario.js';

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
  /**
   * Driven by a replay (recording/replayer.ts): the clock's mode and speed are kept and shown as usual,
   * but a real-time clock does not follow the wall clock; time moves only through `replayTo`.
   */
  replaying?: boolean;
}

export interface ClockView {
  now: string;
  t: number;
  mode: ClockMode;
  speed: number;
}

export const MAX_SPEED = 100_000;
/** Finished calls a served world keeps for the views (every view's history) by default, the newest. */
export const DEFAULT_CALL_LIMIT = 20_000;

/** Wall time, in ms, one slice of a long clock move may run before the event loop gets a turn (moveInSlices). */
export const SLICE_MS = 15;

/** Events retained for GET /__admin/events and catch-up on the stream, by default. */
export const EVENT_LOG_LIMIT = 200_000;

/** A page of the event log; the fields are those of EventPage in schemas/admin/admin.schema.json. */
export interface EventPage {
  events: WorldEvent[];
  /** Pass as `after` for the next page: the seq of the last event examined. */
  next: number;
  /** Whether the log has events after `next` now. */
  more: boolean;
  /** The newest event's seq (0 before the first). */
  last: number;
  /** The oldest retained event's seq (last + 1 when none is retained). */
  oldest: number;
  /** Events after `after` that the retention had already dropped. */
  dropped: number;
}

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
  private replayingValue: boolean;
  /** The wall time a replayed input saw, while it is handled (holdWall). */
  private heldWall: number | null = null;
  /** Subscribers are being told of an event: the world is mid-instant, and must not be caught up under them. */
  private dispatching = 0;
  /** Bumped by every reset and load, so a live stream can tell its engine was replaced. */
  generation = 0;
  /** A clock move running in slices (moveInSlices): resolved when it is over. */
  private movingValue: Promise<void> | null = null;
  private closed = false;

  constructor(options: SimulationOptions) {
    this.scenarioValue = options.scenario;
    this.modeValue = options.clock;
    this.speedValue = checkSpeed(options.speed);
    this.logLimit = options.eventLogLimit ?? EVENT_LOG_LIMIT;
    this.callLimit = options.callLimit ?? DEFAULT_CALL_LIMIT;
    this.wallClock = turnClock(options.wallClock ?? systemClock);
    this.replayingValue = options.replaying ?? false;
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

  /** Events retained for /__admin/events (`--retain-events`). */
  get eventLogLimit(): number {
    return this.logLimit;
  }

  /** Whether a replay drives the clock (replayTo) instead of the wall clock or the admin plane. */
  get replaying(): boolean {
    return this.replayingValue;
  }

  /** A replay takes the clock: a real-time clock stops following the wall clock until endReplay. */
  beginReplay(): void {
    this.engineValue.catchUp();
    this.engineValue.stopRealtime();
    this.replayingValue = true;
  }

  /** The replay is over: the clock goes on from where the replay left it, in `mode` (default the one it shows). */
  endReplay(mode: ClockMode = this.modeValue): void {
    this.replayingValue = false;
    this.modeValue = mode;
    if (mode === 'realtime') this.engineValue.startRealtime(this.speedValue, this.wallClock);
  }

  /**
   * The wall clock as a view reads it, in epoch ms (Huawei's signatures are accepted near the client's
   * own clock): the real one, or during a replay the one the input being replayed saw, so that wall time is an
   * input like any other and one world's replay does not change another's clock.
   */
  wallNow(): number {
    return this.heldWall ?? Date.now();
  }

  /** During a replay: until the returned function is called, wallNow() says `wall`. */
  holdWall(wall: number): () => void {
    if (!this.replayingValue) throw new Error('holdWall outside a replay');
    const before = this.heldWall;
    this.heldWall = wall;
    return () => {
      this.heldWall = before;
    };
  }

  /** During a replay: runs to virtual time `t` (ms since the start), as the served clock had got there. */
  replayTo(t: number): void {
    if (!this.replayingValue) throw new Error('replayTo outside a replay');
    if (this.movingValue) throw new Error('replayTo while a clock move runs: await idle() first');
    if (t > this.engineValue.now) this.engineValue.runUntil(t);
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
    this.catchUp();
    return this.engineValue.now;
  }

  clock(): ClockView {
    this.catchUp();
    const t = this.engineValue.now;
    return { now: new Date(this.scenarioValue.startMs + t).toISOString(), t, mode: this.modeValue, speed: this.speedValue };
  }

  setClock(change: { mode?: ClockMode; speed?: number }): ClockView {
    const speed = change.speed === undefined ? this.speedValue : checkSpeed(change.speed);
    const mode = change.mode ?? this.modeValue;
    if (mode !== 'realtime' && mode !== 'manual') throw invalid('mode must be realtime or manual', 'mode');
    this.engineValue.catchUp();
    this.speedValue = speed;
    if (mode !== this.modeValue) {
      this.modeValue = mode;
      if (mode === 'realtime' && !this.replayingValue) this.engineValue.startRealtime(this.speedValue, this.wallClock);
      else this.engineValue.stopRealtime();
    } else if (mode === 'realtime') this.engineValue.setSpeed(speed);
    return this.clock();
  }

  /** Manual mode: moves virtual time forward by `seconds`, running everything due on the way. */
  advance(seconds: number): ClockView {
    this.engineValue.runUntil(this.advanceTarget(seconds));
    return this.clock();
  }

  /** Manual mode: runs to virtual time `t` (ms since the start); a time already passed is an error. */
  runUntil(t: number): ClockView {
    this.engineValue.runUntil(this.runUntilTarget(t));
    return this.clock();
  }

  /**
   * As advance, in slices (moveInSlices): what POST /__admin/clock/advance does, so that a long advance
   * of one world does not stall the other worlds of the process and their clients.
   */
  async advanceInSlices(seconds: number): Promise<ClockView> {
    await this.idle();
    return this.moveInSlices(this.advanceTarget(seconds));
  }

  /** As runUntil, in slices (POST /__admin/clock/run-until). */
  async runUntilInSlices(t: number): Promise<ClockView> {
    await this.idle();
    return this.moveInSlices(this.runUntilTarget(t));
  }

  /**
   * While a clock move runs in slices, the promise that it is over (null otherwise). The world's door
   * holds every other input of this world until then (app.ts, instruments/ws.ts): to its clients the move
   * is one step, as it was when it ran at once, and a recording of them replays the same.
   */
  get moving(): Promise<void> | null {
    return this.movingValue;
  }

  /** Resolves once no clock move is running. */
  async idle(): Promise<void> {
    while (this.movingValue) await this.movingValue;
  }

  /** Applies commands at the present virtual time and lets the instant settle. */
  command<T>(fn: (c: CallCenterCommands) => T): T {
    return this.engineValue.command(fn);
  }

  /** Reads the world as it is now (a real-time clock is caught up first). */
  read<T>(fn: (q: CallCenterQueries) => T): T {
    this.catchUp();
    return fn(this.engineValue.queries);
  }

  kpis(): RunReport {
    this.catchUp();
    return this.engineValue.report();
  }

  /** Each queue's calls by how they left it and its windowed service level (the clock caught up first). */
  queueOutcomes(): ReturnType<Engine['queueOutcomes']> {
    this.catchUp();
    return this.engineValue.queueOutcomes();
  }

  /** Virtual ms a real-time clock is behind the wall clock, read before anything catches it up. */
  clockLagMs(): number {
    return this.engineValue.clockLagMs();
  }

  /** A page of the retained log (see logPage), the real-time clock caught up first. */
  events(after: number, limit: number, type?: string): EventPage {
    this.catchUp();
    return this.logPage(after, limit, type);
  }

  /**
   * Up to `limit` retained events with seq > `after` (only types starting with `type`, when given),
   * oldest first, and where to resume: `next` is the seq of the last event examined, so paging on with
   * `after = next` sees every event exactly once, with or without a filter. Events after `after` that the
   * retention already dropped are counted in `dropped`. It does not move the clock (an event stream
   * calls it between the engine's events).
   */
  logPage(after: number, limit: number, type?: string): EventPage {
    const log = this.log;
    const last = this.eventSeq;
    const oldest = log.length > 0 ? log[0].seq : last + 1;
    let lo = 0;
    let hi = log.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (log[mid].seq <= after) lo = mid + 1;
      else hi = mid;
    }
    const events: WorldEvent[] = [];
    let next = Math.max(after, last);
    for (let i = lo; i < log.length; i++) {
      if (type && !log[i].type.startsWith(type)) continue;
      events.push(log[i]);
      if (events.length === limit) {
        next = log[i].seq;
        break;
      }
    }
    return { events, next, more: next < last, last, oldest, dropped: Math.max(0, oldest - 1 - after) };
  }

  subscribe(listener: (e: WorldEvent) => void): () => void {
    this.subscribers.add(listener);
    return () => this.subscribers.delete(listener);
  }

  close(): void {
    this.closed = true;
    this.engineValue.stopRealtime();
    this.subscribers.clear();
  }

  private advanceTarget(seconds: number): number {
    this.requireManual();
    if (!(typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0)) throw invalid('seconds must be a non-negative number', 'seconds');
    const t = this.engineValue.now + Math.round(seconds * 1000);
    if (t > MAX_VIRTUAL_MS) throw invalid(`seconds would take the clock past its end, ${MAX_VIRTUAL_MS} ms (100 years) after the start; at most ${Math.floor((MAX_VIRTUAL_MS - this.engineValue.now) / 1000)} from now`, 'seconds');
    return t;
  }

  private runUntilTarget(t: number): number {
    this.requireManual();
    if (!(Number.isInteger(t) && t >= 0 && t <= MAX_VIRTUAL_MS)) throw invalid(`t must be a whole number of milliseconds from 0 to ${MAX_VIRTUAL_MS} (100 years)`, 't');
    if (t < this.engineValue.now) throw conflict('clock.past', `t ${t} is before the current time ${this.engineValue.now}`, 't');
    return t;
  }

  /**
   * Runs the world to `t` in slices of at most about SLICE_MS of wall time, giving the event loop a turn
   * (setImmediate) between them. Slices end at an instant's end (Engine.runPart), so the events are
   * those of one run to `t`, in the same order. A server that stops ends the move where it is.
   */
  private async moveInSlices(t: number): Promise<ClockView> {
    const engine = this.engineValue;
    let over!: () => void;
    this.movingValue = new Promise<void>((resolve) => (over = resolve));
    try {
      for (;;) {
        const deadline = performance.now() + SLICE_MS;
        let instants = 0;
        // The wall clock is read every 32 instants: a slice's cost, not the world's time.
        if (engine.runPart(t, () => (++instants & 31) === 0 && performance.now() >= deadline)) break;
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (this.closed || this.engineValue !== engine) break;
      }
    } finally {
      this.movingValue = null;
      over();
    }
    return this.clock();
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
        this.dispatching++;
        try {
          for (const s of this.subscribers) s(e);
        } finally {
          this.dispatching--;
        }
      },
    });
    if (this.modeValue === 'realtime' && !this.replayingValue) this.engineValue.startRealtime(this.speedValue, this.wallClock);
  }

  /**
   * The real-time clock caught up, unless the world is telling its subscribers of an event: a subscriber
   * that reads the time then (a WebSocket frame pushed and journaled) gets the event's instant, and the
   * clock does not run on in the middle of that instant (which would move the rest of it later).
   */
  private catchUp(): void {
    if (this.dispatching === 0) this.engineValue.catchUp();
  }

  private requireManual(): void {
    if (this.modeValue !== 'manual') throw conflict('clock.realtime', "the clock is in realtime mode; PUT /__admin/clock {\"mode\":\"manual\"} first", 'mode');
  }
}

/**
 * The wall clock as the real-time pacer reads it: read once per turn of the event loop and held until
 * the turn ends (setImmediate), so that the world stands still while one request, frame or timer is
 * handled, however many times it catches the clock up. What a request saw and did is then all at one
 * virtual time, which a recording notes and a replay reproduces (recording/).
 */
function turnClock(clock: WallClock): WallClock {
  let held: number | null = null;
  const release = () => {
    held = null;
  };
  return {
    now() {
      if (held === null) {
        held = clock.now();
        setImmediate(release);
      }
      return held;
    },
    setTimeout: (fn, ms) => clock.setTimeout(fn, ms),
    clearTimeout: (handle) => clock.clearTimeout(handle),
  };
}

function checkSpeed(speed: number): number {
  if (!(typeof speed === 'number' && Number.isFinite(speed) && speed > 0 && speed <= MAX_SPEED)) throw invalid(`speed must be a number above 0 and at most ${MAX_SPEED}`, 'speed');
  return speed;
}
