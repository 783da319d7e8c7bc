/**
 * The Conpeek view's adapter state over one Simulation: settings from the scenario, the directory of
 * project and tenant user ids, the seeded extras of each call, and the kept dialogs of finished calls
 * (dialog-log.ts, fed from the event log so a read builds only what changed). It is made again from the
 * scenario whenever the simulation is reset or a scenario is loaded (`Simulation.generation`). It holds
 * no call-center state: calls, queues and agents are read from the world, and a hang-up is the engine's
 * command.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { WorldEvent } from '../../scenarios/callcenter/events.js';
import type { Simulation } from '../../simulation.js';
import { ViewState } from '../shared/view-state.js';
import { DialogLog, type LogSource } from './dialog-log.js';
import { ExtrasSource } from './extras.js';
import type { FilterTarget } from './filter.js';
import { agentDialogUuid, Directory } from './ids.js';
import { notFound } from './errors.js';
import { dialogsOf, type MapContext } from './mapper.js';
import type { CdrCall } from './record.js';
import { readSettings, type Settings } from './settings.js';

export class ConpeekAdapter extends ViewState {
  settings!: Settings;
  private directory!: Directory;
  private extras!: ExtrasSource;
  private kept!: DialogLog;
  private readonly source: LogSource;

  constructor(sim: Simulation, log: FastifyBaseLogger) {
    super(sim, log, 'conpeek');
    const q = () => this.sim.engine.queries;
    this.source = {
      oldestKept: () => q().retention().oldest,
      call: (id) => q().call(id) as CdrCall | null,
      calls: () => q().calls() as CdrCall[],
      // Reads without a catch-up, so the world holds still while the kept list is brought up to date.
      build: (call) => dialogsOf(call, this.context((id) => q().call(id) as CdrCall | null)),
      // The same reads as context(): a renamed agent or queue is shown by its name in the world now.
      agentRenamed: (agent) => {
        const name = q().agent(agent)?.name;
        return name !== undefined && name !== this.directory.user(agent).name;
      },
      queueRenamed: (queue) => {
        const name = q().queue(queue)?.name;
        return name !== undefined && name !== this.directory.project(queue).name;
      },
    };
    this.current();
  }

  /**
   * Every finished call's dialogs, oldest hang-up first (then call order, the EXTERNAL side first): a
   * call that ends is appended, so offset paging stays stable while calls finish. Live calls are not
   * CDRs and are not listed. The array is the adapter's own: page over it, never change it.
   */
  dialogs(): readonly FilterTarget[] {
    return this.kept.list(this.source);
  }

  /** A finished call's dialog by its uuid, or undefined. */
  dialog(uuid: string): FilterTarget | undefined {
    return this.kept.find(this.source, uuid);
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
        q.liveCalls().find((c) => c.agent !== null && uuid === agentDialogUuid(c.id, c.kind === 'queue' ? 'CONSULTANT' : 'TENANT_USER', c.agent)) ?? null;
    }
    if (live) {
      const id = live.id;
      this.sim.command((c) => c.hangUp(id));
      return;
    }
    if (own || this.dialog(uuid)) throw notFound(`Dialog '${uuid}' has already ended`);
    throw notFound(`Dialog '${uuid}' not found`);
  }

  /**
   * From the scenario alone (the new world may still be under construction when this runs). The kept
   * dialogs scan the world's finished calls at their first read: the view may have been made, or seen a
   * reset, after calls ended whose events it did not see.
   */
  protected rebuild(): void {
    this.settings = readSettings(this.sim.scenario.apis, this.log);
    this.directory = Directory.fromScenario(this.sim.scenario, this.settings);
    this.extras = new ExtrasSource(this.sim.scenario.seed);
    this.kept = new DialogLog(true, (id) => this.sim.engine.queries.hasCall(id));
  }

  /**
   * Queues and agents made later are numbered in event-log order, so ids do not depend on who asks
   * first. Ended calls, client dispositions and renames go to the kept dialogs, for the next read.
   */
  protected override onEvent(e: WorldEvent): void {
    switch (e.type) {
      case 'call.ended':
      case 'call.left':
        this.kept.callEnded(e.call);
        break;
      case 'call.disposition':
        if (e.by === 'client') this.kept.dispositionSet(e.call);
        break;
      case 'queue.created':
        this.directory.project(e.queue);
        this.kept.queueChanged(e.queue);
        break;
      case 'agent.created':
        this.directory.user(e.agent);
        this.kept.agentChanged(e.agent);
        break;
      case 'agent.updated':
        this.kept.agentChanged(e.agent);
        break;
    }
  }
}
