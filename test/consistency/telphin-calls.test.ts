/**
 * Telphin's calls against the other views of the same calls. A scripted quarter hour (ring-all and
 * hunting queues, a caller who gives up, a dial-out, a transfer) with a click-to-call made through
 * Telphin: every finished call in Telphin's call history is the same call in Conpeek's CDR dialogs, the
 * ARM operator histories and the agent CRUD call sessions (times, talk, direction, numbers, who hung up,
 * a recording or not); at every step Telphin's current calls are the world's live calls, and a call
 * Telphin shows talking or dialling out is a live CRUD session whose agent is Working or DailOut in CRUD
 * and busy in the ARM; and the click-to-call reads alike in Telphin, the agent CRUD API, Huawei and the
 * ARM while it rings, dials and talks.
 */
import t from 'tap';
import { armHarness, parseOut, type ArmHarness } from '../simulators/arm-xml/harness.js';
import { authV2 } from '../simulators/cti-status/signer.js';

const SCENARIO = JSON.stringify({
  scenarios: {
    day: {
      seed: 13,
      start: '2026-11-20T09:00:00Z',
      duration: '15m',
      outbound: { answer_probability: 1, answer_after: 4 },
      queues: [
        { id: 'support', strategy: 'ring-all', tier_rules_apply: false },
        { id: 'sales', strategy: 'longest-idle-agent', tier_rules_apply: false, record_enabled: false, max_wait_time: 45 },
      ],
      agents: [
        { id: 'alice', name: 'Alice Smith', number: '101', wrap_up_time: 10, queues: [{ queue: 'support' }, { queue: 'sales' }], answer: { after: 3 }, talk_time: 40 },
        { id: 'bob', name: 'Bob Jones', number: '102', wrap_up_time: 5, queues: [{ queue: 'support' }], answer: { after: 5 }, talk_time: 65 },
        { id: 'carol', name: 'Carol White', number: '103', queues: [{ queue: 'sales' }], answer: ['never', { after: 2 }], talk_time: 30 },
      ],
      callers: [
        { queue: 'support', arrivals: { process: 'fixed', at: [5, 20, 40, 62, 95, 130, 210, 260] }, releases_first: 0.5 },
        { queue: 'sales', arrivals: { process: 'fixed', at: [30, 100, 330] }, patience: 50 },
        { queue: 'sales', arrivals: { process: 'fixed', at: [331] }, patience: 1 },
      ],
      timeline: [
        { at: 150, agent: 'carol', dial_out: '+74950001122' },
        { at: 420, agent: 'alice', status: 'logged_out' },
      ],
      apis: { huawei: { worknos: { alice: 101, bob: 102, carol: 103 } } },
    },
  },
});

const AGENTS = ['alice', 'bob', 'carol'];
const PHONE: Record<string, string> = { alice: '000*101', bob: '000*102', carol: '000*103' };
const START = Date.parse('2026-11-20T09:00:00Z');
const cdrTime = (ms: number) => new Date(START + ms).toISOString().slice(0, 19).replace('T', ' ');
const digits = (n: string) => n.replace(/^\+/, '');
type Row = Record<string, any>;

