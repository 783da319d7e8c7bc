/**
 * How a client chooses a tenant without being changed: by host (the first label under a tenant domain,
 * `localhost` by default or one the server is given), by the X-Ccsim-Tenant header, by a `/__t/{id}`
 * path prefix; and no choice is the default tenant. Each way is checked for plain HTTP, for the ARM
 * WebSocket, for the admin plane's event stream and for /docs/json, and links ccsim gives keep a path
 * prefix. A bad id or two ways naming different tenants is a 400 in the admin envelope, for requests
 * and upgrades alike.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import t from 'tap';
import WebSocket from 'ws';
import { chooseTenant } from '../../src/tenants/choice.js';
import { decodeServerFrame, encodeRequest } from '../../src/simulators/arm-xml/codec.js';
import { adminSchemaErrors } from '../helpers/app.js';
import { chosen, clients, served, type Served, type Way } from './helpers.js';

const DOMAINS = ['localhost'];

t.test('chooseTenant reads the host, the header and the path prefix', async (t) => {
  const pick = (url: string, headers: Record<string, string> = {}, domains = DOMAINS) => chooseTenant({ url, headers }, domains);
  t.match(pick('/api/agents'), { id: 'default', url: '/api/agents', prefix: '' }, 'no choice: the default tenant');
  t.match(pick('/api/agents', { host: 'localhost:8080' }), { id: 'default' }, 'the bare domain: the default tenant');
  t.match(pick('/api/agents', { host: '127.0.0.1:8080' }), { id: 'default' }, 'an IPv4 address: the default tenant');
  t.match(pick('/api/agents', { host: '[::1]:8080' }), { id: 'default' }, 'an IPv6 address: the default tenant');
  t.match(pick('/api/agents', { host: 'team-a.localhost:8080' }), { id: 'team-a', url: '/api/agents', prefix: '' }, 'the first label under localhost');
  t.match(pick('/', { host: 'Team-A.LocalHost' }), { id: 'team-a' }, 'host names in any case');
  t.match(pick('/', { host: 'a.b.localhost' }), { id: 'default' }, 'only the first label: a.b.localhost is under no tenant domain');
  t.match(pick('/', { host: 'team-a.example.com' }), { id: 'default' }, 'a host under another domain');
  t.match(pick('/', { host: 'team-a.ccsim.ci.svc' }, ['ccsim.ci.svc']), { id: 'team-a' }, 'a configured tenant domain');
  t.match(pick('/', { host: 'team-a.localhost' }, ['ccsim.ci.svc']), { id: 'default' }, 'localhost is no tenant domain unless configured');
  t.match(pick('/x', { 'x-ccsim-tenant': 'qa-7' }), { id: 'qa-7', url: '/x' }, 'the header');
  t.match(pick('/__t/qa-7/api/ver1.0/client/@me/agent/?x=1'), { id: 'qa-7', url: '/api/ver1.0/client/@me/agent/?x=1', prefix: '/__t/qa-7' }, 'the path prefix, stripped');
  t.match(pick('/__t/qa-7'), { id: 'qa-7', url: '/', prefix: '/__t/qa-7' }, 'the prefix alone is the root');
  t.match(pick('/__t/qa-7?a=b'), { id: 'qa-7', url: '/?a=b' });
  t.match(pick('/__tx/api'), { id: 'default', url: '/__tx/api' }, 'not the prefix');
  t.match(pick('/__t/qa-7/x', { 'x-ccsim-tenant': 'qa-7', host: 'qa-7.localhost' }), { id: 'qa-7' }, 'three ways naming the same tenant agree');
  for (const [url, headers, field, pattern] of [
    ['/', { 'x-ccsim-tenant': 'Team_A' }, 'x-ccsim-tenant', /X-Ccsim-Tenant header 'Team_A' must be a DNS label/],
    ['/', { 'x-ccsim-tenant': '' }, 'x-ccsim-tenant', /must be a DNS label/],
    ['/', { 'x-ccsim-tenant': '-a' }, 'x-ccsim-tenant', /must be a DNS label/],
    ['/', { 'x-ccsim-tenant': 'a'.repeat(64) }, 'x-ccsim-tenant', /must be a DNS label/],
    ['/__t/', {}, 'path', /path prefix \/__t\/ does not name a tenant/],
    ['/__t', {}, 'path', /does not name a tenant/],
    ['/__t/Bad/api', {}, 'path', /\/__t\/Bad does not name a tenant/],
    ['/', { host: 'bad_one.localhost' }, 'host', /the host 'bad_one.localhost' names the tenant 'bad_one'/],
    ['/__t/a/x', { 'x-ccsim-tenant': 'b' }, 'x-ccsim-tenant', /names two tenants: 'a' by its path, 'b' by X-Ccsim-Tenant/],
    ['/', { 'x-ccsim-tenant': 'b', host: 'a.localhost' }, 'host', /names two tenants: 'b' by X-Ccsim-Tenant, 'a' by its host/],
  ] as const) {
    t.match(pick(url, headers), { problem: pattern, field }, `${url} ${JSON.stringify(headers)}`);
  }
});

/** Each tenant marked by how far its clock has gone: the default 0 s, team-a 10 s, team-b 20 s, team-c 30 s. */
async function marked(t: Parameters<typeof served>[0], options: Parameters<typeof served>[1] = {}): Promise<Served> {
  const s = await served(t, options);
  for (const [id, seconds] of [['team-a', 10], ['team-b', 20], ['team-c', 30]] as const) await (await clients(s, { header: id })).admin('POST', '/clock/advance', { seconds });
  return s;
}

