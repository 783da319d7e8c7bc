/**
 * Bad input on every route: malformed JSON, wrong types, odd bodies, unknown ids, oversized bodies,
 * other content types, unknown routes. Always Telphin's error format with a message naming the problem,
 * never a 500, and a rejected request changes nothing (not the world, not the view); the world's
 * refusals rendered by their codes.
 */
import t from 'tap';
import { DomainError } from '../../../src/scenarios/callcenter/errors.js';
import { classify } from '../../../src/simulators/shared/problem.js';
import { renderTelphinError } from '../../../src/simulators/queue-rest/errors.js';
import { API, harness, schemaErrors, type Harness } from './harness.js';

/** Every route, with ids that exist in the smoke scenario (queue 1000, agent 1's phone 1001). */
const WRITES: [string, string][] = [
  ['POST', '/client/@me/extension/'],
  ['PUT', '/client/@me/extension/1001'],
  ['PUT', '/extension/1000/queue/'],
  ['POST', '/extension/1000/queue/agents/local/'],
  ['PUT', '/extension/1000/queue/agents/local/1'],
  ['POST', '/extension/1000/queue/agents/remote/'],
  ['POST', '/client/@me/agent/local/'],
  ['PUT', '/client/@me/agent/local/1'],
  ['POST', '/client/@me/agent/remote/'],
  ['POST', '/extension/1000/event/'],
  ['PUT', '/extension/1000/event/1'],
  ['POST', '/client/@me/agent/local/1/event/'],
  ['PUT', '/client/@me/agent/local/1/event/2'],
  ['POST', '/extension/1001/callback/'],
];

const READS = [
  '/user',
  '/client/@me/extension/',
  '/client/@me/extension/1001',
  '/extension/1000/queue/',
  '/extension/1000/queue/status/',
  '/extension/1000/queue/agents/local/',
  '/extension/1000/queue/agents/local/1',
  '/extension/1000/queue/agents/remote/',
  '/client/@me/agent/local/',
  '/client/@me/agent/local/1',
  '/client/@me/agent/remote/',
  '/extension/1000/event/',
  '/extension/1000/event/1',
  '/client/@me/agent/local/1/event/',
  '/client/@me/agent/local/1/event/2',
  '/client/@me/call_history/',
  '/client/@me/current_calls/',
  '/client/@me/record/',
  '/extension/1000/agent/',
];

/** What the view and the world look like (the clock and rate-limit counters aside). */
async function snapshot(h: Harness): Promise<string> {
  const parts: unknown[] = [];
  for (const path of READS) parts.push((await h.api('GET', path)).body);
  const state = (await h.app.inject('/__admin/state')).json();
  const last = (await h.app.inject('/__admin/events?limit=1')).json().last;
  return JSON.stringify({ parts, agents: state.agents, queues: state.queues, callers: state.callers, last });
}

async function setup(h: Harness): Promise<void> {
  await h.api('POST', '/extension/1000/event/', { url: 'http://127.0.0.1:1/x', event_type: 'hangup' });
  await h.api('POST', '/client/@me/agent/local/1/event/', { url: 'http://127.0.0.1:1/y', event_type: 'agent-login' });
}

t.test('odd bodies on every write route: Telphin errors, never a 500, never a half-applied change', async (t) => {
  const h = await harness('smoke', { bodyLimit: 4096 });
  t.teardown(() => h.app.close());
  await setup(h);
  const bodies: unknown[] = [
    '{"name":', '{bad json}', '', 'null', '[]', '"text"', '42', 'true', '[{"a":1}]',
    { unexpected: 1 }, { name: 123 }, { name: null }, { level: 'high' }, { agent_id: -1 }, { agent_id: 1e20 }, { url: 42 },
    { status: 'on_break' }, { strategy: ['ring-all'] }, { max_wait_time: { n: 1 } }, { extension_id: '1001', name: 'x' },
    { name: 'x'.repeat(300), type: 'phone' }, '{"__proto__":{"polluted":true},"name":"p"}', '{"constructor":{"prototype":{"polluted":true}}}',
    { name: 'Ünïcødé ☎', number: '+7 (495) 000' }, { type: 'queue', name: '000*' }, { event_type: 'dial-in', url: 'http://' },
  ];
  let before = await snapshot(h);
  let rejected = 0;
  for (const [method, path] of WRITES) {
    for (const b of bodies) {
      const payload = typeof b === 'string' ? b : JSON.stringify(b);
      const r = await h.api(method as 'POST', path, payload, { 'content-type': 'application/json' });
      const label = `${method} ${path} ${payload.slice(0, 40)}`;
      if (r.statusCode >= 500) t.fail(`${label}: ${r.statusCode} ${r.body}`);
      if (r.statusCode >= 400) {
        rejected++;
        t.same(schemaErrors('Error', r.json()), [], `${label}: the error format`);
        t.ok(r.json().message.length > 10, `${label}: ${r.json().message}`);
        const after = await snapshot(h);
        if (after !== before) t.fail(`${label} was rejected (${r.statusCode}) but changed something`);
      } else before = await snapshot(h);
    }
  }
  t.ok(rejected > WRITES.length * (bodies.length - 4), `${rejected} rejected`);
  t.notOk(({} as { polluted?: boolean }).polluted, 'no prototype pollution');
});

