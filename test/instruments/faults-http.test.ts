/**
 * HTTP faults at the door, on every API: a delay, an error status in the API's own format, a TCP reset, a
 * close without a response, garbage, a slowly dribbled body; selected by matcher, limited by `times` and by
 * a window of virtual time, drawn with a probability from the fault's own seeded stream (the same seed and
 * requests give the same faults); installed from the admin plane, from the scenario's `faults:` and from
 * its timeline. Admin calls are never faulted.
 */
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { delayMs } from '../../src/instruments/faults.js';
import { RandomStreams } from '../../src/scenarios/kernel/rng.js';
import { admin, instrumentedApp, telphinToken } from './helpers.js';

const KEY = { authorization: 'ccsim-conpeek-key' };
const fault = (app: FastifyInstance, spec: object) => admin(app, 'POST', '/faults', spec);

async function listen(app: FastifyInstance): Promise<string> {
  return app.listen({ port: 0, host: '127.0.0.1' });
}

t.test('status faults answer in each API\'s own error format', async (t) => {
  const { app } = await instrumentedApp();
  t.teardown(() => app.close());
  const r1 = await fault(app, { match: { api: 'conpeek' }, fault: { kind: 'status', status: 503 } });
  t.equal(r1.statusCode, 201, r1.body);
  t.match(r1.json(), { id: 1, source: 'api', matched: 0, applied: 0 });
  const cdr = await app.inject({ url: '/cdr_dialog', headers: KEY });
  t.equal(cdr.statusCode, 503);
  t.match(cdr.json(), { success: false, message: /503/ }, "Conpeek's {success: false, message}");
  await fault(app, { match: { api: 'agent-crud' }, fault: { kind: 'status', status: 500, message: 'the service fell over' } });
  const crud = await app.inject('/api/agents');
  t.equal(crud.statusCode, 500);
  t.match(crud.json(), { status: 500, detail: /service fell over/ }, 'ASP.NET problem details');
  t.match((await admin(app, 'GET', '/faults')).json(), [{ id: 1, matched: 1, applied: 1 }, { id: 2, applied: 1 }]);
  // Huawei: throttling and unavailability are the API gateway's (its own body), a failure CC-CMS's result code.
  const cms = (status: number) => fault(app, { match: { api: 'huawei' }, fault: { kind: 'status', status }, times: 1 });
  const token = (await app.inject({ method: 'POST', url: '/apigovernance/api/oauth/tokenByAkSk', payload: { app_key: 'ccsim-ak', app_secret: 'ccsim-sk' } })).json().AccessToken;
  const skill = { method: 'POST' as const, url: '/rest/cmsapp/v1/openapi/agentgroup/agentbyconfigedskill', headers: { authorization: `Bearer ${token}`, 'x-app-key': 'ccsim-ak' }, payload: { skillId: 1 } };
  t.equal((await app.inject(skill)).statusCode, 200, 'authenticated: served before the faults');
  await cms(429);
  const throttled = await app.inject(skill);
  t.equal(throttled.statusCode, 429);
  t.match(throttled.json(), { error_code: 'APIG.0308', error_msg: /throttling threshold/ });
  await cms(503);
  t.match((await app.inject(skill)).json(), { error_code: 'APIG.0201' });
  await cms(500);
  const failed = await app.inject(skill);
  t.equal(failed.statusCode, 500);
  t.match(failed.json(), { resultCode: '0100999', resultDesc: /Unknown error/ });
  // ARM: ECSS's <error>, with the status asked for.
  await fault(app, { match: { api: 'arm', command: 'login' }, fault: { kind: 'status', status: 503 }, times: 1 });
  const arm = await app.inject({ method: 'POST', url: '/ccsim.local/service/cc/arm/login', headers: { 'content-type': 'text/xml' }, payload: '<in><request agent_id="101"/></in>' });
  t.equal(arm.statusCode, 503);
  t.match(arm.body, /^<out[ >].*<error type="cannot_perform_cmd" reason="an injected fault: the server answers 503"\/><\/out>$/s);
  t.equal(arm.headers['content-type'], 'text/xml; charset=utf-8');
  const journal = (await admin(app, 'GET', '/requests?api=conpeek')).json().requests[0];
  t.same(journal.fault, { id: 1, kind: 'status' }, 'the journal says which fault applied');
  t.equal((await admin(app, 'GET', '/clock')).statusCode, 200, 'admin calls are never faulted');
  t.equal((await admin(app, 'DELETE', '/faults/1')).statusCode, 204);
  t.equal((await app.inject({ url: '/cdr_dialog', headers: KEY })).statusCode, 200, 'removed: served again');
  t.equal((await admin(app, 'DELETE', '/faults')).statusCode, 204);
  t.equal((await app.inject('/api/agents')).statusCode, 200);
});

