/**
 * The admin token (issue 17 §5): with `--admin-token`, every /__admin route but GET /__admin/health is a
 * 401 in the admin envelope without `Authorization: Bearer <token>` (or `?token=` on a GET, for an
 * EventSource), and a refused request changes nothing; /docs stays open and marks the guarded routes; the
 * token never reaches the log; the flag, its environment variable and its file, and a real `ccsim serve`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { buildApp } from '../../src/app.js';
import { main, serveOptions } from '../../src/command-line.js';
import { SWITCHABLE_AUTH } from '../../src/simulators/registry.js';

const serveWith = (args: string[], env: NodeJS.ProcessEnv) => serveOptions(args, env, SWITCHABLE_AUTH);
import { Simulation } from '../../src/simulation.js';
import { loadScenarioFile } from '../../src/scenarios/load-scenario.js';
import { SCENARIO_FILE, adminSchemaErrors } from '../helpers/app.js';

const TOKEN = 'Zq7-secret.token~42';

async function tokenApp(options: { adminToken?: string; logLevel?: string } = { adminToken: TOKEN }) {
  const sim = new Simulation({ scenario: loadScenarioFile(SCENARIO_FILE, { scenario: 'smoke' }), clock: 'manual', speed: 1 });
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter((l) => l.trim()));
      done();
    },
  });
  const app = await buildApp({ simulation: sim, scenarioFile: SCENARIO_FILE, adminToken: options.adminToken, logger: options.logLevel ? { level: options.logLevel, stream } : undefined });
  await app.ready();
  return { app, sim, lines };
}

/** Every admin route of the OpenAPI description as [method, url], with `{id}` an agent of the scenario. */
async function adminRoutes(app: FastifyInstance): Promise<[string, string][]> {
  const spec = (await app.inject('/docs/json')).json();
  const routes: [string, string][] = [];
  for (const [path, item] of Object.entries(spec.paths as Record<string, Record<string, unknown>>)) {
    if (!path.startsWith('/__admin')) continue;
    // A journaled exchange and a fault are numbered; everything else with an id is an agent.
    const id = /^\/__admin\/(requests|faults)\/\{id\}$/.test(path) ? '1' : 'agent-1';
    for (const method of Object.keys(item)) routes.push([method.toUpperCase(), path.replace('{id}', id)]);
  }
  return routes;
}

/** A body each route would accept, so that only the token can be what refuses it. */
const BODIES: Record<string, unknown> = {
  'PUT /__admin/clock': { speed: 5 },
  'POST /__admin/clock/advance': { seconds: 60 },
  'POST /__admin/clock/run-until': { t: 120_000 },
  'PUT /__admin/scenario': { name: 'smoke' },
  'POST /__admin/calls': { queue: 'support' },
  'POST /__admin/agents/agent-1/status': { status: 'on_break' },
  'POST /__admin/agents/agent-1/rest': { seconds: 60 },
  'POST /__admin/requests/count': { matcher: {} },
  'POST /__admin/requests/find': { matcher: {} },
  'POST /__admin/requests/verify': { matcher: { kind: 'admin' } },
  'POST /__admin/requests/wait': { matcher: { kind: 'admin' }, timeoutMs: 10 },
  'POST /__admin/faults': { match: { api: 'telphin' }, fault: { kind: 'delay', ms: 1 } },
  'POST /__admin/snapshots': { name: 'first' },
  'POST /__admin/pact/provider-states': { state: 'agent agent-1 is on break', params: {}, action: 'setup' },
};

const snapshot = async (app: FastifyInstance, sim: Simulation) => JSON.stringify({ events: sim.events(0, 10_000, undefined), clock: sim.clock(), scenario: sim.scenario.name, state: (await app.inject({ url: '/__admin/state', headers: { authorization: `Bearer ${TOKEN}` } })).body });