t.test('the messages name the problem', async (t) => {
  const h = await harness('smoke', { bodyLimit: 1024 });
  t.teardown(() => h.app.close());
  const cases: [string, string, string | undefined, Record<string, string>, number, RegExp][] = [
    ['PUT', '/extension/1000/queue/', '{"strategy":', { 'content-type': 'application/json' }, 400, /^The body is not valid JSON/],
    // An empty body is no body, whatever its label: this route needs one.
    ['PUT', '/extension/1000/queue/', '', { 'content-type': 'application/json' }, 400, /^The body must be object$/],
    ['PUT', '/extension/1000/queue/', undefined, {}, 400, /^The body must be object$/],
    ['PUT', '/extension/1000/queue/', JSON.stringify({ exit_key: 'x'.repeat(2000) }), { 'content-type': 'application/json' }, 413, /larger than the server accepts/],
    // The API reads JSON only (forms are the token request's).
    ['PUT', '/extension/1000/queue/', 'strategy=ring-all', { 'content-type': 'application/x-www-form-urlencoded' }, 415, /content type 'application\/x-www-form-urlencoded' is not read here; send application\/json$/],
    ['PUT', '/extension/1000/queue/', '<x/>', { 'content-type': 'text/xml' }, 415, /'text\/xml' is not read here; send application\/json$/],
    ['PUT', '/extension/1000/queue/', JSON.stringify({ max_wait_time: true }), { 'content-type': 'application/json' }, 400, /field 'max_wait_time' must be integer or null/],
    ['POST', '/client/@me/agent/remote/', JSON.stringify({ name: 'x', number: 5 }), { 'content-type': 'application/json' }, 400, /field 'number' must be string/],
    ['GET', '/extension/abc/queue/', undefined, {}, 404, /Extension 'abc' not found/],
    ['GET', '/extension/0/queue/status/', undefined, {}, 404, /Extension '0' not found/],
    ['GET', '/extension/1000/queue/agents/local/-1', undefined, {}, 404, /Local agent '-1' not found/],
    ['GET', '/client/@me/agent/remote/1', undefined, {}, 404, /Remote agent '1' not found/],
    ['DELETE', '/client/@me/agent/local/999', undefined, {}, 404, /Local agent '999' not found/],
    ['DELETE', '/client/@me/extension/1e3', undefined, {}, 404, /Extension '1e3' not found/],
    ['DELETE', '/extension/1000/event/5', undefined, {}, 404, /Event '5' not found/],
    ['GET', '/extension/1000/nothing', undefined, {}, 404, /No such resource: GET \/api\/ver1\.0\/extension\/1000\/nothing/],
    ['PATCH', '/extension/1000/queue/', '{}', { 'content-type': 'application/json' }, 404, /No such resource: PATCH/],
  ];
  for (const [method, path, payload, headers, code, message] of cases) {
    const r = await h.app.inject({ method: method as 'GET', url: `${API}${path}`, headers: { authorization: `Bearer ${h.token}`, ...headers }, ...(payload === undefined ? {} : { payload }) });
    t.equal(r.statusCode, code, `${method} ${path} ${payload ?? ''}`.slice(0, 80));
    t.match(r.headers['content-type'], /^application\/json/);
    t.same(schemaErrors('Error', r.json()), []);
    t.match(r.json().message, message);
  }
});

