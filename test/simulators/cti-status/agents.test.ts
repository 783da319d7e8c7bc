/**
 * Issue 19 §2, the agent interfaces, over the scripted story (story.ts): realindex/agent/agentsinskill
 * (4.1.2.1), agentgroup/agentstatusinfobyagentids (4.1.3.2), vdn/queryAgentByStatus (4.1.3.13),
 * vdn/totalagentstate (4.1.1.16) and skill/agentbyconfigedskill (4.1.2.10). Every answer is held to the
 * PDF's tables (pdf-shapes.ts), and its values to the event log: who is signed in, each CTI state, the
 * state before it and how long that lasted, sign-in times, who released calls.
 */
import t, { type Test } from 'tap';
import { harness, type Harness } from './harness.js';
import { at, eventLog } from './log.js';
import { AGENT_BY_STATUS, AGENT_STATE, AGENT_STATUS_INFO, AGENTS_BY_STATUS, FAILURE, NEWER, SKILL_AGENT_IDS, SKILL_AGENT_V2, shapeProblems } from './pdf-shapes.js';
import { SCENARIO } from './story.js';

const NOT_SIGNED_IN = 4294967295000;
const NONE = 4294967295;

async function agentsInSkill(t: Test, h: Harness, skillIds: unknown) {
  const body = await h.query('/realindex/agent/agentsinskill', { skillIds });
  t.same(shapeProblems(NEWER('array'), body), [], 'agentsinskill: the envelope of 4.1.2.1 Table 3');
  for (const x of body.resultDesc as unknown[]) t.same(shapeProblems(SKILL_AGENT_IDS, x), [], 'agentsinskill: Table 4');
  t.same(body.resultDatas, body.resultDesc, 'resultDatas and resultDesc carry the same list');
  return body.resultDesc as { skillId: number; agentIds: number[] }[];
}

t.test('realindex/agent/agentsinskill: the signed-in agents of each skill', async (t) => {
  const h = await harness(SCENARIO);
  t.teardown(() => h.app.close());
  // The Postman collection's body: every value a string, the array too.
  const postman = await h.post('/realindex/agent/agentsinskill', '{"queryParam":{"vdn":"1","ccId":"1","skillIds":"[1]"}}');
  t.same(postman.json().resultDesc, [{ skillId: 1, agentIds: [101, 102] }], 't=0: Carol (103) is not signed in yet');
  t.same(await agentsInSkill(t, h, [1, 7, 3]), [
    { skillId: 1, agentIds: [101, 102] },
    { skillId: 7, agentIds: [20011] },
    { skillId: 3, agentIds: [] },
  ], 'one entry per skill asked for, an unknown skill with no agents (as skill 2 of the PDF\'s example)');
  await h.runUntil(90);
  const log = await eventLog(h);
  t.equal(at(log, 'agent.status', 'a3', { status: 'available' }), 80);
  t.same(await agentsInSkill(t, h, [7, 1, 7]), [
    { skillId: 7, agentIds: [103, 20011] },
    { skillId: 1, agentIds: [101, 102, 103] },
  ], 'Carol signed in at 80 s; Dan on a break is signed in; a skill asked twice is answered once');
  await h.runUntil(510);
  t.same(await agentsInSkill(t, h, [1]), [{ skillId: 1, agentIds: [101, 103] }], 'Bob signed out at 500 s');
  t.same((await h.post('/realindex/agent/agentsinskill', { ccId: 1, vdn: 2, skillIds: [1] })).json().resultDesc, [{ skillId: 1, agentIds: [] }], 'another VDN: no agents');

  for (const [body, message] of [
    [{ ccId: 1, vdn: 1 }, /^Invalid parameter: skillIds is required/],
    [{ ccId: 1, vdn: 1, skillIds: [10001] }, /skillIds\[0\] must be <= 10000/],
    [{ ccId: 1, vdn: 1, skillIds: 'one' }, /skillIds must be array/],
    [{ queryParam: { ccId: 1, vdn: 1, skillIds: [1, 'x'] } }, /queryParam\.skillIds\[1\] must be integer/],
    [{ ccId: 1, vdn: 1, skillIds: Array.from({ length: 1001 }, (_, i) => i + 1) }, /skillIds must NOT have more than 1000 items/],
  ] as const) {
    const r = await h.post('/realindex/agent/agentsinskill', body);
    t.same([r.statusCode, r.json().resultCode], [200, '0100002'], JSON.stringify(body).slice(0, 60));
    t.same(shapeProblems(FAILURE, r.json(), ['result']), [], 'the failure of section 5.2');
    t.match(r.json().resultDesc, message);
  }
});