t.test('with a token, every admin route but GET /__admin/health is a 401 without it, and a refused request changes nothing', async (t) => {
  const { app, sim } = await tokenApp();
  t.teardown(() => app.close());
  const routes = await adminRoutes(app);
  t.ok(routes.length >= 15, `the table covers every admin route (${routes.length})`);
  await app.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { seconds: 30 }, headers: { authorization: `Bearer ${TOKEN}` } });
  const before = await snapshot(app, sim);

  const attempts: [string, Record<string, string>, RegExp, string | null][] = [
    ['no credentials', {}, /needs the admin token: send 'Authorization: Bearer <token>'/, null],
    ['a wrong token', { authorization: 'Bearer not-the-token' }, /the admin token is wrong/, 'invalid_token'],
    ['a longer token', { authorization: `Bearer ${TOKEN}x` }, /the admin token is wrong/, 'invalid_token'],
    ['a prefix of it', { authorization: `Bearer ${TOKEN.slice(0, -1)}` }, /the admin token is wrong/, 'invalid_token'],
    ['another scheme', { authorization: `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}` }, /must be 'Bearer <admin token>'/, 'invalid_request'],
    ['a bare token', { authorization: TOKEN }, /must be 'Bearer <admin token>'/, 'invalid_request'],
  ];
  for (const [method, url] of routes) {
    const open = url === '/__admin/health' && method === 'GET';
    for (const [what, headers, message, challenge] of attempts) {
      const body = BODIES[`${method} ${url}`];
      const r = await app.inject({ method: method as 'GET', url, headers, ...(body ? { payload: body as object } : {}) });
      if (open) {
        t.equal(r.statusCode, 200, `${method} ${url} with ${what}: open`);
        continue;
      }
      t.equal(r.statusCode, 401, `${method} ${url} with ${what}`);
      t.same(adminSchemaErrors('Error', r.json()), [], `${method} ${url}: the admin envelope`);
      t.match(r.json(), { error: { code: 'unauthorized', message } }, `${method} ${url} with ${what}`);
      t.equal(r.headers['www-authenticate'], challenge ? `Bearer realm="ccsim admin", error="${challenge}"` : 'Bearer realm="ccsim admin"', `${method} ${url}: the challenge`);
    }
  }
  t.equal(await snapshot(app, sim), before, 'the world, the clock, the scenario and the event log are as they were');

  for (const [method, route] of routes) {
    let url = route;
    if (url.endsWith('/stream')) continue; // a live stream; the ?token= test below reads it
    const body = BODIES[`${method} ${url}`];
    // A fault to read or remove: installed first (DELETE /__admin/faults may have removed the others).
    if (url === '/__admin/faults/1') {
      const made = await app.inject({ method: 'POST', url: '/__admin/faults', headers: { authorization: `Bearer ${TOKEN}` }, payload: BODIES['POST /__admin/faults'] as object });
      url = `/__admin/faults/${made.json().id}`;
    }
    // A journaled exchange to read: the newest (DELETE /__admin/requests may have emptied the journal since).
    if (url === '/__admin/requests/1') url = `/__admin/requests/${(await app.inject({ url: '/__admin/requests?kind=admin&limit=1', headers: { authorization: `Bearer ${TOKEN}` } })).json().requests[0].id}`;
    // A pact needs its API and consumer named.
    if (url === '/__admin/pact') url += '?api=telphin&consumer=c';
    // A snapshot to read, restore or remove (DELETE may have removed it); a recording to upload.
    const auth = { authorization: `Bearer ${TOKEN}` };
    if (url.includes('{name}')) {
      url = url.replace('{name}', 'snap');
      if ((await app.inject({ url: '/__admin/snapshots/snap', headers: auth })).statusCode === 404) await app.inject({ method: 'POST', url: '/__admin/snapshots', headers: auth, payload: { name: 'snap' } });
    }
    const upload = method === 'PUT' && /^\/__admin\/(recording|snapshots\/)/.test(url) ? (await app.inject({ url: '/__admin/recording', headers: auth })).body : undefined;
    const r = upload !== undefined
      ? await app.inject({ method: 'PUT', url, headers: { authorization: `bearer ${TOKEN}`, 'content-type': 'application/x-ndjson' }, payload: upload })
      : await app.inject({ method: method as 'GET', url, headers: { authorization: `bearer ${TOKEN}` }, ...(body ? { payload: body as object } : {}) });
    t.ok(r.statusCode >= 200 && r.statusCode < 300, `${method} ${url} with the token (the scheme in any case): ${r.statusCode} ${r.body.slice(0, 120)}`);
  }
});

