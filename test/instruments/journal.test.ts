/**
 * The journal of HTTP exchanges: every API's requests and responses (and /__admin's, as kind admin),
 * newest first with lossless paging, what no route took, credentials masked unless asked, and its bounds
 * by entries and bytes. Faults and verification have their own tests.
 */
import t from 'tap';
import { admin, instrumentedApp, telphinToken } from './helpers.js';

t.test('every API request is journaled with its response; admin calls only as kind admin', async (t) => {
  const { app, sim } = await instrumentedApp();
  t.teardown(() => app.close());
  const token = await telphinToken(app);
  await app.inject({ url: '/api/ver1.0/extension/1000/queue/status/', headers: { authorization: `Bearer ${token}` } });
  await app.inject({ url: '/cdr_dialog?limit=2', headers: { authorization: 'ccsim-conpeek-key' } });
  await app.inject({ method: 'POST', url: '/ccsim.local/service/cc/arm/call_history', headers: { 'content-type': 'text/xml' }, payload: '<in><request><filters limit="1"/></request></in>' });
  await admin(app, 'POST', '/clock/advance', { seconds: 5 });
  await app.inject({ url: '/api/ver1.0/no/such/thing', headers: { authorization: `Bearer ${token}` } });
  await app.inject('/docs/json');

  const page = (await admin(app, 'GET', '/requests')).json();
  t.same(page.requests.map((e: { api: string; method: string; path: string }) => `${e.api} ${e.method} ${e.path}`), [
    'telphin GET /api/ver1.0/no/such/thing',
    'arm POST /ccsim.local/service/cc/arm/call_history',
    'conpeek GET /cdr_dialog',
    'telphin GET /api/ver1.0/extension/1000/queue/status/',
    'telphin POST /oauth/token',
  ], 'newest first; admin calls and /docs left out');
  const status = page.requests[3];
  t.match(status, { kind: 'http', route: '/api/ver1.0/extension/:extension_id/queue/status', status: 200, query: {}, t: 0 });
  t.ok(status.latencyMs >= 0 && typeof status.wallTime === 'string', 'latency and wall time');
  t.same(JSON.parse(status.response.body.text), { answered_members: 0, trying_members: 0, waiting_members: 0 }, 'the response body');
  t.match(status.response.headers, { 'content-type': /^application\/json/, 'content-length': String(Buffer.byteLength(status.response.body.text)), 'x-ratelimit-limit': /^\d+$/, date: /GMT$/ }, 'the response headers as they went out, Date included');
  t.equal(page.requests[1].command, 'call_history', "an ARM command is named");
  t.equal(page.requests[0].route, null, 'an unknown route has no route');
  t.equal(page.requests[0].t, 5000, 'the virtual time it arrived');
  await admin(app, 'GET', '/health');
  const adminPage = (await admin(app, 'GET', '/requests?kind=admin')).json();
  t.ok(adminPage.requests.some((e: { path: string }) => e.path === '/__admin/clock/advance'), 'admin calls with kind=admin');
  t.notOk(adminPage.requests.some((e: { path: string }) => e.path === '/__admin/health'), "but not a liveness probe's health (a recording leaves it out too, so a replay's journal ids stay the same)");
  const unmatched = (await admin(app, 'GET', '/requests/unmatched')).json();
  t.same(unmatched.requests.map((e: { path: string }) => e.path), ['/api/ver1.0/no/such/thing'], 'what no route took');
  const one = (await admin(app, 'GET', `/requests/${status.id}`)).json();
  t.equal(one.id, status.id);
  t.equal((await admin(app, 'GET', '/requests/999999')).statusCode, 404);
  t.equal((await admin(app, 'DELETE', '/requests')).statusCode, 204);
  t.equal((await admin(app, 'GET', '/requests')).json().requests.length, 0, 'cleared');
  void sim;
});

