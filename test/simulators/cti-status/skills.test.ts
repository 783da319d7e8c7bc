/**
 * Issue 19 §2, the skill interfaces: skill/agentstatusbyskill (4.1.2.9) over the scripted story, its
 * counts against each agent's own state (agentbyworkno, which story.test.ts holds to the event log) and
 * isSkillAllMatch; skill/stateinfo (4.1.2.6) and the older realindex/skill/stateinfo (5.13.4) over a queue
 * where callers wait, every counter against the event log (arrivals, answers, waits, hang-ups), the
 * five-minute interval and the day starting over. Shapes against the PDF's tables (pdf-shapes.ts).
 */
import t from 'tap';
import { harness } from './harness.js';
import { eventLog, type Ev } from './log.js';
import { NEWER, OLD_SKILL_STATE_INFO, OLDER, SKILL_AGENT_COUNTS, SKILL_STATE_INFO, shapeProblems } from './pdf-shapes.js';
import { SCENARIO } from './story.js';

const WORKNO = { a1: 101, a2: 102, a3: 103, b1: 20011 } as const;
/** The story's skills: sales is 1, support 7 (apis.huawei.skill_ids); Carol is in both. */
const SKILLS: Record<keyof typeof WORKNO, number[]> = { a1: [1], a2: [1], a3: [1, 7], b1: [7] };
/** 4.1.2.9 Table 4's counters by CTI state (section 5.3). */
const BY_CTI: Record<number, string[]> = { 0: ['notlogined'], 1: ['idle', 'usable', 'loginEd'], 3: ['occupy', 'loginEd'], 4: ['answering', 'loginEd'], 5: ['talking', 'loginEd'], 6: ['workSubStateBegin', 'loginEd'], 7: ['setBusy', 'loginEd'], 8: ['rest', 'loginEd'] };

t.test('skill/agentstatusbyskill: the agents of the skills, by state, as each agent shows itself', async (t) => {
  const h = await harness(SCENARIO);
  t.teardown(() => h.app.close());
  const seen = new Set<string>();
  for (const s of [0, 102, 130, 150, 170, 402, 510]) {
    await h.runUntil(s);
    const cti: Record<string, number> = {};
    for (const [id, workno] of Object.entries(WORKNO)) cti[id] = ((await h.query('/agentgroup/agentbyworkno', { agentId: workno })).resultDatas as { citStatus: number }).citStatus;
    for (const [skillIds, exact] of [[[1], false], [[1], true], [[7], false], [[7], true], [[1, 7], false], [[7, 1], true], [[2], false]] as const) {
      const body = await h.query('/skill/agentstatusbyskill', { skillIds, ...(exact ? { isSkillAllMatch: 'true' } : {}) });
      t.same(shapeProblems(NEWER('object'), body), [], '4.1.2.9 Table 3: one Object');
      t.same(shapeProblems(SKILL_AGENT_COUNTS, body.resultDesc), [], '4.1.2.9 Table 4');
      t.same(body.resultDatas, body.resultDesc);
      const expected = Object.fromEntries(Object.keys(SKILL_AGENT_COUNTS).map((k) => [k, 0]));
      for (const [id, skills] of Object.entries(SKILLS)) {
        const has = skillIds.every((x) => skills.includes(x)) && (!exact || skills.length === skillIds.length);
        if (!has) continue;
        for (const k of BY_CTI[cti[id]]) expected[k]++;
        seen.add(`${cti[id]}`);
      }
      t.same(body.resultDesc, expected, `t=${s} skills ${skillIds} ${exact ? 'exactly' : 'at least'}: ${JSON.stringify(cti)}`);
    }
  }
  for (const state of ['0', '1', '4', '5', '6', '7']) t.ok(seen.has(state), `the story passes through CTI ${state}`);
  const bools = await h.post('/skill/agentstatusbyskill', { ccId: 1, vdn: 1, skillIds: [7], isSkillAllMatch: true });
  t.same(bools.json().resultDesc, (await h.query('/skill/agentstatusbyskill', { skillIds: [7], isSkillAllMatch: 'true' })).resultDesc, 'a JSON boolean is read as its text');
  const bad = await h.post('/skill/agentstatusbyskill', { ccId: 1, vdn: 1, skillIds: [7], isSkillAllMatch: 'yes' });
  t.match(bad.json(), { resultCode: '0100002', resultDesc: /isSkillAllMatch must be one of "true", "false"/ });
});

