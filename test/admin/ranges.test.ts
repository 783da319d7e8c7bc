/**
 * Every /__admin route refuses out-of-range input with 400 `invalid` naming the field, and a refused
 * request changes nothing: the world (GET /__admin/state), the clock, the scenario, the rest line and the
 * event log are byte-equal before and after. Out of range: negative, fractional where whole, past the
 * clock's end (100 years), 1e308, 9e15, 2^53, huge strings, wrong JSON types; for scenarios, a YAML alias
 * bomb and valid YAML with absurd numbers.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import t from 'tap';
import { MAX_VIRTUAL_MS } from '../../src/scenarios/load-scenario.js';
import { adminSchemaErrors, testApp } from '../helpers/app.js';

const json = (body: unknown) => ({ payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const yaml = (text: string) => ({ payload: text, headers: { 'content-type': 'application/yaml' } });

/** Out of range for any number of seconds or milliseconds the admin plane takes. */
const HUGE = [1e308, 9e15, 2 ** 53];
const NOT_NUMBERS = ['x', '5', true, null, [1], { n: 1 }];
const long = (n: number) => 'x'.repeat(n);

/** Everything a refused request must leave as it was. */
async function snapshot(app: FastifyInstance): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const url of ['/__admin/state', '/__admin/clock', '/__admin/scenario', '/__admin/rest', '/__admin/kpis', '/__admin/events?after=0&limit=10000']) {
    const r = await app.inject(url);
    if (r.statusCode !== 200) throw new Error(`${url} answered ${r.statusCode}: ${r.body}`);
    out[url] = r.body;
  }
  return out;
}