t.test('credentials are masked, unless the server shows them', async (t) => {
  for (const show of [false, true]) {
    const { app } = await instrumentedApp({ instruments: { showCredentials: show } });
    const token = await telphinToken(app);
    await app.inject({ url: '/api/ver1.0/client/@me/agent/local/?access_token=xyz', headers: { authorization: `Bearer ${token}`, cookie: 'arm_session=s3cr3t' } });
    await app.inject({ method: 'POST', url: '/ccsim.local/service/cc/arm/login', headers: { 'content-type': 'text/xml' }, payload: '<in><request agent_id="101" password="hunter2"/></in>' });
    const [login, read, tokenRequest] = (await admin(app, 'GET', '/requests')).json().requests;
    const text = JSON.stringify([login, read, tokenRequest]);
    if (show) {
      t.equal(read.headers.authorization, `Bearer ${token}`, 'shown: the header');
      t.match(text, /hunter2/, 'shown: the password');
    } else {
      t.equal(read.headers.authorization, '[masked]', 'the Authorization header');
      t.equal(read.headers.cookie, '[masked]', 'cookies');
      t.equal(read.query.access_token, '[masked]', 'a token in the query');
      t.match(tokenRequest.body.text, /client_secret=\[masked\]/, 'client_secret in a form body');
      t.equal(JSON.parse(tokenRequest.response.body.text).access_token, '[masked]', 'the token in the response');
      t.match(login.body.text, /password="\[masked\]"/, 'an XML password');
      t.notMatch(text, new RegExp(`${token}|hunter2|ccsim-secret|s3cr3t`), 'no secret anywhere');
    }
    await app.close();
  }
});

t.test('paging newest first with before=next sees every entry once; bounds by entries and bytes', async (t) => {
  const { app } = await instrumentedApp({ instruments: { journal: { maxEntries: 50 } } });
  t.teardown(() => app.close());
  for (let i = 0; i < 80; i++) await app.inject({ url: `/cdr_dialog?limit=1&offset=${i}`, headers: { authorization: 'ccsim-conpeek-key' } });
  const seen: number[] = [];
  let before: number | null = null;
  do {
    const page: { requests: { query: { offset: string } }[]; next: number | null; dropped: number } = (await admin(app, "GET", `/requests?limit=7${before ? `&before=${before}` : ""}`)).json();
    seen.push(...page.requests.map((e: { query: { offset: string } }) => Number(e.query.offset)));
    before = page.next;
    t.ok(page.dropped >= 30, `the bound let 30 go (and admin calls: ${page.dropped})`);
  } while (before !== null);
  t.same(seen, Array.from({ length: 50 }, (_, i) => 79 - i), 'the newest 50, each once, newest first');
  const since = (await admin(app, 'GET', `/requests?since=0&limit=3`)).json().requests;
  t.equal(since.length, 3);

  const small = await instrumentedApp({ instruments: { journal: { maxBytes: 20_000, bodyCap: 1000 } } });
  for (let i = 0; i < 40; i++) await small.app.inject({ url: '/api/agents?pagination.pageSize=50' });
  const kept = (await admin(small.app, 'GET', '/requests?limit=1000')).json();
  t.ok(kept.requests.length < 40 && kept.requests.length > 0, `the byte bound keeps ${kept.requests.length} of 40`);
  t.ok(kept.requests.every((e: { response: { body: { text: string } } }) => e.response.body.text.length <= 1000), 'bodies capped');
  t.ok(kept.requests.every((e: { response: { body: { size: number; truncated: boolean } } }) => e.response.body.truncated && e.response.body.size > 1000), "a capped body keeps the whole one's size");
  await small.app.close();
});

t.test('a journal turned off records nothing', async (t) => {
  const { app } = await instrumentedApp({ instruments: { journal: { enabled: false } } });
  t.teardown(() => app.close());
  await app.inject({ url: '/cdr_dialog', headers: { authorization: 'ccsim-conpeek-key' } });
  t.same((await admin(app, 'GET', '/requests')).json(), { requests: [], next: null, total: 0, dropped: 0, bytes: 0, bounds: { entries: 10_000, bytes: 64 * 1024 * 1024 } });
});
