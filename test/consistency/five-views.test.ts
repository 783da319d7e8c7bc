/**
 * One world, five views: a scripted day served by one app, read at the same instants through the Telphin
 * queue REST API, the agent CRUD API, Huawei CC-CMS, the ELTEX ARM (a logged-in WebSocket workstation per
 * operator) and Conpeek CDR. Agent states must tell the same story in every view that shows them, and
 * every finished call must be the same call (times, durations, direction, who hung up) in the CDR
 * dialogs, the ARM operator histories and the CRUD call sessions. Each view's own tests check it against
 * the engine; this one checks them against each other.
 */
import t from 'tap';
import { armHarness, parseOut, type WsClient } from '../simulators/arm-xml/harness.js';
import { authV2 } from '../simulators/cti-status/signer.js';

const SCENARIO = JSON.stringify({
  scenarios: {
    day: {
      seed: 7,
      start: '2026-11-20T09:00:00Z',
      duration: '15m',
      rest: { max_agents: 1 },
      outbound: { answer_probability: 1, answer_after: 4 },
      queues: [
        { id: 'support', strategy: 'longest-idle-agent', tier_rules_apply: false },
        { id: 'sales', strategy: 'ring-all', tier_rules_apply: false, max_wait_time: 45 },
      ],
      agents: [
        { id: 'alice', name: 'Alice Smith', number: '101', wrap_up_time: 10, queues: [{ queue: 'support', level: 1, position: 1 }, { queue: 'sales' }], answer: { after: 3 }, talk_time: 40 },
        { id: 'bob', name: 'Bob Jones', number: '102', wrap_up_time: 5, queues: [{ queue: 'support', level: 1, position: 2 }], answer: { after: 5 }, talk_time: 65 },
        { id: 'carol', name: 'Carol White', number: '103', queues: [{ queue: 'sales' }], answer: ['never', { after: 2 }], talk_time: 30 },
      ],
      callers: [
        { queue: 'support', arrivals: { process: 'fixed', at: [5, 20, 40, 62, 95, 130, 210, 260] }, releases_first: 0.5 },
        { queue: 'sales', arrivals: { process: 'fixed', at: [30, 100, 330] }, patience: 50 },
        { queue: 'sales', arrivals: { process: 'fixed', at: [331] }, patience: 1 },
      ],
      timeline: [
        { at: 150, agent: 'carol', dial_out: '+74950001122' },
        { at: 160, agent: 'bob', rest: 60 },
        { at: 165, agent: 'alice', rest: 30 },
        { at: 300, agent: 'alice', status: 'on_break' },
        { at: 420, agent: 'alice', status: 'logged_out' },
      ],
      apis: { huawei: { worknos: { alice: 101, bob: 102, carol: 103 } } },
    },
  },
});

const AGENTS = ['alice', 'bob', 'carol'];
const WORKNO: Record<string, number> = { alice: 101, bob: 102, carol: 103 };

