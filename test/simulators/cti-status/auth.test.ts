/**
 * Done-when 3: requests signed by the reference signer (signer.ts) are accepted; expired (outside the
 * skew, on the SIMULATION's clock), unknown-key, malformed and tampered ones get HTTP 401; `--auth
 * huawei=off` lets everything through.
 */
import t from 'tap';
import { harness, type Harness } from './harness.js';
import { authV2 } from './signer.js';

const scenario = (huawei: Record<string, unknown>) =>
  JSON.stringify({
    scenarios: {
      s: {
        queues: [{ id: 'q' }],
        agents: [{ id: 'a', queues: [{ queue: 'q' }] }],
        apis: { huawei: { access_key: 'AK-1', secret_key: 'SK-1', ...huawei } },
      },
    },
  });

const BODY = { queryParam: { ccId: 1, vdn: 1, agentId: 101 } };
const PATH = '/agentgroup/agentbyworkno';
const URL_ = `/rest/cmsapp/v1/openapi${PATH}`;

function signed(h: Harness, o: { ak?: string; sk?: string; epochMs?: number; headers?: Record<string, string>; sign?: string[] } = {}) {
  const headers = { 'content-type': 'application/json; charset=UTF-8', host: 'cms.example:28443', ...(o.headers ?? {}) };
  return { ...headers, authorization: authV2({ ak: o.ak ?? 'AK-1', sk: o.sk ?? 'SK-1', method: 'POST', url: URL_, headers, sign: o.sign ?? ['content-type', 'host'], epochMs: o.epochMs ?? h.nowMs() }) };
}

const send = (h: Harness, headers: Record<string, string>) => h.post(PATH, BODY, { unsigned: true, headers });

t.test('signature checked (verify_signature on)', async (t) => {
  const h = await harness(scenario({ verify_signature: true, max_clock_skew_seconds: 300 }));
  t.teardown(() => h.app.close());
  await h.advance(1000);

  const ok = await send(h, signed(h));
  t.equal(ok.statusCode, 200, 'a correctly signed request is accepted');
  t.equal(ok.json().resultDatas.workno, 101);
  t.equal((await send(h, signed(h, { epochMs: h.nowMs() - 299_000 }))).statusCode, 200, 'within the skew (behind)');
  t.equal((await send(h, signed(h, { epochMs: h.nowMs() + 299_000 }))).statusCode, 200, 'within the skew (ahead)');

  const expired = await send(h, signed(h, { epochMs: h.nowMs() - 301_000 }));
  t.equal(expired.statusCode, 401, 'expired');
  t.equal(expired.json().resultCode, '0101003');
  t.match(expired.json().resultDesc, /timestamp .* more than 300 s/);
  t.equal((await send(h, signed(h, { epochMs: h.nowMs() + 301_000 }))).statusCode, 401, 'from the future');

  const unknown = await send(h, signed(h, { ak: 'AK-2', sk: 'SK-1' }));
  t.equal(unknown.statusCode, 401, 'unknown access key');
  t.match(unknown.json().resultDesc, /unknown access key 'AK-2'/);

  t.equal((await send(h, signed(h, { sk: 'SK-wrong' }))).statusCode, 401, 'signed with another secret');
  const good = signed(h);
  const tamperedHost = await send(h, { ...good, host: 'evil.example' });
  t.equal(tamperedHost.statusCode, 401, 'a signed header changed after signing');
  t.match(tamperedHost.json().resultDesc, /signature does not match/);
  const sig = good.authorization.slice(-64);
  const flipped = good.authorization.slice(0, -64) + (sig[0] === 'a' ? 'b' : 'a') + sig.slice(1);
  t.equal((await send(h, { ...good, authorization: flipped })).statusCode, 401, 'a changed signature');
  const otherPath = await h.post('/agentgroup/agentrestinfo', { queryParam: { ccId: 1, vdn: 1 } }, { unsigned: true, headers: good });
  t.equal(otherPath.statusCode, 401, 'a signature replayed on another path');
  t.equal((await send(h, signed(h, { sign: ['host', 'x-ccsim-missing'] }))).statusCode, 401, 'a signed header absent from the request');

  for (const bad of ['', 'Bearer abc', 'auth-v2/AK-1/2026-11-20T09:16:40Z/host', 'auth-v2/AK-1/yesterday/host/' + 'a'.repeat(64), 'auth-v2/AK-1/2026-11-20T09:16:40Z/Host/' + 'a'.repeat(64)]) {
    const r = await send(h, bad ? { authorization: bad } : {});
    t.equal(r.statusCode, 401, `malformed: '${bad}'`);
  }
  t.equal((await h.post(PATH, BODY, { unsigned: true })).statusCode, 401, 'no Authorization header');

  // A query the door cannot read is the request's problem before any credential is looked at.
  const wellFormed = { ...good, authorization: `auth-v2/AK-1/${new Date(h.nowMs()).toISOString()}/content-type;host/${'a'.repeat(64)}` };
  for (const query of ['?x=%', '?x=%E0%A4%A', '?%ZZ=1']) {
    const r = await h.post(PATH + query, BODY, { unsigned: true, headers: wellFormed });
    t.equal(r.statusCode, 200, `malformed query ${query}: a parameter error`);
    t.same(r.json(), { result: '0100002', resultCode: '0100002', resultDesc: r.json().resultDesc });
    t.match(r.json().resultDesc, /^Invalid parameter: the query string has a malformed percent-escape/);
  }
  t.same(h.logs.filter((l) => (l.level as number) >= 50), [], 'nothing logged as an unexpected error');
});