t.test('callOut counts the agents on a call they placed', async (t) => {
  const sc = JSON.parse(SCENARIO);
  sc.scenarios.story.outbound = { answer_probability: 1, answer_after: 4 };
  sc.scenarios.story.timeline.push({ at: 20, agent: 'a2', dial_out: '+74950001122' });
  const h = await harness(JSON.stringify(sc));
  t.teardown(() => h.app.close());
  await h.runUntil(22);
  t.match((await h.query('/skill/agentstatusbyskill', { skillIds: [1] })).resultDesc, { callOut: 1, occupy: 1 }, 'dialling: occupied, and calling out');
  await h.runUntil(26);
  t.match((await h.query('/skill/agentstatusbyskill', { skillIds: [1] })).resultDesc, { callOut: 1, talking: 1 }, 'answered: talking, still calling out');
  const info = (await h.query('/agentgroup/agentstatusinfobyagentids', { agentIds: [102] })).resultDesc as { currentPrivateCallNum: number; prevState: number }[];
  t.same([info[0].currentPrivateCallNum, info[0].prevState], [1, 3], "its private call (outside the queues), and before talking it was occupied");
});

/** One agent, one on a break; three callers a few seconds apart, so two wait, one gives up. */
const QUEUEING = JSON.stringify({
  scenarios: {
    queueing: {
      seed: 3,
      start: '2026-11-20T09:00:00Z',
      duration: '1h',
      queues: [{ id: 'q', name: 'Queue Q', strategy: 'longest-idle-agent', tier_rules_apply: false }],
      agents: [
        { id: 'x', name: 'Xena', number: '301', queues: [{ queue: 'q' }], answer: { after: 2 }, talk_time: 30, wrap_up_time: 0 },
        { id: 'y', name: 'Yuri', number: '302', status: 'on_break', queues: [{ queue: 'q' }] },
      ],
      callers: [{ queue: 'q', arrivals: { process: 'fixed', at: [10, 12, 14, 320] }, patience: 50, releases_first: 1 }],
    },
  },
});

/** What the log says of queue q's calls up to `s`, within [from, s] (seconds). */
function fromLog(log: Ev[], from: number, s: number) {
  const inWindow = (e: Ev) => e.t >= from * 1000 && e.t <= s * 1000;
  const joined = new Map(log.filter((e) => e.type === 'call.arrived').map((e) => [e.call, e.t]));
  const answeredAt = new Map(log.filter((e) => e.type === 'call.answered').map((e) => [e.call, e.t]));
  const waits = log.filter((e) => (e.type === 'call.answered' || e.type === 'call.left') && inWindow(e)).map((e) => e.t - (joined.get(e.call) as number));
  const talks = log.filter((e) => e.type === 'call.ended' && inWindow(e)).map((e) => e.t - (answeredAt.get(e.call) as number));
  const ended = new Set(log.filter((e) => e.type === 'call.answered' || e.type === 'call.left').map((e) => e.call));
  const waiting = [...joined].filter(([call, t]) => !ended.has(call) && t <= s * 1000).map(([, t]) => s * 1000 - t);
  const answered = log.filter((e) => e.type === 'call.answered' && inWindow(e)).map((e) => e.t - (joined.get(e.call) as number));
  const mean = (xs: number[]) => (xs.length === 0 ? 0 : Math.round(xs.reduce((a, b) => a + b, 0) / xs.length / 1000));
  return {
    callWaitNums: waiting.length,
    maxCallWaitTimesIn5: Math.max(0, ...waits.map((w) => Math.floor(w / 1000)), ...waiting.map((w) => Math.floor(w / 1000))),
    evenWaitTimeIn5: mean(waits),
    evenCallTimeIn5: mean(talks),
    allCallCount: log.filter((e) => e.type === 'call.arrived' && inWindow(e)).length,
    cnnedIn20sCallCount: answered.filter((w) => w <= 20_000).length,
    totalCallNums: log.filter((e) => e.type === 'call.answered' && e.t <= s * 1000).length,
    processingCallNums: log.filter((e) => e.type === 'call.answered' && e.t <= s * 1000).length - log.filter((e) => e.type === 'call.ended' && e.t <= s * 1000).length,
  };
}

