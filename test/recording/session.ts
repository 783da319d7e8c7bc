/**
 * A served ccsim for the recording tests: the app over a scenario, listening on a port of its own (so a
 * session reaches it as a client's would, WebSocket included), the served event log collected from the
 * world's first event on, and a scripted session that uses all five APIs over HTTP, the ARM WebSocket
 * and the admin plane, random credentials included (a Huawei token, an ARM HTTP session).
 */
import WebSocket from 'ws';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../../src/app.js';
import { Simulation, type ClockMode } from '../../src/simulation.js';
import { loadScenarioText } from '../../src/scenarios/load-scenario.js';
import { encodeRequest } from '../../src/simulators/arm-xml/codec.js';
import { authV2 } from '../simulators/cti-status/signer.js';
import { SCENARIO_FILE } from '../helpers/app.js';

export const DAY = JSON.stringify({
  scenarios: {
    day: {
      seed: 11,
      start: '2026-11-20T09:00:00Z',
      duration: '2h',
      rest: { max_agents: 1 },
      outbound: { answer_probability: 0.7, answer_after: { distribution: 'uniform', min: 2, max: 6 } },
      queues: [
        { id: 'support', strategy: 'longest-idle-agent', tier_rules_apply: false },
        { id: 'sales', strategy: 'ring-all', tier_rules_apply: false, max_wait_time: 45 },
      ],
      agents: [
        { id: 'alice', name: 'Alice Smith', number: '101', wrap_up_time: 10, queues: [{ queue: 'support', level: 1, position: 1 }, { queue: 'sales' }], answer: { probability: 0.9, after: { distribution: 'uniform', min: 1, max: 6 } }, talk_time: { distribution: 'exponential', mean: 60 } },
        { id: 'bob', name: 'Bob Jones', number: '102', wrap_up_time: 5, queues: [{ queue: 'support', level: 1, position: 2 }], answer: { after: 4 }, talk_time: { distribution: 'exponential', mean: 90 } },
        { id: 'carol', name: 'Carol White', number: '103', queues: [{ queue: 'sales' }], answer: { after: 2 }, talk_time: 45 },
      ],
      callers: [
        { queue: 'support', arrivals: { process: 'poisson', per_hour: 90 }, patience: { distribution: 'exponential', mean: 120 } },
        { queue: 'sales', arrivals: { process: 'poisson', per_hour: 40 }, patience: { distribution: 'exponential', mean: 60 } },
      ],
      apis: { huawei: { worknos: { alice: 101, bob: 102, carol: 103 } } },
    },
  },
});

export interface Served {
  app: FastifyInstance;
  sim: Simulation;
  base: string;
  /** The served event log so far, as NDJSON lines. */
  events: string[];
  close(): Promise<void>;
}

export async function serveRecorded(options: { clock?: ClockMode; speed?: number; scenario?: string } & Partial<Pick<AppOptions, 'recording' | 'adminToken' | 'authOff'>> = {}): Promise<Served> {
  const sim = new Simulation({ scenario: loadScenarioText(options.scenario ?? DAY, 'day.yaml', {}), clock: options.clock ?? 'manual', speed: options.speed ?? 1 });
  const events = sim.logPage(0, Number.POSITIVE_INFINITY).events.map((e) => JSON.stringify(e));
  sim.subscribe((e) => events.push(JSON.stringify(e)));
  const app = await buildApp({ simulation: sim, scenarioFile: SCENARIO_FILE, logger: false, recording: options.recording, adminToken: options.adminToken, authOff: options.authOff });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const sockets = new Set<WebSocket>();
  (app as FastifyInstance & { testSockets?: Set<WebSocket> }).testSockets = sockets;
  return {
    app,
    sim,
    base,
    events,
    async close() {
      for (const s of sockets) s.terminate();
      await app.close();
    },
  };
}

export interface Http {
  status: number;
  text: string;
  headers: Headers;
}

export async function http(base: string, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Http> {
  const r = await fetch(base + path, { method, headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers }, body });
  return { status: r.status, text: await r.text(), headers: r.headers };
}

/** An ARM WebSocket workstation: sends commands, keeps every frame the server sent. */
export async function workstation(served: Served, path = '/ccsim.local/service/cc/arm'): Promise<{ request(id: string, command: string, xml: string): Promise<string>; frames: string[]; close(): Promise<void> }> {
  const socket = new WebSocket(served.base.replace('http', 'ws') + path);
  (served.app as FastifyInstance & { testSockets?: Set<WebSocket> }).testSockets?.add(socket);
  const frames: string[] = [];
  const waiting = new Map<string, (text: string) => void>();
  socket.on('message', (data) => {
    const text = data.toString();
    frames.push(text);
    const id = text.slice(12, 16);
    waiting.get(id)?.(text);
    waiting.delete(id);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return {
    frames,
    request: (id, command, xml) =>
      new Promise<string>((resolve) => {
        waiting.set(id, resolve);
        socket.send(encodeRequest(id, command, xml));
      }),
    close: () =>
      new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.close(1000, 'done');
      }),
  };
}

/** A Huawei request signed (SDK-HMAC-SHA256 v2) with the given clock. */
export function huaweiSigned(url: string, body: string, epochMs: number): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8', host: 'cms.example' };
  headers.authorization = authV2({ ak: 'ccsim-ak', sk: 'ccsim-sk', method: 'POST', url, headers, sign: ['content-type', 'host'], epochMs });
  return headers;
}