t.test('agentgroup/agentstatusinfobyagentids: CTI state, the state before it, sign-in, releases', async (t) => {
  const h = await harness(SCENARIO);
  t.teardown(() => h.app.close());
  const start = h.sim.scenario.startMs;
  const info = async (...agentIds: number[]) => {
    const body = await h.query('/agentgroup/agentstatusinfobyagentids', { agentIds });
    t.same(shapeProblems(NEWER('array'), body), [], '4.1.3.2 Table 3');
    for (const x of body.resultDesc as unknown[]) t.same(shapeProblems(AGENT_STATUS_INFO, x), [], '4.1.3.2 Table 4');
    t.same(body.resultDatas, body.resultDesc);
    return Object.fromEntries((body.resultDesc as Record<string, number>[]).map((a) => [a.agentId, a])) as Record<number, Record<string, number>>;
  };

  let a = await info(101, 103, 104, 70000, 20011);
  t.same(Object.keys(a).map(Number), [101, 103, 20011], 'unknown ids (one with no agent, one of the 70000 range) are left out');
  t.same(a[103], { agentId: 103, locationId: 65535, currentStateReason: 65535, prevState: 0, prevStateTime: NONE, currentState: 0, currentStateTime: 0, logonTime: NOT_SIGNED_IN, agentRelease: 0, currentPrivateCallNum: 0 }, 'Carol, not signed in, as the PDF\'s example shows such an agent');
  t.same([a[101].currentState, a[101].prevState, a[101].prevStateTime, a[101].logonTime], [1, 0, NONE, start], 'Alice idle, signed in from the start, no previous state seen');

  await h.runUntil(102);
  let log = await eventLog(h);
  const offered = at(log, 'agent.state', 'a1', { state: 'receiving' });
  a = await info(101, 103, 20011);
  t.same([a[101].currentState, a[101].prevState, a[101].prevStateTime, a[101].currentStateTime], [4, 1, offered, 102 - offered], 'Alice answering (CTI 4); before it idle (1) from the start');
  const signIn = at(log, 'agent.status', 'a3', { status: 'available' });
  t.same([a[103].currentState, a[103].prevState, a[103].prevStateTime, a[103].logonTime], [1, 0, signIn, start + signIn * 1000], 'Carol idle since she signed in; before it not signed in');
  const pause = at(log, 'agent.status', 'b1', { status: 'on_break' });
  t.same([a[20011].currentState, a[20011].prevState, a[20011].prevStateTime, a[20011].currentStateTime], [7, 1, pause, 102 - pause], 'Dan busy (7, on a break); before it idle');

  await h.runUntil(130);
  log = await eventLog(h);
  const answered = at(log, 'call.answered', 'a1');
  a = await info(101);
  t.same([a[101].currentState, a[101].prevState, a[101].prevStateTime], [5, 4, answered - offered], 'talking; before it answering, for as long as it rang');

  await h.runUntil(200);
  log = await eventLog(h);
  const released = (agent: string) => log.filter((e) => e.type === 'call.ended' && e.agent === agent && e.by === 'agent').length;
  a = await info(101, 102, 103);
  t.ok(released('a1') > 0 && released('a2') > 0, 'the story has calls the agents released');
  t.same([a[101].agentRelease, a[102].agentRelease, a[103].agentRelease], [released('a1'), released('a2'), released('a3')], 'agentRelease: the calls each agent released (call.ended by agent)');
  const wrapEnd = at(log, 'agent.wrap_up_ended', 'a1');
  const ended = at(log, 'call.ended', 'a1');
  t.same([a[101].currentState, a[101].prevState, a[101].prevStateTime], [1, 6, wrapEnd - ended], 'idle after the wrap-up; before it working (6), for the wrap-up');

  await h.runUntil(510);
  log = await eventLog(h);
  a = await info(102);
  const out = at(log, 'agent.status', 'a2', { status: 'logged_out' });
  t.same([a[102].currentState, a[102].prevState, a[102].logonTime, a[102].currentStateTime], [0, 1, NOT_SIGNED_IN, 510 - out], 'Bob signed out (0) from idle (1)');

  for (const [body, message] of [
    [{ ccId: 1, vdn: 1, agentIds: [65000] }, /^Invalid parameter: agentIds\[0\] must be 101–59999 or 70000–999999/],
    [{ ccId: 1, vdn: 1, agentIds: [100] }, /agentIds\[0\] must be >= 101/],
    [{ ccId: 1, vdn: 1, agentIds: [1000000] }, /agentIds\[0\] must be <= 999999/],
    [{ ccId: 1, vdn: 1, agentIds: Array(6001).fill(101) }, /agentIds must NOT have more than 6000 items/],
    [{ ccId: 1, vdn: 1 }, /agentIds is required/],
  ] as const) {
    const r = await h.post('/agentgroup/agentstatusinfobyagentids', body);
    t.same([r.statusCode, r.json().resultCode], [200, '0100002'], JSON.stringify(body).slice(0, 60));
    t.match(r.json().resultDesc, message);
  }
  t.same((await h.post('/agentgroup/agentstatusinfobyagentids', { ccId: '1', vdn: '1', agentIds: ['101', 102] })).json().resultDesc.map((x: { agentId: number }) => x.agentId), [101, 102], 'numeric strings, flat as the example');
});