t.test('GET /__admin/health stays open for the HEALTHCHECK; an unknown admin route is a 401 before it is a 404', async (t) => {
  const { app } = await tokenApp();
  t.teardown(() => app.close());
  for (const [method, url] of [['GET', '/__admin/health'], ['HEAD', '/__admin/health'], ['GET', '/__admin/health/'], ['GET', '/__admin/health?token=wrong']] as const) {
    const r = await app.inject({ method, url });
    t.equal(r.statusCode, 200, `${method} ${url}`);
    t.notOk(r.headers['www-authenticate'], `${method} ${url}: no challenge`);
  }
  t.equal((await app.inject({ method: 'POST', url: '/__admin/health' })).statusCode, 401, 'only GET and HEAD of health are open');
  const unknown = await app.inject('/__admin/secrets');
  t.equal(unknown.statusCode, 401, 'without the token nobody learns which admin routes exist');
  const known = await app.inject({ url: '/__admin/secrets', headers: { authorization: `Bearer ${TOKEN}` } });
  t.equal(known.statusCode, 404);
  t.match(known.json(), { error: { code: 'not_found' } });
});

t.test('?token= counts on a GET (an EventSource sends no headers) and nowhere else', async (t) => {
  const { app, sim } = await tokenApp();
  t.teardown(() => app.close());
  const q = encodeURIComponent(TOKEN);
  const page = await app.inject(`/__admin/events?limit=2&token=${q}`);
  t.equal(page.statusCode, 200, `the route's own query schema does not see the token: ${page.body}`);
  t.same(adminSchemaErrors('EventPage', page.json()), []);
  t.equal((await app.inject(`/__admin/events?limit=2&token=nope`)).statusCode, 401);
  const twice = await app.inject(`/__admin/events?token=${q}&token=${q}`);
  t.equal(twice.statusCode, 401, 'the token given twice is no token');
  const seq = sim.eventSeq;
  const post = await app.inject({ method: 'POST', url: `/__admin/reset?token=${q}` });
  t.equal(post.statusCode, 401, 'a POST needs the header');
  t.match(post.json().error.message, /\?token= counts on a GET only/);
  const both = await app.inject({ method: 'PUT', url: `/__admin/clock?token=${q}`, payload: { speed: 3 }, headers: { authorization: `Bearer ${TOKEN}` } });
  t.equal(both.statusCode, 200, 'a stray ?token= beside the header is no unknown query field');
  t.equal(sim.eventSeq, seq);

  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const get = (path: string) =>
    new Promise<{ status: number; type: string; text: string }>((resolve, reject) => {
      let text = '';
      const req = httpRequest(`${address}${path}`, (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          if (res.statusCode === 200 && text.includes('event: call.arrived')) req.destroy();
        });
        const done = () => resolve({ status: res.statusCode as number, type: String(res.headers['content-type']), text });
        res.on('end', done);
        res.on('close', done);
      });
      req.on('error', (err) => ((err as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(err)));
      req.end();
    });
  await app.inject({ method: 'POST', url: '/__admin/calls', payload: { queue: 'support' }, headers: { authorization: `Bearer ${TOKEN}` } });
  const refused = await get('/__admin/events/stream?after=0');
  t.equal(refused.status, 401, 'the stream without the token');
  t.match(JSON.parse(refused.text), { error: { code: 'unauthorized' } });
  const stream = await get(`/__admin/events/stream?after=0&token=${q}`);
  t.equal(stream.status, 200, 'the stream with ?token=');
  t.match(stream.type, /^text\/event-stream/);
  t.match(stream.text, /event: call\.arrived/);
});

