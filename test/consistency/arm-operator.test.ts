/**
 * An ARM operator's day over the WebSocket, read at every step through Huawei CC-CMS and Telphin as
 * well: logging in, going available, each pushed call event (ringing, talking, wrap-up) and the break
 * show the same agent state in the three views.
 */
import t from 'tap';
import { armHarness, parseOut, validateAll } from '../simulators/arm-xml/harness.js';
import { authV2 } from '../simulators/cti-status/signer.js';

const SCENARIO = JSON.stringify({
  scenarios: {
    day: {
      seed: 9,
      duration: '1h',
      queues: [{ id: 'q', strategy: 'longest-idle-agent', tier_rules_apply: false }],
      agents: [{ id: 'op', name: 'Olga', number: '201', status: 'logged_out', queues: [{ queue: 'q' }], wrap_up_time: 5, answer: { after: 3 }, talk_time: 20 }],
      callers: [{ queue: 'q', arrivals: { process: 'fixed', at: [30, 120] } }],
      apis: { huawei: { worknos: { op: 201 } } },
    },
  },
});

/** Huawei status/CTI status and Telphin status expected for each ARM step. */
const EXPECTED: Record<string, { huawei: [number, number]; telphin: string }> = {
  login: { huawei: [3, 7], telphin: 'on_break' },
  available: { huawei: [4, 1], telphin: 'available' },
  alerting: { huawei: [7, 4], telphin: 'available' },
  working: { huawei: [7, 5], telphin: 'available' },
  acw: { huawei: [5, 6], telphin: 'available' },
  finished: { huawei: [4, 1], telphin: 'available' },
  auxwork: { huawei: [3, 7], telphin: 'on_break' },
  logged_out: { huawei: [2, 0], telphin: 'logged_out' },
};

t.test('a WebSocket operator: Huawei and Telphin agree with the ARM at every step', async (t) => {
  const h = await armHarness(SCENARIO);
  t.teardown(() => h.close());
  const tok = await h.app.inject({ method: 'POST', url: '/oauth/token', payload: 'grant_type=client_credentials&client_id=ccsim&client_secret=ccsim-secret', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const bearer = { authorization: `Bearer ${tok.json().access_token}` };
  const huawei = async () => {
    const url = '/rest/cmsapp/v1/openapi/agentgroup/agentbyworkno';
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8', host: 'cms.example' };
    headers.authorization = authV2({ ak: 'ccsim-ak', sk: 'ccsim-sk', method: 'POST', url, headers, sign: ['content-type', 'host'], epochMs: h.sim.scenario.startMs + h.sim.now() });
    const r = await h.app.inject({ method: 'POST', url, headers, payload: JSON.stringify({ queryParam: { ccId: 1, vdn: 1, agentId: 201 } }) });
    return r.json().resultDatas as { status: number; citStatus: number };
  };
  const telphin = async () => (await h.app.inject({ url: '/api/ver1.0/client/@me/agent/local/1', headers: bearer })).json().status as string;
  const steps: string[] = [];
  const agrees = async (step: string, at: string) => {
    const hw = await huawei();
    const want = EXPECTED[step];
    t.same([hw.status, hw.citStatus], want.huawei, `${at} ${step}: Huawei ${hw.status}/${hw.citStatus}`);
    t.equal(await telphin(), want.telphin, `${at} ${step}: Telphin`);
    steps.push(step);
  };

  const c = await h.ws();
  await c.request('0001', 'login', '<in><request agent_id="201" websocket_control="true"/></in>');
  await agrees('login', 'login');
  await c.request('0002', 'make_available', '<in><request/></in>');
  await agrees('available', 'make_available');
  for (let s = 1; s <= 200; s++) {
    const before = c.events.length;
    await h.runUntil(s);
    await new Promise((r) => setImmediate(r));
    for (const e of c.events.slice(before)) {
      if (e.name !== 'call_event') continue;
      const status = parseOut(e.xml).event.conversation.status as string;
      // Released is the instant the conversation ends; the operator is then in wrap-up (acw, pushed too).
      if (status !== 'released') await agrees(status, `${s}s`);
    }
  }
  t.same(steps.slice(2), ['alerting', 'working', 'acw', 'finished', 'alerting', 'working', 'acw', 'finished'], 'two calls, every phase seen');
  await c.request('0003', 'auxwork', '<in><request reason="break"/></in>');
  await agrees('auxwork', 'auxwork');
  await c.request('0004', 'logout_agent', '<in><request/></in>');
  await agrees('logged_out', 'logout_agent');
  t.same(await validateAll(h.sent), [], 'every ARM reply and pushed event validates');
});
