/**
 * Issue 18 §4 for Huawei: /docs/json declares the view's three ways in (auth-v2, SDK-HMAC-SHA256 with
 * X-Sdk-Date, Bearer with X-APP-Key) as security schemes, every CC-CMS route names them and documents its
 * body (so Swagger UI's "Try it out" has one to edit), the token route needs none; and a request carrying
 * exactly what Swagger UI sends for each scheme (its headers, its JSON body, no Host or other signed
 * extras) is answered.
 */
import t from 'tap';
import { CMS_PATHS, CMS_PREFIX, TOKEN_PATH } from '../../../src/simulators/cti-status/paths.js';
import { harness } from './harness.js';
import { SCENARIO } from './story.js';

const SCHEMES = {
  huaweiAuthV2: { type: 'apiKey', in: 'header', name: 'Authorization' },
  huaweiApig: { type: 'apiKey', in: 'header', name: 'Authorization' },
  huaweiSdkDate: { type: 'apiKey', in: 'header', name: 'X-Sdk-Date' },
  huaweiBearer: { type: 'http', scheme: 'bearer' },
  huaweiAppKey: { type: 'apiKey', in: 'header', name: 'X-APP-Key' },
};

t.test('/docs/json: the security schemes, and every route naming them', async (t) => {
  const h = await harness(SCENARIO);
  t.teardown(() => h.app.close());
  const spec = (await h.app.inject('/docs/json')).json();
  for (const [name, scheme] of Object.entries(SCHEMES)) t.match(spec.components.securitySchemes[name], { ...scheme, description: /\w/ }, `scheme ${name}`);
  const ours = Object.keys(spec.paths).filter((p) => p.startsWith('/rest/') || p.startsWith('/apigovernance'));
  t.same(ours.sort(), [...CMS_PATHS, TOKEN_PATH].sort(), 'every route of the view is documented');
  for (const path of ours) {
    const op = spec.paths[path].post;
    const expected = path === TOKEN_PATH ? [] : [{ huaweiAuthV2: [] }, { huaweiApig: [], huaweiSdkDate: [] }, { huaweiBearer: [], huaweiAppKey: [] }];
    t.same(op.security, expected, `${path}: security`);
    for (const requirement of op.security as Record<string, string[]>[]) for (const name of Object.keys(requirement)) t.ok(spec.components.securitySchemes[name], `${path}: ${name} is declared`);
    const ref = op.requestBody?.content?.['application/json']?.schema?.$ref as string | undefined;
    t.ok(ref && spec.components.schemas[ref.replace('#/components/schemas/', '')], `${path}: its body is documented (${ref})`);
  }
});

t.test('what Swagger UI sends with each scheme is answered', async (t) => {
  const h = await harness(SCENARIO);
  t.teardown(() => h.app.close());
  const url = `${CMS_PREFIX}/agentgroup/agentbyworkno`;
  // Swagger UI's "Try it out": the JSON body it was given, Content-Type application/json, Accept, and the authorized headers.
  const tryItOut = (headers: Record<string, string>, payload = '{"queryParam":{"ccId":1,"vdn":1,"agentId":101}}') =>
    h.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', accept: 'application/json', ...headers }, payload });

  const token = await h.app.inject({ method: 'POST', url: TOKEN_PATH, headers: { 'content-type': 'application/json', accept: 'application/json' }, payload: '{"app_key":"ccsim-ak","app_secret":"ccsim-sk"}' });
  t.equal(token.statusCode, 200, 'the token route, tried out with no credentials');
  const bearer = await tryItOut({ authorization: `Bearer ${token.json().AccessToken}`, 'x-app-key': 'ccsim-ak' });
  t.same([bearer.statusCode, bearer.json().resultDatas?.workno], [200, 101], 'huaweiBearer + huaweiAppKey');

  // A pasted header: the form, key and time are checked (verify_signature is off by default).
  const stamp = new Date(h.nowMs()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const v2 = await tryItOut({ authorization: `auth-v2/ccsim-ak/${stamp}/content-type/${'0'.repeat(64)}` });
  t.same([v2.statusCode, v2.json().resultDatas?.workno], [200, 101], 'huaweiAuthV2');
  const sdk = await tryItOut({ authorization: `SDK-HMAC-SHA256 Access=ccsim-ak, SignedHeaders=content-type;x-sdk-date, Signature=${'0'.repeat(64)}`, 'x-sdk-date': '20261120T090000Z' });
  t.same([sdk.statusCode, sdk.json().resultDatas?.workno], [200, 101], 'huaweiApig + huaweiSdkDate');
  const none = await tryItOut({});
  t.equal(none.statusCode, 401, 'and without Authorize, a 401');
});
