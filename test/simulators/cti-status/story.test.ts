/**
 * Done-when 1: every interface over the scripted story (story.ts) in manual clock mode. At chosen
 * instants, each agent's status, CTI status, currentstatetime and logindate are what the event log
 * implies: the expected "since" of each row is looked up in the log (the event that began that state),
 * not computed by the code under test.
 */
import t from 'tap';
import { harness, type Harness } from './harness.js';
import { SCENARIO } from './story.js';

type Ev = { seq: number; t: number; type: string; agent?: string; status?: string; state?: string; call?: string };

async function eventLog(h: Harness): Promise<Ev[]> {
  return (await h.app.inject('/__admin/events?after=0&limit=5000')).json().events;
}

/** The time (s) of the first event of `type` for `agent` matching `extra`, from the log. */
function at(log: Ev[], type: string, agent: string, extra: Partial<Ev> = {}): number {
  const e = log.find((x) => x.type === type && x.agent === agent && Object.entries(extra).every(([k, v]) => (x as Record<string, unknown>)[k] === v));
  if (!e) throw new Error(`no ${type} for ${agent} ${JSON.stringify(extra)} in the log`);
  return e.t / 1000;
}

const NOT_SIGNED_IN = 4294967295000;
const WORKNO = { a1: 101, a2: 102, a3: 103, b1: 20011 } as const;

t.test('the story, instant by instant', async (t) => {
  const h = await harness(SCENARIO);
  t.teardown(() => h.app.close());
  const start = h.sim.scenario.startMs;
  const byWorkno = async (agentId: number) => (await h.query('/agentgroup/agentbyworkno', { agentId })).resultDatas as Record<string, unknown>;
  const skill = async (skillId: number) => (await h.query('/agentgroup/agentbyconfigedskill', { skillId })).resultDatas as Record<string, unknown>[];
  const state = async (id: keyof typeof WORKNO) => {
    const a = await byWorkno(WORKNO[id]);
    return [a.status, a.citStatus, a.currentstatetime];
  };

  // t=0: a3 is signed out from the start; b1 available.
  let a3 = await byWorkno(103);
  t.same(a3, { workno: 103, vdnid: 1, citStatus: 0, name: 'Carol', phonenumber: null, logindate: NOT_SIGNED_IN, currentstatetime: 0, mediatype: 0, status: 2 }, 'signed out, as the seed shows it');

  await h.runUntil(102);
  let log = await eventLog(h);
  const a3In = at(log, 'agent.status', 'a3', { status: 'available' });
  t.same(await state('a1'), [7, 4, 102 - at(log, 'agent.state', 'a1', { state: 'receiving' })], 'a1 ringing: answering');
  t.same(await state('a2'), [4, 1, 102], 'a2 idle since the start');
  t.same(await state('a3'), [4, 1, 102 - a3In], 'a3 idle since it signed in');
  t.same(await state('b1'), [3, 7, 102 - at(log, 'agent.status', 'b1', { status: 'on_break' })], 'b1 on break: busy');
  a3 = await byWorkno(103);
  t.equal(a3.logindate, start + a3In * 1000, 'logindate is the sign-in instant');
  t.equal(a3.phonenumber, '70943');
  t.equal(a3.mediatype, 5);
  t.equal((await byWorkno(101)).logindate, start, 'signed in from the start: the scenario start');

  const sales = await skill(1);
  t.same(sales.map((a) => a.workno), [101, 102, 103], 'skill 1 is the first queue without a fixed id; its tiers in order');
  t.same(sales[0], { workno: 101, name: 'Alice', status: 7, ctiStatus: 4, groupid: 1, mediatype: 5, vdnid: 1, phonenumber: '70941', currentstatetime: 2, logindate: start });
  t.same((await skill(7)).map((a) => a.workno), [103, 20011], 'skill 7 is support (apis.huawei.skill_ids); workno 20011 is b1 (worknos)');
  t.same((await skill(2)), [], 'an unknown skill is an empty list');

  await h.runUntil(130);
  log = await eventLog(h);
  t.same(await state('a1'), [7, 5, 130 - at(log, 'call.answered', 'a1')], 'a1 talking');
  t.same(await state('a2'), [7, 5, 130 - at(log, 'call.answered', 'a2')], 'a2 talking');
  t.same(await state('a3'), [7, 5, 130 - at(log, 'call.answered', 'a3')], 'a3 talking');
  t.same((await h.query('/querymonitor/systemstate')).resultDesc, { busyagent: 1, talkingnum: 3, Idleagent: 0, totalloginagent: 4 });

  await h.runUntil(145);
  log = await eventLog(h);
  t.same(await state('a3'), [5, 6, 145 - at(log, 'agent.wrap_up', 'a3')], 'a3 wrapping up since its call ended');
  t.same(await state('a2'), [4, 1, 145 - at(log, 'call.ended', 'a2')], 'a2 (no wrap-up) idle since its call ended');

  await h.runUntil(170);
  log = await eventLog(h);
  t.same(await state('a1'), [5, 6, 170 - at(log, 'agent.wrap_up', 'a1')], 'a1 wrapping up');
  t.same(await state('a3'), [4, 1, 170 - at(log, 'agent.wrap_up_ended', 'a3')], 'a3 idle since its wrap-up ended');

  await h.runUntil(402);
  log = await eventLog(h);
  t.same(await state('a1'), [4, 1, 402 - at(log, 'agent.wrap_up_ended', 'a1')], 'a1 idle since its wrap-up ended');
  t.same(await state('b1'), [7, 4, 402 - at(log, 'agent.state', 'b1', { state: 'receiving' })], 'b1 ringing');
  t.same((await h.query('/querymonitor/systemstate')).resultDesc, { busyagent: 0, talkingnum: 1, Idleagent: 3, totalloginagent: 4 });

  await h.runUntil(510);
  log = await eventLog(h);
  const a2Out = at(log, 'agent.status', 'a2', { status: 'logged_out' });
  t.same(await byWorkno(102), { workno: 102, vdnid: 1, citStatus: 0, name: 'Bob', phonenumber: null, logindate: NOT_SIGNED_IN, currentstatetime: 510 - a2Out, mediatype: 0, status: 2 });
  t.same((await skill(1)).map((a) => [a.workno, a.status, a.ctiStatus]), [[101, 4, 1], [102, 2, 0], [103, 4, 1]], 'the old interface lists every configured agent');
  const v2 = (await h.query('/skill/agentbyconfigedskill', { skillId: 1 })) as { resultCode: string; resultDatas: Record<string, unknown>[] };
  t.equal(v2.resultCode, '0100000');
  t.same(v2.resultDatas.map((a) => a.workNo), [101, 103], 'the newer interface lists signed-in agents only');
  t.same(v2.resultDatas[1], { workNo: 103, name: 'Carol', status: 4, ctiStatus: 1, groupId: 1, mediaType: 5, vdnId: 1, phoneNumber: '70943', currentStateTime: 510 - at(log, 'agent.wrap_up_ended', 'a3'), loginDate: start + a3In * 1000 });
  t.same((await h.query('/querymonitor/systemstate')).resultDesc, { busyagent: 0, talkingnum: 0, Idleagent: 3, totalloginagent: 3 });

  await h.runUntil(560);
  log = await eventLog(h);
  t.same(await state('a1'), [3, 7, 560 - at(log, 'agent.state', 'a1', { state: 'idle' })], 'a1 in the idle state: busy (not ready)');
});

