/**
 * The Telphin API in /docs (issue 18 §4): its security schemes in /docs/json (the OAuth2 client
 * credentials flow at /oauth/token, and HTTP Basic for the token request itself), every route naming one
 * (but the storage URLs of recordings, fetched without a token),
 * and the requests Swagger UI then makes: Authorize's token request, and "Try it out" with the token it got.
 */
import t from 'tap';
import { harness } from './harness.js';

t.test('/docs/json declares the schemes and every Telphin route names one', async (t) => {
  const h = await harness('smoke');
  t.teardown(() => h.app.close());
  const spec = (await h.app.inject('/docs/json')).json();
  const schemes = spec.components.securitySchemes;
  t.same(schemes.telphinOAuth?.type, 'oauth2');
  t.same(schemes.telphinOAuth?.flows, { clientCredentials: { tokenUrl: '/oauth/token', scopes: {} } }, 'the client credentials flow, at the token route');
  t.match(schemes.telphinClient, { type: 'http', scheme: 'basic' });

  let api = 0;
  for (const [path, ops] of Object.entries(spec.paths as Record<string, Record<string, { tags?: string[]; security?: unknown }>>)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!op.tags?.includes('telphin')) continue;
      if (path === '/oauth/token') {
        t.same(op.security, [{ telphinClient: [] }, {}], 'the token route: Basic, or the fields alone');
        continue;
      }
      t.ok(path.startsWith('/api/ver1.0/'), `${path} is under /api/ver1.0`);
      if (path.startsWith('/api/ver1.0/storage/')) {
        // Telphin's storage host: a recording's storage URL is fetched without a token (its key is in the URL).
        t.same(op.security, [], `${path}: no scheme`);
        continue;
      }
      t.same(op.security, [{ telphinOAuth: [] }], `${method.toUpperCase()} ${path} names the bearer scheme`);
      api++;
    }
  }
  t.ok(api >= 40, `every API route (${api}) was checked`);
  const token = spec.paths['/oauth/token'].post;
  t.same(Object.keys(token.requestBody.content).sort(), ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'], "the token request's bodies, for Try it out");
});

t.test("Swagger UI's Authorize and Try it out work", async (t) => {
  const h = await harness('smoke');
  t.teardown(() => h.app.close());
  // swagger-ui's authorizeApplication(): the client in Basic, a form with the grant (its empty scope left out).
  const authorize = await h.app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: {
      accept: 'application/json, text/plain, */*',
      'content-type': 'application/x-www-form-urlencoded',
      'x-requested-with': 'XMLHttpRequest',
      authorization: `Basic ${Buffer.from('ccsim:ccsim-secret').toString('base64')}`,
    },
    payload: 'grant_type=client_credentials',
  });
  t.equal(authorize.statusCode, 200, authorize.body);
  const token = authorize.json();
  t.equal(token.token_type, 'Bearer');
  t.notOk('error' in token, 'nothing Swagger UI would read as a failed authorization');
  // Try it out: the token as `${token_type} ${access_token}`.
  const tryIt = await h.app.inject({ url: '/api/ver1.0/extension/1000/queue/status/', headers: { accept: 'application/json', authorization: `${token.token_type} ${token.access_token}` } });
  t.equal(tryIt.statusCode, 200, tryIt.body);
  const without = await h.app.inject({ url: '/api/ver1.0/extension/1000/queue/status/', headers: { accept: 'application/json' } });
  t.equal(without.statusCode, 401, 'and without it, 401');
});
