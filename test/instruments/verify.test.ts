/**
 * Counting, finding, verifying and waiting over the journal: counts (eq, gte, lte), sequences in order with
 * others between, and near misses that name, field by field, why the closest exchanges do not match; the
 * matcher's every field (query and header subsets, body substring and JSON subset, XPath over ARM XML, the
 * ARM command, status); admin calls matched only when asked for.
 */
import t from 'tap';
import { admin, instrumentedApp } from './helpers.js';

const KEY = { authorization: 'ccsim-conpeek-key' };

t.test('counts and finds; admin calls only with kind admin', async (t) => {
  const { app } = await instrumentedApp();
  t.teardown(() => app.close());
  for (const offset of [0, 1, 2]) await app.inject({ url: `/cdr_dialog?limit=5&offset=${offset}`, headers: KEY });
  await app.inject({ url: '/api/agents?pagination.pageSize=2' });
  const count = async (matcher: object) => (await admin(app, 'POST', '/requests/count', { matcher })).json().count;
  t.equal(await count({ api: 'conpeek' }), 3);
  t.equal(await count({ api: 'conpeek', query: { offset: '1' } }), 1, 'a query subset');
  t.equal(await count({ pathPattern: '^/(cdr_dialog|api/agents)$' }), 4, 'a path pattern');
  t.equal(await count({ headers: { Authorization: 'ccsim-conpeek-key' } }), 3, 'header names in any case, against the real value');
  t.equal(await count({ status: 200, method: 'get' }), 4, 'methods in any case');
  t.equal(await count({}), 4, 'an empty matcher: every client exchange, no admin call');
  t.ok((await count({ kind: 'admin' })) >= 5, 'admin calls when asked');
  const found = (await admin(app, 'POST', '/requests/find', { matcher: { api: 'conpeek' } })).json();
  t.same(found.requests.map((e: { query: { offset: string } }) => e.query.offset), ['0', '1', '2'], 'oldest first');
  const bad = await admin(app, 'POST', '/requests/count', { matcher: { pathPattern: '(' } });
  t.match(bad.json(), { error: { code: 'invalid', field: 'matcher.pathPattern' } });
  t.equal((await admin(app, 'POST', '/requests/count', { matcher: { nope: 1 } })).statusCode, 400, 'an unknown matcher field');
});

t.test('verify: counts hold or fail with near misses naming the differing field', async (t) => {
  const { app } = await instrumentedApp();
  t.teardown(() => app.close());
  await app.inject({ method: 'POST', url: '/api/agents', payload: { webexId: 'w-1', webexUserNumber: '300', webexDisplayName: 'Zed', agentStatus: 1, queues: [] } });
  await app.inject({ url: '/cdr_dialog?limit=5', headers: KEY });
  const verify = (body: object) => admin(app, 'POST', '/requests/verify', body);
  t.same((await verify({ matcher: { api: 'agent-crud', method: 'POST' } })).json(), { ok: true, count: 1 });
  t.equal((await verify({ matcher: { api: 'conpeek' }, count: { eq: 1 } })).statusCode, 200);
  const tooMany = await verify({ matcher: { api: 'conpeek' }, count: { lte: 0 } });
  t.equal(tooMany.statusCode, 422);
  t.match(tooMany.json(), { error: { code: 'verification_failed', message: /at most 0/ }, count: 1 });
  const wrongBody = await verify({ matcher: { api: 'agent-crud', method: 'POST', bodyJson: { webexDisplayName: 'Zoe' } } });
  t.equal(wrongBody.statusCode, 422);
  const miss = wrongBody.json().nearMisses[0];
  t.equal(miss.request.path, '/api/agents');
  t.same(miss.differences, [{ field: 'bodyJson.webexDisplayName', expected: 'Zoe', actual: 'Zed' }], 'names the JSON field that differs');
  const wrongMethod = (await verify({ matcher: { path: '/cdr_dialog', method: 'POST' } })).json();
  t.same(wrongMethod.nearMisses[0].differences, [{ field: 'method', expected: 'POST', actual: 'GET' }]);
  const wrongQuery = (await verify({ matcher: { path: '/cdr_dialog', query: { limit: '10' } } })).json();
  t.same(wrongQuery.nearMisses[0].differences, [{ field: 'query.limit', expected: '10', actual: '5' }]);
  t.ok(wrongQuery.nearMisses.every((n: { request: { kind: string } }) => n.request.kind !== 'admin'), 'admin calls are never near misses');
  const contains = await verify({ matcher: { bodyContains: '"Zed"' } });
  t.equal(contains.statusCode, 200, 'a body substring');
});

