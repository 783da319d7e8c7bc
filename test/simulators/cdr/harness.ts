/**
 * The Conpeek view under test: the app over an inline scenario (or one of scenarios.yaml) in manual
 * clock mode, short ways to call the API with the key, and every response checked against schemas/cdr.
 */
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { Ajv } from 'ajv';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../../src/app.js';
import { Simulation } from '../../../src/simulation.js';
import { loadScenarioFile, loadScenarioText } from '../../../src/scenarios/load-scenario.js';
import { SCENARIO_FILE } from '../../helpers/app.js';
import type { Dialog } from '../../../src/generated/cdr/cdr.js';

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addSchema(JSON.parse(readFileSync(new URL('../../../schemas/cdr/cdr.schema.json', import.meta.url), 'utf8')));

/** Errors of `body` against a definition of schemas/cdr ([] when valid). */
export function schemaErrors(definition: string, body: unknown): string[] {
  const validate = ajv.getSchema(`cdr#/definitions/${definition}`);
  if (!validate) throw new Error(`no definition ${definition}`);
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

const RESPONSES: [RegExp, Partial<Record<string, string>>][] = [
  [/^\/cdr_dialog$/, { GET: 'DialogList' }],
  [/^\/cdr_dialog_recording$/, { GET: 'RecordingList' }],
  [/^\/cdr_dialog\/[^/]+\/chat_recording$/, { GET: 'ChatRecordingList' }],
  [/^\/dialog\/[^/]+\/hangup$/, { PUT: 'Accepted' }],
];

export function responseProblems(method: string, path: string, r: LightMyRequestResponse): string[] {
  const where = `${method} ${path} → ${r.statusCode}`;
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
  key: string;
  logs: Record<string, unknown>[];
  /** A request with the API key (unless headers override it); the response is schema-checked. */
  api(method: InjectOptions['method'], path: string, headers?: Record<string, string>, payload?: string): Promise<LightMyRequestResponse>;
  /** GET /cdr_dialog with `filter` (JSON-encoded and URI-encoded) and paging; expects 200. */
  list(filter?: unknown, limit?: number, offset?: number): Promise<{ data: Dialog[]; count: number }>;
  advance(seconds: number): Promise<void>;
  admin(url: string, payload?: unknown): Promise<any>;
}

export async function harness(scenario: string, options: { inline?: boolean; authOff?: string[] } = { inline: true }): Promise<Harness> {
  const resolved = options.inline === false ? loadScenarioFile(SCENARIO_FILE, { scenario }) : loadScenarioText(scenario, 'test.yaml', {});
  const sim = new Simulation({ scenario: resolved, clock: 'manual', speed: 1 });
  const logs: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) logs.push(JSON.parse(line));
      done();
    },
  });
  const app = await buildApp({ simulation: sim, scenarioFile: SCENARIO_FILE, logger: { level: 'warn', stream }, authOff: options.authOff });
  await app.ready();
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
    advance: async (seconds) => {
      const r = await app.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { seconds } });
      if (r.statusCode !== 200) throw new Error(r.body);
    },
    admin: async (url, payload) => (await app.inject(payload === undefined ? { url } : { method: 'POST', url, payload: payload as Record<string, unknown> })).json(),
  };
  return h;
}