t.test('a malformed percent-escape in the path gets the CC-CMS error body', async (t) => {
  const h = await harness(scenario({ verify_signature: true }));
  t.teardown(() => h.app.close());
  const authorization = `auth-v2/AK-1/${new Date(h.nowMs()).toISOString()}/host/${'a'.repeat(64)}`;
  const r = await h.post(`${PATH}%ZZ`, BODY, { unsigned: true, headers: { authorization } });
  t.equal(r.statusCode, 400);
  t.same(r.json(), { result: '0100001', resultCode: '0100001', resultDesc: `Bad request: the path has a malformed percent-escape ('${URL_}%ZZ')` });
});

t.test('format, key and time only (the default)', async (t) => {
  const h = await harness(scenario({}));
  t.teardown(() => h.app.close());
  t.equal((await send(h, signed(h, { sk: 'anything' }))).statusCode, 200, 'the signature is not recomputed');
  t.equal((await send(h, signed(h, { ak: 'AK-2' }))).statusCode, 401, 'the key still is checked');
  t.equal((await send(h, signed(h, { epochMs: h.nowMs() - 901_000 }))).statusCode, 401, 'the default skew is 900 s');
  t.equal((await send(h, signed(h, { epochMs: Date.UTC(2020, 0, 1) }))).statusCode, 401, "a timestamp far from both the simulated and the wall clock");
});

t.test('max_clock_skew_seconds: null does not check the time', async (t) => {
  const h = await harness(scenario({ max_clock_skew_seconds: null }));
  t.teardown(() => h.app.close());
  t.equal((await send(h, signed(h, { epochMs: Date.UTC(2020, 0, 1) }))).statusCode, 200);
});

t.test('--auth huawei=off', async (t) => {
  const h = await harness(scenario({ verify_signature: true }), { authOff: true });
  t.teardown(() => h.app.close());
  const r = await h.post(PATH, BODY, { unsigned: true });
  t.equal(r.statusCode, 200);
  t.equal(r.json().resultDatas.workno, 101);
});

t.test('bad settings are logged and defaulted', async (t) => {
  const h = await harness(scenario({ vdn: 9000, verify_signature: 'yes', colour: 'red' }));
  t.teardown(() => h.app.close());
  const msgs = h.logs.map((l) => String(l.msg));
  t.ok(msgs.some((m) => /apis\.huawei\.vdn is not valid/.test(m)));
  t.ok(msgs.some((m) => /apis\.huawei\.verify_signature is not valid/.test(m)));
  t.ok(msgs.some((m) => /apis\.huawei\.colour is not a setting/.test(m)));
  t.equal((await send(h, signed(h, { sk: 'wrong' }))).statusCode, 200, 'verify_signature fell back to off');
  t.equal((await h.post(PATH, BODY, { headers: signed(h), unsigned: true })).json().resultDatas.vdnid, 1, 'vdn fell back to 1');
});