t.test('bad fault specs are refused naming the field', async (t) => {
  const { app } = await instrumentedApp();
  t.teardown(() => app.close());
  for (const [spec, field] of [
    [{ match: {}, fault: { kind: 'drop' } }, 'fault.kind'],
    [{ match: { kind: 'admin' }, fault: { kind: 'delay', ms: 1 } }, 'match.kind'],
    [{ match: {}, fault: { kind: 'status', status: 200 } }, 'fault.status'],
    [{ match: {}, fault: { kind: 'delay', ms: 1 }, from: 10, until: 5 }, 'until'],
    [{ match: { pathPattern: '[' }, fault: { kind: 'empty' } }, 'match'],
    [{ match: {}, fault: { kind: 'empty' }, probability: 2 }, 'probability'],
  ] as [object, string][]) {
    const r = await fault(app, spec);
    t.equal(r.statusCode, 400, JSON.stringify(spec));
    t.equal(r.json().error.field, field);
  }
  t.same((await admin(app, 'GET', '/faults')).json(), [], 'nothing installed');
});

t.test('delay, reset, empty, malformed and slow_body over a real socket', async (t) => {
  const { app } = await instrumentedApp();
  t.teardown(() => app.close());
  const base = await listen(app);
  await fault(app, { match: { path: '/cdr_dialog', query: { limit: '1' } }, fault: { kind: 'delay', ms: 300 } });
  let started = Date.now();
  t.equal((await fetch(`${base}/cdr_dialog?limit=1`, { headers: KEY })).status, 200);
  t.ok(Date.now() - started >= 290, `delayed (${Date.now() - started} ms)`);
  await fault(app, { match: { path: '/cdr_dialog', query: { limit: '2' } }, fault: { kind: 'reset' } });
  await t.rejects(fetch(`${base}/cdr_dialog?limit=2`, { headers: KEY }), 'a reset');
  await fault(app, { match: { path: '/cdr_dialog', query: { limit: '3' } }, fault: { kind: 'empty' } });
  await t.rejects(fetch(`${base}/cdr_dialog?limit=3`, { headers: KEY }), 'closed without a response');
  await fault(app, { match: { path: '/cdr_dialog', query: { limit: '4' } }, fault: { kind: 'malformed' } });
  await t.rejects(fetch(`${base}/cdr_dialog?limit=4`, { headers: KEY }), 'garbage');
  await fault(app, { match: { path: '/api/agents' }, fault: { kind: 'slow_body', bytes_per_second: 2000 } });
  started = Date.now();
  const slow = await fetch(`${base}/api/agents`);
  const body = await slow.json();
  t.ok(Date.now() - started >= 500, `dribbled (${Date.now() - started} ms)`);
  t.equal(body.items.length, 12, 'and whole');
  const journal = (await admin(app, 'GET', '/requests?path=/cdr_dialog')).json().requests;
  t.same(journal.map((e: { fault: { kind: string } | null }) => e.fault?.kind ?? null), ['malformed', 'empty', 'reset', 'delay']);
});

t.test('delays: fixed, uniform and lognormal, each drawn from the fault\'s stream at its index', async (t) => {
  const seed = new RandomStreams(7).seedWords('fault:1');
  t.equal(delayMs(250, seed, 3), 250);
  const uniform = Array.from({ length: 200 }, (_, n) => delayMs({ distribution: 'uniform', min: 100, max: 300 }, seed, n));
  t.ok(uniform.every((d) => d >= 100 && d <= 300), 'uniform within its bounds');
  t.same(uniform, Array.from({ length: 200 }, (_, n) => delayMs({ distribution: 'uniform', min: 100, max: 300 }, seed, n)), 'the same index, the same delay');
  const logn = Array.from({ length: 4000 }, (_, n) => delayMs({ distribution: 'lognormal', mean: 200, sd: 80 }, seed, n));
  const mean = logn.reduce((a, b) => a + b, 0) / logn.length;
  const sd = Math.sqrt(logn.reduce((a, b) => a + (b - mean) ** 2, 0) / logn.length);
  t.ok(logn.every((d) => d > 0), 'lognormal is positive');
  t.ok(Math.abs(mean - 200) < 10 && Math.abs(sd - 80) < 10, `lognormal with its mean and sd (${mean.toFixed(1)}, ${sd.toFixed(1)})`);
});

