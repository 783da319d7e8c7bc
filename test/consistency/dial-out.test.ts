/**
 * One dial-out, five views: an operator dials out (the scenario's timeline), the far end rings, answers,
 * they talk and the operator hangs up; later it dials again (through the agent CRUD API) and the call is
 * hung up while it still rings (through Conpeek). Read every second through Telphin, the agent CRUD API,
 * Huawei CC-CMS, the ARM WebSocket and, once each call is over, Conpeek's CDR, the ARM history and the CRUD
 * sessions: every view tells the same phase at the same instant. A dial-out refused because the phone is
 * busy changes nothing in any of them.
 */
import t from 'tap';
import { armHarness, parseOut, validateAll, type WsClient } from '../simulators/arm-xml/harness.js';
import { authV2 } from '../simulators/cti-status/signer.js';

const SCENARIO = JSON.stringify({
  scenarios: {
    out: {
      seed: 11,
      start: '2026-11-20T09:00:00Z',
      duration: '1h',
      outbound: { answer_probability: 1, answer_after: 4, no_answer_after: 30 },
      queues: [{ id: 'q', strategy: 'longest-idle-agent', tier_rules_apply: false }],
      agents: [{ id: 'op', name: 'Olga Petrova', number: '201', queues: [{ queue: 'q' }], answer: { after: 2 }, talk_time: 20, wrap_up_time: 5 }],
      timeline: [{ at: 10, agent: 'op', dial_out: '+74950001122' }],
      apis: { huawei: { worknos: { op: 201 } } },
    },
  },
});

type Phase = 'free' | 'dialing' | 'talking';
/** What the script makes of the operator's phone, second by second: dial at 10, answer at 14, hang-up at 34; dial at 50, hung up at 53 (before the far end's answer at 54). */
const phaseAt = (s: number): Phase => (s >= 10 && s < 14) || (s >= 50 && s < 53) ? 'dialing' : s >= 14 && s < 34 ? 'talking' : 'free';

/** Each view's word for each phase. Telphin shows mod_callcenter's status, which calls outside the queues leave alone. */
const EXPECTED: Record<Phase, { telphin: string; crud: number; huawei: [number, number]; arm: string; conversation: string | null }> = {
  free: { telphin: 'available', crud: 2, huawei: [4, 1], arm: 'waiting', conversation: null },
  dialing: { telphin: 'available', crud: 3, huawei: [7, 3], arm: 'handle_call', conversation: 'initiating' },
  talking: { telphin: 'available', crud: 4, huawei: [7, 5], arm: 'handle_call', conversation: 'working' },
};

