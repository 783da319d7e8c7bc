/**
 * The Conpeek view under test: the app over an inline scenario (or one of scenarios.yaml) in manual
 * clock mode, short ways to call the API with the key, and every response checked against schemas/cdr.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Simulation } from '../../../src/simulation.js';
import { advanceClock, jsonBodyProblems, resolveScenario, schemaChecker, startViewApp, successDefinition, type ResponseTable } from '../../helpers/view-app.js';
import type { Dialog } from '../../../src/generated/cdr/cdr.js';

/** Errors of `body` against a definition of schemas/cdr ([] when valid). */
export const schemaErrors = schemaChecker('cdr');

const RESPONSES: ResponseTable = [
  [/^\/cdr_dialog$/, { GET: 'DialogList' }],
  [/^\/cdr_dialog_recording$/, { GET: 'RecordingList' }],
  [/^\/cdr_dialog\/[^/]+\/chat_recording$/, { GET: 'ChatRecordingList' }],
  [/^\/dialog\/[^/]+\/hangup$/, { PUT: 'Accepted' }],
];

export function responseProblems(method: string, path: string, r: LightMyRequestResponse): string[] {
  const where = `${method} ${path} → ${r.statusCode}`;
  return jsonBodyProblems(schemaErrors, r.statusCode >= 400 ? 'Error' : successDefinition(RESPONSES, method, path), where, r);
}

export interface Harness {
  app: FastifyInstance;
  sim: Simulation;
  key: string;
  logs: Record<string, unknown>[];
  /** A request with the API key (unless headers override it); the response is schema-checked. */
  api(method: InjectOptions['method'], path: string, headers?: Record<string, string>, payload?: string): Promise<LightMyRequestResponse>;
  /** GET /cdr_dialog with `filter` (JSON-encoded and URI-encoded) and paging; expects 200. */
  list(filter?: unknown, limit?: number, offset?: number): Promise<{ data: Dialog[]; count: number }>;
  advance(seconds: number): Promise<void>;
  admin(url: string, payload?: unknown): Promise<any>;
}

export async function harness(scenario: string, options: { inline?: boolean; authOff?: string[]; callLimit?: number } = { inline: true }): Promise<Harness> {
  const { app, sim, logs } = await startViewApp(resolveScenario(scenario, options.inline !== false), { authOff: options.authOff, callLimit: options.callLimit });
  const key = ((sim.scenario.apis.conpeek ?? {}) as { api_key?: string }).api_key ?? 'ccsim-conpeek-key';
  const h: Harness = {
    app,
    sim,
    key,
    logs,
    api: async (method, path, headers = { authorization: key }, payload) => {
      const r = await app.inject({ method, url: path, headers: { ...headers, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) }, ...(payload === undefined ? {} : { payload }) });
      const problems = responseProblems(String(method ?? 'GET'), path, r);
      if (problems.length > 0) throw new Error(`response does not match its schema: ${problems.join('; ')}`);
      return r;
    },
    list: async (filter, limit, offset) => {
      const q = new URLSearchParams();
      if (filter !== undefined) q.set('filter', JSON.stringify(filter));
      if (limit !== undefined) q.set('limit', String(limit));
      if (offset !== undefined) q.set('offset', String(offset));
      const qs = q.toString();
      const r = await h.api('GET', `/cdr_dialog${qs ? `?${qs}` : ''}`);
      if (r.statusCode !== 200) throw new Error(`GET /cdr_dialog?${qs} → ${r.statusCode} ${r.body}`);
      return r.json();
    },
    advance: (seconds) => advanceClock(app, seconds),
    admin: async (url, payload) => (await app.inject(payload === undefined ? { url } : { method: 'POST', url, payload: payload as Record<string, unknown> })).json(),
  };
  return h;
}