t.test('agentRelease counts from the last sign-in', async (t) => {
  const sc = JSON.parse(SCENARIO);
  sc.scenarios.story.timeline.push({ at: 600, agent: 'a2', status: 'available' });
  const h = await harness(JSON.stringify(sc));
  t.teardown(() => h.app.close());
  await h.runUntil(590);
  const before = (await h.query('/agentgroup/agentstatusinfobyagentids', { agentIds: [102] })).resultDesc as { agentRelease: number }[];
  t.ok(before[0].agentRelease > 0, 'Bob released calls before signing out');
  await h.runUntil(610);
  const after = (await h.query('/agentgroup/agentstatusinfobyagentids', { agentIds: [102] })).resultDesc as { agentRelease: number; prevState: number }[];
  t.same([after[0].agentRelease, after[0].prevState], [0, 0], 'signed in again: no releases yet; before it not signed in');
});

t.test('vdn/queryAgentByStatus: agents by CTI state, a page at a time, in its own envelope', async (t) => {
  const h = await harness(SCENARIO);
  t.teardown(() => h.app.close());
  // The PDF's example request, strings and all.
  const example = await h.post('/vdn/queryAgentByStatus', '{"ccId": "1","vdn": "1","status": "0","limit": 10,"offset": 0}');
  t.same(shapeProblems(AGENTS_BY_STATUS, example.json()), [], '4.1.3.13 Table 3');
  t.same(example.json(), { returnCode: '0', data: [{ agentId: 103, locationId: 65535, currentState: 0, currentStateTime: 0 }], description: 'success' }, 'Carol, the one agent not signed in');
  await h.runUntil(102);
  const log = await eventLog(h);
  const page = async (body: Record<string, unknown>) => {
    const r = await h.query('/vdn/queryAgentByStatus', body);
    for (const x of r.data as unknown[]) t.same(shapeProblems(AGENT_BY_STATUS, x), [], '4.1.3.13 Table 4');
    return r.data as { agentId: number; currentState: number; currentStateTime: number }[];
  };
  const all = await page({ offset: 0, limit: 1000 });
  t.same(all.map((a) => [a.agentId, a.currentState]), [[101, 4], [102, 1], [103, 1], [20011, 7]], 'every agent, by workno');
  t.same(all.map((a) => a.currentStateTime), [102 - at(log, 'agent.state', 'a1', { state: 'receiving' }), 102, 102 - 80, 102 - at(log, 'agent.status', 'b1', { status: 'on_break' })]);
  t.same((await page({ offset: 0, limit: 2 })).map((a) => a.agentId), [101, 102], 'page 1 of 2');
  t.same((await page({ offset: 2, limit: 2 })).map((a) => a.agentId), [103, 20011], 'page 2: offset = limit × (page − 1)');
  t.same(await page({ offset: 4, limit: 2 }), [], 'past the end');
  t.same((await page({ status: 1, offset: 0, limit: 10 })).map((a) => a.agentId), [102, 103], 'status 1: the idle ones');
  t.same((await page({ status: '7', offset: 0, limit: 10 })).map((a) => a.agentId), [20011], 'status "7": busy');
  t.same((await h.post('/vdn/queryAgentByStatus', { ccId: 1, vdn: 2, offset: 0, limit: 10 })).json().data, [], 'another VDN: none');

  for (const [body, message] of [
    [{ ccId: 1, vdn: 1, limit: 10 }, /offset is required/],
    [{ ccId: 1, vdn: 1, offset: 0, limit: 0 }, /limit must be >= 1/],
    [{ ccId: 1, vdn: 1, offset: 0, limit: 1001 }, /limit must be <= 1000/],
    [{ ccId: 1, vdn: 1, offset: -1, limit: 10 }, /offset must be >= 0/],
    [{ ccId: 1, vdn: 1, status: 11, offset: 0, limit: 10 }, /status must be <= 10/],
  ] as const) {
    const r = await h.post('/vdn/queryAgentByStatus', body);
    const b = r.json();
    t.same([r.statusCode, b.resultCode, b.returnCode], [200, '0100002', '0100002'], `${JSON.stringify(body)}: a parameter error, with this interface's returnCode too`);
    t.equal(b.description, b.resultDesc);
    t.match(b.resultDesc, message);
  }
  const unsigned = await h.post('/vdn/queryAgentByStatus', { ccId: 1, vdn: 1, offset: 0, limit: 10 }, { unsigned: true });
  t.same([unsigned.statusCode, unsigned.json().returnCode], [401, '0101003'], 'an authentication failure too');
});