t.test('same requests at the same virtual times give byte-identical bodies', async (t) => {
  const run = async () => {
    const h = await harness(SCENARIO);
    const out: string[] = [];
    for (const s of [101, 133, 171, 450]) {
      await h.runUntil(s);
      for (const [path, p] of [['/agentgroup/agentbyconfigedskill', { skillId: 1 }], ['/agentgroup/agentbyworkno', { agentId: 103 }], ['/querymonitor/systemstate', {}], ['/agentgroup/agentrestinfo', {}]] as const) {
        out.push(JSON.stringify(await h.query(path, p)));
      }
    }
    await h.app.close();
    return out;
  };
  t.same(await run(), await run());
});

t.test('a reset brings the ids and the states back to the start', async (t) => {
  const h = await harness(SCENARIO);
  t.teardown(() => h.app.close());
  await h.runUntil(130);
  const r = await h.app.inject({ method: 'POST', url: '/__admin/reset' });
  t.equal(r.statusCode, 200, r.body);
  const a1 = (await h.query('/agentgroup/agentbyworkno', { agentId: 101 })).resultDatas as Record<string, unknown>;
  t.same([a1.status, a1.citStatus, a1.currentstatetime], [4, 1, 0]);
  t.same(((await h.query('/agentgroup/agentbyconfigedskill', { skillId: 7 })).resultDatas as { workno: number }[]).map((a) => a.workno), [103, 20011]);
});

t.test('an agent logged out mid-call shows its call, signed in, until the call ends', async (t) => {
  // The story with a1 logging out at 130 s, in the middle of its first call (mod_callcenter lets the call go on).
  const sc = JSON.parse(SCENARIO);
  sc.scenarios.story.timeline.push({ at: 130, agent: 'a1', status: 'logged_out' });
  const h = await harness(JSON.stringify(sc));
  t.teardown(() => h.app.close());
  const start = h.sim.scenario.startMs;
  const a1 = async () => (await h.query('/agentgroup/agentbyworkno', { agentId: 101 })).resultDatas as Record<string, unknown>;

  await h.runUntil(131);
  let log = await eventLog(h);
  t.equal(at(log, 'agent.status', 'a1', { status: 'logged_out' }), 130, 'a1 logged out at 130 s');
  t.ok(at(log, 'call.answered', 'a1') < 130 && !log.some((e) => e.type === 'call.ended' && e.agent === 'a1'), 'a1 was on its call then and still is');
  t.same(await a1(), { workno: 101, vdnid: 1, citStatus: 5, name: 'Alice', phonenumber: '70941', logindate: start, currentstatetime: 131 - at(log, 'call.answered', 'a1'), mediatype: 5, status: 7 }, 'talking, with its sign-in time and number');
  t.same((await h.query('/querymonitor/systemstate')).resultDesc, { busyagent: 1, talkingnum: 3, Idleagent: 0, totalloginagent: 4 }, 'counted as signed in and talking');
  const v2 = (await h.query('/skill/agentbyconfigedskill', { skillId: 1 })) as { resultDatas: Record<string, unknown>[] };
  t.ok(v2.resultDatas.some((a) => a.workNo === 101), 'the newer interface still lists it');

  await h.runUntil(180);
  log = await eventLog(h);
  const ended = at(log, 'call.ended', 'a1');
  t.same(await a1(), { workno: 101, vdnid: 1, citStatus: 0, name: 'Alice', phonenumber: null, logindate: NOT_SIGNED_IN, currentstatetime: 180 - ended, mediatype: 0, status: 2 }, 'signed out from the end of its call');
  t.equal(((await h.query('/querymonitor/systemstate')).resultDesc as { totalloginagent: number }).totalloginagent, 3);
});
