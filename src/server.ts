/**
 * `ccsim serve`: loads the scenario, builds the default tenant's app and the front that hands requests to
 * tenants (src/tenants), and listens until a stop signal (stop-signals.ts, installed by cli.ts before
 * anything else). Stopping is bounded, whatever is connected: every tenant's clock stops first, the
 * servers stop taking connections, then every tenant's app closes (event streams end with
 * `event: shutdown`, WebSockets close with 1001, webhook deliveries in flight are aborted, idle
 * keep-alive connections close); requests still in progress (a half-sent upload) get UPLOAD_GRACE_MS,
 * and at HARD_DEADLINE_MS every socket left is destroyed. The exit code is 0. Logs are Fastify's
 * structured pino logs; a tenant's lines other than the default one's carry its id. With `--watch`, an
 * edit of the scenario file reloads the default tenant's scenario (src/watch).
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { FastifyServerOptions } from 'fastify';
import { buildApp } from './app.js';
import { checkScenario, type InstrumentOptions } from './instruments/instruments.js';
import { RequestLog, serverLogger } from './request-log.js';
import { Simulation, type ClockMode } from './simulation.js';
import { ScenarioSource, resolveScenario } from './scenarios/load-scenario.js';
import type { ResolvedScenario } from './scenarios/scenario.js';
import { onStopSignal } from './stop-signals.js';
import { RecordingFileError } from './recording/format.js';
import type { RecordingOptions } from './recording/recordings.js';
import { DEFAULT_TENANT, DEFAULT_TENANT_DOMAINS } from './tenants/choice.js';
import { Front } from './tenants/front.js';
import { DEFAULT_MAX_TENANTS, DEFAULT_TENANT_IDLE_SECONDS } from './tenants/settings.js';
import { Tenants, type TenantSettings, type TenantsControl } from './tenants/tenants.js';

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
  /** Tenants at once, the default one included (`--max-tenants`). */
  maxTenants?: number;
  /** Seconds a tenant may be idle before it is let go; 0: never (`--tenant-idle`). */
  tenantIdleSeconds?: number;
  /** Host names whose first label names a tenant (`--tenant-domains`). */
  tenantDomains?: readonly string[];
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
  const front = await buildFront(options, scenario, serverLogger(options.logLevel));
  const app = front.tenants.default.app;
  if (snapshot !== null) {
    // The world the snapshot holds, replayed before the first client comes.
    try {
      const report = await app.recordings.start(snapshot);
      app.log.info({ snapshot: options.snapshot, t: report.t, inputs: report.inputs, ms: report.wall_ms, differing: report.differing }, 'started from a snapshot');
    } catch (err) {
      await front.tenants.closeAll();
      throw err instanceof Error && err.name === 'RecordingError' ? new RecordingFileError(`--snapshot '${options.snapshot}': ${err.message}`) : err;
    }
  }
  const listening = front.listen(options.port, options.host);
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
          return stop(front, signal);
        },
        () => 0,
      )
      .then(resolveStopped);
  });
  try {
    await listening;
  } catch (err) {
    unregister();
    front.stopListening();
    await front.tenants.closeAll();
    throw err;
  }
  app.log.info({ scenario: scenario.name, seed: scenario.seed, clock: options.clock, speed: options.speed }, 'ccsim serving');
  if (options.watch) {
    const { watchScenario } = await import('./watch/scenario-watch.js');
    // A stop that began meanwhile has nothing to unwatch: no watcher is started.
    if (!stopping) unwatch = watchScenario(app, front.tenants.default.world.simulation, { file: options.file, scenario: options.scenario, seed: options.seed, adminToken: options.adminToken });
  }
  return stopped;
}

/**
 * The front and its tenants as `ccsim serve` makes them, not yet listening (test/readme.test.ts sends
 * the README's examples through one): the default tenant's app over `scenario` at once, another tenant's
 * when it is first used, each with the server's settings, one request log for all.
 */
export async function buildFront(options: ServeOptions, scenario: ResolvedScenario, logger: FastifyServerOptions['logger']): Promise<Front> {
  const requestLog = new RequestLog();
  // The apps are built before the Tenants that hold them; their admin routes reach it through this.
  let tenants: Tenants | null = null;
  const held = (): Tenants => tenants as Tenants;
  const control: TenantsControl = { list: () => held().list(), put: (id, body) => held().put(id, body), remove: (id) => held().remove(id), worlds: () => held().worlds() };
  const make = async (id: string, settings: TenantSettings) => {
    const simulation = new Simulation({ scenario: settings.scenario, clock: settings.clock, speed: settings.speed, callLimit: options.retainCalls, eventLogLimit: options.retainEvents });
    try {
      const app = await buildApp({
        simulation,
        scenarioFile: options.file,
        logger: id === DEFAULT_TENANT ? logger : tenantLogger(logger, id),
        authOff: options.authOff,
        adminToken: options.adminToken,
        instruments: options.instruments,
        // Only the default tenant writes the --record file: one file cannot hold two worlds.
        recording: id === DEFAULT_TENANT ? options.recording : { ...options.recording, file: undefined },
        tenants: control,
        tenant: id,
        requestLog,
      });
      await app.ready();
      return { app, simulation };
    } catch (err) {
      // A --record file that cannot be written: the clock stops, nothing is left running.
      simulation.close();
      throw err;
    }
  };
  const defaults = { scenario, clock: options.clock, speed: options.speed };
  const domains = options.tenantDomains ?? DEFAULT_TENANT_DOMAINS;
  const world = await make(DEFAULT_TENANT, defaults);
  tenants = new Tenants(world, {
    make,
    defaults,
    scenarioFile: options.file,
    max: options.maxTenants ?? DEFAULT_MAX_TENANTS,
    idleMs: (options.tenantIdleSeconds ?? DEFAULT_TENANT_IDLE_SECONDS) * 1000,
    domains,
    log: world.app.log,
  });
  return new Front(tenants, domains);
}

/** A tenant's logger: the server's, its lines naming the tenant. */
function tenantLogger(logger: FastifyServerOptions['logger'], id: string): FastifyServerOptions['logger'] {
  if (!logger) return logger;
  return { ...(logger === true ? {} : logger), base: { pid: process.pid, hostname: hostname(), tenant: id } };
}

function readSnapshot(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new RecordingFileError(`cannot read --snapshot '${file}' (${(err as NodeJS.ErrnoException).code})`);
  }
}

async function stop(front: Front, signal: NodeJS.Signals): Promise<number> {
  const log = front.tenants.default.app.log;
  log.info({ signal }, 'stopping');
  try {
    await closeFront(front);
    log.info('stopped');
  } catch (err) {
    log.error({ err }, 'error while stopping');
  }
  return 0;
}

/** Stops a front and its tenants in bounded time, whatever is connected (the module's opening says how). */
export async function closeFront(front: Front): Promise<void> {
  // Nothing more happens in any world, and no more events reach streams or webhooks.
  front.tenants.stopClocks();
  const { closed } = front.stopListening();
  const grace = setTimeout(() => front.closeAllConnections(), UPLOAD_GRACE_MS);
  const deadline = setTimeout(() => {
    for (const socket of front.sockets) socket.destroy();
  }, HARD_DEADLINE_MS);
  try {
    await front.tenants.closeAll();
    // Connections whose event stream has just ended are idle now.
    front.closeIdleConnections();
    await closed;
  } finally {
    clearTimeout(grace);
    clearTimeout(deadline);
  }
}