t.test('vdn/totalagentstate: every agent of the VDN with its CTI state', async (t) => {
  const h = await harness(SCENARIO);
  t.teardown(() => h.app.close());
  const body = await h.query('/vdn/totalagentstate');
  t.same(shapeProblems(NEWER('array'), body), [], '4.1.1.16 Table 3');
  for (const x of body.resultDesc as unknown[]) t.same(shapeProblems(AGENT_STATE, x), [], '4.1.1.16 Table 4');
  t.same(body.resultDesc, [{ agentId: 101, state: 1 }, { agentId: 102, state: 1 }, { agentId: 103, state: 0 }, { agentId: 20011, state: 1 }], 't=0: signed out is 0');
  t.same(body.resultDatas, body.resultDesc);
  await h.runUntil(130);
  t.same((await h.query('/vdn/totalagentstate')).resultDesc, [{ agentId: 101, state: 5 }, { agentId: 102, state: 5 }, { agentId: 103, state: 5 }, { agentId: 20011, state: 7 }], 't=130: three talking, Dan on a break');
  t.same((await h.post('/vdn/totalagentstate', { queryParam: { ccId: 1, vdn: 1 } })).json().resultDesc.length, 4, 'wrapped in queryParam too');
  t.same((await h.post('/vdn/totalagentstate', { ccId: 2, vdn: 1 })).json().resultDesc, [], 'another call center: none');
});

t.test('skill/agentbyconfigedskill: the list in resultDesc too, skill ids to 10000', async (t) => {
  const sc = JSON.parse(SCENARIO);
  sc.scenarios.story.apis.huawei.skill_ids = { support: 9000 };
  const h = await harness(JSON.stringify(sc));
  t.teardown(() => h.app.close());
  await h.runUntil(90);
  const body = await h.query('/skill/agentbyconfigedskill', { skillId: 9000 });
  t.same(shapeProblems(NEWER('array'), body), [], '4.1.2.10 Table 3: resultDesc is an Array');
  for (const x of body.resultDesc as unknown[]) t.same(shapeProblems(SKILL_AGENT_V2, x), [], '4.1.2.10 Table 4');
  t.same(body.resultDesc, body.resultDatas, 'the same list in both');
  t.same((body.resultDesc as { workNo: number }[]).map((a) => a.workNo), [103, 20011], 'skill 9000 (apis.huawei.skill_ids) is support');
  t.same((await h.query('/skill/agentbyconfigedskill', { skillId: 10000 })).resultDesc, [], '10000 is in range');
  const over = await h.post('/skill/agentbyconfigedskill', { ccId: 1, vdn: 1, skillId: 10001 });
  t.match(over.json(), { resultCode: '0100002', resultDesc: /skillId must be <= 10000/ });
  const old = await h.post('/agentgroup/agentbyconfigedskill', { queryParam: { ccId: 1, vdn: 1, skillId: 9000 } });
  t.match(old.json(), { resultCode: '0100002', resultDesc: /queryParam\.skillId must be <= 2000/ }, 'the older interface (5.13.5) takes 1–2000');
});

t.test('agentstatusinfobyagentids: currentStateReason is the rest reason while resting', async (t) => {
  const h = await harness(SCENARIO);
  t.teardown(() => h.app.close());
  await h.runUntil(20);
  for (const [agent, reason] of [['a1', '12'], ['a2', 'lunch']] as const) {
    const r = await h.app.inject({ method: 'POST', url: `/__admin/agents/${agent}/rest`, payload: { seconds: 300, reason } });
    t.equal(r.statusCode, 200, r.body);
  }
  await h.runUntil(60);
  const info = (await h.query('/agentgroup/agentstatusinfobyagentids', { agentIds: [101, 102, 20011] })).resultDesc as Record<string, number>[];
  t.same(info.map((a) => [a.agentId, a.currentState, a.currentStateReason]), [[101, 8, 12], [102, 8, 0], [20011, 7, 65535]], 'resting (CTI 8): a numeric reason as it is, a word as 0; Dan on a break (busy): 65535 (none)');
  t.match((await h.query('/skill/stateinfo', { skillIds: [1] })).resultDesc, [{ agentRestNums: 2 }]);
});