const WAYS: [string, Way, number][] = [
  ['no choice', null, 0],
  ['the host team-a.localhost', { host: 'team-a.localhost:8080' }, 10],
  ['the header', { header: 'team-b' }, 20],
  ['the path prefix', { path: 'team-c' }, 30],
];

t.test('HTTP: each way reaches its tenant, and only it', async (t) => {
  const s = await marked(t);
  for (const [name, way, seconds] of WAYS) {
    const c = chosen(way, '/__admin/clock');
    const r = await s.inject({ url: c.url, headers: c.headers });
    t.equal(r.statusCode, 200, name);
    t.equal(r.json().t, seconds * 1000, `${name}: its own clock`);
  }
  t.same(
    s.front.tenants.list().tenants.map((x) => x.id),
    ['default', 'team-a', 'team-b', 'team-c'],
    'a tenant is made on first use; GET /__admin/tenants lists them in order',
  );
});

t.test('HTTP: a configured tenant domain', async (t) => {
  const s = await served(t, { tenantDomains: ['ccsim.ci.svc'] });
  await (await clients(s, { host: 'team-a.ccsim.ci.svc' })).admin('POST', '/clock/advance', { seconds: 5 });
  t.equal((await s.inject({ url: '/__admin/clock', headers: { host: 'team-a.ccsim.ci.svc:8080' } })).json().t, 5000, 'team-a.ccsim.ci.svc is team-a');
  t.equal((await s.inject({ url: '/__admin/clock', headers: { 'x-ccsim-tenant': 'team-a' } })).json().t, 5000, 'the same tenant by the header');
  t.equal((await s.inject({ url: '/__admin/clock', headers: { host: 'team-a.localhost:8080' } })).json().t, 0, 'team-a.localhost is the default tenant here');
  t.equal((await s.inject({ url: '/__admin/clock', headers: { host: 'ccsim.ci.svc' } })).json().t, 0, 'the bare domain is the default tenant');
});

