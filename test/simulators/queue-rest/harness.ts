/**
 * The Telphin view under test: the app over scenarios.yaml (or an inline scenario) in manual clock mode,
 * a token, short ways to call the API, and every response checked against schemas/queue-rest.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Simulation } from '../../../src/simulation.js';
import { advanceClock, jsonBodyProblems, resolveScenario, schemaChecker, startViewApp, successDefinition, type ResponseTable } from '../../helpers/view-app.js';

export const API = '/api/ver1.0';

/** Errors of `body` against a definition of schemas/queue-rest ([] when valid). */
export const schemaErrors = schemaChecker('queue-rest');

/** Which schema definition a successful response of the API has, by method and path (query aside). */
const RESPONSES: ResponseTable = [
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
  [/^\/client\/[^/]+\/call_history$/, { GET: 'CallHistoryList' }],
  [/^\/client\/[^/]+\/call_history\/[^/]+$/, { GET: 'CallHistory' }],
  [/^\/client\/[^/]+\/current_calls$/, { GET: 'CurrentCallList' }],
  [/^\/client\/[^/]+\/record$/, { GET: 'RecordList' }],
  [/^\/extension\/[^/]+\/record$/, { GET: 'RecordList' }],
  [/^\/(client|extension)\/[^/]+\/record\/[^/]+\/storage_url$/, { GET: 'RecordStorageUrl' }],
  [/^\/extension\/[^/]+\/callback$/, { POST: 'Callback' }],
  [/^\/extension\/[^/]+\/agent$/, { GET: 'ExtensionAgentList' }],
];

/**
 * Every API response against its schema: an error is `Error`, a 204 is empty, a success is its route's
 * DTO. Returns the problems ([] when it conforms).
 */
export function responseProblems(method: string, path: string, r: LightMyRequestResponse): string[] {
  const where = `${method} ${path} → ${r.statusCode}`;
  if (r.statusCode === 204) return r.body === '' ? [] : [`${where}: a 204 with a body`];
  // A recording's file (records.test.ts reads its RIFF header).
  if (r.statusCode === 200 && String(r.headers['content-type']).startsWith('audio/wav')) return [];
  return jsonBodyProblems(schemaErrors, r.statusCode >= 400 ? 'Error' : successDefinition(RESPONSES, method, path), where, r);
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

/** `scenario` is a name in scenarios.yaml, or inline YAML/JSON with one scenario; `callLimit` is `--retain-calls`. */
export async function harness(scenario = 'default', options: { bodyLimit?: number; inline?: boolean; callLimit?: number } = {}): Promise<Harness> {
  const { app, sim, logs } = await startViewApp(resolveScenario(scenario, options.inline ?? false), { bodyLimit: options.bodyLimit, callLimit: options.callLimit });
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
    advance: (seconds) => advanceClock(app, seconds),
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
