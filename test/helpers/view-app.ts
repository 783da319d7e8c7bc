/**
 * What every view's test harness starts from: a scenario (a name in scenarios.yaml or inline text), the
 * app over a fresh manual-clock simulation with its warn-and-above log lines captured, a checker of
 * bodies against a view's JSON Schema contract, and the admin clock moves. Each harness adds its API's
 * own ways to call and check on top.
 */
import { Writable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppOptions } from '../../src/app.js';
import { Simulation } from '../../src/simulation.js';
import { loadScenarioFile, loadScenarioText } from '../../src/scenarios/load-scenario.js';
import type { ResolvedScenario } from '../../src/scenarios/scenario.js';
import { SCENARIO_FILE, schemaChecker } from './app.js';

export { schemaChecker };

/** `scenario` is a name in scenarios.yaml, or (inline) YAML/JSON text with one scenario. */
export function resolveScenario(scenario: string, inline: boolean): ResolvedScenario {
  return inline ? loadScenarioText(scenario, 'test.yaml', {}) : loadScenarioFile(SCENARIO_FILE, { scenario });
}

export interface ViewApp {
  app: FastifyInstance;
  sim: Simulation;
  /** Log lines (JSON) at warn and above. */
  logs: Record<string, unknown>[];
}

export async function startViewApp(resolved: ResolvedScenario, options: Pick<AppOptions, 'bodyLimit' | 'authOff'> & { callLimit?: number } = {}): Promise<ViewApp> {
  const { callLimit, ...appOptions } = options;
  const sim = new Simulation({ scenario: resolved, clock: 'manual', speed: 1, callLimit });
  const logs: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) logs.push(JSON.parse(line));
      done();
    },
  });
  const app = await buildApp({ simulation: sim, scenarioFile: SCENARIO_FILE, logger: { level: 'warn', stream }, ...appOptions });
  await app.ready();
  return { app, sim, logs };
}

/** Which definitions a route's successful responses have, by path pattern and method. */
export type ResponseTable = [RegExp, Partial<Record<string, string>>][];

/** The definition of a successful response to `method path` (query and trailing slashes aside). */
export function successDefinition(table: ResponseTable, method: string, path: string): string | undefined {
  const bare = path.split('?')[0].replace(/\/+$/, '');
  return table.find(([re]) => re.test(bare))?.[1][method];
}

/**
 * Problems of a JSON response against `definition` (undefined: the route has none): its content type, then
 * its body. `where` names the request in the messages.
 */
export function jsonBodyProblems(check: (definition: string, body: unknown) => string[], definition: string | undefined, where: string, r: LightMyRequestResponse): string[] {
  if (!/^application\/json/.test(String(r.headers['content-type']))) return [`${where}: content-type ${r.headers['content-type']}`];
  if (!definition) return [`${where}: no schema for this route`];
  return check(definition, r.json()).map((e) => `${where} (${definition}): ${e}`);
}

/** Advances the virtual clock through /__admin. */
export async function advanceClock(app: FastifyInstance, seconds: number): Promise<void> {
  const r = await app.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { seconds } });
  if (r.statusCode !== 200) throw new Error(r.body);
}

/** Runs the virtual clock to `seconds` after the start through /__admin. */
export async function runClockUntil(app: FastifyInstance, seconds: number): Promise<void> {
  const r = await app.inject({ method: 'POST', url: '/__admin/clock/run-until', payload: { t: Math.round(seconds * 1000) } });
  if (r.statusCode !== 200) throw new Error(r.body);
}
