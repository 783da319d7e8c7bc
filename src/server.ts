/**
 * `ccsim serve`: loads the scenario, builds the app and listens until a stop signal (stop-signals.ts,
 * installed by cli.ts before anything else). Stopping is bounded, whatever is connected: the
 * simulation's clock stops first, then the app closes (event streams end with `event: shutdown`,
 * WebSockets close with 1001, webhook deliveries in flight are aborted, idle keep-alive connections
 * close); requests still in progress (a half-sent upload) get UPLOAD_GRACE_MS, and at HARD_DEADLINE_MS
 * every socket left is destroyed. The exit code is 0. Logs are Fastify's structured pino logs. With
 * `--watch`, an edit of the scenario file reloads the scenario (src/watch).
 */
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { checkScenario, type InstrumentOptions } from './instruments/instruments.js';
import { serverLogger } from './request-log.js';
import { Simulation, type ClockMode } from './simulation.js';
import { ScenarioSource, resolveScenario } from './scenarios/load-scenario.js';
import { onStopSignal } from './stop-signals.js';
import { RecordingFileError } from './recording/format.js';
import type { RecordingOptions } from './recording/recordings.js';

export interface ServeOptions {
  port: number;
  host: string;
  file: string;
  scenario?: string;
  seed?: number;
  clock: ClockMode;
  speed: number;
  logLevel: string;
  /** APIs whose credential checks are off (`--auth`). */
  authOff?: string[];
  /** The admin token (`--admin-token`): /__admin but its health needs it. */
  adminToken?: string;
  /** Finished calls and events the served world keeps (`--retain-calls`, `--retain-events`). */
  retainCalls?: number;
  retainEvents?: number;
  /** The journal's bounds and masking (`--journal…`). */
  instruments?: InstrumentOptions;
  /** The recording's bound and file, the snapshots kept (`--record…`, `--snapshots`). */
  recording?: RecordingOptions;
  /** A snapshot file to start from (`--snapshot`). */
  snapshot?: string;
  /** Reload the scenario when its file changes (`--watch`; src/watch). */
  watch?: boolean;
}

/** From the stop signal until HTTP requests still in progress are cut off. */
const UPLOAD_GRACE_MS = 1_000;
/** From the stop signal until every socket still open (a WebSocket that never answers its close) is destroyed. */
const HARD_DEADLINE_MS = 3_000;

/** Serves until a stop signal; resolves with the process exit code. */
export async function serve(options: ServeOptions): Promise<number> {
  const snapshot = options.snapshot === undefined ? null : readSnapshot(options.snapshot);
  const scenario = resolveScenario(ScenarioSource.fromFile(options.file), { scenario: options.scenario, seed: options.seed });
  checkScenario(scenario);
  const simulation = new Simulation({ scenario, clock: options.clock, speed: options.speed, callLimit: options.retainCalls, eventLogLimit: options.retainEvents });
  let app: FastifyInstance;
  try {
    app = await buildApp({ simulation, scenarioFile: options.file, logger: serverLogger(options.logLevel), authOff: options.authOff, adminToken: options.adminToken, instruments: options.instruments, recording: options.recording });
  } catch (err) {
    // A --record file that cannot be written: the clock stops, nothing is left running.
    simulation.close();
    throw err;
  }
  if (snapshot !== null) {
    // The world the snapshot holds, replayed before the first client comes.
    try {
      await app.ready();
      const report = await app.recordings.start(snapshot);
      app.log.info({ snapshot: options.snapshot, t: report.t, inputs: report.inputs, ms: report.wall_ms, differing: report.differing }, 'started from a snapshot');
    } catch (err) {
      await app.close();
      throw err instanceof Error && err.name === 'RecordingError' ? new RecordingFileError(`--snapshot '${options.snapshot}': ${err.message}`) : err;
    }
  }
  const sockets = openSockets(app);
  const listening = app.listen({ port: options.port, host: options.host });
  let stopping = false;
  let unwatch: (() => Promise<void>) | null = null;
  let resolveStopped!: (code: number) => void;
  const stopped = new Promise<number>((resolve) => (resolveStopped = resolve));
  const unregister = onStopSignal((signal) => {
    if (stopping) return;
    stopping = true;
    // A signal during listen stops once listen has settled.
    listening
      .then(
        async () => {
          await unwatch?.();
          return stop(app, simulation, sockets, signal);
        },
        () => 0,
      )
      .then(resolveStopped);
  });
  try {
    await listening;
  } catch (err) {
    unregister();
    await app.close();
    throw err;
  }
  app.log.info({ scenario: scenario.name, seed: scenario.seed, clock: options.clock, speed: options.speed }, 'ccsim serving');
  if (options.watch) {
    const { watchScenario } = await import('./watch/scenario-watch.js');
    // A stop that began meanwhile has nothing to unwatch: no watcher is started.
    if (!stopping) unwatch = watchScenario(app, simulation, { file: options.file, scenario: options.scenario, seed: options.seed, adminToken: options.adminToken });
  }
  return stopped;
}

function readSnapshot(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new RecordingFileError(`cannot read --snapshot '${file}' (${(err as NodeJS.ErrnoException).code})`);
  }
}

/** Every TCP connection of the server, upgraded ones included (Node's own list has only HTTP ones). */
function openSockets(app: FastifyInstance): Set<Socket> {
  const sockets = new Set<Socket>();
  app.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return sockets;
}

async function stop(app: FastifyInstance, simulation: Simulation, sockets: Set<Socket>, signal: NodeJS.Signals): Promise<number> {
  app.log.info({ signal }, 'stopping');
  // Nothing more happens in the world, and no more events reach streams or webhooks.
  simulation.close();
  const grace = setTimeout(() => app.server.closeAllConnections(), UPLOAD_GRACE_MS);
  const deadline = setTimeout(() => {
    for (const socket of sockets) socket.destroy();
  }, HARD_DEADLINE_MS);
  try {
    await app.close();
    app.log.info('stopped');
  } catch (err) {
    app.log.error({ err }, 'error while stopping');
  } finally {
    clearTimeout(grace);
    clearTimeout(deadline);
  }
  return 0;
}