t.test('errors: a bad id or a conflict is a 400 in the admin envelope, for requests and upgrades', async (t) => {
  const s = await served(t);
  for (const [url, headers, pattern] of [
    ['/api/agents', { 'x-ccsim-tenant': 'NO' }, /X-Ccsim-Tenant header 'NO'/],
    ['/__t/a_b/api/agents', {}, /\/__t\/a_b does not name a tenant/],
    ['/api/agents', { host: 'x_y.localhost' }, /names the tenant 'x_y'/],
    ['/__t/one/api/agents', { 'x-ccsim-tenant': 'two' }, /names two tenants/],
  ] as const) {
    const r = await s.inject({ url, headers });
    t.equal(r.statusCode, 400, `${url} ${JSON.stringify(headers)}`);
    t.match(r.headers['content-type'], /^application\/json/);
    t.same(adminSchemaErrors('Error', r.json()), [], 'the admin envelope');
    t.match(r.json().error, { code: 'bad_request', message: pattern });
  }
  t.same(
    s.front.tenants.list().tenants.map((x) => x.id),
    ['default'],
    'no tenant was made by a refused request',
  );
  const port = await s.listen();
  const answer = (path: string, extra = '') =>
    new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\n${extra}Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`));
      let text = '';
      socket.setEncoding('utf8').on('data', (d: string) => (text += d));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
  const bad = await answer('/__t/Nope/ccsim.local/service/cc/arm');
  t.match(bad, /^HTTP\/1\.1 400 Bad Request\r\n/, 'an upgrade with a bad prefix: 400, and the socket closed');
  t.match(bad, /"code":"bad_request","message":"the path prefix \/__t\/Nope does not name a tenant/);
  const conflict = await answer('/__t/one/ccsim.local/service/cc/arm', 'X-Ccsim-Tenant: two\r\n');
  t.match(conflict, /^HTTP\/1\.1 400 [\s\S]*names two tenants/, 'an upgrade naming two tenants: 400');
});

t.test('the ARM WebSocket: each way logs in to its own tenant', async (t) => {
  const s = await marked(t);
  const port = await s.listen();
  for (const [name, way, seconds] of WAYS) {
    const c = chosen(way, '/ccsim.local/service/cc/arm');
    const ws = new WebSocket(`ws://127.0.0.1:${port}${c.url}`, { headers: c.headers });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const reply = new Promise<{ status: number | null; xml: string }>((resolve) =>
      ws.on('message', (d) => {
        const frame = decodeServerFrame(d.toString());
        if (frame?.id === '0001') resolve(frame);
      }),
    );
    // bob starts logged out in every tenant: logging him in changes only this one.
    ws.send(encodeRequest('0001', 'login', '<in><request agent_id="102" websocket_control="true"/></in>'));
    t.equal((await reply).status, 200, `${name}: the login is answered`);
    const closed = new Promise((resolve) => ws.once('close', resolve));
    ws.close();
    await closed;
    const admin = await clients(s, way);
    const bob = (await admin.admin('GET', '/state')).agents.find((a: { id: string }) => a.id === 'bob');
    t.not(bob.status, 'logged_out', `${name}: bob logged in here (${bob.status})`);
    t.equal((await admin.admin('GET', '/clock')).t, seconds * 1000, `${name}: in the tenant whose clock is at ${seconds} s`);
    for (const [other, otherWay] of WAYS.filter((w) => w[0] !== name && w[2] > seconds)) {
      const o = (await (await clients(s, otherWay)).admin('GET', '/state')).agents.find((a: { id: string }) => a.id === 'bob');
      t.equal(o.status, 'logged_out', `${name}: not in the tenant of ${other}`);
    }
  }
});

/** The first `want` bytes of an event stream, read through a real socket. */
function streamed(port: number, way: Way, want: RegExp): Promise<string> {
  const c = chosen(way, '/__admin/events/stream?after=0');
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: c.url, headers: c.headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => {
        text += d;
        if (want.test(text)) {
          req.destroy();
          resolve(text);
        }
      });
    });
    req.on('error', reject);
    req.setTimeout(5000, () => {
      req.destroy();
      reject(new Error(`no ${want} within 5 s`));
    });
    req.end();
  });
}

t.test('the event stream: each way streams its own tenant', async (t) => {
  const s = await served(t);
  const port = await s.listen();
  // In each tenant a different caller, so each stream can tell whose world it shows.
  for (const [name, way] of WAYS) {
    await (await clients(s, way)).admin('POST', '/calls', { queue: 'support', number: `+7000${name.length}` });
  }
  for (const [name, way] of WAYS) {
    const text = await streamed(port, way, /event: call\.arrived\ndata: .*\n\n/);
    const numbers = [...text.matchAll(/"number":"(\+7\d+)"/g)].map((m) => m[1]);
    t.same(numbers, [`+7000${name.length}`], `${name}: the stream shows its tenant's caller only`);
  }
});