async function views() {
  const h = await armHarness(SCENARIO);
  const app = h.app;
  const huawei = async (agent: string) => {
    const url = '/rest/cmsapp/v1/openapi/agentgroup/agentbyworkno';
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8', host: 'cms.example' };
    headers.authorization = authV2({ ak: 'ccsim-ak', sk: 'ccsim-sk', method: 'POST', url, headers, sign: ['content-type', 'host'], epochMs: h.sim.scenario.startMs + h.sim.now() });
    const r = await app.inject({ method: 'POST', url, headers, payload: JSON.stringify({ queryParam: { ccId: 1, vdn: 1, agentId: WORKNO[agent] } }) });
    return r.json().resultDatas as { status: number; citStatus: number; phonenumber: string | null };
  };
  const tok = await app.inject({ method: 'POST', url: '/oauth/token', payload: 'grant_type=client_credentials&client_id=ccsim&client_secret=ccsim-secret', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const token = tok.json().access_token as string;
  const get = async (url: string, headers: Record<string, string> = {}) => {
    const r = await app.inject({ method: 'GET', url, headers });
    if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
    return r.json();
  };
  const crudIds = new Map<string, number>();
  for (const a of (await get('/api/agents')).items as { id: number; agentName?: string; name?: string; webexUserNumber?: string }[]) crudIds.set(String(a.id), a.id);
  return {
    h,
    telphin: (path: string) => get(`/api/ver1.0${path}`, { authorization: `Bearer ${token}` }),
    crud: (path: string) => get(`/api${path}`),
    huawei,
    admin: (path: string) => get(`/__admin${path}`),
    cdr: () => get('/cdr_dialog?limit=500', { authorization: 'ccsim-conpeek-key' }),
    arm: async (command: string, xml: string, cookie?: string) => {
      const r = await app.inject({ method: 'POST', url: `/ccsim.local/service/cc/arm/${command}`, payload: xml, headers: { 'content-type': 'text/xml', ...(cookie ? { cookie } : {}) } });
      const set = r.headers['set-cookie'];
      return { status: r.statusCode, out: parseOut(r.body), cookie: typeof set === 'string' ? set.split(';')[0] : undefined };
    },
  };
}

/** One ARM workstation per operator, logged in over the WebSocket: the operator as last pushed (agents_info_event). */
async function workstations(v: Awaited<ReturnType<typeof views>>) {
  const shown = new Map<string, { socket: WsClient; agent: Record<string, string>; read: number }>();
  let n = 1000;
  for (const agent of AGENTS) {
    const socket = await v.h.ws();
    const login = await socket.request(String(++n), 'login', `<in><request agent_id="${v.h.sim.engine.queries.agent(agent)?.number}" websocket_control="true"/></in>`);
    shown.set(agent, { socket, agent: parseOut(login.xml).response.agent, read: 0 });
  }
  return async (agent: string) => {
    const ws = shown.get(agent)!;
    await ws.socket.request(String(++n), 'ping', '<in/>'); // its reply follows every frame pushed before it
    for (const e of ws.socket.events.slice(ws.read)) if (e.name === 'agents_info_event') ws.agent = parseOut(e.xml).event.agent;
    ws.read = ws.socket.events.length;
    return ws.agent as { status: string; state: string };
  };
}

t.test('agent states agree across Telphin, the agent CRUD API, Huawei and the ARM at every step', async (t) => {
  const v = await views();
  t.teardown(() => v.h.close());
  const arm = await workstations(v);
  const crudAgents = (await v.crud('/agents')).items as { id: number; agentName: string }[];
  t.equal(crudAgents.length, 3);
  const telphinAgents = (await v.telphin('/client/@me/agent/local/')) as { id: number; name: string }[];
  const telphinIdOf = (agent: string) => telphinAgents.find((a) => a.name === v.h.sim.engine.queries.agent(agent)?.name)?.id;
  const seen = new Set<string>();
  for (let s = 0; s <= 480; s += 3) {
    await v.h.runUntil(s);
    const telphin = (await v.telphin('/client/@me/agent/local/')) as { id: number; status: string }[];
    for (const [i, agent] of AGENTS.entries()) {
      const engine = v.h.sim.engine.queries.agent(agent);
      const crud = (await v.crud(`/agents/${crudAgents[i].id}`)) as { agentStatus: number };
      const hw = await v.huawei(agent);
      const tel = telphin.find((a) => a.id === telphinIdOf(agent)) as { status: string };
      const op = await arm(agent);
      const where = `t=${s} ${agent}: engine ${engine?.status}/${engine?.state}, telphin ${tel.status}, crud ${crud.agentStatus}, huawei ${hw.status}/${hw.citStatus}, arm ${op.status}/${op.state}`;
      const signedOut = tel.status === 'logged_out';
      t.equal(crud.agentStatus === 1, signedOut, `${where}: Offline in CRUD iff logged out in Telphin`);
      t.equal(hw.status === 2 && hw.citStatus === 0, signedOut, `${where}: signed out in Huawei iff logged out in Telphin`);
      t.equal(crud.agentStatus === 4, hw.status === 7 && hw.citStatus === 5, `${where}: Working in CRUD iff talking in Huawei`);
      t.equal(crud.agentStatus === 3, hw.status === 7 && hw.citStatus === 3, `${where}: DailOut in CRUD iff dialling (occupied) in Huawei`);
      if (crud.agentStatus === 5) t.ok(tel.status === 'on_break' && [3, 8].includes(hw.status), `${where}: Paused is a break everywhere`);
      if (hw.status === 8) t.ok(tel.status === 'on_break' && engine?.rest?.phase === 'resting', `${where}: Huawei rest is an engine rest`);
      if (hw.citStatus === 4) t.ok(engine?.state === 'receiving' && crud.agentStatus === 2, `${where}: ringing is Online in CRUD`);
      if (crud.agentStatus === 2) t.ok(tel.status === 'available' || tel.status === 'on_demand', `${where}: Online is available in Telphin`);
      t.equal(hw.phonenumber === null, signedOut, `${where}: a phone number only when signed in`);
      // The ARM: its status is Telphin's (on_break is auxwork); its state is busy on a call exactly when Huawei's is.
      t.equal(op.status, tel.status === 'on_break' ? 'auxwork' : tel.status, `${where}: ARM status`);
      t.equal(op.state === 'ringing', hw.status === 7 && hw.citStatus === 4, `${where}: ringing in the ARM iff answering in Huawei`);
      t.equal(op.state === 'handle_call', hw.status === 7 && (hw.citStatus === 3 || hw.citStatus === 5), `${where}: handle_call in the ARM iff occupied or talking in Huawei`);
      t.equal(op.state === 'handle_call', crud.agentStatus === 3 || crud.agentStatus === 4, `${where}: handle_call in the ARM iff DailOut or Working in CRUD`);
      seen.add(`crud ${crud.agentStatus}`).add(`huawei ${hw.status}/${hw.citStatus}`).add(`arm ${op.state} crud ${crud.agentStatus}`);
    }
  }
  // The script reaches every state the views map, so each rule above was exercised.
  for (const state of ['crud 1', 'crud 2', 'crud 3', 'crud 4', 'crud 5', 'huawei 4/1', 'huawei 7/4', 'huawei 7/5', 'huawei 7/3', 'huawei 5/6', 'huawei 8/8', 'huawei 2/0', 'arm handle_call crud 3', 'arm handle_call crud 4', 'arm ringing crud 2', 'arm waiting crud 2']) {
    t.ok(seen.has(state), `the story passes through ${state}`);
  }
});

t.test('every finished call is the same call in the CDR dialogs, the ARM histories and the CRUD sessions', async (t) => {
  const v = await views();
  t.teardown(() => v.h.close());
  await v.h.runUntil(600);
  const startMs = v.h.sim.scenario.startMs;
  const records = (v.h.sim.engine.queries.calls()).filter((c) => c.endedT !== null);
  const talked = records.filter((c) => c.answeredT !== null && c.agent !== null);
  t.ok(talked.length >= 8, `${talked.length} answered calls to compare`);
  t.ok(talked.some((c) => c.kind === 'external' && c.direction === 'outbound'), 'a dial-out among them');
  t.ok(records.some((c) => c.answeredT === null), 'and calls nobody answered');

  const dialogs = (await v.cdr()).data as Record<string, any>[];
  const sessions = (await v.crud('/call-sessions?pagination.pageSize=500')).items as Record<string, any>[];
  const crudAgentIds = new Map(((await v.crud('/agents?includeDeleted=true')).items as { id: number; webexUserNumber: string }[]).map((a, i) => [AGENTS[i], a.id]));
  const histories = new Map<string, Record<string, string>[]>();
  for (const agent of AGENTS) {
    const number = v.h.sim.engine.queries.agent(agent)?.number as string;
    const login = await v.arm('login', `<in><request agent_id="${number}"/></in>`);
    t.ok(login.cookie, `ARM login as ${agent}`);
    const r = await v.arm('operator_call_history', '<in><request><filters limit="500"/></request></in>', login.cookie);
    histories.set(agent, (r.out.response.history.call_history ?? []) as Record<string, string>[]);
  }

  const cdrTime = (ms: number) => new Date(startMs + ms).toISOString().slice(0, 19).replace('T', ' ');
  const secondsOf = (ms: number) => Math.floor((startMs + ms) / 1000);
  for (const call of records) {
    const mine = dialogs.filter((d) => d.operator_call_id === call.id);
    const external = mine.find((d) => d.dialog_type === 'EXTERNAL');
    t.ok(external, `call ${call.seq}: a caller-side dialog`);
    if (call.answeredT === null || call.agent === null) {
      if (call.kind === 'queue') t.equal(mine.length, 1, `call ${call.seq} never reached an agent: only the caller's dialog`);
      continue;
    }
    const agentSide = mine.find((d) => d.dialog_type === 'CONSULTANT' || d.dialog_type === 'TENANT_USER');
    const history = histories.get(call.agent)?.find((l) => l.call_ref === call.id);
    const session = sessions.find((s) => s.callId === call.seq);
    const where = `call ${call.seq} (${call.kind} ${call.direction}, ${call.agent})`;
    t.ok(agentSide && history && session, `${where}: in all three views`);
    if (!agentSide || !history || !session || !external) continue;
    // Who and when.
    t.equal(agentSide.tenant_user?.username, call.agent, `${where}: CDR agent`);
    t.equal(session.agentId, crudAgentIds.get(call.agent), `${where}: CRUD agent`);
    t.equal(agentSide.answer_time, cdrTime(call.answeredT), `${where}: CDR answer time`);
    t.equal(agentSide.hangup_time, cdrTime(call.endedT as number), `${where}: CDR hang-up time`);
    t.equal(Date.parse(session.endedAt), startMs + (call.endedT as number), `${where}: CRUD session end = CDR hang-up`);
    t.equal(history.release_time, new Date(startMs + (call.endedT as number)).toISOString().slice(0, 19).replace(/-/g, '/').replace('T', ' '), `${where}: ARM release time = CDR hang-up`);
    // How long they talked: CDR in ms, ARM in whole seconds of the same clock.
    t.equal(agentSide.talking_time, (call.endedT as number) - call.answeredT, `${where}: CDR talking_time`);
    t.equal(Number(history.talk_duration), secondsOf(call.endedT as number) - secondsOf(call.answeredT), `${where}: ARM talk_duration`);
    t.ok(Math.abs(Number(history.talk_duration) - agentSide.talking_time / 1000) < 1, `${where}: ARM and CDR talk durations agree`);
    // Which way, and who hung up.
    const inbound = call.direction === 'inbound';
    t.equal(history.direction, inbound ? 'in' : 'out', `${where}: ARM direction`);
    t.equal(session.callDirection, inbound ? 1 : 2, `${where}: CRUD direction`);
    t.equal(agentSide.business_direction === external.business_direction, true, `${where}: both CDR sides share the direction`);
    const agentLeft = agentSide.business_end_cause === 'DIALOG_LEFT';
    const callerLeft = external.business_end_cause === 'DIALOG_LEFT';
    const byA = history.release_reason === 'released_by_a';
    const byB = history.release_reason === 'released_by_b';
    if (call.releasedBy === 'system') t.equal(history.release_reason, 'released_by_system', `${where}: released by the system`);
    else {
      t.ok(agentLeft !== callerLeft, `${where}: exactly one CDR side left (${agentSide.business_end_cause}/${external.business_end_cause})`);
      // A is the calling party: the caller of an inbound call, the agent of an outbound one.
      t.equal(inbound ? callerLeft : agentLeft, byA, `${where}: the ARM's A side is the CDR side that left`);
      t.equal(inbound ? agentLeft : callerLeft, byB, `${where}: the ARM's B side`);
    }
  }
  const sessionCalls = new Set(sessions.map((s) => s.callId));
  t.equal(sessionCalls.size, talked.length, 'one CRUD session per answered call, and no others');
});
