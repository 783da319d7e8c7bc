/**
 * /__admin/tenants: listing, making (PUT: its own scenario, seed, clock and speed; the same again is a
 * 200, other settings a 409), deleting (the tenant's streams end, its WebSockets close, its clock stops;
 * the default tenant stays), answered the same whichever tenant a request chose and never making one;
 * the limit (a 503 naming it, no eviction of a tenant in use) and the eviction of idle tenants; the admin
 * token. Every body is checked against schemas/admin.
 */
import { request as httpRequest } from 'node:http';
import t from 'tap';
import WebSocket from 'ws';
import { adminSchemaErrors } from '../helpers/app.js';
import { chosen, served, type Served, type Way } from './helpers.js';

const json = (body: unknown) => ({ headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });

async function admin(s: Served, method: string, path: string, body?: unknown, way: Way = null, headers: Record<string, string> = {}) {
  const c = chosen(way, `/__admin${path}`, { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) });
  const r = await s.inject({ method: method as 'GET', url: c.url, headers: c.headers, ...(body !== undefined && { payload: JSON.stringify(body) }) });
  return { status: r.statusCode, body: r.body === '' ? null : r.json() };
}

t.test('GET, PUT and DELETE /__admin/tenants', async (t) => {
  const s = await served(t);
  const list0 = await admin(s, 'GET', '/tenants');
  t.equal(list0.status, 200);
  t.same(adminSchemaErrors('TenantList', list0.body), [], 'a TenantList');
  t.match(list0.body, { tenants: [{ id: 'default', default: true, scenario: 'day', seed: 11, clock: { mode: 'manual', t: 0 } }], max: 64, idle_seconds: 3600, domains: ['localhost'] });

  const made = await admin(s, 'PUT', '/tenants/qa', { scenario: 'quiet', seed: 9, clock: 'realtime', speed: 60 });
  t.equal(made.status, 201, JSON.stringify(made.body));
  t.same(adminSchemaErrors('TenantInfo', made.body), [], 'a TenantInfo');
  t.match(made.body, { id: 'qa', default: false, scenario: 'quiet', seed: 9, clock: { mode: 'realtime', speed: 60 }, requests: 0, active: 0 });
  const health = await admin(s, 'GET', '/health', undefined, { header: 'qa' });
  t.match(health.body, { scenario: 'quiet', seed: 9, clock: { mode: 'realtime', speed: 60 } }, 'the tenant serves what it was made with');

  t.equal((await admin(s, 'PUT', '/tenants/qa', { scenario: 'quiet', seed: 9 })).status, 200, 'the same again: 200, nothing changes');
  t.equal((await admin(s, 'PUT', '/tenants/qa')).status, 200, 'no body asks for nothing in particular: 200');
  const other = await admin(s, 'PUT', '/tenants/qa', { seed: 10, clock: 'manual' });
  t.equal(other.status, 409);
  t.match(other.body.error, { code: 'conflict', message: /the tenant 'qa' exists, made with seed 9, clock realtime: DELETE \/__admin\/tenants\/qa first/ });

  const plain = await admin(s, 'PUT', '/tenants/plain');
  t.equal(plain.status, 201, 'no body: the server\'s settings');
  t.match(plain.body, { scenario: 'day', seed: 11, clock: { mode: 'manual', speed: 1 } });

  for (const [path, body, status, pattern] of [
    ['/tenants/x1', { scenario: 'nope' }, 400, /no scenario named 'nope'/],
    ['/tenants/x1', { seed: -1 }, 400, /seed/],
    ['/tenants/x1', { clock: 'fast' }, 400, /clock/],
    ['/tenants/x1', { speed: 0 }, 400, /speed/],
    ['/tenants/x1', { colour: 'red' }, 400, /'colour' is not known/],
    ['/tenants/Bad_Id', {}, 400, /the tenant id 'Bad_Id' must be a DNS label/],
  ] as const) {
    const r = await admin(s, 'PUT', path, body);
    t.equal(r.status, status, `${path} ${JSON.stringify(body)}: ${JSON.stringify(r.body)}`);
    t.same(adminSchemaErrors('Error', r.body), []);
    t.match(r.body.error.message, pattern);
  }
  t.same(
    (await admin(s, 'GET', '/tenants')).body.tenants.map((x: { id: string }) => x.id),
    ['default', 'qa', 'plain'],
    'nothing was made by a refused PUT',
  );

  // Answered the same whichever tenant a request chose, and never making that one.
  const viaPath = await admin(s, 'GET', '/tenants', undefined, { path: 'never-made' });
  const viaHeader = await admin(s, 'GET', '/tenants', undefined, { header: 'qa' });
  t.same(
    viaPath.body.tenants.map((x: { id: string }) => x.id),
    ['default', 'qa', 'plain'],
    'through /__t/never-made: the same list, and never-made is not made',
  );
  t.same(viaHeader.body.tenants.map((x: { id: string }) => x.id), ['default', 'qa', 'plain']);

  t.equal((await admin(s, 'DELETE', '/tenants/plain', undefined, { header: 'plain' })).status, 204, 'a tenant deleted through its own choice');
  t.equal((await admin(s, 'DELETE', '/tenants/plain')).status, 404, 'and gone');
  const dflt = await admin(s, 'DELETE', '/tenants/default');
  t.equal(dflt.status, 409);
  t.match(dflt.body.error.message, /the default tenant cannot be deleted/);
  t.equal((await admin(s, 'DELETE', '/tenants/BAD')).status, 400);
  t.match((await admin(s, 'GET', '/clock', undefined, { header: 'plain' })).body, { t: 0 }, 'a request for a deleted id makes a fresh tenant');
});

