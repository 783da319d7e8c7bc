/**
 * The Conpeek view's adapter state over one Simulation: settings from the scenario, the directory of
 * project and tenant user ids, the seeded extras of each call, and the list of finished dialogs (built
 * from the world's call records, kept until the world changes). It is rebuilt from the scenario whenever
 * the simulation is reset or a scenario is loaded (`Simulation.generation`). It holds no call-center
 * state: calls, queues and agents are always read from the world, and a hang-up is the engine's command.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { WorldEvent } from '../../scenarios/callcenter/world.js';
import type { Simulation } from '../../simulation.js';
import { ExtrasSource } from './extras.js';
import type { FilterTarget } from './filter.js';
import { agentDialogUuid, Directory } from './ids.js';
import { notFound } from './errors.js';
import { dialogsOf, type MapContext } from './mapper.js';
import type { CdrCall } from './record.js';
import { readSettings, type Settings } from './settings.js';

export class ConpeekAdapter {
  settings!: Settings;
  private directory!: Directory;
  private extras!: ExtrasSource;
  private generation = -1;
  private cache: { key: string; dialogs: FilterTarget[] } | null = null;
  private readonly unsubscribe: () => void;

  constructor(
    readonly sim: Simulation,
    private readonly log: FastifyBaseLogger,
  ) {
    this.rebuild();
    this.unsubscribe = sim.subscribe((e) => this.onEvent(e));
  }

  /** At the start of every request: catches the clock up and follows a reset or a new scenario. */
  ensure(): void {
    this.sim.now();
    if (this.sim.generation !== this.generation) this.rebuild();
  }

  close(): void {
    this.unsubscribe();
  }

  /**
   * Every finished call's dialogs, oldest hang-up first (then call order, the EXTERNAL side first): a
   * call that ends is appended, so offset paging stays stable while calls finish. Live calls are not
   * CDRs and are not listed.
   */
  dialogs(): FilterTarget[] {
    const key = `${this.sim.generation}:${this.sim.eventSeq}`;
    if (this.cache?.key === key) return this.cache.dialogs;
    const calls = this.sim.read((q) => q.calls()) as CdrCall[];
    const byId = new Map(calls.map((c) => [c.id, c]));
    const ctx = this.context((id) => byId.get(id) ?? null);
    const finished = calls.filter((c) => c.endedT !== null).sort((a, b) => (a.endedT as number) - (b.endedT as number) || a.seq - b.seq);
    const dialogs = finished.flatMap((c) => dialogsOf(c, ctx));
    this.cache = { key, dialogs };
    return dialogs;
  }

  /** The mapping context over the world as it is now (names of queues and agents read from it). */
  context(call: (id: string) => CdrCall | null = (id) => this.sim.read((q) => q.call(id)) as CdrCall | null): MapContext {
    const q = this.sim.engine.queries;
    return {
      startMs: this.sim.scenario.startMs,
      settings: this.settings,
      project: (queue) => this.directory.project(queue, q.queue(queue)?.name),
      user: (agent) => this.directory.user(agent, q.agent(agent)?.name),
      extras: (callId, startMs) => this.extras.forCall(callId, startMs),
      call,
    };
  }

  /**
   * Ends the live call a dialog uuid belongs to: the EXTERNAL side's uuid (the call id) or the side of
   * the agent on it. Unknown uuids, and dialogs of calls that have ended, are 404s.
   */
  hangUp(uuid: string): void {
    const q = this.sim.engine.queries;
    const own = q.call(uuid);
    let live = own && own.endedT === null ? own : null;
    if (!live && !own) {
      live =
        q.calls().find((c) => c.endedT === null && c.agent !== null && uuid === agentDialogUuid(c.id, c.kind === 'queue' ? 'CONSULTANT' : 'TENANT_USER', c.agent)) ?? null;
    }
    if (live) {
      const id = live.id;
      this.sim.command((c) => c.hangUp(id));
      return;
    }
    if (own || this.dialogs().some((d) => d.dialog.dialog_uuid === uuid)) throw notFound(`Dialog '${uuid}' has already ended`);
    throw notFound(`Dialog '${uuid}' not found`);
  }

  /** From the scenario alone (the new world may still be under construction when this runs). */
  private rebuild(): void {
    this.generation = this.sim.generation;
    this.settings = readSettings(this.sim.scenario.apis, this.log);
    this.directory = Directory.fromScenario(this.sim.scenario, this.settings);
    this.extras = new ExtrasSource(this.sim.scenario.seed);
    this.cache = null;
  }

  /** Queues and agents made later are numbered in event-log order, so ids do not depend on who asks first. */
  private onEvent(e: WorldEvent): void {
    try {
      if (this.sim.generation !== this.generation) this.rebuild();
      if (e.type === 'queue.created') this.directory.project(e.queue as string);
      else if (e.type === 'agent.created') this.directory.user(e.agent as string);
    } catch (err) {
      // Never let the view break the engine: the event is skipped for the view, and logged.
      this.log.error({ err, event: e }, 'conpeek view could not follow an event');
    }
  }
}