/**
 * The session: every API over HTTP (Telphin with its OAuth token, agent CRUD, Huawei signed with the
 * simulated clock and with a token of its own, ARM over HTTP with a session cookie and over a WebSocket,
 * Conpeek), the admin plane (a call, a status, a fault, the journal, clock moves), bad requests among
 * them. `advance` moves the clock between steps (manual mode) or waits (real time).
 */
export async function fiveApiSession(served: Served, advance: (seconds: number) => Promise<void>): Promise<void> {
  const { base } = served;
  const ok = (r: Http, what: string) => {
    if (r.status >= 500) throw new Error(`${what}: ${r.status} ${r.text}`);
    return r;
  };
  const ws = await workstation(served);
  await ws.request('0001', 'login', '<in><request agent_id="101" websocket_control="true"/></in>');
  const token = JSON.parse(ok(await http(base, 'POST', '/oauth/token', 'grant_type=client_credentials&client_id=ccsim&client_secret=ccsim-secret', { 'content-type': 'application/x-www-form-urlencoded' }), 'token').text).access_token as string;
  const bearer = { authorization: `Bearer ${token}` };
  const hwToken = JSON.parse(ok(await http(base, 'POST', '/apigovernance/api/oauth/tokenByAkSk', JSON.stringify({ app_key: 'ccsim-ak', app_secret: 'ccsim-sk' })), 'huawei token').text).AccessToken as string;
  const armLogin = await http(base, 'POST', '/ccsim.local/service/cc/arm/login', '<in><request agent_id="102"/></in>', { 'content-type': 'text/xml' });
  const cookie = (armLogin.headers.get('set-cookie') ?? '').split(';')[0];
  for (let step = 0; step < 12; step++) {
    await advance(20 + step * 7);
    ok(await http(base, 'GET', '/api/ver1.0/client/@me/agent/local/', undefined, bearer), 'telphin agents');
    ok(await http(base, 'GET', '/api/agents'), 'crud agents');
    const url = '/rest/cmsapp/v1/openapi/agentgroup/agentbyworkno';
    const body = JSON.stringify({ queryParam: { ccId: 1, vdn: 1, agentId: 101 + (step % 3) } });
    ok(await http(base, 'POST', url, body, huaweiSigned(url, body, served.sim.scenario.startMs + served.sim.engine.now)), 'huawei signed');
    ok(await http(base, 'POST', url, body, { ...{ authorization: `Bearer ${hwToken}`, 'x-app-key': 'ccsim-ak' } }), 'huawei token');
    ok(await http(base, 'GET', '/cdr_dialog?limit=20', undefined, { authorization: 'ccsim-conpeek-key' }), 'conpeek');
    ok(await http(base, 'POST', '/ccsim.local/service/cc/arm/operator_call_history', '<in><request><filters limit="10"/></request></in>', { 'content-type': 'text/xml', cookie }), 'arm history');
    await ws.request(String(100 + step).padStart(4, '0'), 'ping', '<in/>');
    switch (step) {
      case 1:
        ok(await http(base, 'POST', '/__admin/calls', JSON.stringify({ queue: 'support', number: '+74950001111', patience: 90 })), 'inject');
        break;
      case 2:
        await ws.request('0200', 'auxwork', '<in><request reason="lunch"/></in>');
        break;
      case 3:
        ok(await http(base, 'PUT', '/api/ver1.0/client/@me/agent/local/2/', JSON.stringify({ status: 'on_break' }), bearer), 'telphin status');
        break;
      case 4:
        ok(await http(base, 'PUT', '/api/agents/3/status', JSON.stringify({ agentStatus: 5 })), 'crud status');
        ok(await http(base, 'PUT', '/api/agents/3/status', JSON.stringify({ agentStatus: 9 })), 'crud bad status');
        break;
      case 5:
        await ws.request('0201', 'make_available', '<in><request/></in>');
        ok(await http(base, 'POST', '/__admin/faults', JSON.stringify({ match: { api: 'conpeek' }, fault: { kind: 'status', status: 503 }, probability: 0.5, times: 3 })), 'fault');
        break;
      case 6:
        ok(await http(base, 'POST', '/__admin/agents/bob/status', JSON.stringify({ status: 'available' })), 'admin status');
        ok(await http(base, 'POST', '/__admin/agents/carol/rest', JSON.stringify({ seconds: 120, reason: 'tea' })), 'admin rest');
        ok(await http(base, 'POST', '/ccsim.local/service/cc/arm/auxwork', '<in><request/></in>', { 'content-type': 'text/xml', cookie }), 'arm auxwork');
        break;
      case 7:
        ok(await http(base, 'GET', '/__admin/requests?limit=5'), 'journal');
        ok(await http(base, 'POST', '/__admin/requests/count', JSON.stringify({ matcher: { api: 'telphin' } })), 'count');
        ok(await http(base, 'GET', '/nowhere'), 'unknown route');
        ok(await http(base, 'POST', '/__admin/calls', '{"queue":'), 'broken json');
        break;
      case 8:
        ok(await http(base, 'GET', '/__admin/state'), 'state');
        ok(await http(base, 'GET', '/__admin/kpis'), 'kpis');
        await ws.request('0202', 'agent', '<in><request/></in>');
        break;
      case 9:
        ok(await http(base, 'GET', '/__admin/events?after=0&limit=50'), 'events');
        ok(await http(base, 'POST', '/ccsim.local/service/cc/arm/make_available', '<in><request/></in>', { 'content-type': 'text/xml', cookie }), 'arm available');
        break;
    }
  }
  await ws.close();
  await advance(60);
}
