/** An app over scenarios.yaml (or inline YAML) in manual clock mode, with the instruments' options, for the journal and fault tests. */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import type { InstrumentOptions } from '../../src/instruments/instruments.js';
import { Simulation } from '../../src/simulation.js';
import { loadScenarioFile, loadScenarioText } from '../../src/scenarios/load-scenario.js';
import { SCENARIO_FILE } from '../helpers/app.js';

export async function instrumentedApp(options: { scenario?: string; yaml?: string; seed?: number; instruments?: InstrumentOptions } = {}): Promise<{ app: FastifyInstance; sim: Simulation }> {
  const scenario = options.yaml ? loadScenarioText(options.yaml, 'test.yaml', { seed: options.seed }) : loadScenarioFile(SCENARIO_FILE, { scenario: options.scenario ?? 'default', seed: options.seed });
  const sim = new Simulation({ scenario, clock: 'manual', speed: 1 });
  const app = await buildApp({ simulation: sim, scenarioFile: SCENARIO_FILE, instruments: options.instruments });
  await app.ready();
  return { app, sim };
}

export async function telphinToken(app: FastifyInstance): Promise<string> {
  const r = await app.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=client_credentials&client_id=ccsim&client_secret=ccsim-secret' });
  return r.json().access_token;
}

export const admin = (app: FastifyInstance, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) =>
  app.inject({ method, url: `/__admin${url}`, ...(payload === undefined ? {} : { payload: payload as object }) });
