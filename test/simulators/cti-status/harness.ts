/**
 * The Huawei view under test: the app over an inline scenario in manual clock mode, requests signed by
 * the reference signer at the simulation's time, and every response checked against schemas/cti-status
 * (HTTP 200 results by interface, errors as ErrorResponse, or AgentsByStatusError for the interface with
 * its own envelope). Paths are under /rest/cmsapp/v1/openapi unless they start with /rest/.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Simulation } from '../../../src/simulation.js';
import { advanceClock, resolveScenario, runClockUntil, schemaChecker, startViewApp } from '../../helpers/view-app.js';
import { authV2 } from './signer.js';

export const CMS = '/rest/cmsapp/v1/openapi';
export const CMS_V2 = '/rest/cmsapp/v2/openapi';

export const schemaErrors = schemaChecker('cti-status');

/** A path of the harness's (relative to CMS, or from /rest/) as a URL path. */
export const urlOf = (path: string) => (path.startsWith('/rest/') ? path : `${CMS}${path}`);

const SUCCESS: Record<string, string> = {
  [`${CMS}/agentgroup/agentbyconfigedskill`]: 'SkillAgentsResponse',
  [`${CMS}/agentgroup/agentbyworkno`]: 'WorknoResponse',
  [`${CMS}/agentgroup/agentrestinfo`]: 'RestInfoResponse',
  [`${CMS}/querymonitor/systemstate`]: 'SystemStateResponse',
  [`${CMS}/skill/agentbyconfigedskill`]: 'SkillAgentsV2Response',
  [`${CMS}/realindex/agent/agentsinskill`]: 'AgentsInSkillResponse',
  [`${CMS}/agentgroup/agentstatusinfobyagentids`]: 'AgentStatusInfoResponse',
  [`${CMS}/vdn/queryAgentByStatus`]: 'AgentsByStatusResponse',
  [`${CMS}/vdn/totalagentstate`]: 'TotalAgentStateResponse',
  [`${CMS}/skill/agentstatusbyskill`]: 'SkillAgentCountsResponse',
  [`${CMS}/skill/stateinfo`]: 'SkillStateInfoResponse',
  [`${CMS}/realindex/skill/stateinfo`]: 'OldSkillStateInfoResponse',
  [`${CMS}/calldata/querybasiccallinfo`]: 'BasicCallInfoResponse',
  [`${CMS}/calldata/querydetailcallinfo`]: 'DetailCallInfoResponse',
  [`${CMS}/vdn/querycalls`]: 'QueryCallsResponse',
  [`${CMS_V2}/vdn/querycalls`]: 'QueryCallsResponse',
  [`${CMS}/configures/skills`]: 'ConfiguredSkillsResponse',
  [`${CMS}/configures/vdns`]: 'VdnsResponse',
  '/rest/cmsapp/v1/ping': 'PingResponse',
};

/** The older interfaces (PDF section 5.13), whose bodies are wrapped in queryParam; the others are sent flat. */
const WRAPPED = new Set(['/agentgroup/agentbyconfigedskill', '/agentgroup/agentbyworkno', '/agentgroup/agentrestinfo', '/querymonitor/systemstate', '/realindex/skill/stateinfo']);

const succeeded = (body: Record<string, unknown>) => body.result === '0' || body.returnCode === '0' || body.resultCode === '0100000' || body.status === 'UP';

/** Problems of a response against its schema ([] when it conforms). */
export function responseProblems(path: string, r: LightMyRequestResponse): string[] {
  const url = urlOf(path.split('?')[0]);
  const where = `${path} → ${r.statusCode}`;
  if (r.headers['content-type'] !== 'application/json; charset=UTF-8') return [`${where}: content-type ${r.headers['content-type']}`];
  const body = r.json();
  const def = r.statusCode === 200 && succeeded(body) ? SUCCESS[url] : url === `${CMS}/vdn/queryAgentByStatus` ? 'AgentsByStatusError' : 'ErrorResponse';
  if (!def) return [`${where}: no schema`];
  return schemaErrors(def, body).map((e) => `${where} (${def}): ${e}`);
}

export interface Settings {
  ak: string;
  sk: string;
  ccId: number;
  vdn: number;
}

export interface Harness {
  app: FastifyInstance;
  sim: Simulation;
  logs: Record<string, unknown>[];
  creds: Settings;
  /** Virtual epoch ms now. */
  nowMs(): number;
  /** A signed POST of `body` (an object, or raw text) to CMS + path (or to path, when it starts with /rest/). */
  post(path: string, body: unknown, options?: { headers?: Record<string, string>; method?: string; unsigned?: boolean; signAt?: number }): Promise<LightMyRequestResponse>;
  /** The body of a successful call (ccId/vdn added; in `queryParam` for the older interfaces, flat for the others). */
  query(path: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
  advance(seconds: number): Promise<void>;
  runUntil(seconds: number): Promise<void>;
}

export async function harness(scenarioText: string, options: { authOff?: boolean; bodyLimit?: number } = {}): Promise<Harness> {
  const resolved = resolveScenario(scenarioText, true);
  const { app, sim, logs } = await startViewApp(resolved, { authOff: options.authOff ? ['huawei'] : [], bodyLimit: options.bodyLimit });
  const hw = (resolved.apis.huawei ?? {}) as { access_key?: string; secret_key?: string; cc_id?: number; vdn?: number };
  const creds: Settings = { ak: hw.access_key ?? 'ccsim-ak', sk: hw.secret_key ?? 'ccsim-sk', ccId: hw.cc_id ?? 1, vdn: hw.vdn ?? 1 };
  const nowMs = () => sim.scenario.startMs + sim.now();
  const h: Harness = {
    app,
    sim,
    logs,
    creds,
    nowMs,
    post: async (path, body, o = {}) => {
      const payload = typeof body === 'string' ? body : JSON.stringify(body);
      const url = urlOf(path);
      const method = o.method ?? 'POST';
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8', host: 'cms.example:28443', ...(o.headers ?? {}) };
      if (!o.unsigned) headers.authorization = authV2({ ak: creds.ak, sk: creds.sk, method, url, headers, sign: ['content-type', 'host'], epochMs: o.signAt ?? nowMs() });
      const r = await app.inject({ method: method as 'POST', url, headers, ...(method === 'GET' || method === 'HEAD' ? {} : { payload }) });
      const problems = responseProblems(path, r);
      if (problems.length > 0) throw new Error(`response does not match its schema: ${problems.join('; ')} — ${r.body}`);
      return r;
    },
    query: async (path, params = {}) => {
      const body = WRAPPED.has(path) ? { queryParam: { ccId: creds.ccId, vdn: creds.vdn, ...params } } : { ccId: creds.ccId, vdn: creds.vdn, ...params };
      const r = await h.post(path, body);
      if (r.statusCode !== 200 || !succeeded(r.json())) throw new Error(`${path}: ${r.statusCode} ${r.body}`);
      return r.json();
    },
    advance: (seconds) => advanceClock(app, seconds),
    runUntil: (seconds) => runClockUntil(app, seconds),
  };
  return h;
}
