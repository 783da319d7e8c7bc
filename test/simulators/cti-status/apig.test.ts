/**
 * Issue 18 §3, Huawei's API Gateway signing as the Huawei client uses it: `Authorization: SDK-HMAC-SHA256
 * Access=<ak>, SignedHeaders=content-type;host;x-sdk-date, Signature=<hex>` with `X-Sdk-Date:
 * 20261203T081500Z`, signed by a reference signer (signer.ts) and by scripts/huawei-sign.mjs. The
 * signature covers the method, the path (with or without the SDK's trailing '/'), the query, the signed
 * headers and the body; the form and the access key are checked whether or not verify_signature is on.
 */
import { execFileSync } from 'node:child_process';
import t from 'tap';
import { CMS, harness, type Harness } from './harness.js';
import { apig, sdkDate, type ApigInput } from './signer.js';

const START = '2026-12-03T08:15:00Z';
const scenario = (huawei: Record<string, unknown>) =>
  JSON.stringify({ scenarios: { s: { start: START, queues: [{ id: 'q' }], agents: [{ id: 'a', queues: [{ queue: 'q' }] }], apis: { huawei: { access_key: 'AK-1', secret_key: 'SK-1', ...huawei } } } } });

const PATH = '/agentgroup/agentbyworkno';
const BODY = '{"queryParam":{"ccId":1,"vdn":1,"agentId":101}}';

interface Signed {
  path?: string;
  body?: string;
  date?: string;
  headers?: Record<string, string>;
  sign?: string[];
  sk?: string;
  ak?: string;
  noTrailingSlash?: boolean;
  contentSha256?: string;
  /** Replaces the body after signing. */
  send?: string;
}

/** A request as the Huawei client's signer sends it (its Content-Type has no space before charset). */
function request(o: Signed = {}) {
  const url = `${CMS}${o.path ?? PATH}`;
  const headers: Record<string, string> = { 'content-type': 'application/json;charset=UTF-8', host: 'brazilsaas.aicccloud.com:28443', 'x-sdk-date': o.date ?? '20261203T081500Z', ...(o.headers ?? {}) };
  const input: ApigInput = { ak: o.ak ?? 'AK-1', sk: o.sk ?? 'SK-1', method: 'POST', url, headers, sign: o.sign ?? ['content-type', 'host', 'x-sdk-date'], body: o.body ?? BODY, noTrailingSlash: o.noTrailingSlash, contentSha256: o.contentSha256 };
  headers.authorization = apig(input);
  return { method: 'POST' as const, url, headers, payload: o.send ?? o.body ?? BODY };
}

const send = (h: Harness, o: Signed = {}) => h.app.inject(request(o));

t.test('SDK-HMAC-SHA256 with verify_signature on', async (t) => {
  const h = await harness(scenario({ verify_signature: true }));
  t.teardown(() => h.app.close());

  const req = request();
  t.match(req.headers.authorization, /^SDK-HMAC-SHA256 Access=AK-1, SignedHeaders=content-type;host;x-sdk-date, Signature=[0-9a-f]{64}$/, "the issue's header form");
  const ok = await h.app.inject(req);
  t.equal(ok.statusCode, 200, `the issue's request is accepted (${ok.body})`);
  t.equal(ok.json().resultDatas.workno, 101);

  t.equal((await send(h, { sign: ['host', 'x-sdk-date'], noTrailingSlash: true, headers: { 'x-app-key': 'AK-1' } })).statusCode, 200, "the public client's form: host;x-sdk-date, no trailing '/', X-APP-Key unsigned");
  t.equal((await send(h, { path: `${PATH}/` })).statusCode, 200, "a path with a trailing '/', signed as it is");
  t.equal((await send(h, { path: `${PATH}?b=2&a=x%20y&a=1` })).statusCode, 200, 'a query string, its pairs sorted');
  t.equal((await send(h, { contentSha256: 'UNSIGNED-PAYLOAD', headers: { 'x-sdk-content-sha256': 'UNSIGNED-PAYLOAD' } })).statusCode, 200, 'X-Sdk-Content-Sha256 stands for the body hash');
  const numeric = await send(h, { body: '{"queryParam":{"ccId":"1","vdn":"1","agentId":"101"}}' });
  t.equal(numeric.json().resultDatas.workno, 101, 'numeric strings, signed');

  const refused = async (what: string, o: Signed, message: RegExp) => {
    const r = await send(h, o);
    t.equal(r.statusCode, 401, what);
    t.same(r.json(), { result: '0101003', resultCode: '0101003', resultDesc: r.json().resultDesc }, `${what}: CC-CMS's 401 body`);
    t.match(r.json().resultDesc, message, what);
  };
  await refused('the body changed after signing', { send: '{"queryParam":{"ccId":1,"vdn":1,"agentId":102}}' }, /^Authentication failed: the signature does not match$/);
  await refused('signed with another secret', { sk: 'SK-2' }, /signature does not match/);
  await refused('an unknown access key', { ak: 'AK-2' }, /unknown access key 'AK-2'/);
  const moved = request();
  moved.url = `${CMS}/agentgroup/agentrestinfo`;
  const replayed = await h.app.inject(moved);
  t.same([replayed.statusCode, replayed.json().resultDesc], [401, 'Authentication failed: the signature does not match'], 'a signature replayed on another path');
  await refused('a signed header the request lacks', { sign: ['content-type', 'host', 'x-sdk-date', 'x-project-id'] }, /the signed header 'x-project-id' is not in the request/);
  await refused('an X-Sdk-Date far from both clocks', { date: '20261203T090000Z' }, /X-Sdk-Date 20261203T090000Z is more than 900 s from both the simulated time 2026-12-03T08:15:00Z and the wall clock/);
  await refused('an X-Sdk-Date that is not a date', { date: '20261303T081500Z' }, /X-Sdk-Date '20261303T081500Z' is not a UTC time/);

  const malformed = async (authorization: string, headers: Record<string, string>, message: RegExp) => {
    const r = await h.app.inject({ ...request(), headers: { ...request().headers, ...headers, authorization } });
    t.equal(r.statusCode, 401, authorization);
    t.match(r.json().resultDesc, message, authorization);
  };
  const sig = 'a'.repeat(64);
  await malformed('SDK-HMAC-SHA256', {}, /is not SDK-HMAC-SHA256 Access=<ak>/);
  await malformed(`SDK-HMAC-SHA256 Access=AK-1, SignedHeaders=host, Signature=${sig.toUpperCase()}`, {}, /Signature is not 64 lowercase hex/);
  await malformed(`SDK-HMAC-SHA256 Access=AK-1, SignedHeaders=Host;X-Sdk-Date, Signature=${sig}`, {}, /SignedHeaders 'Host;X-Sdk-Date' are not lowercase/);
  await malformed(`SDK-HMAC-SHA256 SignedHeaders=host, Signature=${sig}`, {}, /no Access=<ak>/);
  await malformed(`SDK-HMAC-SHA256 Access=AK-1, SignedHeaders=host, Signature=${sig}`, { 'x-sdk-date': '' }, /X-Sdk-Date '' is not a UTC time/);
  const noDate = request();
  delete (noDate.headers as Record<string, string>)['x-sdk-date'];
  const r = await h.app.inject(noDate);
  t.equal(r.statusCode, 401, 'no X-Sdk-Date');
  t.match(r.json().resultDesc, /the X-Sdk-Date header is missing/);

  const broken = await h.app.inject({ ...request(), payload: '{"queryParam":' });
  t.same([broken.statusCode, broken.json().resultCode], [200, '0100002'], 'a body that is not JSON is a parameter error (the signature is checked once the body is read)');
  t.same(h.logs.filter((l) => (l.level as number) >= 50), [], 'nothing logged as an unexpected error');
});