t.test('/docs stays open and marks the guarded routes; without a token nothing is guarded', async (t) => {
  const { app } = await tokenApp();
  t.teardown(() => app.close());
  t.equal((await app.inject('/docs/')).statusCode, 200);
  const spec = (await app.inject('/docs/json')).json();
  t.match(spec.components.securitySchemes.adminToken, { type: 'http', scheme: 'bearer' });
  t.notOk(spec.paths['/__admin/health'].get.security, 'health needs nothing');
  t.same(spec.paths['/__admin/state'].get.security, [{ adminToken: [] }]);
  t.ok(spec.paths['/__admin/state'].get.responses['401'], 'the 401 is documented');
  // The vendors' routes name their own schemes (issue 18 §4); none names the admin token's.
  const guarded = Object.entries(spec.paths as Record<string, Record<string, { security?: Record<string, unknown>[] }>>).flatMap(([path, item]) => Object.entries(item).filter(([, op]) => op.security?.some((s) => 'adminToken' in s)).map(([m]) => `${m} ${path}`));
  t.ok(guarded.length >= 15);
  t.same(guarded.filter((r) => !r.includes(' /__admin/')), [], "the vendors' routes are not the admin token's");

  const plain = await tokenApp({});
  t.teardown(() => plain.app.close());
  t.equal((await plain.app.inject('/__admin/state')).statusCode, 200, 'no token configured: /__admin is open');
  const openSpec = (await plain.app.inject('/docs/json')).json();
  t.notOk(openSpec.paths['/__admin/state'].get.security);
  t.notOk(openSpec.components?.securitySchemes?.adminToken, 'nor offers the scheme');
  await t.rejects(tokenApp({ adminToken: '' }), /admin token must not be empty/);
});

t.test('the token never reaches the log at the default level', async (t) => {
  const { app, lines } = await tokenApp({ adminToken: TOKEN, logLevel: 'info' });
  t.teardown(() => app.close());
  const q = encodeURIComponent(TOKEN);
  await app.inject(`/__admin/events?limit=1&token=${q}`);
  await app.inject(`/__admin/events?token=${q}&limit=1`);
  await app.inject(`/__admin/kpis?TOKEN=${q}`);
  await app.inject({ url: '/__admin/state', headers: { authorization: `Bearer ${TOKEN}` } });
  await app.inject({ url: '/__admin/state', headers: { authorization: 'Bearer wrong-one' } });
  await app.inject(`/nowhere?token=${q}`); // Fastify's own 404 logs the raw URL in its message
  await app.inject(`/docs/json?token=${q}`);
  const log = lines.join('\n');
  t.ok(lines.length >= 7, `requests were logged (${lines.length} lines)`);
  t.notMatch(log, TOKEN, 'the token is in no line');
  t.notMatch(log, q, 'nor URL-encoded');
  t.notMatch(log, 'wrong-one', 'nor a wrong one from a header');
  const urls = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request').map((l) => l.url);
  t.ok(urls.includes('/__admin/events?limit=1&token=[redacted]'), urls.join(' '));
  t.ok(urls.includes('/__admin/events?token=[redacted]&limit=1'));
  t.match(log, /"url":"\/nowhere\?token=\[redacted\]"/, "an unknown route too");
});

