/**
 * /__admin in manual clock mode: every route, its errors in the one envelope, and every response
 * validated against schemas/admin; through app.inject, and as a test suite drives it, with the typed
 * client over a server that ccsim/testing started (reset, injecting a caller, driving an agent, rest).
 */
import { request as httpRequest } from 'node:http';
import type { InjectOptions } from 'fastify';
import t from 'tap';
import { CcsimError } from '../../src/client/index.js';
import { start } from '../../src/testing/index.js';
import { adminSchemaErrors, testApp } from '../helpers/app.js';

const json = (body: unknown) => ({ payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

t.test('health, clock, advance and run-until', async (t) => {
  const { app } = await testApp();
  t.teardown(() => app.close());
  const health = await app.inject('/__admin/health');
  t.equal(health.statusCode, 200);
  t.same(adminSchemaErrors('Health', health.json()), []);
  t.match(health.json(), { status: 'ok', scenario: 'default', seed: 42, clock: { t: 0, mode: 'manual', now: '2026-11-20T09:00:00.000Z' } });

  const adv = await app.inject({ method: 'POST', url: '/__admin/clock/advance', ...json({ seconds: 90 }) });
  t.equal(adv.statusCode, 200);
  t.same(adminSchemaErrors('Clock', adv.json()), []);
  t.equal(adv.json().t, 90_000);
  t.equal(adv.json().now, '2026-11-20T09:01:30.000Z');

  const until = await app.inject({ method: 'POST', url: '/__admin/clock/run-until', ...json({ t: 600_000 }) });
  t.equal(until.json().t, 600_000);
  const clock = await app.inject('/__admin/clock');
  t.same(clock.json(), until.json());

  const past = await app.inject({ method: 'POST', url: '/__admin/clock/run-until', ...json({ t: 1000 }) });
  t.equal(past.statusCode, 409);
  t.same(adminSchemaErrors('Error', past.json()), []);
  t.match(past.json(), { error: { code: 'conflict', field: 't' } });
});

t.test('clock mode and speed', async (t) => {
  const { app } = await testApp();
  t.teardown(() => app.close());
  const put = await app.inject({ method: 'PUT', url: '/__admin/clock', ...json({ mode: 'realtime', speed: 50 }) });
  t.equal(put.statusCode, 200);
  t.match(put.json(), { mode: 'realtime', speed: 50 });
  const adv = await app.inject({ method: 'POST', url: '/__admin/clock/advance', ...json({ seconds: 1 }) });
  t.equal(adv.statusCode, 409, 'advance is for manual mode');
  t.match(adv.json(), { error: { code: 'conflict', field: 'mode' } });
  const back = await app.inject({ method: 'PUT', url: '/__admin/clock', ...json({ mode: 'manual' }) });
  t.match(back.json(), { mode: 'manual', speed: 50 });
  for (const bad of [{ speed: 0 }, { speed: -3 }, { mode: 'fast' }, {}, { speed: 'x' }]) {
    const r = await app.inject({ method: 'PUT', url: '/__admin/clock', ...json(bad) });
    t.equal(r.statusCode, 400, JSON.stringify(bad));
    t.equal(r.json().error.code, 'invalid');
  }
});

t.test('bad bodies get the envelope, never a 500', async (t) => {
  const { app } = await testApp('default', { bodyLimit: 1024 });
  t.teardown(() => app.close());
  const cases: [InjectOptions, number, string, RegExp][] = [
    [{ method: 'POST', url: '/__admin/clock/advance', payload: '{"seconds":', headers: { 'content-type': 'application/json' } }, 400, 'bad_request', /not valid JSON/],
    [{ method: 'POST', url: '/__admin/clock/advance', ...json({ seconds: -1 }) }, 400, 'invalid', /'seconds' must be >= 0/],
    [{ method: 'POST', url: '/__admin/clock/advance', ...json({ seconds: 'ten' }) }, 400, 'invalid', /'seconds' must be number/],
    [{ method: 'POST', url: '/__admin/clock/advance', ...json({}) }, 400, 'invalid', /'seconds' is required/],
    [{ method: 'POST', url: '/__admin/clock/advance', ...json({ seconds: 1, extra: 2 }) }, 400, 'invalid', /'extra' is not known/],
    [{ method: 'POST', url: '/__admin/clock/advance', payload: 'x'.repeat(5000), headers: { 'content-type': 'application/json' } }, 413, 'payload_too_large', /body/i],
    [{ method: 'POST', url: '/__admin/clock/advance', payload: '<a/>', headers: { 'content-type': 'application/xml' } }, 415, 'unsupported_media_type', /application\/xml/],
    [{ method: 'GET', url: '/__admin/nope' }, 404, 'not_found', /no admin route GET \/__admin\/nope/],
    [{ method: 'GET', url: '/__admin/events?limit=0' }, 400, 'invalid', /limit/],
  ];
  for (const [req, status, code, message] of cases) {
    const r = await app.inject(req);
    t.equal(r.statusCode, status, `${req.method} ${req.url}`);
    t.same(adminSchemaErrors('Error', r.json()), [], 'envelope');
    t.equal(r.json().error.code, code);
    t.match(r.json().error.message, message);
  }
});

t.test('reset brings the world back to its start, with the same seed', async (t) => {
  const { client, stop } = await start();
  t.teardown(stop);
  await client.advance(1800);
  const first = (await client.events({ limit: 10000 })).events;
  await client.setAgentStatus('alice', 'logged_out');
  const reset = await client.reset();
  t.same(adminSchemaErrors('Clock', reset), []);
  t.equal(reset.t, 0);
  const alice = (await client.state()).agents.find((a) => a.id === 'alice');
  t.equal(alice?.status, 'available', 'the API change is dropped');
  await client.advance(1800);
  const again = (await client.events({ limit: 10000 })).events;
  t.same(again, first, 'the same story again');
});

t.test('the event log pages by seq and filters by type prefix', async (t) => {
  const { app } = await testApp();
  t.teardown(() => app.close());
  await app.inject({ method: 'POST', url: '/__admin/clock/advance', ...json({ seconds: 3600 }) });
  const all = (await app.inject('/__admin/events?limit=10000')).json();
  t.same(adminSchemaErrors('EventPage', all), []);
  t.ok(all.events.length > 100);
  t.same(all.events.map((e: { seq: number }) => e.seq), all.events.map((_: unknown, i: number) => i + 1));
  t.equal(all.last, all.events.length);
  const pages: number[] = [];
  for (let after = 0; ; ) {
    const page = (await app.inject(`/__admin/events?after=${after}&limit=37`)).json();
    if (page.events.length === 0) break;
    pages.push(...page.events.map((e: { seq: number }) => e.seq));
    after = page.events[page.events.length - 1].seq;
  }
  t.same(pages, all.events.map((e: { seq: number }) => e.seq), 'paging returns every event once');
  const answered = (await app.inject('/__admin/events?type=call.answered&limit=10000')).json().events;
  t.ok(answered.length > 0 && answered.every((e: { type: string }) => e.type === 'call.answered'));
});

t.test('injecting a caller and driving an agent show up in state, events and KPIs', async (t) => {
  const { client, stop } = await start({ scenario: 'smoke' });
  t.teardown(stop);
  for (const id of ['agent-1', 'agent-2', 'agent-3']) {
    const agent = await client.setAgentStatus(id, 'on_break');
    t.same(adminSchemaErrors('AgentView', agent), []);
    t.equal(agent.status, 'on_break');
  }
  const call = await client.injectCall({ queue: 'support', number: '+74951112233' });
  t.same(adminSchemaErrors('InjectedCall', call), []);
  t.match(call, { queue: 'support', number: '+74951112233', t: 0 });
  // The queue keeps callers out when nobody is available (exit_with_no_av_agents, seed 001 default).
  t.match((await client.events({ type: 'call.left' })).events, [{ call: call.call, reason: 'no_available_agents' }]);

  await client.setAgentStatus('agent-2', 'available');
  const second = await client.injectCall({ queue: 'support', patience: 600 });
  const state = await client.state();
  t.same(adminSchemaErrors('State', state), []);
  t.match(state.callers, [{ call: second.call, queue: 'support', state: 'trying', ringing: ['agent-2'] }]);
  t.equal(state.agents.find((a) => a.id === 'agent-2')?.state, 'receiving');
  await client.advance(3);
  t.match((await client.events({ type: 'call.answered' })).events, [{ call: second.call, agent: 'agent-2', t: 3000 }]);
  t.match(await client.waitForEvent('call.answered'), { call: second.call, agent: 'agent-2' }, 'the same on the live stream');
  const kpis = await client.kpis();
  t.same(adminSchemaErrors('Kpis', kpis), []);
  t.match(kpis, { scenario: 'smoke', simulated_seconds: 3, calls: { answered: 1, rejected: 1 } });

  const errs: [() => Promise<unknown>, number, string][] = [
    [() => client.injectCall({ queue: 'nope' }), 404, 'not_found'],
    [() => client.injectCall({ queue: 'support', patience: -1 }), 400, 'invalid'],
    [() => client.setAgentStatus('ghost', 'available'), 404, 'not_found'],
    [() => client.setAgentStatus('agent-1', 'sleeping' as 'available'), 400, 'invalid'],
  ];
  for (const [call, status, code] of errs) {
    const err = await call().catch((e: unknown) => e);
    t.ok(err instanceof CcsimError, String(err));
    t.same(adminSchemaErrors('Error', (err as CcsimError).body), []);
    t.match(err, { status, code });
  }
});

t.test('scenarios: read, pick by name, load JSON or YAML, reject bad ones', async (t) => {
  const { app } = await testApp();
  t.teardown(() => app.close());
  const current = await app.inject('/__admin/scenario');
  t.same(adminSchemaErrors('ScenarioView', current.json()), []);
  t.match(current.json(), { name: 'default', seed: 42, start: '2026-11-20T09:00:00.000Z', duration_seconds: 28800 });

  const byName = await app.inject({ method: 'PUT', url: '/__admin/scenario', ...json({ name: 'smoke', seed: 5 }) });
  t.equal(byName.statusCode, 200);
  t.match(byName.json(), { name: 'smoke', seed: 5 });

  const yaml = 'seed: 3\nduration: 10m\nqueues:\n  - id: line\n    strategy: ring-all\nagents:\n  - { id: solo, queues: [{ queue: line }] }\n';
  const fromYaml = await app.inject({ method: 'PUT', url: '/__admin/scenario', payload: yaml, headers: { 'content-type': 'application/yaml' } });
  t.equal(fromYaml.statusCode, 200, fromYaml.body);
  t.match(fromYaml.json(), { name: 'api', seed: 3, duration_seconds: 600, queues: [{ id: 'line' }] });
  const state = (await app.inject('/__admin/state')).json();
  t.same(state.agents.map((a: { id: string }) => a.id), ['solo'], 'the new scenario is running');

  const wholeFile = { scenarios: { a: { queues: [{ id: 'q' }] }, b: { seed: 9, queues: [{ id: 'r' }] } } };
  const pick = await app.inject({ method: 'PUT', url: '/__admin/scenario?name=b', ...json(wholeFile) });
  t.match(pick.json(), { name: 'b', seed: 9 });

  const bad: [unknown, RegExp][] = [
    [{ name: 'nope' }, /no scenario named 'nope'/],
    [{ queues: [{ id: 'q', strategy: 'fastest' }] }, /queues\[0\]\.strategy: must be one of/],
    [{ queues: [] }, /queues: must NOT have fewer than 1 items/],
    [[1, 2], /must be a scenario/],
  ];
  for (const [body, message] of bad) {
    const r = await app.inject({ method: 'PUT', url: '/__admin/scenario', ...json(body) });
    t.equal(r.statusCode, 400, JSON.stringify(body));
    t.same(adminSchemaErrors('Error', r.json()), []);
    t.match(r.json().error.message, message);
  }
  const badYaml = await app.inject({ method: 'PUT', url: '/__admin/scenario', payload: 'queues: [\n', headers: { 'content-type': 'text/yaml' } });
  t.equal(badYaml.statusCode, 400);
  t.match(badYaml.json().error.message, /request body:\d+:\d+: .*not valid YAML/);
  t.equal((await app.inject('/__admin/scenario')).json().name, 'b', 'a rejected scenario changes nothing');
});

t.test('OpenAPI documents every admin route, browsable at /docs', async (t) => {
  const { app } = await testApp();
  t.teardown(() => app.close());
  const spec = (await app.inject('/docs/json')).json();
  const paths = Object.keys(spec.paths);
  for (const p of ['/__admin/health', '/__admin/reset', '/__admin/clock', '/__admin/clock/advance', '/__admin/clock/run-until', '/__admin/scenario', '/__admin/events', '/__admin/events/stream', '/__admin/kpis', '/__admin/calls', '/__admin/agents/{id}/status', '/__admin/state']) {
    t.ok(paths.includes(p), p);
  }
  t.equal((await app.inject('/docs/')).statusCode, 200);
});

t.test('the live event stream sends the log as Server-Sent Events', async (t) => {
  const { app } = await testApp('smoke');
  t.teardown(() => app.close());
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const received: string[] = [];
  const done = new Promise<void>((resolve, reject) => {
    const req = httpRequest(`${address}/__admin/events/stream?after=0&type=call.`, (res) => {
      t.equal(res.headers['content-type'], 'text/event-stream; charset=utf-8');
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        received.push(chunk);
        if (received.join('').split('\n\n').filter((b) => b.includes('event: call.answered')).length >= 2) {
          req.destroy();
          resolve();
        }
      });
    });
    req.on('error', (err) => ((err as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve() : reject(err)));
    req.end();
  });
  await new Promise((r) => setTimeout(r, 50));
  await app.inject({ method: 'POST', url: '/__admin/clock/advance', ...json({ seconds: 600 }) });
  await done;
  const blocks = received.join('').split('\n\n').filter((b) => b.startsWith('id:'));
  t.ok(blocks.length >= 2);
  for (const b of blocks) {
    const [idLine, eventLine, dataLine] = b.split('\n');
    const data = JSON.parse(dataLine.replace(/^data: /, ''));
    t.equal(idLine, `id: ${data.seq}`);
    t.equal(eventLine, `event: ${data.type}`);
    t.ok(data.type.startsWith('call.'), 'the type filter applies');
  }
});

t.test('rest with approval through /__admin: ask, see the line, end it', async (t) => {
  const { app, client, stop } = await start();
  t.teardown(stop);
  const yaml = 'queues:\n  - id: line\nrest:\n  max_agents: 1\nagents:\n  - { id: a, queues: [{ queue: line }] }\n  - { id: b, queues: [{ queue: line }] }\n';
  const loaded = await client.loadScenario(yaml);
  t.same(adminSchemaErrors('ScenarioView', loaded), []);
  t.same((loaded.agents as { id: string }[]).map((x) => x.id), ['a', 'b'], 'a YAML text loaded');
  const a = await client.requestRest('a', 600, 'lunch');
  t.same(adminSchemaErrors('AgentView', a), []);
  t.match(a, { id: 'a', status: 'on_break', rest: { phase: 'resting', seconds: 600, reason: 'lunch' } });
  await client.requestRest('b', 60);
  const info = await client.rest();
  t.same(adminSchemaErrors('RestInfo', info), []);
  t.same(info, {
    max_agents: 1,
    agents: [
      { agent: 'a', phase: 'resting', requested_t: 0, begin_t: 0, seconds: 600, reason: 'lunch' },
      { agent: 'b', phase: 'queued', requested_t: 0, begin_t: null, seconds: 60, reason: null },
    ],
  });
  t.match(await client.cancelRest('a'), { status: 'available', rest: null });
  t.match((await client.rest()).agents, [{ agent: 'b', phase: 'resting' }]);
  for (const [method, url, body, status, code] of [
    ['POST', '/__admin/agents/a/rest', { seconds: 0 }, 400, 'invalid'],
    ['POST', '/__admin/agents/ghost/rest', { seconds: 10 }, 404, 'not_found'],
    ['POST', '/__admin/agents/b/rest', { seconds: 10 }, 409, 'conflict'],
    ['DELETE', '/__admin/agents/a/rest', undefined, 409, 'conflict'],
  ] as const) {
    const r = await app.inject({ method, url, ...(body ? json(body) : {}) });
    t.equal(r.statusCode, status, `${method} ${url} ${JSON.stringify(body)}`);
    t.equal(r.json().error.code, code);
  }
});
