/**
 * A served ccsim with tenants for the tests of test/tenants: the front and its tenants as `ccsim serve`
 * builds them (src/server.ts's buildFront), over a scenario file of the test's own, requests sent through
 * the front (light-my-request, or a real port when a test needs sockets), and clients for every view.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import type { InjectOptions, Response } from 'light-my-request';
import { buildFront, type ServeOptions } from '../../src/server.js';
import { ScenarioSource, resolveScenario } from '../../src/scenarios/load-scenario.js';
import type { Front } from '../../src/tenants/front.js';
import { parseOut } from '../simulators/arm-xml/harness.js';
import { authV2 } from '../simulators/cti-status/signer.js';

/**
 * One queue, two agents: alice (extension and Huawei work number 101) answers after 2 s and talks 40 s;
 * callers at 5 s and 60 s. At 70 s alice talks on the second call, the first one finished.
 */
export const SCENARIOS = {
  scenarios: {
    day: {
      seed: 11,
      start: '2026-11-20T09:00:00Z',
      duration: '1h',
      queues: [{ id: 'support', strategy: 'longest-idle-agent', tier_rules_apply: false }],
      agents: [
        { id: 'alice', name: 'Alice Smith', number: '101', queues: [{ queue: 'support', level: 1, position: 1 }], answer: { after: 2 }, talk_time: 40 },
        { id: 'bob', name: 'Bob Jones', number: '102', status: 'logged_out', queues: [{ queue: 'support', level: 1, position: 2 }], answer: { after: 2 }, talk_time: 40 },
      ],
      callers: [{ queue: 'support', arrivals: { process: 'fixed', at: [5, 60] }, patience: 600 }],
      apis: { huawei: { worknos: { alice: 101, bob: 102 }, verify_signature: true } },
    },
    quiet: { seed: 3, queues: [{ id: 'q' }], agents: [{ id: 'zed', queues: [{ queue: 'q' }] }] },
  },
};

export function scenarioFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ccsim-tenants-'));
  const file = join(dir, 'scenarios.yaml');
  writeFileSync(file, JSON.stringify(SCENARIOS));
  return file;
}

export interface Served {
  front: Front;
  file: string;
  /** A request through the front (as a client sends it: any tenant choice is the caller's). */
  inject(options: InjectOptions): Promise<Response>;
  /** Listens on a free port of 127.0.0.1 (once); its port. */
  listen(): Promise<number>;
}

/** A front over SCENARIOS (`day`, manual clock unless said otherwise), closed at the test's end. */
export async function served(t: Test, options: Partial<ServeOptions> = {}): Promise<Served> {
  const file = options.file ?? scenarioFile();
  const serve: ServeOptions = { port: 0, host: '127.0.0.1', file, scenario: 'day', clock: 'manual', speed: 1, logLevel: 'silent', ...options };
  const scenario = resolveScenario(ScenarioSource.fromFile(file), { scenario: serve.scenario, seed: serve.seed });
  const front = await buildFront(serve, scenario, false);
  let port: Promise<number> | null = null;
  t.teardown(async () => {
    front.stopListening();
    front.closeAllConnections();
    await front.tenants.closeAll();
  });
  return {
    front,
    file,
    inject: (o) => front.inject(o),
    listen: () => (port ??= front.listen(0, '127.0.0.1').then(() => (front.servers[0].address() as { port: number }).port)),
  };
}

/** How a request names its tenant: by header, by path prefix, by host; or names none (the default tenant). */
export type Way = { header: string } | { path: string } | { host: string } | null;

export function chosen(way: Way, url: string, headers: Record<string, string> = {}): { url: string; headers: Record<string, string> } {
  if (way === null) return { url, headers };
  if ('header' in way) return { url, headers: { ...headers, 'x-ccsim-tenant': way.header } };
  if ('path' in way) return { url: `/__t/${way.path}${url}`, headers };
  return { url, headers: { ...headers, host: way.host } };
}

/** Clients of every view of one tenant, each request naming it `way`. */
export async function clients(s: Served, way: Way) {
  const send = async (method: string, url: string, headers: Record<string, string> = {}, payload?: string) => {
    const c = chosen(way, url, headers);
    return s.inject({ method: method as 'GET', url: c.url, headers: c.headers, ...(payload !== undefined && { payload }) });
  };
  const json = async (method: string, url: string, headers: Record<string, string> = {}, payload?: unknown) => {
    const r = await send(method, url, payload === undefined ? headers : { 'content-type': 'application/json', ...headers }, payload === undefined ? undefined : JSON.stringify(payload));
    if (r.statusCode >= 300) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body}`);
    return r.statusCode === 204 ? null : r.json();
  };
  const tok = await send('POST', '/oauth/token', { 'content-type': 'application/x-www-form-urlencoded' }, 'grant_type=client_credentials&client_id=ccsim&client_secret=ccsim-secret');
  const token = tok.json().access_token as string;
  return {
    send,
    admin: (method: string, path: string, body?: unknown) => json(method, `/__admin${path}`, {}, body),
    telphinAgents: async () => (await json('GET', '/api/ver1.0/client/@me/agent/local/', { authorization: `Bearer ${token}` })) as { id: number; name: string; status: string }[],
    crudAgents: async () => ((await json('GET', '/api/agents')) as { items: { id: number; webexUserNumber: string; agentStatus: number }[] }).items,
    huawei: async (workno: number) => {
      const path = '/rest/cmsapp/v1/openapi/agentgroup/agentbyworkno';
      const c = chosen(way, path, { 'content-type': 'application/json; charset=UTF-8', host: way !== null && 'host' in way ? way.host : 'cms.example' });
      const epochMs = Date.parse('2026-11-20T09:00:00Z') + ((await json('GET', '/__admin/clock')) as { t: number }).t;
      // The client signs the path it sends: with a tenant's prefix, when it chose by path.
      c.headers.authorization = authV2({ ak: 'ccsim-ak', sk: 'ccsim-sk', method: 'POST', url: c.url, headers: c.headers, sign: ['content-type', 'host'], epochMs });
      const r = await s.inject({ method: 'POST', url: c.url, headers: c.headers, payload: JSON.stringify({ queryParam: { ccId: 1, vdn: 1, agentId: workno } }) });
      return r.json() as { result: string; resultDatas: { workno: number; status: number; citStatus: number } };
    },
    /** ARM's call_history (read-only, no login needed): the operators' finished calls. */
    armHistory: async () => {
      const r = await send('POST', '/ccsim.local/service/cc/arm/call_history', { 'content-type': 'text/xml' }, '<in><request><filters limit="100"/></request></in>');
      if (r.statusCode !== 200) throw new Error(`call_history: ${r.statusCode} ${r.body}`);
      const lines = parseOut(r.body).response.history.call_history ?? [];
      return (Array.isArray(lines) ? lines : [lines]) as { call_ref: string; agent_answer_time: string }[];
    },
    cdr: async () => ((await json('GET', '/cdr_dialog?limit=100', { authorization: 'ccsim-conpeek-key' })) as { data: { answer_time: string | null }[] }).data,
  };
}