t.test('probability: the n-th matching exchange draws the n-th number of the fault\'s own stream', async (t) => {
  const pattern = async (seed: number) => {
    const { app } = await instrumentedApp({ seed });
    await fault(app, { match: { api: 'conpeek' }, fault: { kind: 'status', status: 429 }, probability: 0.3 });
    const out: number[] = [];
    for (let i = 0; i < 60; i++) out.push((await app.inject({ url: `/cdr_dialog?limit=${i}`, headers: KEY })).statusCode);
    await app.close();
    return out.map((s) => (s === 429 ? 'x' : '.')).join('');
  };
  const a = await pattern(1);
  t.equal(await pattern(1), a, 'the same seed and requests: the same faults');
  t.not(await pattern(2), a, 'another seed: other faults');
  const hits = [...a].filter((c) => c === 'x').length;
  t.ok(hits > 6 && hits < 36, `about 3 in 10 (${hits} of 60): ${a}`);
});

t.test('times and a window of virtual time', async (t) => {
  const { app } = await instrumentedApp();
  t.teardown(() => app.close());
  await fault(app, { match: { api: 'conpeek' }, fault: { kind: 'status', status: 502 }, times: 2 });
  const codes: number[] = [];
  for (let i = 0; i < 4; i++) codes.push((await app.inject({ url: '/cdr_dialog', headers: KEY })).statusCode);
  t.same(codes, [502, 502, 200, 200], 'twice, then served');
  await admin(app, 'DELETE', '/faults');
  await fault(app, { match: { api: 'agent-crud' }, fault: { kind: 'status', status: 503 }, from: 60, until: 120 });
  const at = async (s: number) => {
    await admin(app, 'POST', '/clock/run-until', { t: s * 1000 });
    return (await app.inject('/api/agents')).statusCode;
  };
  t.same([await at(30), await at(60), await at(119), await at(120)], [200, 503, 503, 200], 'from 60 s until 120 s of virtual time');
});

t.test("the scenario's faults and a timeline outage, armed again at every reset", async (t) => {
  const yaml = `
scenarios:
  outage:
    queues: [{ id: q }]
    agents: [{ id: a, number: "101", queues: [{ queue: q }] }]
    faults:
      - { match: { api: conpeek }, fault: { kind: status, status: 503 }, times: 1 }
    timeline:
      - { at: 10m, fault: { match: { api: agent-crud }, fault: { kind: status, status: 500 } }, for: 5m }
`;
  const { app } = await instrumentedApp({ yaml });
  t.teardown(() => app.close());
  t.match((await admin(app, 'GET', '/faults')).json(), [{ id: 1, source: 'scenario', times: 1 }, { id: 2, source: 'scenario', from: 600, until: 900 }]);
  t.equal((await app.inject({ url: '/cdr_dialog', headers: KEY })).statusCode, 503);
  t.equal((await app.inject({ url: '/cdr_dialog', headers: KEY })).statusCode, 200, 'once');
  await admin(app, 'POST', '/clock/run-until', { t: 700_000 });
  t.equal((await app.inject('/api/agents')).statusCode, 500, 'the outage, at 11 min');
  await admin(app, 'POST', '/clock/run-until', { t: 900_000 });
  t.equal((await app.inject('/api/agents')).statusCode, 200, 'over at 15 min');
  await fault(app, { match: { api: 'conpeek', method: 'PUT' }, fault: { kind: 'empty' } });
  await admin(app, 'POST', '/reset');
  t.match((await admin(app, 'GET', '/faults')).json(), [{ id: 1, source: 'scenario', applied: 0 }, { id: 2, source: 'scenario' }, { id: 3, source: 'api' }], 'a reset arms the scenario\'s again; the API\'s stay');
  t.equal((await app.inject({ url: '/cdr_dialog', headers: KEY })).statusCode, 503, 'and it applies again');

  const refused = await app.inject({ method: 'PUT', url: '/__admin/scenario', headers: { 'content-type': 'application/yaml' }, payload: `queues: [{ id: q }]\nfaults: [{ match: {}, fault: { kind: explode } }]\n` });
  t.equal(refused.statusCode, 400, 'a scenario with a fault that cannot be armed is refused');
  t.match(refused.json().error, { code: 'invalid', message: /faults\[0\].*fault.kind/ });
});

t.test('Telphin: a 429 fault with its rate-limit headers; a 401 that makes a client fetch a new token', async (t) => {
  const { app } = await instrumentedApp();
  t.teardown(() => app.close());
  const token = await telphinToken(app);
  await fault(app, { match: { api: 'telphin', pathPattern: '/queue/status' }, fault: { kind: 'status', status: 429 }, times: 1 });
  const r = await app.inject({ url: '/api/ver1.0/extension/1000/queue/status/', headers: { authorization: `Bearer ${token}` } });
  t.equal(r.statusCode, 429);
  t.match(r.json(), { message: /429/ });
  t.ok(r.headers['x-ratelimit-limit'] !== undefined, 'with the rate-limit headers');
});
