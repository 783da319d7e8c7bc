/**
 * The Telphin view under test: the app over scenarios.yaml (or an inline scenario) in manual clock mode,
 * a token, short ways to call the API, and every response checked against schemas/queue-rest.
 */
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { Ajv } from 'ajv';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../../src/app.js';
import { Simulation } from '../../../src/simulation.js';
import { loadScenarioFile, loadScenarioText } from '../../../src/scenarios/load-scenario.js';
import { SCENARIO_FILE } from '../../helpers/app.js';

export const API = '/api/ver1.0';

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addSchema(JSON.parse(readFileSync(new URL('../../../schemas/queue-rest/queue-rest.schema.json', import.meta.url), 'utf8')));

/** Errors of `body` against a definition of schemas/queue-rest ([] when valid). */
export function schemaErrors(definition: string, body: unknown): string[] {
  const validate = ajv.getSchema(`queue-rest#/definitions/${definition}`);
  if (!validate) throw new Error(`no definition ${definition}`);
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** Which schema definition a successful response of the API has, by method and path (query aside). */
const RESPONSES: [RegExp, Partial<Record<string, string>>][] = [
  [/^\/user$/, { GET: 'User' }],
  [/^\/client\/[^/]+\/extension$/, { GET: 'ExtensionList', POST: 'Extension' }],
  [/^\/client\/[^/]+\/extension\/[^/]+$/, { GET: 'Extension', PUT: 'Extension' }],
  [/^\/extension\/[^/]+\/queue$/, { GET: 'QueueConfig', PUT: 'QueueConfig' }],
  [/^\/extension\/[^/]+\/queue\/status$/, { GET: 'QueueStatus' }],
  [/^\/extension\/[^/]+\/queue\/agents\/(local|remote)$/, { GET: 'QueueAgentList', POST: 'QueueAgent' }],
  [/^\/extension\/[^/]+\/queue\/agents\/(local|remote)\/[^/]+$/, { GET: 'QueueAgent', PUT: 'QueueAgent' }],
  [/^\/client\/[^/]+\/agent\/local$/, { GET: 'LocalAgentList', POST: 'LocalAgent' }],
  [/^\/client\/[^/]+\/agent\/local\/[^/]+$/, { GET: 'LocalAgent', PUT: 'LocalAgent' }],
  [/^\/client\/[^/]+\/agent\/remote$/, { GET: 'RemoteAgentList', POST: 'RemoteAgent' }],
  [/^\/client\/[^/]+\/agent\/remote\/[^/]+$/, { GET: 'RemoteAgent', PUT: 'RemoteAgent' }],
  [/^\/extension\/[^/]+\/event$/, { GET: 'ExtensionEventList', POST: 'ExtensionEvent' }],
  [/^\/extension\/[^/]+\/event\/[^/]+$/, { GET: 'ExtensionEvent', PUT: 'ExtensionEvent' }],
  [/^\/client\/[^/]+\/agent\/(local|remote)\/[^/]+\/event$/, { GET: 'AgentEventList', POST: 'AgentEvent' }],
  [/^\/client\/[^/]+\/agent\/(local|remote)\/[^/]+\/event\/[^/]+$/, { GET: 'AgentEvent', PUT: 'AgentEvent' }],
];

/**
 * Every API response against its schema: an error is `Error`, a 204 is empty, a success is its route's
 * DTO. Returns the problems ([] when it conforms).
 */
export function responseProblems(method: string, path: string, r: LightMyRequestResponse): string[] {
  const where = `${method} ${path} → ${r.statusCode}`;
  if (r.statusCode === 204) return r.body === '' ? [] : [`${where}: a 204 with a body`];
  if (!/^application\/json/.test(String(r.headers['content-type']))) return [`${where}: content-type ${r.headers['content-type']}`];
  if (r.statusCode >= 400) return schemaErrors('Error', r.json()).map((e) => `${where}: ${e}`);
  const bare = path.split('?')[0].replace(/\/+$/, '');
  const def = RESPONSES.find(([re]) => re.test(bare))?.[1][method];
  if (!def) return [`${where}: no schema for this route`];
  return schemaErrors(def, r.json()).map((e) => `${where} (${def}): ${e}`);
}

export interface Harness {
  app: FastifyInstance;
  sim: Simulation;
  token: string;
  /** Log lines (JSON) at warn and above. */
  logs: Record<string, unknown>[];
  /** An authenticated request to /api/ver1.0 + path, with a JSON body when given. */
  api(method: InjectOptions['method'], path: string, payload?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** Advances the virtual clock through /__admin. */
  advance(seconds: number): Promise<void>;
  newToken(): Promise<string>;
}

/** `scenario` is a name in scenarios.yaml, or inline YAML/JSON with one scenario. */
export async function harness(scenario = 'default', options: { bodyLimit?: number; inline?: boolean } = {}): Promise<Harness> {
  const resolved = options.inline ? loadScenarioText(scenario, 'test.yaml', {}) : loadScenarioFile(SCENARIO_FILE, { scenario });
  const sim = new Simulation({ scenario: resolved, clock: 'manual', speed: 1 });
  const logs: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) logs.push(JSON.parse(line));
      done();
    },
  });
  const app = await buildApp({ simulation: sim, scenarioFile: SCENARIO_FILE, bodyLimit: options.bodyLimit, logger: { level: 'warn', stream } });
  await app.ready();
  const h: Harness = {
    app,
    sim,
    token: '',
    logs,
    api: async (method, path, payload, headers = {}) => {
      const r = await app.inject({
        method,
        url: `${API}${path}`,
        headers: { authorization: `Bearer ${h.token}`, ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(payload === undefined ? {} : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
      });
      // Every response of every test is checked against its schema; a stray shape fails loudly.
      const problems = responseProblems(String(method ?? 'GET'), path, r);
      if (problems.length > 0) throw new Error(`response does not match its schema: ${problems.join('; ')}`);
      return r;
    },
    advance: async (seconds) => {
      const r = await app.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { seconds } });
      if (r.statusCode !== 200) throw new Error(r.body);
    },
    newToken: async () => {
      const creds = credentials(sim);
      const r = await app.inject({ method: 'POST', url: '/oauth/token', payload: `grant_type=client_credentials&client_id=${encodeURIComponent(creds.client_id)}&client_secret=${encodeURIComponent(creds.client_secret)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      if (r.statusCode !== 200) throw new Error(r.body);
      return r.json().access_token as string;
    },
  };
  h.token = await h.newToken();
  return h;
}

export function credentials(sim: Simulation): { client_id: string; client_secret: string } {
  const t = (sim.scenario.apis.telphin ?? {}) as { client_id?: string; client_secret?: string };
  return { client_id: t.client_id ?? 'ccsim', client_secret: t.client_secret ?? 'ccsim-secret' };
}
