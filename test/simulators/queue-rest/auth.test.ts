/**
 * OAuth (client_credentials by form, query, JSON or Basic), bearer tokens (missing, unknown, expired on
 * the virtual clock, kept across a reset), GET /user, the client in the path, and the hourly rate limit
 * with its headers and 429. Every response is checked against schemas/queue-rest.
 */
import t from 'tap';
import { API, harness, schemaErrors } from './harness.js';

const SCENARIO = JSON.stringify({
  scenarios: {
    auth: {
      seed: 3,
      duration: '2h',
      queues: [{ id: 'line' }],
      agents: [{ id: 'ann', number: '201', queues: [{ queue: 'line' }] }],
      apis: { telphin: { client_id: 'app-1', client_secret: 's3cret', account_id: 77, token_ttl_seconds: 60, rate_limit_per_hour: 5 } },
    },
  },
});

const form = (s: string) => ({ payload: s, headers: { 'content-type': 'application/x-www-form-urlencoded' } });

t.test('a token by form, query, JSON or Basic; bad requests get Telphin errors', async (t) => {
  const h = await harness(SCENARIO, { inline: true });
  t.teardown(() => h.app.close());
  const ok = [
    { method: 'POST' as const, url: '/oauth/token', ...form('grant_type=client_credentials&client_id=app-1&client_secret=s3cret') },
    { method: 'POST' as const, url: '/oauth/token?grant_type=client_credentials&client_id=app-1&client_secret=s3cret' },
    { method: 'POST' as const, url: '/oauth/token', payload: { grant_type: 'client_credentials', client_id: 'app-1', client_secret: 's3cret' } },
    { method: 'POST' as const, url: '/oauth/token', ...form('grant_type=client_credentials'), headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from('app-1:s3cret').toString('base64')}` } },
  ];
  const tokens = new Set<string>();
  for (const req of ok) {
    const r = await h.app.inject(req);
    t.equal(r.statusCode, 200, r.body);
    t.same(schemaErrors('Token', r.json()), []);
    t.match(r.json(), { expires_in: 60, token_type: 'Bearer' });
    tokens.add(r.json().access_token);
  }
  t.equal(tokens.size, 4, 'every token is new');

  const bad: [string, number, RegExp, string?][] = [
    ['client_id=app-1&client_secret=s3cret', 400, /Missing required parameter 'grant_type'/],
    ['grant_type=password&username=u&password=p', 400, /Unsupported grant_type 'password'/, 'unsupported_grant_type'],
    ['grant_type=client_credentials&client_secret=s3cret', 400, /Missing required parameter 'client_id'/],
    ['grant_type=client_credentials&client_id=app-1', 400, /Missing required parameter 'client_secret'/],
    ['grant_type=client_credentials&client_id=app-1&client_secret=wrong', 401, /Invalid client_id or client_secret/],
    ['grant_type=client_credentials&client_id=ccsim&client_secret=ccsim-secret', 401, /Invalid client_id/],
    [`grant_type=client_credentials&client_id=${'x'.repeat(300)}&client_secret=s3cret`, 400, /Invalid parameter 'client_id': must NOT have more than 255 characters/],
  ];
  for (const [payload, code, message, status] of bad) {
    const r = await h.app.inject({ method: 'POST', url: '/oauth/token', ...form(payload) });
    t.equal(r.statusCode, code, payload);
    t.same(schemaErrors('Error', r.json()), []);
    t.match(r.json().message, message);
    t.equal(r.json().status, status);
  }
  const xml = await h.app.inject({ method: 'POST', url: '/oauth/token', payload: '<a/>', headers: { 'content-type': 'application/xml' } });
  t.equal(xml.statusCode, 415);
  t.same(schemaErrors('Error', xml.json()), []);
});

t.test('bearer tokens: missing, malformed, unknown and expired are 401; a reset keeps them', async (t) => {
  const h = await harness(SCENARIO, { inline: true });
  t.teardown(() => h.app.close());
  const user = await h.api('GET', '/user');
  t.equal(user.statusCode, 200);
  t.same(schemaErrors('User', user.json()), []);
  t.match(user.json(), { client_id: 77, login: 'ccsim', admin: true });

  const cases: [Record<string, string>, RegExp][] = [
    [{}, /Authorization required/],
    [{ authorization: 'Basic abc' }, /Malformed Authorization header/],
    [{ authorization: 'Bearer' }, /Malformed Authorization header/],
    [{ authorization: 'Bearer nope' }, /Invalid access token/],
  ];
  for (const [headers, message] of cases) {
    const r = await h.app.inject({ url: `${API}/user`, headers });
    t.equal(r.statusCode, 401, JSON.stringify(headers));
    t.same(schemaErrors('Error', r.json()), []);
    t.match(r.json().message, message);
    t.notOk(r.json().status, '401 has no status');
    t.notOk(r.headers['x-ratelimit-limit'], 'an unauthenticated request is not counted');
  }
  await h.advance(59);
  t.equal((await h.api('GET', '/user')).statusCode, 200, 'valid until its expiry');
  await h.advance(1);
  const expired = await h.api('GET', '/user');
  t.equal(expired.statusCode, 401);
  t.match(expired.json().message, /expired/);

  h.token = await h.newToken();
  await h.advance(30);
  t.equal((await h.app.inject({ method: 'POST', url: '/__admin/reset' })).statusCode, 200);
  t.equal((await h.api('GET', '/user')).statusCode, 200, 'a reset keeps tokens, with a whole lifetime');
  await h.advance(59);
  t.equal((await h.api('GET', '/user')).statusCode, 200);

  const other = JSON.parse(SCENARIO);
  other.scenarios.auth.apis.telphin.client_secret = 'changed';
  const load = await h.app.inject({ method: 'PUT', url: '/__admin/scenario', payload: other });
  t.equal(load.statusCode, 200, load.body);
  t.equal((await h.api('GET', '/user')).statusCode, 401, 'new credentials: old tokens are gone');
  const fresh = await h.app.inject({ method: 'POST', url: '/oauth/token', ...form('grant_type=client_credentials&client_id=app-1&client_secret=changed') });
  t.equal(fresh.statusCode, 200);
});

t.test('the client in the path: @me or its own id; another id is 403, nonsense 404', async (t) => {
  const h = await harness(SCENARIO, { inline: true });
  t.teardown(() => h.app.close());
  for (const client of ['@me', '77']) t.equal((await h.api('GET', `/client/${client}/extension/`)).statusCode, 200, client);
  const other = await h.api('GET', '/client/78/extension/');
  t.equal(other.statusCode, 403);
  t.same(schemaErrors('Error', other.json()), []);
  t.match(other.json(), { status: 'access_denied', message: /Client 78/ });
  const nonsense = await h.api('GET', '/client/abc/agent/local/');
  t.equal(nonsense.statusCode, 404);
  t.match(nonsense.json(), { status: 'client_not_found', message: /Client 'abc' not found/ });
});

t.test('rate limit: headers on every authenticated response, 429 over the limit, reset at the next hour', async (t) => {
  const h = await harness(SCENARIO, { inline: true });
  t.teardown(() => h.app.close());
  await h.advance(600);
  h.token = await h.newToken();
  for (let i = 1; i <= 5; i++) {
    const r = await h.api('GET', i % 2 ? '/user' : '/extension/999/queue/');
    t.equal(r.statusCode, i % 2 ? 200 : 404);
    t.equal(r.headers['x-ratelimit-limit'], '5');
    t.equal(r.headers['x-ratelimit-remaining'], String(5 - i));
    t.equal(r.headers['x-ratelimit-reset'], '3000', 'seconds to the top of the (virtual) hour');
  }
  const over = await h.api('GET', '/user');
  t.equal(over.statusCode, 429);
  t.same(schemaErrors('Error', over.json()), []);
  t.match(over.json(), { status: 'rate_limit_exceeded', message: /5 requests per hour/ });
  t.equal(over.headers['x-ratelimit-remaining'], '0');
  await h.advance(3000);
  h.token = await h.newToken();
  const next = await h.api('GET', '/user');
  t.equal(next.statusCode, 200, 'a new hour, a new counter');
  t.equal(next.headers['x-ratelimit-remaining'], '4');
  t.equal(next.headers['x-ratelimit-reset'], '3600');
});

t.test('without apis.telphin: the documented defaults', async (t) => {
  const h = await harness('smoke');
  t.teardown(() => h.app.close());
  const r = await h.api('GET', '/user');
  t.equal(r.statusCode, 200);
  t.match(r.json(), { client_id: 12, timezone: 'Europe/Moscow' });
  t.equal(r.headers['x-ratelimit-limit'], '1000000');
  const token = await h.app.inject({ method: 'POST', url: '/oauth/token', ...form('grant_type=client_credentials&client_id=ccsim&client_secret=ccsim-secret') });
  t.equal(token.json().expires_in, 3600);
});

t.test('a bad apis.telphin value is logged and its default used', async (t) => {
  const scenario = JSON.parse(SCENARIO);
  scenario.scenarios.auth.apis.telphin = { client_id: 'app-1', client_secret: 's3cret', token_ttl_seconds: 'long', nonsense: 1 };
  const h = await harness(JSON.stringify(scenario), { inline: true });
  t.teardown(() => h.app.close());
  const r = await h.app.inject({ method: 'POST', url: '/oauth/token', ...form('grant_type=client_credentials&client_id=app-1&client_secret=s3cret') });
  t.equal(r.json().expires_in, 3600);
  t.ok(h.logs.some((l) => /token_ttl_seconds is not valid/.test(String(l.msg))));
  t.ok(h.logs.some((l) => /nonsense is not a setting/.test(String(l.msg))));
});