/** The app over the scenario, and a way to read each view of it (Telphin with a token, Huawei signed at the simulation's time). */
async function fiveViews() {
  const h = await armHarness(SCENARIO);
  const startMs = h.sim.scenario.startMs;
  const tok = await h.app.inject({ method: 'POST', url: '/oauth/token', payload: 'grant_type=client_credentials&client_id=ccsim&client_secret=ccsim-secret', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const bearer = { authorization: `Bearer ${tok.json().access_token}` };
  const raw = async (url: string, headers: Record<string, string> = {}) => {
    const r = await h.app.inject({ url, headers });
    if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
    return r.body;
  };
  const json = async (url: string, headers: Record<string, string> = {}) => JSON.parse(await raw(url, headers));
  const huaweiRaw = async () => {
    const url = '/rest/cmsapp/v1/openapi/agentgroup/agentbyworkno';
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8', host: 'cms.example' };
    headers.authorization = authV2({ ak: 'ccsim-ak', sk: 'ccsim-sk', method: 'POST', url, headers, sign: ['content-type', 'host'], epochMs: startMs + h.sim.now() });
    return (await h.app.inject({ method: 'POST', url, headers, payload: JSON.stringify({ queryParam: { ccId: 1, vdn: 1, agentId: 201 } }) })).body;
  };
  return {
    h,
    startMs,
    raw,
    json,
    bearer,
    huaweiRaw,
    telphin: async () => (await json('/api/ver1.0/client/@me/agent/local/1', bearer)).status as string,
    crud: async () => (await json('/api/agents/1')).agentStatus as number,
    huawei: async () => JSON.parse(await huaweiRaw()).resultDatas as { status: number; citStatus: number; currentstatetime: number },
    cdr: async () => (await json('/cdr_dialog?limit=500', { authorization: 'ccsim-conpeek-key' })).data as Record<string, any>[],
    engine: () => h.sim.engine.queries.agent('op')!,
  };
}

t.test('an operator dialling out, then talking outbound, reads alike in all five views', async (t) => {
  const views = await fiveViews();
  const { h, startMs, json } = views;
  t.teardown(() => h.close());

  // The ARM workstation: logged in over the WebSocket, it is pushed the operator and its conversations.
  const ws: WsClient = await h.ws();
  const login = await ws.request('0001', 'login', '<in><request agent_id="201" websocket_control="true"/></in>');
  let arm = parseOut(login.xml).response.agent as Record<string, string>;
  let conversation: Record<string, string> | null = null;
  let seen = 0;
  let n = 1000;
  const armNow = async () => {
    await ws.request(String(++n), 'ping', '<in/>'); // a reply follows every frame pushed before it
    for (const e of ws.events.slice(seen)) {
      const ev = parseOut(e.xml).event;
      if (e.name === 'agents_info_event') arm = ev.agent;
      else conversation = ev.conversation;
    }
    seen = ws.events.length;
    return { state: arm.state, status: arm.status, conversation: conversation?.status ?? null };
  };

  const phasesSeen = new Set<Phase>();
  let firstCall: string | null = null;
  let secondCall: string | null = null;
  for (let s = 0; s <= 70; s++) {
    await h.runUntil(s);
    if (s === 50) {
      const made = await h.app.inject({ method: 'POST', url: '/api/agents/1/call-sessions', payload: { phoneNumber: '+74950003344', callDirection: 2 } });
      t.equal(made.statusCode, 201, made.body);
      secondCall = h.sim.engine.queries.agent('op')!.external[0].call;
    }
    if (s === 53) {
      const hung = await h.app.inject({ method: 'PUT', url: `/dialog/${secondCall}/hangup`, headers: { authorization: 'ccsim-conpeek-key' } });
      t.equal(hung.statusCode, 202, `Conpeek hangs up the ringing dial-out: ${hung.body}`);
    }
    const phase = phaseAt(s);
    const want = EXPECTED[phase];
    const engine = views.engine();
    if (phase !== 'free') firstCall ??= engine.external[0].call;
    const got = { telphin: await views.telphin(), crud: await views.crud(), huawei: await views.huawei(), arm: await armNow() };
    const where = `t=${s} (${phase}; engine ${engine.status}/${engine.state}, external ${JSON.stringify(engine.external.map((x) => x.phase))})`;
    t.same(engine.external.map((x) => x.phase), phase === 'free' ? [] : [phase], `${where}: the world`);
    t.equal(got.telphin, want.telphin, `${where}: Telphin ${got.telphin}`);
    t.equal(got.crud, want.crud, `${where}: agent CRUD ${got.crud}`);
    t.same([got.huawei.status, got.huawei.citStatus], want.huawei, `${where}: Huawei ${got.huawei.status}/${got.huawei.citStatus}`);
    t.equal(got.arm.state, want.arm, `${where}: ARM state ${got.arm.state}`);
    t.equal(got.arm.status, 'available', `${where}: ARM status`);
    if (want.conversation) t.equal(got.arm.conversation, want.conversation, `${where}: ARM conversation ${got.arm.conversation}`);
    else if (s > 10) t.equal(got.arm.conversation, 'released', `${where}: ARM conversation released`);
    if (phase !== 'free') t.notOk((await views.cdr()).some((d) => d.operator_call_id === engine.external[0].call), `${where}: no CDR dialog while the call is live`);
    // Huawei counts the state from its start: the dial (occupied), the answer (talking), the hang-up (idle).
    const since = phase === 'dialing' ? (s < 50 ? 10 : 50) : phase === 'talking' ? 14 : s >= 53 ? 53 : s >= 34 ? 34 : 0;
    t.equal(got.huawei.currentstatetime, s - since, `${where}: Huawei currentstatetime`);
    phasesSeen.add(phase);
  }
  t.same([...phasesSeen].sort(), ['dialing', 'free', 'talking'], 'every phase was read');

  // Both calls are over: the CDR, the ARM history and the CRUD sessions tell the same two calls.
  const records = h.sim.engine.queries.calls();
  const first = records.find((c) => c.id === firstCall)!;
  const second = records.find((c) => c.id === secondCall)!;
  t.match(first, { kind: 'external', direction: 'outbound', number: '+74950001122', arrivedT: 10_000, answeredT: 14_000, endedT: 34_000, releasedBy: 'agent' });
  t.match(second, { kind: 'external', direction: 'outbound', number: '+74950003344', arrivedT: 50_000, answeredT: null, endedT: 53_000, releasedBy: 'system' });
  const cdrTime = (ms: number) => new Date(startMs + ms).toISOString().slice(0, 19).replace('T', ' ');
  const armTime = (ms: number) => cdrTime(ms).replace(/-/g, '/');
  const iso = (ms: number) => new Date(startMs + ms).toISOString();
  const dialogs = await views.cdr();
  const cookie = await h.loginHttp('201');
  const history = parseOut((await h.http('operator_call_history', '<in><request><filters limit="50"/></request></in>', cookie)).xml).response.history.call_history as Record<string, string>[];
  const sessions = (await json('/api/call-sessions?pagination.pageSize=100')).items as Record<string, any>[];
  for (const call of [first, second]) {
    const answered = call.answeredT !== null;
    const where = `${answered ? 'answered' : 'unanswered'} dial-out ${call.id}`;
    const mine = dialogs.filter((d) => d.operator_call_id === call.id);
    t.same(mine.map((d) => d.dialog_type).sort(), ['EXTERNAL', 'TENANT_USER'], `${where}: CDR, the dialled party and the operator's own call`);
    for (const d of mine) {
      t.match(d, { business_direction: 'OUTBOUND', start_time: cdrTime(call.arrivedT), answer_time: answered ? cdrTime(call.answeredT!) : null, hangup_time: cdrTime(call.endedT!), talking_time: answered ? call.endedT! - call.answeredT! : 0, call_request_data: { dialing_method: 'manual' } }, `${where}: CDR ${d.dialog_type}`);
    }
    t.match(mine.find((d) => d.dialog_type === 'TENANT_USER'), { from_display_target: '201', to_display_target: call.number.replace(/^\+/, ''), tenant_user: { username: 'op' } }, `${where}: CDR from the operator to the number`);
    const line = history.find((l) => l.call_ref === call.id);
    t.match(line, { direction: 'out', digits: '201', remote_digits: call.number, queue_id: '', start_time: armTime(call.arrivedT), answer_time: answered ? armTime(call.answeredT!) : '', release_time: armTime(call.endedT!), release_reason: answered ? 'released_by_a' : 'released_by_system' }, `${where}: ARM history`);
    t.equal(Number(line?.waiting_duration), ((call.answeredT ?? call.endedT!) - call.arrivedT) / 1000, `${where}: ARM waiting = the far end's ring`);
    t.equal(Number(line?.talk_duration), answered ? (call.endedT! - call.answeredT!) / 1000 : 0, `${where}: ARM talk`);
    t.match(sessions.find((x) => x.callId === call.seq), { agentId: 1, callDirection: 2, phoneNumber: call.number, startedAt: iso(call.arrivedT), endedAt: iso(call.endedT!) }, `${where}: CRUD session from the dial to the end`);
  }
  t.same(await validateAll(h.sent), [], 'every ARM reply and pushed frame validates');
});

t.test('a dial-out refused because the phone is busy changes nothing in any view', async (t) => {
  const views = await fiveViews();
  const { h, raw, bearer } = views;
  t.teardown(() => h.close());
  const cookie = await h.loginHttp('201');
  const read = async () => [
    await raw('/api/ver1.0/client/@me/agent/local/1', bearer),
    await raw('/api/agents/1'),
    await raw('/api/call-sessions?pagination.pageSize=100'),
    await raw('/api/calls?pagination.pageSize=100'),
    await views.huaweiRaw(),
    (await h.http('operator_call_history', '<in><request><filters limit="50"/></request></in>', cookie)).xml,
    (await h.http('login_agent', '<in><request/></in>', cookie)).xml.replace(/timestamp="[^"]*"/, ''),
    await raw('/cdr_dialog?limit=500', { authorization: 'ccsim-conpeek-key' }),
    await raw('/__admin/state'),
    await raw('/__admin/events?after=0&limit=10000'),
  ];
  for (const at of [12, 20]) {
    await h.runUntil(at); // dialling at 12, talking at 20 (the scenario's dial-out)
    const before = await read();
    const r = await h.app.inject({ method: 'POST', url: '/api/agents/1/call-sessions', payload: { phoneNumber: '+74950005566', callDirection: 2 } });
    t.equal(r.statusCode, 409, `t=${at}: refused`);
    t.match(r.json().detail, at === 12 ? /already dialling out/ : /is talking on call/);
    t.same(await read(), before, `t=${at}: Telphin, agent CRUD, Huawei, ARM, Conpeek, the world and its event log unchanged`);
  }
});
