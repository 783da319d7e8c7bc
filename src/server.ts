/**
 * `ccsim serve`: loads the scenario, builds the app and listens; stops cleanly (exit code 0) on SIGTERM
 * or SIGINT, closing connections and the simulation's clock. Logs are Fastify's structured pino logs.
 */
import { buildApp } from './app.js';
import { serverLogger } from './request-log.js';
import { Simulation, type ClockMode } from './simulation.js';
import { ScenarioSource, resolveScenario } from './scenarios/load-scenario.js';

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
}

/** Serves until a stop signal; resolves with the process exit code. */
export async function serve(options: ServeOptions): Promise<number> {
  const scenario = resolveScenario(ScenarioSource.fromFile(options.file), { scenario: options.scenario, seed: options.seed });
  const simulation = new Simulation({ scenario, clock: options.clock, speed: options.speed, callLimit: options.retainCalls, eventLogLimit: options.retainEvents });
  const app = await buildApp({ simulation, scenarioFile: options.file, logger: serverLogger(options.logLevel), authOff: options.authOff, adminToken: options.adminToken });
  await app.listen({ port: options.port, host: options.host });
  app.log.info({ scenario: scenario.name, seed: scenario.seed, clock: options.clock, speed: options.speed }, 'ccsim serving');
  return new Promise((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      app.log.info({ signal }, 'stopping');
      app.close().then(
        () => resolve(0),
        (err) => {
          app.log.error({ err }, 'error while stopping');
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}