const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill('*' + 'abcdefgh'[i]).join(', ')}]`), 'queues: [{ id: q }]', ''].join('\n');

type Case = [label: string, request: InjectOptions, field: string | undefined];

function cases(): Case[] {
  const out: Case[] = [];
  const body = (method: InjectOptions['method'], url: string, field: string, values: unknown[], base: Record<string, unknown> = {}) => {
    for (const v of values) out.push([`${method} ${url} ${field}=${JSON.stringify(v)?.slice(0, 40)}`, { method, url, ...json({ ...base, [field]: v }) }, field]);
  };
  body('PUT', '/__admin/clock', 'speed', [0, -1, 100_001, ...HUGE, ...NOT_NUMBERS]);
  body('PUT', '/__admin/clock', 'mode', ['fast', 5, null, long(100_000)]);
  body('PUT', '/__admin/clock', 'bogus', [1], { speed: 2 });
  body('POST', '/__admin/clock/advance', 'seconds', [-1, 31_536_001, ...HUGE, ...NOT_NUMBERS]);
  body('POST', '/__admin/clock/run-until', 't', [-1, 1.5, MAX_VIRTUAL_MS + 1, ...HUGE, ...NOT_NUMBERS]);
  body('POST', '/__admin/calls', 'queue', ['', long(65), long(100_000), 5, null], {});
  body('POST', '/__admin/calls', 'number', ['', long(65), 5, null], { queue: 'support' });
  body('POST', '/__admin/calls', 'patience', [-1, 3_155_760_001, ...HUGE, ...NOT_NUMBERS], { queue: 'support' });
  body('POST', '/__admin/agents/agent-1/status', 'status', ['sleeping', 5, null, long(100_000)]);
  body('POST', '/__admin/agents/agent-1/rest', 'seconds', [0, -1, 1.5, 86_401, ...HUGE, ...NOT_NUMBERS]);
  body('POST', '/__admin/agents/agent-1/rest', 'reason', [long(201), 5, true], { seconds: 60 });
  out.push(['POST /__admin/agents/{huge}/status', { method: 'POST', url: `/__admin/agents/${long(65)}/status`, ...json({ status: 'available' }) }, 'id']);
  out.push(['POST /__admin/agents/{huge}/rest', { method: 'POST', url: `/__admin/agents/${long(65)}/rest`, ...json({ seconds: 60 }) }, 'id']);
  out.push(['DELETE /__admin/agents/{huge}/rest', { method: 'DELETE', url: `/__admin/agents/${long(65)}/rest` }, 'id']);

  body('PUT', '/__admin/scenario', 'name', [5, '', long(65), null], {});
  body('PUT', '/__admin/scenario', 'seed', [-1, 1.5, 4_294_967_296, ...HUGE, 'x', true], { name: 'smoke' });
  for (const q of ['name=', `name=${long(65)}`]) out.push([`PUT /__admin/scenario?${q.slice(0, 12)}`, { method: 'PUT', url: `/__admin/scenario?${q}`, ...json({ name: 'smoke' }) }, 'name']);
  out.push(['PUT /__admin/scenario: a YAML alias bomb', { method: 'PUT', url: '/__admin/scenario', ...yaml(bomb) }, undefined]);
  const absurd: [string, Record<string, unknown>, string][] = [
    ['duration 1e308', { duration: 1e308 }, 'duration'],
    ['duration 9e15', { duration: 9e15 }, 'duration'],
    ['duration "99999999999d"', { duration: '99999999999d' }, 'duration'],
    ['warmup 2^53', { warmup: 2 ** 53 }, 'warmup'],
    ['a fixed arrival at 9e15', { callers: [{ queue: 'q', arrivals: { process: 'fixed', at: [10, 9e15] } }] }, 'callers[0].arrivals.at[1]'],
    ['patience with a mean of 1e308', { callers: [{ queue: 'q', arrivals: { process: 'fixed', at: [1] }, patience: { distribution: 'exponential', mean: 1e308 } }] }, 'callers[0].patience.mean'],
    ['exponential talk whose longest draw passes 100 years', { agents: [{ id: 'a', queues: [{ queue: 'q' }], talk_time: { distribution: 'exponential', mean: 1e8 } }] }, 'agents[0].talk_time'],
    ['lognormal answer delay with a tail past 100 years', { agents: [{ id: 'a', queues: [{ queue: 'q' }], answer: { after: { distribution: 'lognormal', mean: 1, sd: 1e6 } } }] }, 'agents[0].answer.after'],
    ['a timeline entry at 2^53', { timeline: [{ at: 2 ** 53, call: { queue: 'q' } }] }, 'timeline[0].at'],
    ['a history 1e308 s ago', { agents: [{ id: 'a', queues: [{ queue: 'q' }], history: { last_bridge_end: -1e308 } }] }, 'agents[0].history.last_bridge_end'],
  ];
  for (const [label, extra, field] of absurd) {
    out.push([`PUT /__admin/scenario: ${label}`, { method: 'PUT', url: '/__admin/scenario', ...json({ queues: [{ id: 'q' }], ...extra }) }, `scenarios.api.${field}`]);
  }

  const query = (url: string, field: string, values: string[]) => {
    for (const v of values) out.push([`GET ${url}?${field}=${v.slice(0, 20)}`, { method: 'GET', url: `${url}?${field}=${v}` }, field]);
  };
  for (const url of ['/__admin/events', '/__admin/events/stream']) {
    query(url, 'after', ['-1', '1.5', '1e308', String(2 ** 53), 'x']);
    query(url, 'type', [long(65)]);
  }
  query('/__admin/events', 'limit', ['0', '10001', '1.5', '1e308', 'x']);
  return out;
}

t.test('every admin route refuses out-of-range fields with 400 invalid naming the field, and changes nothing', async (t) => {
  const { app } = await testApp('smoke');
  t.teardown(() => app.close());
  // Something to lose: time has passed, callers wait, an agent rests.
  await app.inject({ method: 'POST', url: '/__admin/clock/advance', ...json({ seconds: 300 }) });
  await app.inject({ method: 'POST', url: '/__admin/calls', ...json({ queue: 'support', patience: 600 }) });
  await app.inject({ method: 'POST', url: '/__admin/agents/agent-2/rest', ...json({ seconds: 900, reason: 'lunch' }) });
  const before = await snapshot(app);
  for (const [label, request, field] of cases()) {
    const r = await app.inject(request);
    t.equal(r.statusCode, 400, `${label}: 400 (${r.body.slice(0, 160)})`);
    const error = r.json().error;
    t.same(adminSchemaErrors('Error', r.json()), [], `${label}: the envelope`);
    t.equal(error.code, 'invalid', `${label}: invalid`);
    t.equal(error.field, field, `${label}: field ${field}`);
    t.ok(error.message.length < 400, `${label}: a short message`);
    const after = await snapshot(app);
    for (const url of Object.keys(before)) t.equal(after[url], before[url], `${label}: ${url} unchanged`);
  }
});

t.test('the clock runs to its end (100 years) and no further; every read still answers', async (t) => {
  const { app } = await testApp('smoke');
  t.teardown(() => app.close());
  const end = await app.inject({ method: 'POST', url: '/__admin/clock/run-until', ...json({ t: MAX_VIRTUAL_MS }) });
  t.equal(end.statusCode, 200, end.body);
  t.match(end.json(), { t: MAX_VIRTUAL_MS, now: '2126-11-21T09:00:00.000Z' });
  const caller = await app.inject({ method: 'POST', url: '/__admin/calls', ...json({ queue: 'support', patience: 3_155_760_000 }) });
  t.equal(caller.statusCode, 201, 'the longest patience at the last instant');
  const before = await snapshot(app);
  for (const request of [
    { method: 'POST', url: '/__admin/clock/advance', ...json({ seconds: 0.001 }) },
    { method: 'POST', url: '/__admin/clock/advance', ...json({ seconds: 31_536_000 }) },
  ] as InjectOptions[]) {
    const r = await app.inject(request);
    t.equal(r.statusCode, 400);
    t.match(r.json().error, { code: 'invalid', field: 'seconds', message: /past its end/ });
  }
  t.same(await snapshot(app), before, 'nothing moved');
  for (const url of ['/__admin/health', '/__admin/clock', '/__admin/state', '/__admin/kpis']) t.equal((await app.inject(url)).statusCode, 200, url);
  const clock = await app.inject({ method: 'PUT', url: '/__admin/clock', ...json({ speed: 5 }) });
  t.equal(clock.statusCode, 200);
  t.match(clock.json(), { speed: 5, t: MAX_VIRTUAL_MS });
});
