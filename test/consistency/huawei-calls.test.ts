/**
 * Huawei's call data against the other views of the same calls (issue 19, done-when 2): a scripted hour in
 * which calls end every way a call can (the caller or the agent hangs up, a caller gives up, times out, is
 * turned away, is transferred to another queue; an agent dials out and the far end answers or does not),
 * served by one app. Every row of vdn/querycalls (v1 and v2) is the same call in the agent CRUD API's calls and
 * sessions, Conpeek's CDR dialogs and the ARM's call history: the same times, numbers, direction and the same
 * side hung up. Calls in progress: calldata/querybasiccallinfo against the CRUD calls not ended yet. The views
 * are joined by ids they show (Huawei's call id names the call's number, the CRUD call's id and its callId the
 * world's id), not through the engine.
 */
import t from 'tap';
import { armHarness, parseOut } from '../simulators/arm-xml/harness.js';
import { authV2 } from '../simulators/cti-status/signer.js';

const SCENARIO = JSON.stringify({
  scenarios: {
    hour: {
      seed: 21,
      start: '2026-11-20T09:00:00Z',
      duration: '1h',
      outbound: { answer_probability: 0.6, answer_after: 4, no_answer_after: 20 },
      queues: [
        { id: 'sales', name: 'Sales', strategy: 'longest-idle-agent', tier_rules_apply: false },
        { id: 'care', name: 'Care', strategy: 'longest-idle-agent', tier_rules_apply: false, exit_with_no_av_agents: false, max_wait_time: 25 },
        { id: 'closed', name: 'Closed' },
      ],
      agents: [
        { id: 'alice', name: 'Alice Smith', number: '201', wrap_up_time: 5, queues: [{ queue: 'sales' }, { queue: 'care' }], answer: { after: 3 }, talk_time: 40 },
        { id: 'bob', name: 'Bob Jones', number: '202', queues: [{ queue: 'sales' }], answer: { after: 5 }, talk_time: 30 },
        { id: 'zed', name: 'Zed Zane', number: '204', status: 'logged_out', queues: [{ queue: 'closed' }] },
      ],
      callers: [
        { queue: 'sales', arrivals: { process: 'fixed', at: [10, 20, 100, 110, 400, 410] }, releases_first: 0.5 },
        { queue: 'sales', arrivals: { process: 'fixed', at: [30] }, patience: 6 },
        { queue: 'care', arrivals: { process: 'fixed', at: [40, 200] }, releases_first: 1 },
        { queue: 'closed', arrivals: { process: 'fixed', at: [60] } },
      ],
      timeline: [
        { at: 250, agent: 'bob', dial_out: '+74950001122' },
        { at: 300, agent: 'bob', dial_out: '+74950003344' },
        { at: 330, agent: 'bob', dial_out: '+74950005566' },
        { at: 360, agent: 'alice', dial_out: '+74950007788' },
      ],
      apis: { huawei: { worknos: { alice: 201, bob: 202, zed: 204 }, access_code: '88001234' } },
    },
  },
});

const digits = (s: string) => s.replace(/\D/g, '');
const cdrTime = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const armTime = (ms: number) => cdrTime(ms).replace(/-/g, '/');

type Row = { callId: string; callerNo: string; calleeNo: string; callType: number; waitBegin: number; ackBegin: number; callBegin: number; callEnd: number; logDate: number; leaveReason: number };

async function views() {
  const h = await armHarness(SCENARIO);
  const huawei = async (path: string, body: Record<string, unknown>) => {
    const url = path.startsWith('/rest/') ? path : `/rest/cmsapp/v1/openapi${path}`;
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8', host: 'cms.example' };
    headers.authorization = authV2({ ak: 'ccsim-ak', sk: 'ccsim-sk', method: 'POST', url, headers, sign: ['content-type', 'host'], epochMs: h.sim.scenario.startMs + h.sim.now() });
    const r = await h.app.inject({ method: 'POST', url, headers, payload: JSON.stringify({ ccId: 1, vdn: 1, ...body }) });
    if (r.statusCode !== 200) throw new Error(`${path}: ${r.body}`);
    return r.json();
  };
  const get = async (url: string, headers: Record<string, string> = {}) => {
    const r = await h.app.inject({ method: 'GET', url, headers });
    if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
    return r.json();
  };
  return { h, huawei, crud: (path: string) => get(`/api${path}`), cdr: () => get('/cdr_dialog?limit=500', { authorization: 'ccsim-conpeek-key' }) };
}

