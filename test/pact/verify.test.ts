/**
 * `ccsim pact verify` with the real Pact verifier (its Rust core), run as a user runs it, in a child process
 * on this tree's sources (the core prints its report to the process's own stdout): the sample consumer
 * pacts of every HTTP API pass with their provider states; a pact with a wrong field type fails with the
 * verifier's own mismatch message; an unknown state fails naming the states there are; and a scripted
 * consumer session's pact, made from the journal, verifies green. Beside it, the fresh credentials it
 * supplies are checked against ccsim's own strict checks (Huawei's signature verified in full).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { Simulation } from '../../src/simulation.js';
import { loadScenarioFile } from '../../src/scenarios/load-scenario.js';
import { Credentials, KEEP_CREDENTIALS } from '../../src/pact/credentials.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const FILE = join(ROOT, 'examples/pact/scenarios.yaml');
const NODE_ARGS = ['--experimental-transform-types', '--disable-warning=ExperimentalWarning', '--import', new URL('../helpers/ts-sources.mjs', import.meta.url).href];
const SAMPLES = ['telphin-dashboard', 'agent-crud-wallboard', 'huawei-monitor', 'conpeek-reports', 'arm-operator'].map((n) => join(ROOT, 'examples/pact', `${n}.json`));

interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** `ccsim pact verify …` in a child process; its output without colours. */
function verify(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...NODE_ARGS, join(ROOT, 'src/cli.ts'), 'pact', 'verify', ...args, '--file', FILE, '--scenario', 'pact'], { cwd: ROOT, timeout: 120_000 }, (err, stdout, stderr) => {
      const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: plain(stdout), err: plain(stderr) });
    });
  });
}

t.test('the sample consumer pacts of every HTTP API verify green, their provider states set up', async (t) => {
  const r = await verify(...SAMPLES);
  t.equal(r.code, 0, r.out + r.err);
  for (const [consumer, provider] of [
    ['telphin-dashboard', 'telphin'],
    ['wallboard', 'agent-crud'],
    ['cms-monitor', 'huawei-cc-cms'],
    ['cdr-reports', 'conpeek'],
    ['operator-workstation', 'ecss-arm'],
  ])
    t.match(r.out, `Verifying a pact between ${consumer} and ${provider}`);
  for (const state of ['agent 100 is on break', 'queue support has 2 callers waiting', 'agent {id} is talking to {number}', 'agent agent-2 came back from a 5 minute break', 'no agent is logged in', 'a finished call from {number} at {time}', 'agent 101 is available']) t.match(r.out, `Given ${state}`);
  t.notMatch(r.out, /FAILED/);
  t.match(r.out, /ccsim pact verify: 15 interactions, 0 failed/);
});

t.test('a pact with a wrong field type fails with the verifier’s own mismatch message', async (t) => {
  const r = await verify(join(ROOT, 'test/pact/pacts/wrong-type.json'));
  t.equal(r.code, 1);
  t.match(r.out, "$.id -> Expected 1 (Integer) to be the same type as '1' (String)");
  t.match(r.out, /There were 1 pact failures/);
  t.match(r.out, /ccsim pact verify: 1 interaction, 1 failed/);
});

t.test('an unknown provider state fails the interaction, and the command says which states there are', async (t) => {
  const r = await verify(join(ROOT, 'test/pact/pacts/unknown-state.json'));
  t.equal(r.code, 1);
  t.match(r.out, 'One or more of the setup state change handlers has failed');
  t.match(r.err, "ccsim: the provider state 'agent 100 is on the moon' (setup) failed: no provider state 'agent 100 is on the moon'; the states are: 'agent {id} came back from a {minutes} minute break', 'the scenario's start', 'agent {id} is available'");
  t.match(r.out, /1 provider state could not be set up/);
});

t.test('usage errors name the problem', async (t) => {
  const none = await verify();
  t.equal(none.code, 2);
  t.match(none.err, /ccsim: pact verify needs at least one PACT_FILE\n\nUsage: ccsim pact verify PACT_FILE…/);
  const missing = await verify('no-such.json');
  t.equal(missing.code, 2);
  t.match(missing.err, /no pact file '.*no-such\.json'/);
});

async function pactApp(): Promise<{ app: FastifyInstance; sim: Simulation }> {
  const sim = new Simulation({ scenario: loadScenarioFile(FILE, { scenario: 'pact' }), clock: 'manual', speed: 1 });
  const app = await buildApp({ simulation: sim, scenarioFile: FILE });
  await app.ready();
  return { app, sim };
}

