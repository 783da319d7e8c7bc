/**
 * The lifecycle every view's own state follows, written once: it subscribes to the world's events, is
 * made again from the scenario whenever the simulation is reset or loads a scenario
 * (`Simulation.generation`), catches the clock up before a request reads the world, and never lets a
 * failure of its own reach the engine (an event it cannot follow is logged and skipped for the view). A
 * view extends it with what it keeps (ids, sessions, tokens, caches) and nothing of the call center.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { CallCenterCommands } from '../../scenarios/callcenter/commands.js';
import type { CallCenterQueries } from '../../scenarios/callcenter/queries.js';
import type { WorldEvent } from '../../scenarios/callcenter/events.js';
import type { Simulation } from '../../simulation.js';

export abstract class ViewState {
  private generation = -1;
  private readonly unsubscribe: () => void;

  constructor(
    readonly sim: Simulation,
    readonly log: FastifyBaseLogger,
    /** The view's name in log lines. */
    private readonly viewName: string,
  ) {
    this.unsubscribe = sim.subscribe((e) => this.follow(e));
  }

  /**
   * At the start of every request: the clock caught up, a reset or a new scenario followed, then the
   * view's own per-request upkeep. Returns the virtual time, in ms since the start and as epoch ms.
   */
  ensure(): { t: number; epochMs: number } {
    const t = this.sim.now();
    this.current();
    this.beforeRequest();
    return { t, epochMs: this.sim.scenario.startMs + t };
  }

  get queries(): CallCenterQueries {
    return this.sim.engine.queries;
  }

  /** Runs world commands at the present virtual time. */
  command<T>(fn: (c: CallCenterCommands) => T): T {
    return this.sim.command(fn);
  }

  /** Virtual epoch ms of a virtual time `t` (ms since the start). */
  epochMs(t: number): number {
    return this.sim.scenario.startMs + t;
  }

  close(): void {
    this.unsubscribe();
    this.onClose();
  }

  /** Made again from the scenario alone: the new world may still be under construction when this runs. */
  protected abstract rebuild(): void;

  /** One event of the world's log, in order (the first of a new world after its rebuild). */
  protected onEvent(_e: WorldEvent): void {}

  /** Per-request upkeep after a rebuild check (reconciling with the world, letting go of old records). */
  protected beforeRequest(): void {}

  protected onClose(): void {}

  /** Rebuilds when the simulation has moved to a new world since the view last looked. */
  protected current(): void {
    if (this.sim.generation === this.generation) return;
    this.generation = this.sim.generation;
    this.rebuild();
  }

  private follow(e: WorldEvent): void {
    try {
      this.current();
      this.onEvent(e);
    } catch (err) {
      // Never let the view break the engine: the event is skipped for the view, and logged.
      this.log.error({ err, event: e }, `${this.viewName} view could not follow an event`);
    }
  }
}