t.test('every Huawei call row is the same call in agent CRUD, the CDR and the ARM history', async (t) => {
  const v = await views();
  t.teardown(() => v.h.close());
  // At 115 s the operator on the call of 100 s transfers it to the care queue (an ARM workstation's command).
  await v.h.runUntil(115);
  const talking = ((await v.crud('/calls?pagination.pageSize=1000')).items as { callId: string; arrivedAt: string; answeredAt: string | null; endedAt: string | null; agentId: number }[]).find(
    (c) => Date.parse(c.arrivedAt) === v.h.sim.scenario.startMs + 100_000 && c.answeredAt !== null && c.endedAt === null,
  );
  t.ok(talking, 'the call of 100 s is talking at 115 s');
  const operator = ((await v.crud('/agents')).items as { id: number; webexUserNumber: string }[]).find((a) => a.id === talking?.agentId)?.webexUserNumber as string;
  const cookie = await v.h.loginHttp(operator);
  const moved = await v.h.http('call_unattended_transfer', `<in><request original_conversation_id="${talking?.callId}" to_number="care"/></in>`, cookie);
  t.notOk(parseOut(moved.xml).error, `transferred: ${moved.xml}`);
  await v.h.runUntil(600);
  const start = v.h.sim.scenario.startMs;
  const period = { beginDate: start - 9 * 3600_000, endDate: start + 3600_000 };
  const inbound = (await v.huawei('/rest/cmsapp/v2/openapi/vdn/querycalls', { ...period, isCallIn: 'true' })).resultDesc as { data: Row[]; count: number };
  const outbound = (await v.huawei('/rest/cmsapp/v2/openapi/vdn/querycalls', { ...period, isCallIn: 'false' })).resultDesc as { data: Row[]; count: number };
  const v1 = (await v.huawei('/vdn/querycalls', period)).resultDesc as { data: Row[] };
  t.same(v1.data, inbound.data, 'v1 is v2 inbound');
  const rows = [...inbound.data, ...outbound.data];

  const calls = (await v.crud('/calls?pagination.pageSize=1000')).items as { id: number; callId: string; phoneNumber: string; callDirection: number; arrivedAt: string; answeredAt: string | null; endedAt: string | null; agentId: number | null }[];
  const sessions = (await v.crud('/call-sessions?pagination.pageSize=1000')).items as { callId: number; endedAt: string | null; startedAt: string }[];
  const dialogs = (await v.cdr()).data as Record<string, any>[];
  const history = parseOut((await v.h.http('call_history', '<in><request><filters limit="1000"/></request></in>')).xml).response.history.call_history as Record<string, string>[];
  const numberOf = new Map(((await v.crud('/agents')).items as { id: number; webexUserNumber: string }[]).map((a) => [a.id, a.webexUserNumber]));
  const finished = calls.filter((c) => c.endedAt !== null);
  t.equal(rows.length, finished.length, 'one Huawei row per finished call of agent CRUD');
  t.equal(rows.length, dialogs.filter((d) => d.dialog_type === 'EXTERNAL').length, "one per CDR call (its EXTERNAL side)");
  const ms = (iso: string | null) => (iso === null ? 0 : Date.parse(iso));
  const seen = new Set<string>();

  for (const row of rows) {
    const seq = Number(row.callId.split('-')[1]);
    const call = calls.find((c) => c.id === seq);
    const where = `${row.callId}`;
    t.ok(call, `${where}: the CRUD call of that number`);
    if (!call) continue;
    const external = dialogs.find((d) => d.operator_call_id === call.callId && d.dialog_type === 'EXTERNAL');
    const agentSide = dialogs.find((d) => d.operator_call_id === call.callId && d.dialog_type !== 'EXTERNAL');
    const line = history.find((l) => l.call_ref === call.callId);
    t.ok(external, `${where}: its CDR dialog`);
    if (!external) continue;
    const inbound = row.callType === 0;
    t.equal(call.callDirection, inbound ? 1 : 2, `${where}: CRUD direction`);
    t.equal(external.business_direction, inbound ? 'INBOUND' : 'OUTBOUND', `${where}: CDR direction`);
    // When: Huawei's ms timestamps are the CRUD's exactly, and the CDR's and the ARM's to the second.
    t.equal(row.callBegin, ms(call.arrivedAt), `${where}: callBegin = CRUD arrivedAt`);
    t.equal(row.ackBegin, ms(call.answeredAt), `${where}: ackBegin = CRUD answeredAt (0: none)`);
    t.equal(row.callEnd, ms(call.endedAt), `${where}: callEnd = CRUD endedAt`);
    t.equal(row.logDate, row.callEnd);
    t.equal(cdrTime(row.callBegin), external.start_time, `${where}: = CDR start_time`);
    t.equal(external.hangup_time, cdrTime(row.callEnd), `${where}: = CDR hangup_time`);
    t.equal(external.answer_time, row.ackBegin === 0 ? null : cdrTime(row.ackBegin), `${where}: = CDR answer_time`);
    // Who: the numbers.
    const remote = digits(inbound ? row.callerNo : row.calleeNo);
    t.equal(digits(call.phoneNumber), remote, `${where}: the remote party's number = CRUD phoneNumber`);
    t.equal(digits(inbound ? external.from_display_target : external.to_display_target), remote, `${where}: = the CDR's`);
    if (inbound) t.equal(row.calleeNo, '88001234', `${where}: the caller dialled the VDN's access code`);
    else t.equal(row.callerNo, numberOf.get(call.agentId as number), `${where}: a dial-out is from the agent's number (CRUD webexUserNumber)`);

    const answered = row.ackBegin !== 0;
    if (answered && agentSide) {
      t.equal(agentSide.talking_time, row.callEnd - row.ackBegin, `${where}: talk = CDR talking_time (ms)`);
      const session = sessions.find((s) => s.callId === seq);
      t.ok(session && ms(session.endedAt) === row.callEnd, `${where}: its CRUD session ends with it`);
    }
    // The ARM history has every answered call, with the same times and the same side hanging up.
    if (answered) {
      t.ok(line, `${where}: its ARM history line`);
      if (!line) continue;
      t.equal(line.direction, inbound ? 'in' : 'out', `${where}: ARM direction`);
      t.equal(line.start_time, armTime(row.callBegin), `${where}: ARM start_time`);
      t.equal(line.answer_time, armTime(row.ackBegin), `${where}: ARM answer_time`);
      t.equal(line.release_time, armTime(row.callEnd), `${where}: ARM release_time`);
    }
    // Who hung up (section 5.9), as Conpeek's sides and the ARM's A/B (A: the calling party) say it.
    const callerSide = external.business_end_cause;
    const agentEnd = agentSide?.business_end_cause;
    switch (row.leaveReason) {
      case 15: // the remote party released
        if (answered) {
          t.same([callerSide, agentEnd], ['DIALOG_LEFT', 'OTHER_SIDE_LEFT'], `${where}: the remote party hung up (CDR)`);
          t.equal(line?.release_reason, inbound ? 'released_by_a' : 'released_by_b', `${where}: (ARM)`);
        } else t.same([external.end_cause, callerSide], ['CANCEL', 'DIALOG_LEFT'], `${where}: the caller gave up waiting`);
        break;
      case 16: // the agent released
        t.same([callerSide, agentEnd], ['OTHER_SIDE_LEFT', 'DIALOG_LEFT'], `${where}: the agent hung up (CDR)`);
        if (answered) t.equal(line?.release_reason, inbound ? 'released_by_b' : 'released_by_a', `${where}: (ARM)`);
        break;
      case 17:
        t.same([callerSide, agentEnd], ['TRANSFERRED', 'DIALOG_LEFT'], `${where}: transferred out (CDR)`);
        t.equal(line?.release_reason, 'released_by_b', `${where}: the operator let the call go (ARM)`);
        break;
      case 2:
        t.equal(external.end_cause, 'TIMEOUT', `${where}: a time-out (CDR)`);
        break;
      case 25:
        t.equal(external.end_cause, 'REJECTED', `${where}: turned away (CDR)`);
        break;
      case 26:
        t.equal(external.end_cause, 'NO_ANSWER', `${where}: nobody answered the dial-out (CDR)`);
        break;
      default:
        t.fail(`${where}: leaveReason ${row.leaveReason} is not one the script makes`);
    }
    seen.add(`${inbound ? 'in' : 'out'} ${row.leaveReason}`);
  }
  for (const kind of ['in 15', 'in 16', 'in 17', 'in 2', 'in 25', 'out 16', 'out 26']) t.ok(seen.has(kind), `the hour has a call ${kind}`);
});