t.test('sequences in order, others between allowed; out of order or missing fails at its step', async (t) => {
  const { app } = await instrumentedApp();
  t.teardown(() => app.close());
  for (const url of ['/api/agents/1', '/cdr_dialog', '/api/agents/2', '/cdr_dialog_recording']) await app.inject({ url, headers: KEY });
  const verify = (sequence: object[]) => admin(app, 'POST', '/requests/verify', { sequence });
  t.equal((await verify([{ path: '/api/agents/1' }, { path: '/api/agents/2' }])).statusCode, 200, 'in order, others between');
  const backwards = await verify([{ path: '/api/agents/2' }, { path: '/api/agents/1' }]);
  t.equal(backwards.statusCode, 422);
  t.match(backwards.json(), { step: 2, error: { message: /out of order/ } });
  const missing = await verify([{ path: '/cdr_dialog' }, { path: '/nowhere' }]);
  t.match(missing.json(), { step: 2, error: { message: /matched no exchange after step 1/ } });
});

t.test('the ARM command and an XPath over its XML body', async (t) => {
  const { app } = await instrumentedApp();
  t.teardown(() => app.close());
  await app.inject({ method: 'POST', url: '/ccsim.local/service/cc/arm/login', headers: { 'content-type': 'text/xml' }, payload: '<in><request agent_id="101"/></in>' });
  await app.inject({ method: 'POST', url: '/ccsim.local/service/cc/arm/call_history', headers: { 'content-type': 'text/xml' }, payload: '<in><request><filters limit="5" direction="in"/></request></in>' });
  const verify = (matcher: object) => admin(app, 'POST', '/requests/verify', { matcher });
  t.equal((await verify({ api: 'arm', command: 'call_history' })).statusCode, 200);
  t.equal((await verify({ xpath: '//filters[@direction="in" and @limit="5"]' })).statusCode, 200, 'an XPath selecting the filters');
  const miss = (await verify({ command: 'call_history', xpath: '//filters[@limit="50"]' })).json();
  t.same(miss.nearMisses[0].differences, [{ field: 'xpath', expected: '//filters[@limit="50"]', actual: '(selects nothing)' }]);
  t.match((await verify({ xpath: '//[' })).json(), { error: { code: 'invalid', field: 'matcher.xpath' } }, 'an XPath that cannot be read');
});

t.test('wait: for an exchange that comes later (the clock does not move), or until the timeout with near misses', async (t) => {
  const { app, sim } = await instrumentedApp();
  t.teardown(() => app.close());
  const before = sim.now();
  const waiting = admin(app, 'POST', '/requests/wait', { matcher: { path: '/cdr_dialog' }, timeoutMs: 5000 });
  setTimeout(() => void app.inject({ url: '/cdr_dialog', headers: KEY }), 100);
  const r = await waiting;
  t.same(r.json(), { ok: true, count: 1 });
  t.equal(sim.now(), before, 'the virtual clock did not move');
  const started = Date.now();
  const timeout = await admin(app, 'POST', '/requests/wait', { matcher: { path: '/cdr_dialog', method: 'PUT' }, timeoutMs: 300 });
  t.ok(Date.now() - started >= 290, 'waited its timeout');
  t.equal(timeout.statusCode, 422);
  t.match(timeout.json(), { timedOut: true, nearMisses: [{ differences: [{ field: 'method' }] }] });
});