t.test('SDK-HMAC-SHA256 with verify_signature off (the default): the form, the key and the time', async (t) => {
  const h = await harness(scenario({}));
  t.teardown(() => h.app.close());
  t.equal((await send(h, { sk: 'anything' })).statusCode, 200, 'the signature is not recomputed');
  t.equal((await send(h, { send: '{"queryParam":{"ccId":1,"vdn":1,"agentId":101},"x":1}' })).statusCode, 200, 'nor the body hashed');
  t.equal((await send(h, { ak: 'AK-2' })).statusCode, 401, 'the access key is checked');
  t.equal((await send(h, { date: '20261203T090000Z' })).statusCode, 401, 'the time is checked');
  const r = await h.app.inject({ ...request(), headers: { ...request().headers, authorization: 'SDK-HMAC-SHA256 Access=AK-1' } });
  t.equal(r.statusCode, 401, 'the form is checked');
});

t.test('scripts/huawei-sign.mjs prints headers the view accepts', async (t) => {
  const h = await harness(scenario({ verify_signature: true, access_key: 'ccsim-ak', secret_key: 'ccsim-sk' }));
  t.teardown(() => h.app.close());
  const script = new URL('../../../scripts/huawei-sign.mjs', import.meta.url).pathname;
  const run = (args: string[]) => execFileSync(process.execPath, [script, ...args], { encoding: 'utf8' });
  const url = `${CMS}${PATH}`;
  const out = run(['POST', url, BODY, '--date', '20261203T081500Z', '--host', 'cms.example:28443']);
  const headers = Object.fromEntries(
    out
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  t.same(Object.keys(headers), ['content-type', 'host', 'x-sdk-date', 'authorization'], 'the headers to send, one a line');
  t.equal(headers.authorization, apig({ ak: 'ccsim-ak', sk: 'ccsim-sk', method: 'POST', url, headers, sign: ['content-type', 'host', 'x-sdk-date'], body: BODY }), 'the reference signer agrees');
  const r = await h.app.inject({ method: 'POST', url, headers, payload: BODY });
  t.equal(r.statusCode, 200, r.body);
  t.equal(r.json().resultDatas.workno, 101);

  const now = run(['POST', url, BODY]);
  t.match(now, new RegExp(`X-Sdk-Date: ${sdkDate(Date.now()).slice(0, 11)}`), 'without --date: now, UTC');
  t.match(now, /Host: localhost:8080/, 'the default host');
  t.throws(() => execFileSync(process.execPath, [script, 'POST'], { stdio: 'pipe' }), 'a missing path is a usage error');
  t.throws(() => execFileSync(process.execPath, [script, 'POST', url, '--date', '2026-12-03'], { stdio: 'pipe' }), 'so is a date in another form');
});