t.test('/docs/json: each way describes its tenant; a path prefix is its server', async (t) => {
  const s = await served(t);
  for (const [name, way] of WAYS) {
    const c = chosen(way, '/docs/json');
    const r = await s.inject({ url: c.url, headers: c.headers });
    t.equal(r.statusCode, 200, name);
    const spec = r.json();
    t.ok(spec.paths['/__admin/tenants'] && spec.paths['/__admin/tenants/{id}'], `${name}: the tenants' routes are documented`);
    if (way !== null && 'path' in way) {
      t.same(spec.servers, [{ url: '/__t/team-c', description: 'tenant team-c' }], `${name}: "Try it out" stays in the tenant`);
      t.match(spec.info.description, /\(\/__t\/team-c\/docs\/asyncapi\.yaml\)/, `${name}: the AsyncAPI link too`);
    } else t.equal(spec.servers, undefined, `${name}: the routes at the root`);
  }
  const page = await s.inject({ url: '/__t/team-c/docs' });
  t.match(page.body, /src="\/__t\/team-c\/docs\/static\/swagger-initializer\.js"/, "/docs's page loads its scripts under the prefix");
  t.notMatch(page.body, /"\/docs\//, 'and no link leaves it');
});

t.test('what ccsim links to keeps the path prefix', async (t) => {
  const s = await served(t);
  const way = { path: 'links' } as const;
  const c = await clients(s, way);
  t.same((await c.send('GET', '/')).json(), { name: 'ccsim', docs: '/__t/links/docs', openapi: '/__t/links/docs/json', health: '/__t/links/__admin/health', metrics: '/__t/links/metrics', wallboard: '/__t/links/wallboard' }, 'GET / points into the tenant');
  t.match((await c.send('GET', '/', { accept: 'text/html' })).body, /<a href="\/__t\/links\/__admin\/health">/, "and GET /'s page");
  t.same((await s.inject({ url: '/' })).json().health, '/__admin/health', 'the default tenant as before');

  const made = await c.send('POST', '/api/agents', { 'content-type': 'application/json' }, JSON.stringify({ userId: 77, webexAgentId: 'wx-zoe', userFullName: 'Zoe Diaz', queues: [] }));
  t.equal(made.statusCode, 201, made.body);
  t.match(made.headers.location, /^\/__t\/links\/api\/agents\/\d+$/, 'agent CRUD: Location');
  t.equal((await s.inject({ url: made.headers.location as string })).statusCode, 200, 'which leads to the agent in the tenant');

  const login = await c.send('POST', '/ccsim.local/service/cc/arm/login', { 'content-type': 'text/xml' }, '<in><request agent_id="102"/></in>');
  t.match(login.headers['set-cookie'], /; Path=\/__t\/links\/ccsim\.local\/service\/cc\/arm;/, "ARM: the session cookie's Path");

  await c.admin('POST', '/clock/advance', { seconds: 70 });
  const tok = (await c.send('POST', '/oauth/token', { 'content-type': 'application/x-www-form-urlencoded' }, 'grant_type=client_credentials&client_id=ccsim&client_secret=ccsim-secret')).json().access_token;
  const auth = { authorization: `Bearer ${tok}` };
  const records = (await c.send('GET', '/api/ver1.0/client/@me/record/', auth)).json() as { record_uuid: string }[];
  t.equal(records.length, 1, "the tenant's one recorded call");
  const { record_url } = (await c.send('GET', `/api/ver1.0/client/@me/record/${records[0].record_uuid}/storage_url/`, { ...auth, host: 'ccsim.test:8080' })).json();
  t.match(record_url, /^http:\/\/ccsim\.test:8080\/__t\/links\/api\/ver1\.0\/storage\/record\/[0-9A-F-]+\?key=/, "Telphin: storage_url, under the tenant's prefix");
  const file = new URL(record_url);
  const wav = await s.inject({ url: file.pathname + file.search });
  t.equal(wav.statusCode, 200, 'fetched without a token, from the tenant');
  t.equal(wav.headers['content-type'], 'audio/wav');
  const elsewhere = await s.inject({ url: file.pathname.replace('/__t/links', '') + file.search });
  t.equal(elsewhere.statusCode, 404, 'the default tenant has no such recording');
});

t.test('a client cannot forge the prefix header: the front sets it', async (t) => {
  const s = await served(t);
  const r = await s.inject({ url: '/', headers: { 'x-ccsim-prefix': '/__t/elsewhere' } });
  t.same(r.json().docs, '/docs');
});
