/**
 * One server's instruments (one tenant's, later): the journal with its masking, the fault registry, and
 * what the views use to pass their WebSocket frames and outgoing webhooks through both (ws.ts,
 * outgoing.ts); HTTP passes them at the door (http.ts).
 * The faults follow the simulation: a reset or a new scenario arms the scenario's faults again from the
 * start (their draws restart with the scenario's seed), while faults installed through the admin plane
 * stay until they are removed. The journal is not touched by a reset: it says what clients sent.
 */
import type { Simulation } from '../simulation.js';
import type { ResolvedScenario } from '../scenarios/scenario.js';
import { ScenarioError } from '../scenarios/load-scenario.js';
import { Faults, scenarioFaultProblems, type FaultSpec } from './faults.js';
import { DEFAULT_JOURNAL, Journal, type JournalOptions } from './journal.js';
import { Masking } from './masking.js';
import { OutgoingInstruments } from './outgoing.js';
import { holdFramesWhileMoving, InstrumentedSocket } from './ws.js';
import type { WebSocket } from 'ws';
import type { FastifyRequest } from 'fastify';
import { journalEntryOf } from './http.js';
import { Tally } from './tally.js';

export interface InstrumentOptions {
  journal?: Partial<JournalOptions>;
  /** Show credentials in the journal (`--journal-credentials`). */
  showCredentials?: boolean;
}

/** Refuses a scenario whose faults cannot be armed (before it is loaded), naming each problem. */
export function checkScenario(scenario: ResolvedScenario): void {
  const problems = scenarioFaultProblems(scenario.faults);
  if (problems.length > 0) throw new ScenarioError(problems.map((message) => ({ file: scenario.name, line: null, column: null, path: message.split(':')[0], message: message.slice(message.indexOf(':') + 2) })));
}

export class Instruments {
  readonly journal: Journal;
  /** Outgoing requests (webhook deliveries) through the journal and the faults. */
  readonly outgoing: OutgoingInstruments;
  /** What passed the instruments since the server started (GET /metrics). */
  readonly tally = new Tally();
  private readonly faults: Faults;
  private generation = -1;
  private connections = 0;

  constructor(
    private readonly sim: Simulation,
    options: InstrumentOptions = {},
  ) {
    this.journal = new Journal({ ...DEFAULT_JOURNAL, ...options.journal }, new Masking(options.showCredentials ?? false));
    this.faults = new Faults(sim.scenario.seed, this.tally);
    this.outgoing = new OutgoingInstruments({ journal: this.journal, faults: this, simulation: sim, tally: this.tally });
  }

  /**
   * A view's WebSocket connection (opened by `request`), through the journal and the faults: the view hands it every
   * frame it reads and every frame it sends, and `write` puts a frame on the socket. Connections are
   * numbered from 1 in the order they open.
   */
  socket(socket: WebSocket, request: FastifyRequest, api: string, write: (frame: string | Buffer) => void): InstrumentedSocket {
    const connection = ++this.connections;
    // The upgrade's own entry (a GET that @fastify/websocket hijacked, so it has no response): 101 and its connection.
    this.journal.completed(journalEntryOf(request), (e) => {
      e.status = 101;
      e.connection = connection;
    });
    // Before anyone listens: what the client sends while the clock moves in slices waits for the move's end.
    holdFramesWhileMoving(socket, this.sim);
    this.tally.wsOpened++;
    socket.once('close', () => this.tally.wsClosed++);
    return new InstrumentedSocket({ journal: this.journal, faults: this, simulation: this.sim, tally: this.tally }, socket, api, request.url.split('?')[0], connection, write);
  }

  /** The fault registry, the scenario's faults armed for the world now. */
  faultsNow(): Faults {
    if (this.sim.generation !== this.generation) {
      this.generation = this.sim.generation;
      // Checked when the scenario was loaded (checkScenario): armed as they are.
      this.faults.rearm(this.sim.scenario.seed, this.sim.scenario.faults as unknown as FaultSpec[]);
    }
    return this.faults;
  }
}
