/**
 * Done-when 2 of issue 21: a snapshot restored gives the same state (the same ids in every view) and the
 * same next hour (the same events, KPIs and views' answers: the same random streams) as the world it was
 * taken of; so does a snapshot exported, imported into another server and restored there, and a server
 * started from the file (`serve --snapshot`). What happens to clients' credentials and WebSockets at a
 * restore; bad input in the admin envelope, naming the problem; and the recording's bound.
 */
import t from 'tap';
import WebSocket from 'ws';
import type { FastifyInstance } from 'fastify';
import { adminSchemaErrors } from '../helpers/app.js';
import { fiveApiSession, http, serveRecorded, workstation } from './session.js';

const admin = async (app: FastifyInstance, method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) => {
  const r = await app.inject({ method: method as 'GET', url, headers, ...(payload !== undefined && { payload: payload as string }) });
  return { status: r.statusCode, body: r.body, json: () => r.json() };
};
const advance = (app: FastifyInstance, seconds: number) => admin(app, 'POST', '/__admin/clock/advance', { seconds });

/** What a client sees of the world now, through every view (no credential that is random by design). */
async function views(app: FastifyInstance) {
  const token = (await admin(app, 'POST', '/oauth/token', 'grant_type=client_credentials&client_id=ccsim&client_secret=ccsim-secret', { 'content-type': 'application/x-www-form-urlencoded' })).json().access_token;
  const get = async (url: string, headers: Record<string, string> = {}) => (await admin(app, 'GET', url, undefined, headers)).body;
  return {
    state: await get('/__admin/state'),
    kpis: await get('/__admin/kpis'),
    telphin: await get('/api/ver1.0/client/@me/agent/local/', { authorization: `Bearer ${token}` }),
    queue: await get('/api/ver1.0/extension/1000/queue/status/', { authorization: `Bearer ${token}` }),
    crud: await get('/api/call-sessions?pagination.pageSize=500'),
    cdr: await get('/cdr_dialog?limit=500', { authorization: 'ccsim-conpeek-key' }),
  };
}

const eventsAfter = async (app: FastifyInstance, after: number) => {
  const out: unknown[] = [];
  for (let next = after, more = true; more; ) {
    const page = (await admin(app, 'GET', `/__admin/events?after=${next}&limit=10000`)).json();
    out.push(...page.events);
    next = page.next;
    more = page.more;
  }
  return out;
};

t.test('a restored snapshot has the same state, the same ids and the same next hour as the original', async (t) => {
  const served = await serveRecorded();
  t.teardown(() => served.close());
  const { app } = served;
  await fiveApiSession(served, async (s) => void (await advance(app, s)));
  const taken = await admin(app, 'POST', '/__admin/snapshots', { name: 'mid' });
  t.equal(taken.status, 201, taken.body);
  t.same(adminSchemaErrors('SnapshotInfo', taken.json()), []);
  const at = await views(app);
  const seq = served.sim.eventSeq;
  // The original's next hour, with a client acting in it.
  await advance(app, 1800);
  await admin(app, 'POST', '/__admin/calls', { queue: 'sales', number: '+74959990000' });
  await advance(app, 1800);
  const future = { events: await eventsAfter(app, seq), views: await views(app) };
  t.ok(future.events.length > 100, `${future.events.length} events in the next hour`);

  const restored = await admin(app, 'POST', '/__admin/snapshots/mid/restore');
  t.equal(restored.status, 200, restored.body.slice(0, 300));
  t.same(adminSchemaErrors('Replayed', restored.json()), []);
  t.same(restored.json().replay.differences, [], 'the snapshot replays without a difference');
  t.equal(restored.json().clock.t, taken.json().t, 'the clock is back at the snapshot');
  t.same(await views(app), at, 'the same state in every view: agents, queues, callers, KPIs, ids of calls and dialogs');
  t.equal(served.sim.eventSeq, seq, 'the same event log');
  await advance(app, 1800);
  await admin(app, 'POST', '/__admin/calls', { queue: 'sales', number: '+74959990000' });
  await advance(app, 1800);
  t.same(await eventsAfter(app, seq), future.events, 'the same next hour, event by event (the same random streams)');
  t.same(await views(app), future.views, 'and the same views at its end');
});

