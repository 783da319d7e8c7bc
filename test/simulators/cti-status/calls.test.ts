/**
 * Issue 19 §2, the call data: vdn/querycalls v1 (4.1.1.12) and v2 (4.1.1.13) and calldata/
 * querybasiccallinfo (4.1.4.1) and querydetailcallinfo (4.1.4.2), over a scripted hour with every way a call
 * ends (the caller or the agent hangs up, a caller gives up, times out, is turned away, an agent dials out).
 * Each row and object is held to the PDF's tables (pdf-shapes.ts) and its values to the event log of the
 * same call: its times, who hung up (leave reasons, section 5.9), its numbers; and the requests as the
 * Huawei client sends them are answered.
 */
import t from 'tap';
import { CMS_V2, harness, type Harness } from './harness.js';
import { eventLog, type Ev } from './log.js';
import { BASIC_CALL_INFO, CALL_ROW, DETAIL_CALL_INFO, FAILURE, NEWER, QUERY_CALLS, QUERY_CALLS_DESC, shapeProblems } from './pdf-shapes.js';

export const CALLS = JSON.stringify({
  scenarios: {
    calls: {
      seed: 11,
      start: '2026-11-20T09:00:00Z',
      duration: '1h',
      outbound: { answer_probability: 1, answer_after: 4 },
      queues: [
        { id: 'sales', name: 'Sales', strategy: 'longest-idle-agent', tier_rules_apply: false },
        { id: 'slow', name: 'Slow lane', exit_with_no_av_agents: false, max_wait_time: 20 },
        { id: 'closed', name: 'Closed' },
      ],
      agents: [
        { id: 'a1', name: 'Alice', number: '201', queues: [{ queue: 'sales' }], answer: { after: 3 }, talk_time: 40, wrap_up_time: 5 },
        { id: 'a2', name: 'Bob', number: '202', queues: [{ queue: 'sales' }], answer: { after: 5 }, talk_time: 30, wrap_up_time: 0 },
        { id: 's', name: 'Sam', number: '203', status: 'on_break', queues: [{ queue: 'slow' }] },
        { id: 'z', name: 'Zed', number: '204', status: 'logged_out', queues: [{ queue: 'closed' }] },
      ],
      callers: [
        { queue: 'sales', arrivals: { process: 'fixed', at: [10, 20] }, releases_first: 1, numbers: ['+74951110001', '+74951110002'] },
        { queue: 'sales', arrivals: { process: 'fixed', at: [30, 200] }, releases_first: 0, numbers: ['+74951110003', '+74951110003'] },
        { queue: 'sales', arrivals: { process: 'fixed', at: [35] }, patience: 5, numbers: ['+74951110004'] },
        { queue: 'slow', arrivals: { process: 'fixed', at: [50, 300] }, numbers: ['+74951110005'] },
        { queue: 'closed', arrivals: { process: 'fixed', at: [60] }, numbers: ['+74951110006'] },
      ],
      timeline: [
        { at: 120, agent: 'a1', dial_out: '+74950001122' },
        { at: 400, agent: 'a2', dial_out: '+74950003344' },
      ],
      apis: { huawei: { skill_ids: { sales: 1, slow: 2, closed: 3 }, access_code: '88001234' } },
    },
  },
});

const digits = (s: string) => s.replace(/\D/g, '');
const AGENT_NUMBER: Record<string, string> = { a1: '201', a2: '202' };

/** The world's call id of a CC-CMS call id: its number is the call's seq (the mapping only; the values come from the log). */
function worldId(h: Harness, callId: string): string {
  const seq = Number(callId.split('-')[1]);
  const r = h.sim.engine.queries.calls().find((c) => c.seq === seq);
  if (!r) throw new Error(`no call ${seq}`);
  return r.id;
}

/** A row of vdn/querycalls as the event log tells the call. */
function expectedRow(log: Ev[], call: string, startMs: number) {
  const mine = log.filter((e) => e.call === call);
  const arrived = mine.find((e) => e.type === 'call.arrived') as (Ev & { number: string }) | undefined;
  const dialed = mine.find((e) => e.type === 'agent.dialing') as (Ev & { number: string }) | undefined;
  const answered = mine.find((e) => e.type === 'call.answered');
  const ended = mine.find((e) => e.type === 'call.ended');
  const left = mine.find((e) => e.type === 'call.left');
  const end = (ended ?? left) as Ev;
  const ms = (e: Ev | undefined) => (e ? startMs + e.t : 0);
  const turnedAway = left?.reason === 'no_available_agents';
  let leaveReason: number;
  if (ended) leaveReason = answered ? { caller: 15, agent: 16, system: 19 }[ended.by as string] as number : 26;
  else leaveReason = { abandoned: 15, exit_key: 15, timeout: 2, no_agent_timeout: 3, no_available_agents: 25, break_out: 4 }[left?.reason as string] as number;
  const outbound = !!dialed;
  return {
    logDate: ms(end),
    callerNo: outbound ? AGENT_NUMBER[dialed.agent as string] : digits(arrived!.number),
    calleeNo: outbound ? digits(dialed.number) : '88001234',
    callType: outbound ? 8 : 0,
    waitBegin: outbound || turnedAway ? 0 : ms(arrived),
    ackBegin: ms(answered),
    callBegin: ms(arrived ?? dialed),
    callEnd: ms(end),
    vdn: 1,
    leaveReason,
    mediaType: 5,
    subMediaType: -1,
  };
}