t.test('a round trip: a scripted consumer session, its pacts from the journal, verified green', async (t) => {
  const { app } = await pactApp();
  t.teardown(() => app.close());
  const json = { 'content-type': 'application/json' };
  const xml = { 'content-type': 'text/xml' };
  // The test's setup, through the admin plane, as a QA suite does it.
  await app.inject({ method: 'POST', url: '/__admin/agents/agent-1/status', headers: json, payload: { status: 'on_break' } });
  // The consumer: reads of every API (Telphin with a token, agent CRUD, Huawei with a tokenByAkSk token, Conpeek, ARM)…
  const token = JSON.parse((await app.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=client_credentials&client_id=ccsim&client_secret=ccsim-secret' })).body).access_token;
  const telphin = { authorization: `Bearer ${token}` };
  await app.inject({ url: '/api/ver1.0/client/@me/agent/local/1', headers: telphin });
  await app.inject({ url: '/api/ver1.0/client/@me/agent/local/?extension_id[0]=1002', headers: telphin });
  await app.inject('/api/agents/1');
  const huawei = JSON.parse((await app.inject({ method: 'POST', url: '/apigovernance/api/oauth/tokenByAkSk', headers: json, payload: { app_key: 'ccsim-ak', app_secret: 'ccsim-sk' } })).body).AccessToken;
  const cms = await app.inject({ method: 'POST', url: '/rest/cmsapp/v1/openapi/agentgroup/agentbyworkno', headers: { ...json, authorization: `Bearer ${huawei}`, 'x-app-key': 'ccsim-ak' }, payload: { queryParam: { ccId: 1, vdn: 1, agentId: 101 } } });
  t.equal(cms.statusCode, 200, cms.body);
  // …more setup (a caller, a minute and a half), and reads of what it made…
  await app.inject({ method: 'POST', url: '/__admin/calls', headers: json, payload: { queue: 'support', number: '+74957770000' } });
  await app.inject({ method: 'POST', url: '/__admin/clock/advance', headers: json, payload: { seconds: 90 } });
  await app.inject({ url: '/api/ver1.0/extension/1000/queue/status/', headers: telphin });
  await app.inject({ url: '/cdr_dialog?limit=5', headers: { authorization: 'ccsim-conpeek-key' } });
  await app.inject({ method: 'POST', url: '/ccsim.local/service/cc/arm/call_history', headers: xml, payload: '<in><request><filters limit="5"/></request></in>' });
  await app.inject({ url: '/api/call-sessions' });
  // …and, last, the consumer's own changes (a status through agent CRUD, a break through an ARM session).
  await app.inject({ method: 'PUT', url: '/api/agents/2/status', headers: json, payload: { agentStatus: 5 } });
  const login = await app.inject({ method: 'POST', url: '/ccsim.local/service/cc/arm/login', headers: xml, payload: '<in><request agent_id="102" password="pw"/></in>' });
  const cookie = String(login.headers['set-cookie']).split(';')[0];
  await app.inject({ method: 'POST', url: '/ccsim.local/service/cc/arm/auxwork', headers: { ...xml, cookie }, payload: '<in><request reason="lunch"/></in>' });

  const dir = mkdtempSync(join(tmpdir(), 'ccsim-pact-'));
  const files: string[] = [];
  let interactions = 0;
  for (const api of ['telphin', 'agent-crud', 'huawei', 'arm', 'conpeek']) {
    const r = await app.inject(`/__admin/pact?api=${api}&consumer=scripted-${api}`);
    t.equal(r.statusCode, 200);
    const pact = JSON.parse(r.body);
    t.ok(pact.interactions.length > 0, `${api}: ${pact.interactions.length} interactions`);
    interactions += pact.interactions.length;
    t.notMatch(r.body, /ccsim-secret|ccsim-sk|Bearer |arm_session=|password/, `${api}: no credentials`);
    files.push(join(dir, `${api}.json`));
    writeFileSync(files[files.length - 1], r.body);
  }
  const run = await verify(...files);
  t.equal(run.code, 0, run.out + run.err);
  t.match(run.out, /Given agent agent-1 is on break\s+And a caller from \+74957770000 calls queue support\s+And 90 seconds have passed/);
  t.match(run.out, /POST \/ccsim\.local\/service\/cc\/arm\/auxwork[^\n]*\n\s+Given agent agent-1 is on break\s+And a caller from \+74957770000 calls queue support\s+And 90 seconds have passed\s+And agent 102 has an ARM session/, 'the ARM session’s operator is a state of its own');
  t.match(run.out, new RegExp(`ccsim pact verify: ${interactions} interactions, 0 failed`));
});

t.test('the credentials it supplies pass ccsim’s own checks, signatures verified in full', async (t) => {
  const { app, sim } = await pactApp();
  t.teardown(() => app.close());
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const credentials = new Credentials(sim, base);
  const host = new URL(base).host;
  const send = async (url: string, headers: Record<string, string>, body: string, operator: string | null = null) => {
    const r = { method: 'POST', url, headers: { host, ...headers } as Record<string, string | string[] | undefined>, body: Buffer.from(body) };
    await credentials.supply(r, operator);
    const res = await fetch(`${base}${url}`, { method: 'POST', headers: r.headers as Record<string, string>, body: r.body });
    return { status: res.status, body: await res.text() };
  };
  const query = JSON.stringify({ queryParam: { ccId: 1, vdn: 1, agentId: 101 } });
  const stale = { 'content-type': 'application/json', 'x-sdk-date': '20250101T000000Z', authorization: `SDK-HMAC-SHA256 Access=ccsim-ak, SignedHeaders=content-type;host;x-sdk-date, Signature=${'0'.repeat(64)}` };
  t.equal((await send('/rest/cmsapp/v1/openapi/agentgroup/agentbyworkno', stale, query)).status, 200, 'SDK-HMAC-SHA256 over now');
  t.equal((await send('/rest/cmsapp/v1/openapi/agentgroup/agentbyworkno', { ...stale, [KEEP_CREDENTIALS]: '1' }, query)).status, 401, 'as the pact has it: stale');
  t.equal((await send('/rest/cmsapp/v1/openapi/agentgroup/agentbyworkno', { 'content-type': 'application/json', authorization: `auth-v2/ccsim-ak/2025-01-01T00:00:00Z/content-type;host/${'0'.repeat(64)}` }, query)).status, 200, 'auth-v2 over now');
  const arm = await send('/ccsim.local/service/cc/arm/auxwork', { 'content-type': 'text/xml', cookie: 'arm_session=arm-stale; theme=dark' }, '<in><request reason="lunch"/></in>', '102');
  t.equal(arm.status, 200);
  t.match(arm.body, /<agent agent_id="102"[^>]* status="auxwork"/, 'an ARM session of the operator the state named');
});
