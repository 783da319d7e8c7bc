/**
 * The agent CRUD view under test: the app over scenarios.yaml (or an inline scenario) in manual clock
 * mode, short ways to call this API and the Telphin API of the same app, and every response of this API
 * checked against schemas/agent-crud (a problem body against ProblemDetails, as application/problem+json).
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Simulation } from '../../../src/simulation.js';
import { advanceClock, jsonBodyProblems, resolveScenario, schemaChecker, startViewApp, successDefinition, type ResponseTable } from '../../helpers/view-app.js';

/** Errors of `body` against a definition of schemas/agent-crud ([] when valid). */
export const schemaErrors = schemaChecker('agent-crud');

/** Which definition a successful response has, by method and path (prefix and query aside). */
const RESPONSES: ResponseTable = [
  [/^\/agents$/, { GET: 'AgentListDto', POST: 'AgentDto' }],
  [/^\/agents\/[^/]+$/, { GET: 'AgentDto', PUT: 'AgentDto' }],
  [/^\/agents\/[^/]+\/status$/, { PUT: 'AgentDto' }],
  [/^\/agents\/[^/]+\/call-sessions$/, { POST: 'CallSessionDto' }],
  [/^\/queues$/, { GET: 'QueueListDto' }],
  [/^\/queues\/[^/]+$/, { GET: 'QueueDto', PUT: 'QueueDto' }],
  [/^\/call-sessions$/, { GET: 'CallSessionListDto' }],
  [/^\/call-sessions\/[^/]+$/, { GET: 'CallSessionDto', PUT: 'CallSessionDto' }],
  [/^\/calls$/, { GET: 'CallListDto', POST: 'CallDto' }],
  [/^\/calls\/analytics$/, { GET: 'CallsAnalyticsDto' }],
];

export function responseProblems(method: string, path: string, r: LightMyRequestResponse): string[] {
  const where = `${method} ${path} → ${r.statusCode}`;
  if (r.statusCode === 204) return r.body === '' ? [] : [`${where}: a 204 with a body`];
  if (r.statusCode >= 500) return [`${where}: ${r.body}`];
  if (r.statusCode >= 400) {
    if (!/^application\/problem\+json/.test(String(r.headers['content-type']))) return [`${where}: content-type ${r.headers['content-type']}`];
    const body = r.json();
    if (body.status !== r.statusCode) return [`${where}: status ${body.status} in the body`];
    return schemaErrors('ProblemDetails', body).map((e) => `${where}: ${e}`);
  }
  return jsonBodyProblems(schemaErrors, successDefinition(RESPONSES, method, path), where, r);
}

export interface Harness {
  app: FastifyInstance;
  sim: Simulation;
  /** A request to this API (prefix + path), with a JSON body when given; the response is schema-checked. */
  api(method: InjectOptions['method'], path: string, payload?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** An authenticated request to the Telphin API of the same app (/api/ver1.0 + path). */
  telphin(method: InjectOptions['method'], path: string, payload?: unknown): Promise<LightMyRequestResponse>;
  advance(seconds: number): Promise<void>;
  /** The app's log lines at warn and above. */
  logs: Record<string, unknown>[];
  /** The world's event log, oldest first. */
  events(type?: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** `scenario` is a name in scenarios.yaml, or inline YAML/JSON with one scenario. */
export async function harness(scenario = 'default', options: { inline?: boolean; prefix?: string; callLimit?: number } = {}): Promise<Harness> {
  const { app, sim, logs } = await startViewApp(resolveScenario(scenario, options.inline ?? false), { callLimit: options.callLimit });
  const prefix = options.prefix ?? '/api';
  const token = await (async () => {
    const r = await app.inject({ method: 'POST', url: '/oauth/token', payload: 'grant_type=client_credentials&client_id=ccsim&client_secret=ccsim-secret', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    return r.json().access_token as string;
  })();
  const body = (payload: unknown) => (payload === undefined ? {} : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload), headers: { 'content-type': 'application/json' } });
  return {
    app,
    sim,
    api: async (method, path, payload, headers = {}) => {
      const b = body(payload) as { payload?: string; headers?: Record<string, string> };
      const r = await app.inject({ method, url: `${prefix}${path}`, payload: b.payload, headers: { ...(b.headers ?? {}), ...headers } });
      const problems = responseProblems(String(method ?? 'GET'), path, r);
      if (problems.length > 0) throw new Error(`response does not match its schema: ${problems.join('; ')}`);
      return r;
    },
    telphin: async (method, path, payload) => {
      const b = body(payload) as { payload?: string; headers?: Record<string, string> };
      return app.inject({ method, url: `/api/ver1.0${path}`, payload: b.payload, headers: { authorization: `Bearer ${token}`, ...(b.headers ?? {}) } });
    },
    advance: (seconds) => advanceClock(app, seconds),
    logs,
    events: async (type) => sim.events(0, 1_000_000, type).events as unknown as Record<string, unknown>[],
    close: () => app.close(),
  };
}