async function rows(h: Harness, path: string, body: Record<string, unknown>) {
  const r = await h.post(path, { ccId: 1, vdn: 1, ...body });
  const b = r.json();
  t.same(shapeProblems(QUERY_CALLS, b), [], `${path}: 4.1.1.12 Table 3`);
  t.same(shapeProblems(QUERY_CALLS_DESC, b.resultDesc), [], `${path}: Table 4`);
  for (const row of b.resultDesc.data) t.same(shapeProblems(CALL_ROW, row), [], `${path}: Table 5`);
  return b.resultDesc as { data: Record<string, number | string>[]; count: number };
}

t.test('vdn/querycalls: every finished call, as the event log tells it', async (t) => {
  const h = await harness(CALLS);
  t.teardown(() => h.app.close());
  await h.runUntil(600);
  const log = await eventLog(h);
  const start = h.sim.scenario.startMs;
  const day = { beginDate: start - 9 * 3600_000, endDate: start + 15 * 3600_000 - 1 };
  const v1 = await rows(h, '/vdn/querycalls', day);
  const inbound = await rows(h, `${CMS_V2}/vdn/querycalls`, { ...day, isCallIn: 'true' });
  const outbound = await rows(h, `${CMS_V2}/vdn/querycalls`, { ...day, isCallIn: 'false' });
  t.same(inbound, v1, 'v2 with isCallIn "true" is v1');
  const finished = new Set(log.filter((e) => e.type === 'call.ended' || e.type === 'call.left').map((e) => e.call));
  t.equal(v1.count + outbound.count, finished.size, 'one row per finished call');
  t.equal(v1.count, v1.data.length);
  t.equal(outbound.count, 2, 'the two dial-outs');
  const reasons = new Set<number>();
  for (const row of [...v1.data, ...outbound.data]) {
    const call = worldId(h, row.callId as string);
    const { logDate, ...expected } = expectedRow(log, call, start);
    t.same(row, { logDate, callId: row.callId, ...expected }, `${row.callId}: as the log tells call ${call}`);
    t.match(row.callId, new RegExp(`^${Math.floor((row.callBegin as number) / 1000)}-\\d+$`), 'its id: the start second and its number');
    t.ok(String(row.callId).length <= 20, 'at most 20 characters (4.1.4.1 Table 2)');
    reasons.add(row.leaveReason as number);
  }
  t.same([...reasons].sort((a, b) => a - b), [2, 15, 16, 25], 'the caller hung up (15), the agent (16), a time-out (2), turned away (25)');
  const begins = v1.data.map((r) => r.callBegin as number);
  t.same(begins, [...begins].sort((a, b) => a - b), 'oldest first');
});

