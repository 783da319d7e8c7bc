/**
 * Issue 18 §3, Huawei's token route, the Huawei client's other mode: `POST
 * /apigovernance/api/oauth/tokenByAkSk {"app_key":…,"app_secret":…}` → `{"AccessToken":…,"expiresIn":…}`,
 * then `Authorization: Bearer <token>` with `X-APP-Key: <app_key>` on the CMS routes. Tokens are the
 * view's: random, bounded in number, living on the simulated clock and across a reset.
 */
import t from 'tap';
import { AccessTokens, MAX_TOKENS } from '../../../src/simulators/cti-status/tokens.js';
import { CMS, harness, schemaErrors, type Harness } from './harness.js';

const scenario = (huawei: Record<string, unknown> = {}) =>
  JSON.stringify({ scenarios: { s: { queues: [{ id: 'q' }], agents: [{ id: 'a', queues: [{ queue: 'q' }] }], apis: { huawei: { access_key: 'AK-1', secret_key: 'SK-1', token_ttl_seconds: 600, verify_signature: true, ...huawei } } } } });

const TOKEN_URL = '/apigovernance/api/oauth/tokenByAkSk';
// As the Huawei client sends it (backend/core/huawei_client.py, _get_token_by_aksk).
const tokenRequest = (appKey: string, appSecret: string) => ({ method: 'POST' as const, url: TOKEN_URL, headers: { 'content-type': 'application/json; charset=UTF-8' }, payload: JSON.stringify({ app_key: appKey, app_secret: appSecret }) });

async function token(h: Harness): Promise<string> {
  const r = await h.app.inject(tokenRequest('AK-1', 'SK-1'));
  return r.json().AccessToken;
}

const cms = (h: Harness, headers: Record<string, string>) =>
  h.app.inject({ method: 'POST', url: `${CMS}/agentgroup/agentbyworkno`, headers: { 'content-type': 'application/json; charset=UTF-8', ...headers }, payload: JSON.stringify({ queryParam: { ccId: 1, vdn: 1, agentId: 101 } }) });

t.test('a token for the app key and secret, then Bearer with X-APP-Key', async (t) => {
  const h = await harness(scenario());
  t.teardown(() => h.app.close());
  const r = await h.app.inject(tokenRequest('AK-1', 'SK-1'));
  t.equal(r.statusCode, 200);
  t.equal(r.headers['content-type'], 'application/json; charset=UTF-8');
  t.same(schemaErrors('TokenResponse', r.json()), [], r.body);
  t.same(Object.keys(r.json()), ['AccessToken', 'expiresIn']);
  t.equal(r.json().expiresIn, 600, 'expiresIn is token_ttl_seconds');
  const accessToken = r.json().AccessToken as string;
  t.not(await token(h), accessToken, 'every token is new');

  const ok = await cms(h, { authorization: `Bearer ${accessToken}`, 'x-app-key': 'AK-1' });
  t.equal(ok.statusCode, 200, ok.body);
  t.equal(ok.json().resultDatas.workno, 101);
  t.equal((await cms(h, { authorization: `bearer ${accessToken}`, 'X-APP-KEY': 'AK-1' })).statusCode, 200, 'the scheme and the header name in any case');

  const refused = async (what: string, headers: Record<string, string>, message: RegExp) => {
    const r = await cms(h, headers);
    t.equal(r.statusCode, 401, what);
    t.equal(r.json().resultCode, '0101003', what);
    t.match(r.json().resultDesc, message, what);
  };
  await refused('no X-APP-Key', { authorization: `Bearer ${accessToken}` }, /the X-APP-Key header is missing/);
  await refused('another X-APP-Key', { authorization: `Bearer ${accessToken}`, 'x-app-key': 'AK-2' }, /X-APP-Key 'AK-2' is not the app the token was issued to/);
  await refused('an unknown token', { authorization: `Bearer ${'0'.repeat(40)}`, 'x-app-key': 'AK-1' }, /unknown access token: get one from POST \/apigovernance\/api\/oauth\/tokenByAkSk/);
  await refused('no token', { authorization: 'Bearer', 'x-app-key': 'AK-1' }, /not Bearer <AccessToken>/);

  await h.advance(599);
  t.equal((await cms(h, { authorization: `Bearer ${accessToken}`, 'x-app-key': 'AK-1' })).statusCode, 200, 'alive until expiresIn on the simulated clock');
  await h.advance(1);
  await refused('expired', { authorization: `Bearer ${accessToken}`, 'x-app-key': 'AK-1' }, /the access token has expired/);

  const fresh = await token(h);
  t.equal((await h.app.inject({ method: 'POST', url: '/__admin/reset' })).statusCode, 200);
  t.equal((await cms(h, { authorization: `Bearer ${fresh}`, 'x-app-key': 'AK-1' })).statusCode, 200, 'a reset keeps the tokens of the same app (view state, not the world)');
  await h.advance(600);
  t.equal((await cms(h, { authorization: `Bearer ${fresh}`, 'x-app-key': 'AK-1' })).statusCode, 401, '…with a whole lifetime from the new start');
});

t.test('the token route refuses wrong keys and bad bodies in CC-CMS form', async (t) => {
  const h = await harness(scenario());
  t.teardown(() => h.app.close());
  for (const [key, secret] of [['AK-1', 'SK-2'], ['AK-2', 'SK-1']]) {
    const r = await h.app.inject(tokenRequest(key, secret));
    t.same([r.statusCode, r.json()], [401, { result: '0101003', resultCode: '0101003', resultDesc: 'Authentication failed: unknown app_key or wrong app_secret' }], `${key}/${secret}`);
  }
  const missing = await h.app.inject({ ...tokenRequest('AK-1', 'SK-1'), payload: '{"app_key":"AK-1"}' });
  t.same([missing.statusCode, missing.json().resultCode, missing.json().resultDesc], [200, '0100002', 'Invalid parameter: app_secret is required']);
  const get = await h.app.inject({ method: 'GET', url: TOKEN_URL });
  t.same([get.statusCode, get.headers.allow, get.json().resultCode], [405, 'POST', '0100001'], 'GET: 405');
  const other = await h.app.inject({ method: 'POST', url: '/apigovernance/api/oauth/other', payload: '' });
  t.same([other.statusCode, other.json().resultDesc], [404, 'No such interface: POST /apigovernance/api/oauth/other'], 'the view owns /apigovernance');
});

t.test('with --auth huawei=off the CMS routes need no token; the token route still checks its keys', async (t) => {
  const h = await harness(scenario(), { authOff: true });
  t.teardown(() => h.app.close());
  t.equal((await cms(h, {})).statusCode, 200);
  t.equal((await h.app.inject(tokenRequest('AK-1', 'nope'))).statusCode, 401);
});

t.test('tokens are bounded: past MAX_TOKENS the expired go first, then the oldest', async (t) => {
  const tokens = new AccessTokens();
  const first = tokens.issue('AK', 0, 1);
  const second = tokens.issue('AK', 0, 3600);
  for (let i = 2; i < MAX_TOKENS; i++) tokens.issue('AK', 0, 3600);
  t.equal(tokens.size, MAX_TOKENS);
  tokens.issue('AK', 2000, 3600);
  t.equal(tokens.size, MAX_TOKENS, 'still at the bound');
  t.equal(tokens.check(first, 0), 'unknown', 'the expired one went');
  t.same(tokens.check(second, 2000), { appKey: 'AK' }, 'the others stay');
  tokens.issue('AK', 2000, 3600);
  t.equal(tokens.size, MAX_TOKENS);
  t.equal(tokens.check(second, 2000), 'unknown', 'none expired: the oldest went');
});
