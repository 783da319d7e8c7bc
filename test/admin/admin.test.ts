/**
 * /__admin through app.inject in manual clock mode: every route, its errors in the one envelope, and
 * every response validated against schemas/admin.
 */
import { request as httpRequest } from 'node:http';
import type { InjectOptions } from 'fastify';
import t from 'tap';
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
  const { app } = await testApp();
  t.teardown(() => app.close());
  await app.inject({ method: 'POST', url: '/__admin/clock/advance', ...json({ seconds: 1800 }) });
  const first = (await app.inject('/__admin/events?limit=10000')).json().events;
  await app.inject({ method: 'POST', url: '/__admin/agents/alice/status', ...json({ status: 'logged_out' }) });
  const reset = await app.inject({ method: 'POST', url: '/__admin/reset' });
  t.equal(reset.statusCode, 200);
  t.equal(reset.json().t, 0);
  const alice = (await app.inject('/__admin/state')).json().agents.find((a: { id: string }) => a.id === 'alice');
  t.equal(alice.status, 'available', 'the API change is dropped');
  await app.inject({ method: 'POST', url: '/__admin/clock/advance', ...json({ seconds: 1800 }) });
  const again = (await app.inject('/__admin/events?limit=10000')).json().events;
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
  const { app } = await testApp('smoke');
  t.teardown(() => app.close());
  for (const id of ['agent-1', 'agent-2', 'agent-3']) {
    const r = await app.inject({ method: 'POST', url: `/__admin/agents/${id}/status`, ...json({ status: 'on_break' }) });
    t.equal(r.statusCode, 200);
    t.same(adminSchemaErrors('AgentView', r.json()), []);
    t.equal(r.json().status, 'on_break');
  }
  const call = await app.inject({ method: 'POST', url: '/__admin/calls', ...json({ queue: 'support', number: '+74951112233' }) });
  t.equal(call.statusCode, 201);
  t.same(adminSchemaErrors('InjectedCall', call.json()), []);
  t.match(call.json(), { queue: 'support', number: '+74951112233', t: 0 });
  const id = call.json().call;
  // The queue keeps callers out when nobody is available (exit_with_no_av_agents, seed 001 default).
  const left = (await app.inject('/__admin/events?type=call.left')).json().events;
  t.match(left, [{ call: id, reason: 'no_available_agents' }]);

  await app.inject({ method: 'POST', url: '/__admin/agents/agent-2/status', ...json({ status: 'available' }) });
  const second = (await app.inject({ method: 'POST', url: '/__admin/calls', ...json({ queue: 'support', patience: 600 }) })).json();
  const state = (await app.inject('/__admin/state')).json();
  t.same(adminSchemaErrors('State', state), []);
  t.match(state.callers, [{ call: second.call, queue: 'support', state: 'trying', ringing: ['agent-2'] }]);
  t.equal(state.agents.find((a: { id: string }) => a.id === 'agent-2').state, 'receiving');
  await app.inject({ method: 'POST', url: '/__admin/clock/advance', ...json({ seconds: 3 }) });
  const answered = (await app.inject('/__admin/events?type=call.answered')).json().events;
  t.match(answered, [{ call: second.call, agent: 'agent-2', t: 3000 }]);
  const kpis = (await app.inject('/__admin/kpis')).json();
  t.same(adminSchemaErrors('Kpis', kpis), []);
  t.match(kpis, { scenario: 'smoke', simulated_seconds: 3, calls: { answered: 1, rejected: 1 } });

  const errs: [string, unknown, number, string][] = [
    ['/__admin/calls', { queue: 'nope' }, 404, 'not_found'],
    ['/__admin/calls', { queue: 'support', patience: -1 }, 400, 'invalid'],
    ['/__admin/agents/ghost/status', { status: 'available' }, 404, 'not_found'],
    ['/__admin/agents/agent-1/status', { status: 'sleeping' }, 400, 'invalid'],
  ];
  for (const [url, body, status, code] of errs) {
    const r = await app.inject({ method: 'POST', url, ...json(body) });
    t.equal(r.statusCode, status, `${url} ${JSON.stringify(body)}`);
    t.equal(r.json().error.code, code);
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
  const { app } = await testApp();
  t.teardown(() => app.close());
  const yaml = 'queues:\n  - id: line\nrest:\n  max_agents: 1\nagents:\n  - { id: a, queues: [{ queue: line }] }\n  - { id: b, queues: [{ queue: line }] }\n';
  t.equal((await app.inject({ method: 'PUT', url: '/__admin/scenario', payload: yaml, headers: { 'content-type': 'application/yaml' } })).statusCode, 200);
  const a = await app.inject({ method: 'POST', url: '/__admin/agents/a/rest', ...json({ seconds: 600, reason: 'lunch' }) });
  t.equal(a.statusCode, 200);
  t.same(adminSchemaErrors('AgentView', a.json()), []);
  t.match(a.json(), { id: 'a', status: 'on_break', rest: { phase: 'resting', seconds: 600, reason: 'lunch' } });
  await app.inject({ method: 'POST', url: '/__admin/agents/b/rest', ...json({ seconds: 60 }) });
  const info = await app.inject('/__admin/rest');
  t.same(adminSchemaErrors('RestInfo', info.json()), []);
  t.same(info.json(), {
    max_agents: 1,
    agents: [
      { agent: 'a', phase: 'resting', requested_t: 0, begin_t: 0, seconds: 600, reason: 'lunch' },
      { agent: 'b', phase: 'queued', requested_t: 0, begin_t: null, seconds: 60, reason: null },
    ],
  });
  const end = await app.inject({ method: 'DELETE', url: '/__admin/agents/a/rest' });
  t.match(end.json(), { status: 'available', rest: null });
  t.match((await app.inject('/__admin/rest')).json().agents, [{ agent: 'b', phase: 'resting' }]);
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
