/**
 * `ccsim/testing`: a ccsim server inside a Node test's own process, on a free port of 127.0.0.1, for as
 * long as the test needs it (as moto's threaded server is for AWS): `await start({scenario, seed, clock})`
 * gives the typed client, the base URL every vendor API is served under, and `stop()`. It is the server
 * `ccsim serve` runs (every view, /__admin, the journal and faults, tenants), without the process around
 * it: nothing is logged unless asked, and no signal handler is installed.
 */
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildFront, closeFront } from '../server.js';
import type { ClockMode, Simulation } from '../simulation.js';
import { ScenarioSource, resolveScenario } from '../scenarios/load-scenario.js';
import { checkScenario, type InstrumentOptions } from '../instruments/instruments.js';
import { CcsimClient } from '../client/index.js';

/** The scenarios that come with ccsim (its scenarios.yaml: `default`, `smoke`). */
export const BUNDLED_SCENARIOS = fileURLToPath(new URL('../../scenarios.yaml', import.meta.url));

export interface StartOptions {
  /** A scenario of `file` by name (default: `default`, or the file's only one). */
  scenario?: string;
  /** The scenario file (default: the one ccsim comes with). */
  file?: string;
  /** A scenario file's text (YAML) instead of `file`. */
  yaml?: string;
  /** Overrides the scenario's seed. */
  seed?: number;
  /** `manual` (the default here: time moves only when the test says) or `realtime`. */
  clock?: ClockMode;
  /** Real time's speed (default 1). */
  speed?: number;
  /** When set, /__admin needs it; the client sends it. */
  adminToken?: string;
  /** The journal's bounds and masking, as `serve --journal…` sets them. */
  instruments?: InstrumentOptions;
  /** The request log's level (default: nothing logged). */
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
  /** The port (default 0: a free one). */
  port?: number;
}

export interface Started {
  /** The typed client of /__admin, with the admin token when there is one. */
  client: CcsimClient;
  /** `http://127.0.0.1:PORT`: the APIs are under it (`/api/ver1.0`, `/cdr_dialog`, …) and /__admin. */
  baseUrl: string;
  /** `ws://127.0.0.1:PORT`, for the ARM WebSocket. */
  wsUrl: string;
  port: number;
  /** The default tenant's Fastify app, for `app.inject` or its route table. */
  app: FastifyInstance;
  /** The default tenant's Simulation (advanced use: prefer the client). */
  simulation: Simulation;
  /** Closes the server (its streams and sockets) and stops the clock. */
  stop(): Promise<void>;
}

export async function start(options: StartOptions = {}): Promise<Started> {
  const file = options.file ?? BUNDLED_SCENARIOS;
  const source = options.yaml !== undefined ? ScenarioSource.parse(options.yaml, 'start({yaml})') : ScenarioSource.fromFile(file);
  const scenario = resolveScenario(source, { scenario: options.scenario, seed: options.seed });
  checkScenario(scenario);
  const front = await buildFront(
    { port: options.port ?? 0, host: '127.0.0.1', file, clock: options.clock ?? 'manual', speed: options.speed ?? 1, logLevel: options.logLevel ?? 'silent', adminToken: options.adminToken, instruments: options.instruments },
    scenario,
    options.logLevel ? { level: options.logLevel } : false,
  );
  let urls: string[];
  try {
    urls = await front.listen(options.port ?? 0, '127.0.0.1');
  } catch (err) {
    front.stopListening();
    await front.tenants.closeAll();
    throw err;
  }
  const { app, simulation } = front.tenants.default.world;
  const port = Number(new URL(urls[0]).port);
  const baseUrl = `http://127.0.0.1:${port}`;
  let stopped: Promise<void> | null = null;
  return {
    client: new CcsimClient({ baseUrl, token: options.adminToken }),
    baseUrl,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    app,
    simulation,
    stop: () => {
      stopped ??= closeFront(front);
      return stopped;
    },
  };
}
