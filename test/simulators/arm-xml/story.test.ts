/**
 * An operator's day through the WebSocket (done-when 4): log in, go available, receive its call events
 * while the scenario runs, take a break, log out; at every step the ARM view (reply and pushed events)
 * and the Telphin view of the same agent and queue agree.
 */
import t from 'tap';
import { armHarness, parseOut, validateAll } from './harness.js';

const SCENARIO = JSON.stringify({
  scenarios: {
    day: {
      seed: 5,
      duration: '1h',
      queues: [{ id: 'q', strategy: 'longest-idle-agent', tier_rules_apply: false }],
      agents: [{ id: 'op', name: 'Olga', number: '201', status: 'logged_out', queues: [{ queue: 'q' }], call_timeout: 15, wrap_up_time: 5, answer: { after: 3 }, talk_time: 20 }],
      callers: [{ queue: 'q', arrivals: { process: 'fixed', at: [30, 120, 200] } }],
    },
  },
});

const WORLD_OF: Record<string, string> = { available: 'available', auxwork: 'on_break', logged_out: 'logged_out' };

t.test('a WebSocket operator logs in, works its calls and takes a break; the Telphin view agrees at every step', async (t) => {
  const h = await armHarness(SCENARIO);
  t.teardown(() => h.close());
  const tok = await h.app.inject({ method: 'POST', url: '/oauth/token', payload: 'grant_type=client_credentials&client_id=ccsim&client_secret=ccsim-secret', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const auth = { authorization: `Bearer ${tok.json().access_token}` };
  const telphin = async () => {
    const agent = (await h.app.inject({ url: '/api/ver1.0/client/@me/agent/local/1', headers: auth })).json();
    const queue = (await h.app.inject({ url: '/api/ver1.0/extension/1000/queue/status/', headers: auth })).json();
    return { status: agent.status as string, queue };
  };
  const agrees = async (armStatus: string, step: string) => {
    const tel = await telphin();
    t.equal(tel.status, WORLD_OF[armStatus], `${step}: Telphin shows ${tel.status} for ARM ${armStatus}`);
    return tel;
  };

  const c = await h.ws();
  const agentOf = (xml: string) => parseOut(xml).response.agent;
  const lastAgentEvent = () => parseOut([...c.events].reverse().find((e) => e.name === 'agents_info_event')!.xml).event.agent;

  const login = await c.request('0001', 'login', '<in><request agent_id="201" websocket_control="true"/></in>');
  t.match(agentOf(login.xml), { agent_id: '201', display_name: 'Olga', status: 'auxwork', state: 'waiting' });
  t.equal(lastAgentEvent().status, 'auxwork', 'the login pushed the status change');
  await agrees('auxwork', 'login');

  const ready = await c.request('0002', 'make_available', '<in><request/></in>');
  t.match(agentOf(ready.xml), { status: 'available', reason: '' });
  t.equal(lastAgentEvent().status, 'available');
  await agrees('available', 'make_available');

  // The scenario runs: three callers, each offered, answered, released, wrapped up.
  const seen: string[] = [];
  for (let s = 1; s <= 300; s++) {
    const before = c.events.length;
    await h.runUntil(s);
    await new Promise((r) => setImmediate(r));
    for (const e of c.events.slice(before)) {
      if (e.name !== 'call_event') continue;
      const conv = parseOut(e.xml).event.conversation;
      seen.push(`${conv.id.slice(0, 8)}:${conv.status}`);
      const tel = await agrees('available', `${s}s ${conv.status}`);
      // While the operator talks the queue has one answered member; once released, none.
      if (conv.status === 'working') t.equal(tel.queue.answered_members, 1, `${s}s: Telphin counts the call the ARM operator works`);
      if (conv.status === 'released') t.equal(tel.queue.answered_members, 0, `${s}s: released in both views`);
      if (conv.status === 'released') t.match(conv.release_reason, /^released_by_[ab]$/, 'a talking call is released by one of its sides');
    }
  }
  const calls = h.sim.engine.queries.calls();
  t.equal(calls.length, 3);
  const story = calls.flatMap((x) => ['alerting', 'working', 'released', 'acw', 'finished'].map((s) => `${x.id.slice(0, 8)}:${s}`));
  t.same(seen, story, 'every call: alerting, working, released, acw, finished, in order');

  // The history over the same socket has the three calls.
  const hist = await c.request('0003', 'operator_call_history', '<in><request><filters offset="0" limit="10" skip_incomplete="true"/></request></in>');
  t.equal(parseOut(hist.xml).response.history.call_history.length, 3);

  const brk = await c.request('0004', 'auxwork', '<in><request reason="обед"/></in>');
  t.match(agentOf(brk.xml), { status: 'auxwork', reason: 'обед' });
  t.match(lastAgentEvent(), { status: 'auxwork', reason: 'обед' });
  await agrees('auxwork', 'auxwork');

  const out = await c.request('0005', 'logout_agent', '<in><request/></in>');
  t.match(agentOf(out.xml), { status: 'logged_out', reason: '' });
  await agrees('logged_out', 'logout_agent');

  t.same(await validateAll(h.sent), [], 'every reply and pushed event validates');
});