t.test('--admin-token, CCSIM_ADMIN_TOKEN and --admin-token-file; an empty or unprintable token is a usage error that does not echo it', async (t) => {
  t.equal(serveWith([], {}).adminToken, undefined, 'no token by default');
  t.equal(serveWith(['--admin-token', 'abc'], {}).adminToken, 'abc');
  t.equal(serveWith([], { CCSIM_ADMIN_TOKEN: 'from-env' }).adminToken, 'from-env');
  t.equal(serveWith(['--admin-token', 'flag'], { CCSIM_ADMIN_TOKEN: 'env' }).adminToken, 'flag', 'the flag wins');
  const dir = mkdtempSync(join(tmpdir(), 'ccsim-token-'));
  const file = join(dir, 'token');
  writeFileSync(file, 'from-file\n');
  t.equal(serveWith(['--admin-token-file', file], {}).adminToken, 'from-file', 'a secret file, its final newline dropped');
  t.equal(serveWith([], { CCSIM_ADMIN_TOKEN_FILE: file }).adminToken, 'from-file');
  t.equal(serveWith(['--admin-token-file', file], { CCSIM_ADMIN_TOKEN: 'env' }).adminToken, 'from-file', 'a flag beats either variable');
  const spaced = join(dir, 'spaced');
  writeFileSync(spaced, 'two words\n');
  const blank = join(dir, 'blank');
  writeFileSync(blank, '\n');
  for (const [args, env, message] of [
    [['--admin-token', ''], {}, /--admin-token must not be empty/],
    [[], { CCSIM_ADMIN_TOKEN: '' }, /--admin-token must not be empty/],
    [['--admin-token', 'two words'], {}, /must be printable ASCII without spaces/],
    [['--admin-token', 'пароль'], {}, /must be printable ASCII without spaces/],
    [['--admin-token-file', blank], {}, /must not be empty \(in '.*blank'\)/],
    [['--admin-token-file', spaced], {}, /must be printable ASCII without spaces/],
    [['--admin-token-file', join(dir, 'missing')], {}, /cannot read --admin-token-file '.*missing' \(ENOENT\)/],
    [['--admin-token', 'a', '--admin-token-file', file], {}, /not both/],
    [[], { CCSIM_ADMIN_TOKEN: 'a', CCSIM_ADMIN_TOKEN_FILE: file }, /not both/],
  ] as [string[], NodeJS.ProcessEnv, RegExp][]) {
    t.throws(() => serveWith(args, env), message, `${args.join(' ')} ${JSON.stringify(env)}`);
  }
  let err = '';
  const code = await main(['serve', '--admin-token', 'two words'], { out: () => undefined, err: (s) => void (err += s) });
  t.equal(code, 2, 'a usage error exits 2');
  t.notMatch(err, 'two words', 'the message does not echo the token');
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

t.test('ccsim serve --admin-token guards a real server and logs no token', async (t) => {
  const port = await freePort();
  const loader = process.execArgv.filter((a) => a.includes('@tapjs/typescript'));
  const env: NodeJS.ProcessEnv = { ...process.env, CCSIM_ADMIN_TOKEN: TOKEN };
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, [...loader, new URL('../../src/cli.ts', import.meta.url).pathname, 'serve', '--port', String(port), '--host', '127.0.0.1', '--clock', 'manual', '--scenario', 'smoke', '--file', SCENARIO_FILE], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (out += s));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  t.teardown(() => void child.kill('SIGKILL'));
  for (let i = 0; !out.includes('ccsim serving'); i++) {
    if (i > 600 || child.exitCode !== null) throw new Error(`ccsim serve did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const base = `http://127.0.0.1:${port}/__admin`;
  t.equal((await fetch(`${base}/health`)).status, 200);
  const refused = await fetch(`${base}/state`);
  t.equal(refused.status, 401);
  t.equal(refused.headers.get('www-authenticate'), 'Bearer realm="ccsim admin"');
  t.equal((await fetch(`${base}/state`, { headers: { authorization: `Bearer ${TOKEN}` } })).status, 200);
  t.equal((await fetch(`${base}/kpis?token=${encodeURIComponent(TOKEN)}`)).status, 200);
  child.kill('SIGTERM');
  t.equal(await exited, 0, 'SIGTERM still ends it with 0');
  t.match(out, /"msg":"request"/, 'the default level logs requests');
  t.notMatch(out, TOKEN, 'the token is in no log line');
});