t.test('skill/stateinfo: agents by state, callers waiting, and the calls of the current five minutes', async (t) => {
  const h = await harness(QUEUEING);
  t.teardown(() => h.app.close());
  const read = async () => {
    const body = await h.query('/skill/stateinfo', { skillIds: [1, 2] });
    t.same(shapeProblems(NEWER('array'), body), [], '4.1.2.6 Table 3');
    for (const x of body.resultDesc as unknown[]) t.same(shapeProblems(SKILL_STATE_INFO, x), [], '4.1.2.6 Table 4');
    t.same(body.resultDatas, body.resultDesc);
    const old = await h.post('/realindex/skill/stateinfo', '{"queryParam":{"ccId":1,"vdn":1,"skillIds":[1,2]}}');
    t.same(shapeProblems(OLDER('array'), old.json()), [], '5.13.4 Table 3');
    const [s1, s2] = body.resultDesc as Record<string, number>[];
    const o1 = old.json().resultDatas[0] as Record<string, number>;
    t.same(shapeProblems(OLD_SKILL_STATE_INFO, o1), [], '5.13.4 Table 4');
    const { agentSetBusyNums, allCallCount: _a, cnnedIn20sCallCount: _c, ...same } = s1;
    t.same(o1, { ...same, agentSetbusyNums: agentSetBusyNums }, 'the older interface: the same numbers');
    t.same(s2, { ...Object.fromEntries(Object.keys(SKILL_STATE_INFO).map((k) => [k, 0])), skillId: 2 }, 'an unknown skill: zeros');
    return s1;
  };

  await h.runUntil(30);
  let log = await eventLog(h);
  let s = await read();
  t.match(s, { skillId: 1, agentLoginNums: 2, agentTalkingNums: 1, agentSetBusyNums: 1, agentIdleNums: 0, ...fromLog(log, 0, 30) }, 't=30: Xena talks, Yuri on a break, two callers wait');
  t.equal(s.callWaitNums, 2);
  t.equal(s.maxCallWaitTimesIn5, 18, 'the caller of 12 s has waited 18 s');

  await h.runUntil(80);
  log = await eventLog(h);
  s = await read();
  t.match(s, fromLog(log, 0, 80), 't=80: answered, one gave up, conversations ended');
  t.ok(log.some((e) => e.type === 'call.left' && e.reason === 'abandoned'), 'a caller gave up waiting');
  t.ok(s.evenWaitTimeIn5 > 0 && s.evenCallTimeIn5 > 0 && s.cnnedIn20sCallCount === 1, JSON.stringify(s));

  await h.runUntil(310);
  log = await eventLog(h);
  s = await read();
  t.match(s, { ...fromLog(log, 300, 310), totalCallNums: 2 }, 't=310: a new interval (09:05): its counters start over; the day\'s do not');
  t.equal(s.allCallCount, 0);
  const idleSince = Math.max(...log.filter((e) => e.type === 'call.ended').map((e) => e.t)) / 1000;
  t.ok(idleSince < 300, 'Xena idle since before the interval');
  t.equal(s.agentMaxIdleTimeIn5, 10, 'her idle time within the interval: since 09:05:00');

  await h.runUntil(330);
  log = await eventLog(h);
  s = await read();
  t.match(s, { ...fromLog(log, 300, 330), allCallCount: 1, totalCallNums: 3 }, 't=330: the caller of 320 s, answered in this interval');
});

t.test('skill/stateinfo: the day (UTC) starts over at midnight', async (t) => {
  const sc = JSON.parse(QUEUEING);
  sc.scenarios.queueing.start = '2026-11-20T23:59:00Z';
  sc.scenarios.queueing.callers[0].arrivals.at = [10, 100];
  const h = await harness(JSON.stringify(sc));
  t.teardown(() => h.app.close());
  await h.runUntil(50);
  t.match((await h.query('/skill/stateinfo', { skillIds: [1] })).resultDesc, [{ totalCallNums: 1, processingCallNums: 0 }], '23:59:50: one answered today');
  await h.runUntil(70);
  t.match((await h.query('/skill/stateinfo', { skillIds: [1] })).resultDesc, [{ totalCallNums: 0, allCallCount: 0 }], '00:00:10: none yet');
  await h.runUntil(110);
  t.match((await h.query('/skill/stateinfo', { skillIds: [1] })).resultDesc, [{ totalCallNums: 1, processingCallNums: 1, allCallCount: 1 }], 'one of the new day, talking');
});