t.test('vdn/querycalls: filters, pages, the period the PDF allows, the Huawei client\'s request', async (t) => {
  const h = await harness(CALLS);
  t.teardown(() => h.app.close());
  await h.runUntil(600);
  const start = h.sim.scenario.startMs;
  const day = { beginDate: start - 9 * 3600_000, endDate: start + 15 * 3600_000 - 1 };
  const all = await rows(h, '/vdn/querycalls', day);
  t.same((await rows(h, '/vdn/querycalls', { ...day, callerNo: '74951110003' })).data.map((r) => r.callerNo), ['74951110003', '74951110003'], 'callerNo: that caller\'s calls');
  t.equal((await rows(h, '/vdn/querycalls', { ...day, calleeNo: '88001234' })).count, all.count, 'calleeNo: the access code every caller dialled');
  t.equal((await rows(h, '/vdn/querycalls', { ...day, calleeNo: '999' })).count, 0);
  t.equal((await rows(h, '/vdn/querycalls', { ...day, callerNo: '' })).count, all.count, 'an empty number: all');
  const p1 = await rows(h, '/vdn/querycalls', { ...day, limit: 2 });
  const p2 = await rows(h, '/vdn/querycalls', { ...day, limit: 2, offset: 2 });
  t.same([...p1.data, ...p2.data], all.data.slice(0, 4), 'pages of limit from offset');
  t.same([p1.count, p2.count], [all.count, all.count], 'count: every row the query matches');
  const window = await rows(h, '/vdn/querycalls', { beginDate: start + 20_000, endDate: start + 35_000 });
  t.same(window.data.map((r) => (r.callBegin as number) - start), [20_000, 30_000, 35_000], 'the calls that began in the period, both ends included');

  // The Huawei client (auditoria's buscar_historico_chamadas): flat, ccId/vdn numbers, the dates and isCallIn strings.
  const client = await h.post(`${CMS_V2}/vdn/querycalls`, `{"ccId":1,"vdn":1,"beginDate":"${start}","endDate":"${start + 3600_000}","isCallIn":"false"}`);
  t.equal(client.json().resultCode, '0100000', 'its success code');
  t.same(client.json().resultDesc.data.map((r: { calleeNo: string }) => r.calleeNo), ['74950001122', '74950003344'], 'its outbound calls');
  t.equal((await h.post('/vdn/querycalls', { queryParam: { ccId: 1, vdn: 1, ...day } })).json().resultDesc.count, all.count, 'wrapped in queryParam too');
  t.same((await h.post('/vdn/querycalls', { ccId: 1, vdn: 2, ...day })).json().resultDesc, { data: [], count: 0 }, 'another VDN: nothing');

  for (const [path, body, message] of [
    ['/vdn/querycalls', { ...day, beginDate: start - 33 * 3600_000 - 1 }, /beginDate \d+ \(2026-11-18T23:59:59\.999Z\) is earlier than 00:00:00 of the previous day \(2026-11-19T00:00:00Z/],
    ['/vdn/querycalls', { ...day, endDate: start + 15 * 3600_000 }, /endDate \d+ \(2026-11-21T00:00:00Z\) is later than 23:59:59 of the current day/],
    ['/vdn/querycalls', { beginDate: start + 10, endDate: start }, /beginDate \d+ is after endDate/],
    ['/vdn/querycalls', { endDate: start }, /beginDate is required/],
    ['/vdn/querycalls', { ...day, limit: 0 }, /limit must be >= 1/],
    ['/vdn/querycalls', { ...day, limit: 101 }, /limit must be <= 100/],
    ['/vdn/querycalls', { ...day, offset: -1 }, /offset must be >= 0/],
    ['/vdn/querycalls', { ...day, callerNo: '+7495' }, /callerNo must match pattern/],
    ['/vdn/querycalls', { ...day, beginDate: 'yesterday' }, /beginDate must be integer/],
    [`${CMS_V2}/vdn/querycalls`, day, /isCallIn is required/],
    [`${CMS_V2}/vdn/querycalls`, { ...day, isCallIn: 'in' }, /isCallIn must be one of "true", "false"/],
  ] as const) {
    const r = await h.post(path, { ccId: 1, vdn: 1, ...body });
    t.same([r.statusCode, r.json().resultCode], [200, '0100002'], `${path} ${JSON.stringify(body)}`);
    t.same(shapeProblems(FAILURE, r.json(), ['result']), [], 'the failure of section 5.2');
    t.match(r.json().resultDesc, message);
  }
});

t.test('calldata/querybasiccallinfo and querydetailcallinfo: a call in progress', async (t) => {
  const h = await harness(CALLS);
  t.teardown(() => h.app.close());
  const start = h.sim.scenario.startMs;
  const idOf = (call: string) => {
    const r = h.sim.engine.queries.call(call)!;
    return `${Math.floor((start + r.arrivedT) / 1000)}-${r.seq}`;
  };
  const info = async (callId: string) => {
    const basic = (await h.query('/calldata/querybasiccallinfo', { callId })) as Record<string, unknown>;
    const detail = (await h.query('/calldata/querydetailcallinfo', { callId })) as Record<string, unknown>;
    t.same(shapeProblems(NEWER(basic.resultDesc === null ? 'null' : 'object'), basic), [], '4.1.4.1 Table 3');
    t.same(shapeProblems(NEWER(detail.resultDesc === null ? 'null' : 'object'), detail), [], '4.1.4.2 Table 3');
    if (basic.resultDesc !== null) t.same(shapeProblems(BASIC_CALL_INFO, basic.resultDesc), [], '4.1.4.1 Table 4');
    if (detail.resultDesc !== null) t.same(shapeProblems(DETAIL_CALL_INFO, detail.resultDesc), [], '4.1.4.2 Table 4');
    t.same(basic.resultDatas, basic.resultDesc);
    return { basic: basic.resultDesc as Record<string, unknown> | null, detail: detail.resultDesc as Record<string, unknown> | null };
  };

  await h.runUntil(220);
  let log = await eventLog(h);
  const arrival = log.filter((e) => e.type === 'call.arrived' && e.t === 200_000)[0] as Ev & { number: string };
  const answered = log.find((e) => e.type === 'call.answered' && e.call === arrival.call) as Ev;
  let x = await info(idOf(arrival.call as string));
  t.match(x.basic, {
    time: start + 200_000,
    keyId: arrival.call,
    callingNum: digits(arrival.number),
    calledNum: '88001234',
    orgiCalledNum: 88001234,
    deviceType: 2,
    deviceNo: answered.agent === 'a1' ? 101 : 102,
    callSkill: 1,
    partyNum: 2,
    callFeature: 0,
    mediaType: 5,
    submediaType: -1,
    waitTime: Math.floor((answered.t - 200_000) / 1000),
    totalTalkingTimes: Math.floor((220_000 - answered.t) / 1000),
    logonTimes: 20,
  }, 'a queue call talking: on the agent who answered it');
  t.match(x.detail, { time: Math.floor(start / 1000) + 200, keyId: arrival.call, callSkill: 'Sales', callFeature: '0', orgiCalledNum: '88001234', mediaType: 'MEDIA_TYPE_PHONE', deviceType: 2, waitTime: Math.floor((answered.t - 200_000) / 1000), totalTalkingTimes: Math.floor((220_000 - answered.t) / 1000), logonTimes: 20 }, 'the agent\'s call, in detail');

  await h.runUntil(305);
  log = await eventLog(h);
  const waiting = log.find((e) => e.type === 'call.arrived' && e.t === 300_000) as Ev;
  x = await info(idOf(waiting.call as string));
  t.match(x.basic, { deviceType: 1, deviceNo: 2, callSkill: 2, partyNum: 1, waitTime: 5, totalTalkingTimes: 0, logonTimes: 5 }, 'a caller waiting: in skill queue 2');
  t.equal(x.detail, null, 'no agent is on it: no private call');
  const now = (await h.post('/vdn/querycalls', { ccId: 1, vdn: 1, beginDate: start, endDate: start + 3600_000 })).json().resultDesc.data as { callBegin: number }[];
  t.notOk(now.some((r) => r.callBegin === start + 300_000), 'a call in progress is not a row of querycalls yet');

  await h.runUntil(402);
  log = await eventLog(h);
  const dial = log.find((e) => e.type === 'agent.dialing' && e.agent === 'a2') as Ev & { number: string };
  x = await info(idOf(dial.call as string));
  t.match(x.basic, { time: start + 400_000, callingNum: '202', calledNum: '74950003344', deviceType: 2, deviceNo: 102, callSkill: 0, partyNum: 1, callFeature: 1, waitTime: 0, totalTalkingTimes: 0, logonTimes: 2 }, 'a dial-out ringing: the agent\'s, from its number');
  t.match(x.detail, { callSkill: '', callFeature: '1', calledNum: '74950003344' });
  await h.runUntil(410);
  x = await info(idOf(dial.call as string));
  const farEnd = ((await eventLog(h)).find((e) => e.type === 'call.answered' && e.call === dial.call) as Ev).t;
  t.equal(x.basic?.totalTalkingTimes, Math.floor((410_000 - farEnd) / 1000), 'talking since the far end answered');

  await h.runUntil(600);
  t.equal((await info(idOf(arrival.call as string))).basic, null, 'once the call has ended: null (4.1.4.1: "the call must be in progress")');
  t.equal((await info('1795165400-999')).basic, null, 'no such call');
  t.equal((await info(`${Math.floor(start / 1000) + 1}-${h.sim.engine.queries.call(dial.call as string)!.seq}`)).basic, null, 'a number with another start second is not that call');
  t.equal((await info('not-a-call')).basic, null);
  const long = await h.post('/calldata/querybasiccallinfo', { ccId: 1, vdn: 1, callId: '1'.repeat(21) });
  t.match(long.json(), { resultCode: '0100002', resultDesc: /callId must NOT have more than 20 characters/ });
  const client = await h.post('/calldata/querybasiccallinfo', '{"ccId":1,"vdn":1,"callId":"1762523104-538062"}');
  t.same(client.json(), { result: '0', resultCode: '0100000', resultDatas: null, resultDesc: null }, 'the Postman collection\'s body: no such call here');
});