t.test('deleting a tenant closes what it had open and stops its clock', async (t) => {
  const s = await served(t);
  const port = await s.listen();
  await admin(s, 'PUT', '/tenants/doomed', { clock: 'realtime', speed: 600 });
  let stream = '';
  const ended = new Promise<void>((resolve, reject) => {
    const c = chosen({ header: 'doomed' }, '/__admin/events/stream?after=0');
    const req = httpRequest({ host: '127.0.0.1', port, path: c.url, headers: c.headers }, (res) => {
      res.setEncoding('utf8').on('data', (d: string) => (stream += d));
      res.on('end', () => resolve());
    });
    req.on('error', reject);
    req.end();
  });
  const ws = new WebSocket(`ws://127.0.0.1:${port}/__t/doomed/ccsim.local/service/cc/arm`);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const wsClosed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  while (!stream.includes('event: call.arrived')) await new Promise((r) => setTimeout(r, 20));
  t.match((await admin(s, 'GET', '/tenants')).body.tenants[1], { id: 'doomed', active: 2 }, 'its stream and its WebSocket are its activity');
  const world = (await s.front.tenants.peek('doomed'))!.world;
  t.equal((await admin(s, 'DELETE', '/tenants/doomed')).status, 204);
  await ended;
  t.match(stream, /event: shutdown\ndata: \{\}\n\n$/, 'its event stream ended with event: shutdown');
  t.equal(await wsClosed, 1001, 'its WebSocket closed with 1001');
  const at = world.simulation.engine.now;
  await new Promise((r) => setTimeout(r, 150));
  t.equal(world.simulation.engine.now, at, 'its clock stopped');
});

t.test('the limit: one tenant more is a 503 naming it, and nothing is evicted for it', async (t) => {
  const s = await served(t, { maxTenants: 3 });
  t.equal((await admin(s, 'GET', '/clock', undefined, { header: 'a' })).status, 200);
  t.equal((await admin(s, 'PUT', '/tenants/b')).status, 201);
  for (const [what, r] of [
    ['a request naming a new tenant', await s.inject({ url: '/api/agents', headers: { 'x-ccsim-tenant': 'c' } })],
    ['PUT /__admin/tenants/c', await s.inject({ method: 'PUT', url: '/__admin/tenants/c', ...json({}) })],
  ] as const) {
    t.equal(r.statusCode, 503, what);
    t.same(adminSchemaErrors('Error', r.json()), [], `${what}: the admin envelope`);
    t.match(r.json().error, { code: 'unavailable', message: /the server holds its most tenants at once, 3 \(serve --max-tenants\)/ }, what);
  }
  t.same(
    s.front.tenants.list().tenants.map((x) => x.id),
    ['default', 'a', 'b'],
    'a and b are kept',
  );
  t.equal((await admin(s, 'GET', '/clock', undefined, { header: 'b' })).status, 200, 'the tenants there still answer');
  await admin(s, 'DELETE', '/tenants/a');
  t.equal((await admin(s, 'GET', '/clock', undefined, { header: 'c' })).status, 200, 'once one is deleted, c can be made');
});

t.test('idle tenants are let go; one with a request, an event stream or a WebSocket open is not', async (t) => {
  const s = await served(t, { tenantIdleSeconds: 0.3 });
  const port = await s.listen();
  for (const id of ['idle', 'streaming', 'socketed']) t.equal((await admin(s, 'GET', '/clock', undefined, { header: id })).status, 200);
  const c = chosen({ header: 'streaming' }, '/__admin/events/stream?after=0');
  const req = httpRequest({ host: '127.0.0.1', port, path: c.url, headers: c.headers }, (res) => res.resume());
  req.on('error', () => {});
  req.end();
  t.teardown(() => req.destroy());
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ccsim.local/service/cc/arm`, { headers: { 'x-ccsim-tenant': 'socketed' } });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  t.teardown(() => ws.terminate());
  const ids = () => s.front.tenants.list().tenants.map((x) => x.id);
  /** Waits (at most 3 s) until the tenant `id` is gone. */
  const gone = async (id: string) => {
    for (const until = performance.now() + 3000; ids().includes(id) && performance.now() < until; ) await new Promise((r) => setTimeout(r, 50));
  };
  await gone('idle');
  await new Promise((r) => setTimeout(r, 400));
  t.same(ids(), ['default', 'streaming', 'socketed'], 'the idle one went; those with a stream or a socket open stay, past their idle time too');
  ws.close();
  req.destroy();
  await gone('streaming');
  await gone('socketed');
  t.same(ids(), ['default'], 'once their stream and socket closed, they went too; the default one never goes');
});

t.test('the admin token guards /__admin/tenants as every admin route', async (t) => {
  const s = await served(t, { adminToken: 'sesame' });
  t.equal((await admin(s, 'GET', '/tenants')).status, 401);
  t.equal((await admin(s, 'PUT', '/tenants/x', {})).status, 401);
  t.same(s.front.tenants.list().tenants.map((x) => x.id), ['default'], 'nothing made without the token');
  t.equal((await admin(s, 'GET', '/tenants', undefined, null, { authorization: 'Bearer sesame' })).status, 200);
  t.equal((await admin(s, 'PUT', '/tenants/x', {}, null, { authorization: 'Bearer sesame' })).status, 201);
});

t.test("the tenants' routes are no input of the default tenant's recording", async (t) => {
  const s = await served(t);
  await admin(s, 'PUT', '/tenants/x');
  await admin(s, 'GET', '/tenants');
  await admin(s, 'POST', '/reset');
  const recording = (await s.inject({ url: '/__admin/recording' })).body;
  t.notMatch(recording, /__admin\/tenants/, 'not recorded');
  t.match(recording, /"url":"\/__admin\/reset"/, 'while the reset is');
});