t.test('OpenAPI documents every Telphin route under the telphin tag', async (t) => {
  const h = await harness('smoke');
  t.teardown(() => h.app.close());
  const spec = (await h.app.inject('/docs/json')).json();
  t.ok(spec.tags.some((x: { name: string }) => x.name === 'telphin'));
  const paths = [
    '/oauth/token',
    '/api/ver1.0/user',
    '/api/ver1.0/client/{client_id}/extension',
    '/api/ver1.0/client/{client_id}/extension/{extension_id}',
    '/api/ver1.0/extension/{extension_id}/queue',
    '/api/ver1.0/extension/{extension_id}/queue/status',
    '/api/ver1.0/extension/{extension_id}/queue/agents/local',
    '/api/ver1.0/extension/{extension_id}/queue/agents/local/{agent_id}',
    '/api/ver1.0/extension/{extension_id}/queue/agents/remote',
    '/api/ver1.0/extension/{extension_id}/queue/agents/remote/{agent_id}',
    '/api/ver1.0/client/{client_id}/agent/local',
    '/api/ver1.0/client/{client_id}/agent/local/{agent_id}',
    '/api/ver1.0/client/{client_id}/agent/remote',
    '/api/ver1.0/client/{client_id}/agent/remote/{agent_id}',
    '/api/ver1.0/extension/{extension_id}/event',
    '/api/ver1.0/extension/{extension_id}/event/{event_id}',
    '/api/ver1.0/client/{client_id}/agent/local/{agent_id}/event',
    '/api/ver1.0/client/{client_id}/agent/local/{agent_id}/event/{event_id}',
    '/api/ver1.0/client/{client_id}/agent/remote/{agent_id}/event',
    '/api/ver1.0/client/{client_id}/agent/remote/{agent_id}/event/{event_id}',
    '/api/ver1.0/client/{client_id}/call_history',
    '/api/ver1.0/client/{client_id}/call_history/{call_uuid}',
    '/api/ver1.0/client/{client_id}/current_calls',
    '/api/ver1.0/client/{client_id}/record',
    '/api/ver1.0/client/{client_id}/record/{record_uuid}',
    '/api/ver1.0/client/{client_id}/record/{record_uuid}/download',
    '/api/ver1.0/client/{client_id}/record/{record_uuid}/storage_url',
    '/api/ver1.0/extension/{extension_id}/record',
    '/api/ver1.0/extension/{extension_id}/record/{record_uuid}/storage_url',
    '/api/ver1.0/storage/record/{record_uuid}',
    '/api/ver1.0/extension/{extension_id}/callback',
    '/api/ver1.0/extension/{extension_id}/agent',
  ];
  for (const p of paths) {
    t.ok(spec.paths[p], p);
    for (const op of Object.values(spec.paths[p] ?? {}) as { tags?: string[] }[]) t.same(op.tags, ['telphin'], `${p} is tagged`);
  }
});

t.test("the world's refusals are rendered by their code, not their words", async (t) => {
  const render = (err: DomainError) => renderTelphinError(err, classify(err));
  // The same words under different codes: the code decides.
  t.match(render(new DomainError('agent.not_found', 'gone')), { status: 404, body: { message: 'Gone', status: 'agent_not_found' } });
  t.match(render(new DomainError('tier.not_found', 'gone')), { status: 404, body: { message: 'Gone', status: 'agent_not_found' } });
  t.match(render(new DomainError('queue.not_found', 'gone')), { status: 404, body: { message: 'Gone', status: 'queue_not_found' } });
  t.same(render(new DomainError('call.not_found', 'gone')).body, { message: 'Gone' }, 'a code Telphin has no status for: its kind');
  for (const code of ['tier.exists', 'agent.blocked', 'agent.in_queue'] as const) {
    t.same(render(new DomainError(code, 'no')), { status: 400, contentType: 'application/json; charset=utf-8', body: { message: 'No' } }, `${code}: a conflict is a 400`);
  }
  t.match(render(new DomainError('value.invalid', "'level' must be a whole number", 'level')), { status: 400, body: { message: "'level' must be a whole number" } });
  t.same(renderTelphinError(new Error('bug'), classify(new Error('bug'))).body, { message: 'Internal error' }, 'a bug says nothing of its internals');
});
