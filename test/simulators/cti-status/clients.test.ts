/**
 * Issue 18 §3, requests as the Huawei client sends them: integers as numeric strings
 * (`{"queryParam":{"ccId":"1","vdn":"1","skillId":"1"}}`, its production Postman collection), the newer
 * skill/agentbyconfigedskill's body wrapped as the PDF's example wraps it, and timestamps signed with
 * the client's own clock: accepted within the window of the simulated clock or of the wall clock.
 */
import t from 'tap';
import { buildApp } from '../../../src/app.js';
import { Simulation } from '../../../src/simulation.js';
import { SCENARIO_FILE } from '../../helpers/app.js';
import { resolveScenario } from '../../helpers/view-app.js';
import { CMS, harness } from './harness.js';
import { apig, authV2, sdkDate } from './signer.js';
import { SCENARIO } from './story.js';

t.test('integers as numeric strings, as the Postman collection sends them', async (t) => {
  const h = await harness(SCENARIO);
  t.teardown(() => h.app.close());
  await h.runUntil(112);
  const body = '{"queryParam":{"ccId":"1","vdn":"1","skillId":"1"}}';
  const asNumbers = (await h.post('/agentgroup/agentbyconfigedskill', { queryParam: { ccId: 1, vdn: 1, skillId: 1 } })).json();
  t.equal(asNumbers.resultDatas.length, 3, 'the skill has its three agents');
  const old = await h.post('/agentgroup/agentbyconfigedskill', body);
  t.equal(old.statusCode, 200);
  t.same(old.json(), asNumbers, 'agentgroup/agentbyconfigedskill: the same answer as with numbers');

  const v2Numbers = (await h.post('/skill/agentbyconfigedskill', { ccId: 1, vdn: 1, skillId: 1 })).json();
  t.ok(v2Numbers.resultDatas.length > 0);
  t.same((await h.post('/skill/agentbyconfigedskill', body)).json(), v2Numbers, 'skill/agentbyconfigedskill, wrapped as the PDF\'s example');
  t.same((await h.post('/skill/agentbyconfigedskill', { ccId: '1', vdn: '1', skillId: '1' })).json(), v2Numbers, '…and flat, with strings');
  t.same((await h.post('/skill/agentbyconfigedskill', { queryParam: { ccId: 1, vdn: 1, skillId: 1 } })).json(), v2Numbers, '…and wrapped, with numbers');

  t.equal((await h.post('/agentgroup/agentbyworkno', '{"queryParam":{"ccId":"1","vdn":"1","agentId":"101"}}')).json().resultDatas.workno, 101, 'agentbyworkno');
  t.same((await h.post('/agentgroup/agentrestinfo', '{"queryParam":{"ccId":"1","vdn":"1"}}')).json().result, '0', 'agentrestinfo');
  t.same((await h.post('/querymonitor/systemstate', '{"queryParam":{"ccId":"1","vdn":"1"}}')).json(), (await h.query('/querymonitor/systemstate')), 'systemstate');
  t.same((await h.post('/agentgroup/agentbyconfigedskill', '{"queryParam":{"ccId":"2","vdn":"1","skillId":"1"}}')).json(), { result: '0', resultDatas: [] }, 'a string naming another call center is read as that number');

  for (const [value, message] of [['one', /queryParam\.ccId must be integer/], ['1.0', /queryParam\.ccId must be integer/], ['0x1', /queryParam\.ccId must be integer/], ['0', /queryParam\.ccId must be >= 1/]] as const) {
    const r = await h.post('/agentgroup/agentbyconfigedskill', { queryParam: { ccId: value, vdn: 1, skillId: 1 } });
    t.same([r.statusCode, r.json().resultCode], [200, '0100002'], `"${value}" is still a parameter error`);
    t.match(r.json().resultDesc, message);
  }
});

const FAR = JSON.stringify({ scenarios: { s: { start: '2020-01-01T00:00:00Z', queues: [{ id: 'q' }], agents: [{ id: 'a', queues: [{ queue: 'q' }] }], apis: { huawei: { max_clock_skew_seconds: 300 } } } } });
const PATH = `${CMS}/agentgroup/agentbyworkno`;
const BODY = '{"queryParam":{"ccId":1,"vdn":1,"agentId":101}}';

