/**
 * The agent CRUD view at the front door: requests as real clients send them (issue 18 §3). An empty body
 * is no body whatever its Content-Type: a labelled, bodiless DELETE deletes, and a route that takes a body
 * answers ASP.NET's "A non-empty request body is required." and changes nothing. Query lists are read
 * however a client writes them, a query that cannot be read names its parameter, and an unknown route is
 * a problem body. The OpenAPI asks for no credentials (there are none), and a request as Swagger UI's
 * "Try it out" sends it works.
 */
import { request } from 'node:http';
import t from 'tap';
import { harness, type Harness } from './harness.js';
import { scenario } from './fixture.js';

/**
 * A request with exactly these headers and no body (Node adds Host and Connection only, and for a DELETE
 * neither a Content-Length nor a Transfer-Encoding, as Go's client and curl send it); the status and body.
 */
function send(port: number, method: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function listening(h: Harness): Promise<number> {
  const address = await h.app.listen({ port: 0, host: '127.0.0.1' });
  return Number(new URL(address).port);
}

const deleted = async (h: Harness, id: number) => (await h.api('GET', `/agents/${id}`)).json().deleteDateTime !== null;

t.test('a bodiless DELETE labelled with a content type deletes, as the Go and PHP SDKs send it', async (t) => {
  const h = await harness(scenario(), { inline: true });
  t.teardown(() => h.close());
  await h.api('POST', '/agents', { userId: 7001, webexAgentId: 'w-7001', userFullName: 'Cy Dee', queues: [] });
  const port = await listening(h);
  // The Go SDK: Content-Type and Accept application/json on every request, no body and no Content-Length.
  const go = await send(port, 'DELETE', '/api/agents/1', { 'User-Agent': 'Go-http-client/1.1', Accept: 'application/json', 'Content-Type': 'application/json', 'Accept-Encoding': 'gzip' });
  t.equal(go.status, 204, go.body);
  t.equal(go.body, '');
  t.ok(await deleted(h, 1), 'agent 1 is deleted');
  // The PHP SDK through curl: the same labels, with an explicit empty length.
  const php = await send(port, 'DELETE', '/api/agents/2', { Accept: 'application/json', 'Content-Type': 'application/json', 'Content-Length': '0' });
  t.equal(php.status, 204, php.body);
  t.ok(await deleted(h, 2), 'agent 2 is deleted');
  // The other Go SDK labels its bodiless DELETE as a form.
  const form = await send(port, 'DELETE', '/api/agents/3', { 'User-Agent': 'Go-http-client/1.1', 'Content-Type': 'application/x-www-form-urlencoded', 'Accept-Encoding': 'gzip' });
  t.equal(form.status, 204, form.body);
  t.ok(await deleted(h, 3), 'agent 3 is deleted');
});

t.test('an empty body where a body is needed is "A non-empty request body is required.", whatever its label', async (t) => {
  const h = await harness(scenario(), { inline: true });
  t.teardown(() => h.close());
  const state = async () => (await h.api('GET', '/agents?includeDeleted=true')).body + (await h.api('GET', '/queues')).body + h.sim.eventSeq;
  const before = await state();
  const routes: [string, string][] = [
    ['POST', '/agents'],
    ['PUT', '/agents/1'],
    ['PUT', '/agents/1/status'],
    ['PUT', '/queues/1'],
    ['POST', '/agents/1/call-sessions'],
    ['POST', '/calls'],
  ];
  for (const [method, path] of routes) {
    for (const type of ['application/json', 'application/json; charset=utf-8', 'application/x-www-form-urlencoded', 'text/plain']) {
      const r = await h.api(method as 'POST', path, '', { 'content-type': type, accept: 'application/json' });
      t.equal(r.statusCode, 400, `${method} ${path} (${type}): ${r.body}`);
      t.same(r.json().errors, { $: ['A non-empty request body is required.'] }, `${method} ${path} (${type})`);
    }
  }
  // Without a content type too: there is no body to be of the wrong type.
  const bare = await h.app.inject({ method: 'POST', url: '/api/agents' });
  t.equal(bare.statusCode, 400, bare.body);
  t.same(bare.json().errors, { $: ['A non-empty request body is required.'] });
  t.equal(await state(), before, 'nothing changed');
  // A body that is there and not JSON is still 415, naming its type.
  const form = await h.api('POST', '/agents', 'userId=1', { 'content-type': 'application/x-www-form-urlencoded' });
  t.equal(form.statusCode, 415, form.body);
  t.match(form.json(), { status: 415, title: 'Unsupported Media Type', detail: /'application\/x-www-form-urlencoded'.*application\/json/ });
  t.equal(form.json().errors, undefined, 'a 415 names no field');
  t.same(h.logs.filter((l) => Number(l.level) >= 50), [], 'no refusal is logged as a failure of the server');
});

t.test('query lists as clients write them; a query that cannot be read names its parameter', async (t) => {
  const h = await harness(scenario(), { inline: true });
  t.teardown(() => h.close());
  await h.advance(120);
  const numbers = [...new Set((await h.api('GET', '/calls')).json().items.map((c: { phoneNumber: string }) => c.phoneNumber))] as string[];
  t.ok(numbers.length >= 2, `calls from two numbers at least (${numbers.length})`);
  const [a, b] = numbers.map(encodeURIComponent);
  const ids = async (query: string) => (await h.api('GET', `/calls?${query}`)).json().items.map((c: { phoneNumber: string }) => c.phoneNumber);
  const both = await ids(`phoneNumbers=${a}&phoneNumbers=${b}`);
  t.same([...new Set(both)].sort(), [numbers[0], numbers[1]].sort(), 'repeated keys');
  t.same(await ids(`phoneNumbers%5B0%5D=${a}&phoneNumbers%5B1%5D=${b}`), both, "PHP's indexed phoneNumbers[0]=…&phoneNumbers[1]=…");
  t.same(await ids(`phoneNumbers[]=${a}&phoneNumbers[]=${b}`), both, 'phoneNumbers[]=…');
  t.same(await ids(`phoneNumbers[1]=${b}&phoneNumbers[0]=${a}`), both, 'indices in any order');

  const bad = await h.api('GET', '/agents?pagination.page=%ZZ');
  t.equal(bad.statusCode, 400, bad.body);
  t.equal(bad.headers['content-type'], 'application/problem+json; charset=utf-8');
  t.match(Object.values(bad.json().errors), [[/malformed percent-escape/]], 'one field, named by the door');
  const unknown = await h.api('GET', '/nothing/here');
  t.equal(unknown.statusCode, 404);
  t.same(unknown.json().errors, { $: ['No such resource: GET /api/nothing/here.'] });
  const escape = await h.app.inject({ method: 'GET', url: '/api/agents/%ZZ' });
  t.equal(escape.statusCode, 400, escape.body);
  t.equal(escape.headers['content-type'], 'application/problem+json; charset=utf-8');
  t.match(escape.json(), { status: 400, errors: { $: [/malformed percent-escape/] } });
  t.same(h.logs.filter((l) => Number(l.level) >= 50), [], 'no refusal is logged as a failure of the server');
});

t.test('the OpenAPI asks for no credentials, and a request as "Try it out" sends it works', async (t) => {
  const h = await harness(scenario(), { inline: true });
  t.teardown(() => h.close());
  const doc = (await h.app.inject({ method: 'GET', url: '/docs/json' })).json();
  t.equal(doc.security, undefined, 'no credentials asked for globally');
  const ops = Object.entries(doc.paths as Record<string, Record<string, { tags?: string[]; security?: unknown }>>).flatMap(([path, methods]) =>
    Object.entries(methods).filter(([, op]) => op.tags?.includes('agent-crud')).map(([method, op]) => ({ where: `${method.toUpperCase()} ${path}`, op })),
  );
  t.equal(ops.length, 16, 'every route of the view is documented');
  t.ok(ops.every(({ where }) => where.split(' ')[1].startsWith('/api/')), 'under its prefix');
  for (const { where, op } of ops) t.equal(op.security, undefined, `${where} asks for no credentials`);
  // Swagger UI sends the body with its type and asks for JSON back; nothing else.
  const r = await h.app.inject({ method: 'POST', url: '/api/agents', headers: { accept: 'application/json', 'content-type': 'application/json' }, payload: JSON.stringify({ userId: 0, webexAgentId: 'string', userFullName: 'string', queues: [] }) });
  t.equal(r.statusCode, 201, r.body);
  t.match(r.json(), { id: 3, userId: 0, userFullName: 'string', agentStatus: 1 });
});