t.test('calls in progress: querybasiccallinfo is the CRUD call not ended yet', async (t) => {
  const v = await views();
  t.teardown(() => v.h.close());
  let checked = 0;
  for (const s of [12, 25, 45, 105, 205, 252, 305, 405]) {
    await v.h.runUntil(s);
    const live = ((await v.crud('/calls?pagination.pageSize=1000')).items as { id: number; callId: string; arrivedAt: string; answeredAt: string | null; endedAt: string | null; agentId: number | null; phoneNumber: string }[]).filter((c) => c.endedAt === null);
    const agents = new Map(((await v.crud('/agents')).items as { id: number; webexUserNumber: string }[]).map((a) => [a.id, Number(a.webexUserNumber)]));
    for (const c of live) {
      const id = `${Math.floor(Date.parse(c.arrivedAt) / 1000)}-${c.id}`;
      const info = (await v.huawei('/calldata/querybasiccallinfo', { callId: id })).resultDesc;
      const where = `t=${s} ${id}`;
      t.ok(info, `${where}: in progress in both`);
      if (!info) continue;
      t.equal(info.keyId, c.callId, `${where}: keyId is the world's call id`);
      t.equal(info.time, Date.parse(c.arrivedAt), `${where}: time`);
      t.equal(info.totalTalkingTimes, c.answeredAt === null ? 0 : Math.floor((v.h.sim.scenario.startMs + s * 1000 - Date.parse(c.answeredAt)) / 1000), `${where}: talking since the answer`);
      if (c.answeredAt !== null && c.agentId !== null) t.same([info.deviceType, info.deviceNo], [2, agents.get(c.agentId)], `${where}: on its agent (workno = number)`);
      else if (c.agentId === null) t.equal(info.deviceType, 1, `${where}: in a queue`);
      checked++;
    }
  }
  t.ok(checked >= 8, `${checked} calls in progress compared`);
});