t.test('a snapshot exported and imported into another server, or served from its file, restores the same world', async (t) => {
  const a = await serveRecorded();
  t.teardown(() => a.close());
  await fiveApiSession(a, async (s) => void (await advance(a.app, s)));
  await admin(a.app, 'POST', '/__admin/snapshots', { name: 'day' });
  const file = await admin(a.app, 'GET', '/__admin/snapshots/day');
  t.equal(file.status, 200);
  t.match(file.body.split('\n')[0], /"snapshot":\{"name":"day"/, 'the file names the snapshot');
  const at = await views(a.app);
  await advance(a.app, 3600);
  const later = await views(a.app);

  const b = await serveRecorded({ scenario: JSON.stringify({ scenarios: { other: { seed: 3, queues: [{ id: 'q' }], agents: [{ id: 'x', queues: [{ queue: 'q' }] }] } } }) });
  t.teardown(() => b.close());
  const imported = await admin(b.app, 'PUT', '/__admin/snapshots/day', file.body, { 'content-type': 'application/x-ndjson' });
  t.equal(imported.status, 201, imported.body.slice(0, 300));
  t.equal(imported.json().scenario, 'day');
  t.equal((await admin(b.app, 'GET', '/__admin/snapshots')).json().snapshots.length, 1);
  const restored = await admin(b.app, 'POST', '/__admin/snapshots/day/restore');
  t.equal(restored.status, 200, restored.body.slice(0, 300));
  t.same(await views(b.app), at, 'the other server shows the world of the snapshot');
  await advance(b.app, 3600);
  t.same(await views(b.app), later, 'and its next hour');

  const c = await serveRecorded();
  t.teardown(() => c.close());
  const started = await c.app.recordings.start(file.body);
  t.equal(started.differing, 0, 'serve --snapshot: the file replays without a difference');
  t.same(await views(c.app), at);
});

t.test('a restore in real time: the clock goes on from the snapshot in real time', async (t) => {
  const served = await serveRecorded({ clock: 'realtime', speed: 100 });
  t.teardown(() => served.close());
  const { app } = served;
  await new Promise((r) => setTimeout(r, 300));
  await admin(app, 'POST', '/__admin/agents/alice/status', { status: 'on_break' });
  const taken = (await admin(app, 'POST', '/__admin/snapshots', { name: 'rt' })).json();
  await new Promise((r) => setTimeout(r, 300));
  const restored = await admin(app, 'POST', '/__admin/snapshots/rt/restore');
  t.equal(restored.status, 200);
  const clock = restored.json().clock;
  t.equal(clock.mode, 'realtime');
  t.ok(clock.t >= taken.t && clock.t < taken.t + 5000, `back at the snapshot's time ${taken.t} (${clock.t})`);
  await new Promise((r) => setTimeout(r, 200));
  t.ok((await admin(app, 'GET', '/__admin/clock')).json().t > clock.t, 'and running');
  t.equal((await admin(app, 'GET', '/__admin/state')).json().agents.find((a: { id: string }) => a.id === 'alice').status, 'on_break');
});

t.test("clients' credentials and WebSockets at a restore", async (t) => {
  const served = await serveRecorded();
  t.teardown(() => served.close());
  const { app, base } = served;
  await admin(app, 'POST', '/__admin/snapshots', { name: 'start' });
  const token = JSON.parse((await http(base, 'POST', '/oauth/token', 'grant_type=client_credentials&client_id=ccsim&client_secret=ccsim-secret', { 'content-type': 'application/x-www-form-urlencoded' })).text).access_token;
  const hw = JSON.parse((await http(base, 'POST', '/apigovernance/api/oauth/tokenByAkSk', JSON.stringify({ app_key: 'ccsim-ak', app_secret: 'ccsim-sk' }))).text).AccessToken;
  const login = await http(base, 'POST', '/ccsim.local/service/cc/arm/login', '<in><request agent_id="101"/></in>', { 'content-type': 'text/xml' });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const socket = new WebSocket(base.replace('http', 'ws') + '/ccsim.local/service/cc/arm');
  await new Promise((r) => socket.once('open', r));
  const closed = new Promise<number>((r) => socket.once('close', (code) => r(code)));
  t.equal((await admin(app, 'POST', '/__admin/snapshots/start/restore')).status, 200);
  t.equal(await closed, 1012, 'an open WebSocket is closed with 1012 (service restart)');
  t.equal((await http(base, 'GET', '/api/ver1.0/client/@me/agent/local/', undefined, { authorization: `Bearer ${token}` })).status, 200, 'a Telphin token issued before still works (the view keeps its tokens across a reset)');
  const url = '/rest/cmsapp/v1/openapi/agentgroup/agentbyworkno';
  const h = await http(base, 'POST', url, JSON.stringify({ queryParam: { ccId: 1, vdn: 1, agentId: 101 } }), { authorization: `Bearer ${hw}`, 'x-app-key': 'ccsim-ak' });
  t.match(JSON.parse(h.text), { result: '0' }, 'so does a Huawei token');
  const arm = await http(base, 'POST', '/ccsim.local/service/cc/arm/auxwork', '<in><request/></in>', { 'content-type': 'text/xml', cookie });
  t.match(arm.text, /not_logged_in/, 'an ARM HTTP session ends, as at a reset: log in again');
  const ws = await workstation(served);
  t.match(await ws.request('0001', 'login', '<in><request agent_id="101"/></in>'), /session_id="ws-101"/, 'a client connects again');
  await ws.close();
});

t.test('bad input gets the admin envelope naming the problem, and changes nothing', async (t) => {
  const served = await serveRecorded();
  t.teardown(() => served.close());
  const { app } = served;
  await advance(app, 120);
  const before = (await admin(app, 'GET', '/__admin/state')).body;
  const good = (await admin(app, 'GET', '/__admin/recording')).body;
  const [header, ...rest] = good.trimEnd().split('\n');
  const nd = { 'content-type': 'application/x-ndjson' };
  const cases: [string, string, RegExp, string | undefined][] = [
    ['an empty body', '', /the recording is empty/, undefined],
    ['not JSON', 'hello\n', /line 1: not a JSON line/, undefined],
    ['another kind of file', '{"type":"something"}\n', /line 1: the first line is not a ccsim recording's header/, 'type'],
    ['a recording of another version', [header.replace(/"ccsim":"[^"]+"/, '"ccsim":"0.0.1"'), ...rest].join('\n'), /a recording of ccsim 0\.0\.1; this is ccsim \S+/, 'ccsim'],
    ['another format', [header.replace(/"format":1/, '"format":7'), ...rest].join('\n'), /recording format 7; this ccsim reads format 1/, 'format'],
    ['a broken line', [header, '{"type":"http","n":1,"t":0', ...rest].join('\n'), /line 2: not a JSON line/, undefined],
    ['an input out of order', [header, '{"type":"http","n":5,"t":0,"wall":0,"method":"GET","url":"/","headers":{}}'].join('\n'), /line 2: input number 5 out of order \(expected 1\)/, 'n'],
    ['an unknown line', [header, '{"type":"mystery"}'].join('\n'), /line 2: unknown line type 'mystery'/, 'type'],
  ];
  for (const [what, body, message, field] of cases) {
    for (const url of ['/__admin/recording', '/__admin/snapshots/x']) {
      const r = await admin(app, 'PUT', url, body, nd);
      t.equal(r.status, 400, `${what} → ${url}: 400`);
      t.same(adminSchemaErrors('Error', r.json()), [], 'the admin envelope');
      t.match(r.json().error, { code: 'invalid', message, ...(field && { field }) }, `${what}: ${r.json().error.message}`);
    }
  }
  t.equal((await admin(app, 'GET', '/__admin/snapshots')).json().snapshots.length, 0, 'nothing imported');
  for (const [method, url] of [['GET', '/__admin/snapshots/nope'], ['POST', '/__admin/snapshots/nope/restore'], ['DELETE', '/__admin/snapshots/nope']]) {
    const r = await admin(app, method, url);
    t.equal(r.status, 404, `${method} ${url}`);
    t.match(r.json().error, { code: 'not_found', message: /no snapshot 'nope'/, field: 'name' });
  }
  t.match((await admin(app, 'POST', '/__admin/snapshots', { name: 'bad name!' })).json().error, { code: 'invalid', field: 'name' });
  t.equal((await admin(app, 'POST', '/__admin/snapshots', { name: 'one' })).status, 201);
  t.match((await admin(app, 'POST', '/__admin/snapshots', { name: 'one' })).json().error, { code: 'conflict', message: /a snapshot named 'one' exists/ });
  t.equal((await admin(app, 'DELETE', '/__admin/snapshots/one')).status, 204);
  t.equal((await admin(app, 'GET', '/__admin/state')).body, before, 'the world is as it was');
});

t.test('the recording is bounded: past --record-bytes it stops, says so, and no snapshot is made of it', async (t) => {
  const served = await serveRecorded({ recording: { maxBytes: 20_000, maxSnapshots: 2 } });
  t.teardown(() => served.close());
  const { app } = served;
  t.equal((await admin(app, 'POST', '/__admin/snapshots', { name: 'a' })).status, 201);
  t.equal((await admin(app, 'POST', '/__admin/snapshots', { name: 'b' })).status, 201);
  t.match((await admin(app, 'POST', '/__admin/snapshots', { name: 'c' })).json().error, { code: 'conflict', message: /at most 2 snapshots/ });
  for (let i = 0; i < 80; i++) await admin(app, 'GET', '/__admin/state');
  const r = await app.inject({ url: '/__admin/recording' });
  t.equal(r.headers['x-ccsim-recording'], 'incomplete');
  t.ok(r.body.length < 25_000, `kept within its bound (${r.body.length} bytes with the end line)`);
  const end = JSON.parse(r.body.trimEnd().split('\n').pop() as string);
  t.match(end, { type: 'end', complete: false, reason: /reached its bound of 20000 bytes/ });
  await admin(app, 'DELETE', '/__admin/snapshots/a');
  t.match((await admin(app, 'POST', '/__admin/snapshots', { name: 'c' })).json().error, { code: 'conflict', message: /no snapshot can be made: the recording reached its bound/ });
});

t.test('PUT /__admin/recording: another server replays a session to its end and stands still there, to be stepped through', async (t) => {
  const served = await serveRecorded({ clock: 'realtime', speed: 50 });
  t.teardown(() => served.close());
  await fiveApiSession(served, (s) => new Promise((resolve) => setTimeout(resolve, s * 2)));
  await admin(served.app, 'PUT', '/__admin/clock', { mode: 'manual' });
  const text = (await admin(served.app, 'GET', '/__admin/recording')).body;
  const at = await views(served.app);
  await advance(served.app, 600);
  const later = await views(served.app);

  const other = await serveRecorded();
  t.teardown(() => other.close());
  const r = await admin(other.app, 'PUT', '/__admin/recording', text, { 'content-type': 'application/x-ndjson' });
  t.equal(r.status, 200, r.body.slice(0, 300));
  t.same(adminSchemaErrors('Replayed', r.json()), []);
  t.same(r.json().replay.differences, [], 'the session replays without a difference');
  t.equal(r.json().clock.mode, 'manual', 'the clock stands still');
  t.same(await views(other.app), at, "the server shows the session's end");
  await advance(other.app, 600);
  t.same(await views(other.app), later, 'and stepping on gives what followed');
  const again = (await admin(other.app, 'GET', '/__admin/recording')).body;
  const body = (x: string) => x.trimEnd().split('\n').slice(1, -1);
  t.same(body(again).slice(0, body(text).length), body(text), "its recording is the session's");
  t.ok(body(again).length > body(text).length, 'and goes on from it');
});