async function views() {
  const h = await armHarness(SCENARIO);
  const app = h.app;
  const tok = await app.inject({ method: 'POST', url: '/oauth/token', payload: 'grant_type=client_credentials&client_id=ccsim&client_secret=ccsim-secret', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const bearer = { authorization: `Bearer ${tok.json().access_token}` };
  const get = async (url: string, headers: Record<string, string> = {}) => {
    const r = await app.inject({ method: 'GET', url, headers });
    if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
    return r.json();
  };
  const cookies = new Map<string, string>();
  const arm = async (agent: string, command: string, xml: string) => {
    if (!cookies.has(agent)) cookies.set(agent, await h.loginHttp(h.sim.engine.queries.agent(agent)!.number));
    return parseOut((await h.http(command, xml, cookies.get(agent))).xml).response;
  };
  const crudIds = new Map<string, number>();
  ((await get('/api/agents')).items as { id: number }[]).forEach((a, i) => crudIds.set(AGENTS[i], a.id));
  return {
    h,
    telphin: (path: string) => get(`/api/ver1.0${path}`, bearer),
    telphinPost: (path: string, body: unknown) => app.inject({ method: 'POST', url: `/api/ver1.0${path}`, headers: { ...bearer, 'content-type': 'application/json' }, payload: JSON.stringify(body) }),
    crud: (path: string) => get(`/api${path}`),
    crudIds,
    cdr: async () => (await get('/cdr_dialog?limit=500', { authorization: 'ccsim-conpeek-key' })).data as Row[],
    armState: async (agent: string) => (await arm(agent, 'login_agent', '<in><request/></in>')).agent as Record<string, string>,
    armHistory: async (agent: string) => ((await arm(agent, 'operator_call_history', '<in><request><filters limit="500"/></request></in>')).history.call_history ?? []) as Record<string, string>[],
    huawei: async (agent: string) => {
      const url = '/rest/cmsapp/v1/openapi/agentgroup/agentbyworkno';
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8', host: 'cms.example' };
      headers.authorization = authV2({ ak: 'ccsim-ak', sk: 'ccsim-sk', method: 'POST', url, headers, sign: ['content-type', 'host'], epochMs: START + h.sim.now() });
      const r = await app.inject({ method: 'POST', url, headers, payload: JSON.stringify({ queryParam: { ccId: 1, vdn: 1, agentId: { alice: 101, bob: 102, carol: 103 }[agent] } }) });
      return r.json().resultDatas as { status: number; citStatus: number };
    },
  };
}

/** The Telphin agent behind a phone or number of a row (null: an outside party). */
function agentOf(username: string | null): string | null {
  return Object.entries(PHONE).find(([, p]) => p === username)?.[0] ?? null;
}

/** Transfers the first support call alice talks on, once she does, to sales (the day's one transfer). */
async function transferOnce(h: ArmHarness, done: { id: string | null }) {
  if (done.id) return;
  const talking = h.sim.engine.queries.liveCalls().find((c) => c.kind === 'queue' && c.queue === 'support' && c.agent === 'alice' && c.answeredT !== null && c.answeredT < h.sim.now() - 5000);
  if (!talking) return;
  h.sim.command((c) => c.transferCall(talking.id, { queue: 'sales' }));
  done.id = talking.id;
}

t.test("Telphin's call history is the same calls as the CDR, the ARM histories and the CRUD sessions", async (t) => {
  const v = await views();
  t.teardown(() => v.h.close());
  const transfer = { id: null as string | null };
  for (let s = 0; s <= 600; s += 5) {
    await v.h.runUntil(s);
    await transferOnce(v.h, transfer);
    if (s === 300) t.equal((await v.telphinPost('/extension/1002/callback/', { dst_num: '+74950009988' })).statusCode, 201, 'a click-to-call from alice at 300');
  }
  t.ok(transfer.id, 'a call was transferred');
  const history = (await v.telphin('/client/@me/call_history/?per_page=1000')).call_history as Row[];
  const dialogs = await v.cdr();
  const sessions = (await v.crud('/call-sessions?pagination.pageSize=500')).items as Row[];
  const arm = new Map<string, Record<string, string>[]>();
  for (const agent of AGENTS) arm.set(agent, await v.armHistory(agent));
  t.same(history.map((r) => r.call_uuid).sort(), [...new Set(dialogs.map((d) => d.operator_call_id as string))].sort(), 'the same finished calls as the CDR');
  const seen = new Set<string>();
  for (const row of history) {
    const mine = dialogs.filter((d) => d.operator_call_id === row.call_uuid);
    const external = mine.find((d) => d.dialog_type === 'EXTERNAL')!;
    const agentSide = mine.find((d) => d.dialog_type === 'CONSULTANT' || d.dialog_type === 'TENANT_USER');
    const where = `call ${row.call_uuid} (${row.flow}${row.cdr[0].application ? ' callback' : ''})`;
    const out = row.flow === 'out';
    t.equal(external.business_direction, out ? 'OUTBOUND' : 'INBOUND', `${where}: the CDR's direction`);
    t.equal(row.init_time_gmt, external.start_time, `${where}: init = the CDR's start`);
    t.equal(row.hangup_time_gmt, external.hangup_time, `${where}: hangup = the CDR's`);
    t.equal(digits(out ? row.to_username : row.from_username), external.anonymous.display_name.replace(/^\+/, ''), `${where}: the outside party's number`);
    if (!row.bridged) {
      seen.add(out ? 'unanswered out' : 'unanswered in');
      t.equal(row.bridged_time_gmt, null, `${where}: never bridged`);
      t.equal(external.answer_time, null, `${where}: never answered in the CDR`);
      if (!out) t.notOk(agentSide, `${where}: no agent's dialog`);
      t.notOk(sessions.some((x) => x.callId === v.h.sim.engine.queries.call(row.call_uuid)!.seq && !out), `${where}: no CRUD session`);
      continue;
    }
    seen.add(out ? (row.cdr[0].application ? 'callback' : 'dial-out') : row.cdr.some((l: Row) => l.flow === 'transfer') ? 'transferred' : 'answered in');
    const agent = agentOf(out ? row.from_username : row.bridged_username) as string;
    t.ok(agent, `${where}: an agent of the day`);
    t.equal(agentSide?.tenant_user?.username, agent, `${where}: the CDR's agent`);
    t.equal(row.bridged_time_gmt, agentSide?.answer_time, `${where}: bridged = the CDR's answer`);
    t.equal(row.bridged_duration, (Date.parse(`${row.hangup_time_gmt}Z`) - Date.parse(`${row.bridged_time_gmt}Z`)) / 1000, `${where}: bridged_duration from the times`);
    t.ok(Math.abs(row.bridged_duration - agentSide!.talking_time / 1000) < 1, `${where}: Telphin's talk and the CDR's talking_time agree`);
    const line = arm.get(agent)!.find((l) => l.call_ref === row.call_uuid)!;
    t.ok(line, `${where}: in ${agent}'s ARM history`);
    t.equal(line.direction, out ? 'out' : 'in', `${where}: the ARM's direction`);
    t.equal(Number(line.talk_duration), row.bridged_duration, `${where}: the ARM's talk_duration`);
    t.equal(line.release_time, row.hangup_time_gmt.replace(/-/g, '/'), `${where}: the ARM's release time`);
    // Who hung up: the ARM's A is the calling party (the caller in, the agent out).
    const expected = { released_by_a: 'caller_bye', released_by_b: 'callee_bye', released_by_system: 'internal_cancel' }[line.release_reason];
    t.equal(row.hangup_disposition, expected, `${where}: who hung up (ARM ${line.release_reason})`);
    const session = sessions.find((x) => x.callId === v.h.sim.engine.queries.call(row.call_uuid)!.seq)!;
    t.ok(session, `${where}: a CRUD session`);
    t.equal(session.agentId, v.crudIds.get(agent), `${where}: the CRUD session's agent`);
    t.equal(session.callDirection, out ? 2 : 1, `${where}: the CRUD direction`);
    t.equal(session.endedAt.slice(0, 19).replace('T', ' '), row.hangup_time_gmt, `${where}: the CRUD session ends at the hangup`);
    t.equal(digits(session.phoneNumber), digits(out ? row.to_username : row.from_username), `${where}: the CRUD session's number`);
    const recorded = row.cdr[0].record_uuid !== null;
    t.equal(recorded, (agentSide?.audio_video_recording ?? []).length > 0, `${where}: a recording in Telphin iff one in the CDR`);
    if (recorded) seen.add('recorded');
  }
  t.same([...seen].sort(), ['answered in', 'callback', 'dial-out', 'recorded', 'transferred', 'unanswered in'], 'the story passes through every kind of call');
});

t.test("Telphin's current calls are the world's live calls, and the CRUD sessions and ARM states of the same calls", async (t) => {
  const v = await views();
  t.teardown(() => v.h.close());
  const transfer = { id: null as string | null };
  const states = new Set<string>();
  for (let s = 0; s <= 480; s += 3) {
    await v.h.runUntil(s);
    await transferOnce(v.h, transfer);
    if (s === 300) await v.telphinPost('/extension/1002/callback/', { dst_num: '+74950009988' });
    const now = (await v.telphin('/client/@me/current_calls/')) as Row[];
    const live = v.h.sim.engine.queries.liveCalls();
    t.same(now.map((c) => c.call_uuid), live.map((c) => c.id), `t=${s}: the world's live calls`);
    const open = ((await v.crud('/call-sessions?withNoEndedAt=true&pagination.pageSize=500')).items as Row[]).map((x) => x.callId);
    const talking = now.filter((c) => c.call_state === 'talking' || c.call_state === 'hold' || c.flow === 'out');
    t.same(open.sort(), talking.map((c) => live.find((l) => l.id === c.call_uuid)!.seq).sort(), `t=${s}: the live CRUD sessions are the calls Telphin shows talking or dialling out`);
    for (const c of now) {
      states.add(`${c.flow} ${c.call_state}`);
      const agent = agentOf(c.flow === 'out' ? c.from_username : c.bridged_username);
      const where = `t=${s} ${c.call_uuid} ${c.flow} ${c.call_state}`;
      if (c.call_state === 'talking' || c.call_state === 'hold' || c.call_state === 'dialing' || (c.flow === 'out' && c.call_state === 'ringing')) {
        t.ok(agent, `${where}: an agent's call`);
        const crud = (await v.crud(`/agents/${v.crudIds.get(agent!)}`)).agentStatus as number;
        const busy = c.call_state === 'talking' || c.call_state === 'hold' ? 4 : 3;
        t.equal(crud, busy, `${where}: ${agent} is ${busy === 4 ? 'Working' : 'DailOut'} in CRUD`);
        t.equal((await v.armState(agent!)).state, 'handle_call', `${where}: ${agent} handles a call in the ARM`);
      } else if (c.call_state === 'ringing') {
        for (const r of c.ringing) {
          const ringing = agentOf(r.username)!;
          t.equal((await v.armState(ringing)).state, 'ringing', `${where}: ${ringing} rings in the ARM`);
          t.equal((await v.crud(`/agents/${v.crudIds.get(ringing)}`)).agentStatus, 2, `${where}: ${ringing} is Online in CRUD`);
        }
      }
    }
  }
  for (const state of ['in waiting', 'in ringing', 'in talking', 'out dialing', 'out talking', 'out ringing']) t.ok(states.has(state), `the story passes through ${state}`);
});

t.test('a click-to-call made through Telphin reads alike in Telphin, the agent CRUD API, Huawei and the ARM', async (t) => {
  const v = await views();
  t.teardown(() => v.h.close());
  await v.h.runUntil(440); // alice logged out at 420; bob and carol are free
  const r = await v.telphinPost('/extension/1003/callback/', { src_num: ['000*102'], dst_num: '+74950007766' });
  t.equal(r.statusCode, 201, r.body);
  const id = r.json().call_id as string;
  // Picked up at 441 (callback_answer_after 1), the far end answers 4 s later, bob talks 65 s.
  const phase = (s: number) => (s < 441 ? 'ringing' : s < 445 ? 'dialing' : s < 510 ? 'talking' : 'over');
  const seen = new Set<string>();
  for (let s = 440; s <= 512; s++) {
    await v.h.runUntil(s);
    const want = phase(s);
    const mine = ((await v.telphin('/client/@me/current_calls/')) as Row[]).find((c) => c.call_uuid === id);
    const crud = (await v.crud(`/agents/${v.crudIds.get('bob')}`)).agentStatus;
    const hw = await v.huawei('bob');
    const arm = (await v.armState('bob')).state;
    const where = `t=${s} (${want})`;
    if (want === 'over') {
      t.notOk(mine, `${where}: not in Telphin's current calls`);
      t.equal(crud === 3 || crud === 4, false, `${where}: CRUD no longer DailOut or Working`);
      continue;
    }
    seen.add(want);
    t.equal(mine?.call_state, want, `${where}: Telphin`);
    t.equal(crud, want === 'talking' ? 4 : 3, `${where}: CRUD ${want === 'talking' ? 'Working' : 'DailOut'}`);
    t.same([hw.status, hw.citStatus], want === 'talking' ? [7, 5] : [7, 3], `${where}: Huawei ${want === 'talking' ? 'talking' : 'occupied'}`);
    t.equal(arm, 'handle_call', `${where}: ARM`);
  }
  t.same([...seen], ['ringing', 'dialing', 'talking'], 'every phase was read');
  const row = (await v.telphin(`/client/@me/call_history/${id}`)) as Row;
  const dialogs = (await v.cdr()).filter((d) => d.operator_call_id === id);
  t.same(dialogs.map((d) => d.dialog_type).sort(), ['EXTERNAL', 'TENANT_USER'], "the CDR: the dialled party and bob's own call");
  for (const d of dialogs) t.match(d, { business_direction: 'OUTBOUND', start_time: row.init_time_gmt, answer_time: row.bridged_time_gmt, hangup_time: row.hangup_time_gmt, call_request_data: { dialing_method: 'manual' } }, `the CDR ${d.dialog_type}`);
  const line = (await v.armHistory('bob')).find((l) => l.call_ref === id);
  t.match(line, { direction: 'out', remote_digits: '+74950007766', start_time: row.init_time_gmt.replace(/-/g, '/'), answer_time: row.bridged_time_gmt.replace(/-/g, '/'), release_reason: 'released_by_a' }, "bob's ARM history");
  const session = ((await v.crud('/call-sessions?pagination.pageSize=500')).items as Row[]).find((x) => x.callId === v.h.sim.engine.queries.call(id)!.seq);
  t.match(session, { agentId: v.crudIds.get('bob'), callDirection: 2, phoneNumber: '+74950007766' }, 'a CRUD session');
  t.match(row, { flow: 'out', from_username: '000*102', to_username: '+74950007766', start_time_gmt: cdrTime(441_000), bridged_time_gmt: cdrTime(445_000), hangup_disposition: 'caller_bye' }, "Telphin's history");
});