function signedAt(epochMs: number, scheme: 'auth-v2' | 'apig') {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8', host: 'cms.example:28443' };
  if (scheme === 'auth-v2') headers.authorization = authV2({ ak: 'ccsim-ak', sk: 'ccsim-sk', method: 'POST', url: PATH, headers, sign: ['content-type', 'host'], epochMs });
  else {
    headers['x-sdk-date'] = sdkDate(epochMs);
    headers.authorization = apig({ ak: 'ccsim-ak', sk: 'ccsim-sk', method: 'POST', url: PATH, headers, sign: ['content-type', 'host', 'x-sdk-date'], body: BODY });
  }
  return { method: 'POST' as const, url: PATH, headers, payload: BODY };
}

t.test('a timestamp of the client\'s own clock: within the window of the simulated or the wall clock', async (t) => {
  const h = await harness(FAR);
  t.teardown(() => h.app.close());
  await h.advance(60);
  for (const scheme of ['auth-v2', 'apig'] as const) {
    t.equal((await h.app.inject(signedAt(Date.now(), scheme))).statusCode, 200, `${scheme}: the wall clock's now (as from date -u), the simulation years away`);
    t.equal((await h.app.inject(signedAt(Date.now() - 290_000, scheme))).statusCode, 200, `${scheme}: within the skew of the wall clock`);
    t.equal((await h.app.inject(signedAt(h.nowMs() + 290_000, scheme))).statusCode, 200, `${scheme}: within the skew of the simulated clock`);
    const far = await h.app.inject(signedAt(Date.now() - 3_600_000, scheme));
    t.equal(far.statusCode, 401, `${scheme}: far from both`);
    t.match(far.json().resultDesc, /is more than 300 s from both the simulated time 2020-01-01T00:01:00Z and the wall clock/);
    t.equal((await h.app.inject(signedAt(h.nowMs() - 310_000, scheme))).statusCode, 401, `${scheme}: outside the simulated window too`);
  }
});

t.test('in real-time mode, a timestamp from the wall clock is accepted (the scenario starts elsewhere)', async (t) => {
  const sim = new Simulation({ scenario: resolveScenario(FAR, true), clock: 'realtime', speed: 1 });
  const app = await buildApp({ simulation: sim, scenarioFile: SCENARIO_FILE, logger: false });
  t.teardown(() => app.close());
  const stamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8', host: 'cms.example:28443' };
  headers.authorization = authV2({ ak: 'ccsim-ak', sk: 'ccsim-sk', method: 'POST', url: PATH, headers, sign: ['content-type', 'host'], epochMs: Date.parse(stamp) });
  const r = await app.inject({ method: 'POST', url: PATH, headers, payload: BODY });
  t.equal(r.statusCode, 200, r.body);
  t.equal(r.json().resultDatas.workno, 101);
});

t.test("the wall clock is the simulation's: a replay that holds it at the recorded time is signed against that", async (t) => {
  const sim = new Simulation({ scenario: resolveScenario(FAR, true), clock: 'manual', speed: 1, replaying: true });
  const app = await buildApp({ simulation: sim, scenarioFile: SCENARIO_FILE, logger: false });
  t.teardown(() => app.close());
  const recordedWall = Date.now() - 86_400_000;
  t.equal((await app.inject(signedAt(recordedWall, 'apig'))).statusCode, 401, 'a day-old timestamp, against the real wall clock');
  const release = sim.holdWall(recordedWall);
  t.equal((await app.inject(signedAt(recordedWall, 'apig'))).statusCode, 200, 'the same request while the replay holds the wall clock at the time it was recorded');
  release();
  t.equal((await app.inject(signedAt(recordedWall, 'apig'))).statusCode, 401, 'and refused again once it is let go');
  t.equal(Date.now() - recordedWall > 86_000_000, true, "the process's own clock was never changed");
});
