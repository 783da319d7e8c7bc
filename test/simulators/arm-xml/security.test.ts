/**
 * Who may act through ARM (issue 17 §5): HTTP session ids are random, so no client can guess another's
 * (nor derive one from the seed /__admin/health shows), yet the world and its event log stay the same run
 * to run; every command but `login` and `call_history` needs a logged-in session, over HTTP and over the
 * WebSocket, and a refused one changes nothing; a session may act on another operator as a supervisor.
 */
import t from 'tap';
import { ArmAdapter, MAX_SESSIONS } from '../../../src/simulators/arm-xml/adapter.js';
import { armHarness, inXml, parseOut, validateAll, type ArmHarness } from './harness.js';

const SCENARIO = JSON.stringify({
  scenarios: {
    sec: {
      seed: 11,
      duration: '1h',
      queues: [{ id: 'q', tier_rules_apply: false, exit_with_no_av_agents: false }],
      agents: [
        { id: 'op', name: 'Olga', number: '201', queues: [{ queue: 'q' }], answer: { after: 2 }, talk_time: 600, wrap_up_time: 5 },
        { id: 'vb', name: 'Vera', number: '202', status: 'logged_out', queues: [{ queue: 'q' }], answer: { after: 2 }, talk_time: 600 },
      ],
      callers: [{ queue: 'q', arrivals: { process: 'fixed', at: [10, 200] } }],
    },
  },
});

const SESSION_ID = /^arm-[0-9a-f]{32}$/;
const sessionOf = (cookie: string | undefined) => (cookie ?? '').replace(/^arm_session=/, '');
/** The world as a client could change it: every agent and call, and the event log's length. */
const world = (h: ArmHarness) => JSON.stringify({ agents: h.sim.engine.queries.agents(), calls: h.sim.engine.queries.calls(), seq: h.sim.eventSeq });

t.test('session ids are random 128-bit values, not a counter and not drawn from the seed', async (t) => {
  const a = await armHarness(SCENARIO);
  const b = await armHarness(SCENARIO);
  t.teardown(() => Promise.all([a.close(), b.close()]));
  const first = await a.http('login', inXml(' agent_id="201"/>'));
  t.match(sessionOf(first.cookie), SESSION_ID);
  t.equal(parseOut(first.xml).response.session_id, sessionOf(first.cookie), 'session_id in the reply is the cookie');
  const twin = await b.loginHttp('201');
  t.not(twin, first.cookie, 'the same scenario, seed and login in another server give another session id');

  const ids = new Set<string>();
  for (let i = 0; i < 200; i++) ids.add(sessionOf(await a.loginHttp(i % 2 ? '201' : '202')));
  t.equal(ids.size, 200, 'no two logins share an id');
  t.ok([...ids].every((id) => SESSION_ID.test(id)));

  // What a client could try: the old counter's ids, the WebSocket login's session_id, a neighbour of its own.
  const own = sessionOf(first.cookie);
  const neighbour = `arm-${(BigInt(`0x${own.slice(4)}`) + 1n).toString(16).padStart(32, '0')}`;
  for (const guess of ['arm-00000001', 'arm-00000002', 'ws-201', neighbour]) {
    const r = await a.http('operator_call_history', '<in><request><filters limit="1"/></request></in>', `arm_session=${guess}`);
    t.equal(r.status, 403, guess);
    t.equal(parseOut(r.xml).error?.type, 'not_logged_in', `${guess} is nobody's session`);
  }
  t.same(await validateAll([...a.sent, ...b.sent].slice(0, 50)), []);
});

t.test('random session ids leave the world deterministic: two runs of the same ARM script log the same events', async (t) => {
  const run = async () => {
    const h = await armHarness(SCENARIO);
    const replies: string[] = [];
    const send = async (command: string, xml: string, cookie?: string) => {
      const r = await h.http(command, xml, cookie);
      // The session id is the only difference a client may see between the two runs.
      replies.push(r.xml.replace(/session_id="[^"]*"/, 'session_id="S"'));
      return r;
    };
    const op = (await send('login', inXml(' agent_id="201"/>'))).cookie;
    const sup = (await send('login', inXml(' agent_id="202"/>'))).cookie;
    await send('block_operator', inXml(' agent_id="201"/>'), sup);
    await h.runUntil(30);
    await send('unblock_operator', inXml(' agent_id="201"/>'), sup);
    await h.runUntil(40);
    const call = h.sim.engine.queries.agent('op')!.current_call as string;
    await send('call_hold', inXml(` conversation_id="${call}"/>`), op);
    await h.runUntil(50);
    await send('call_unhold', inXml(` conversation_id="${call}"/>`), op);
    await send('auxwork', inXml(' agent_id="202" reason="coffee"/>'), op);
    await send('make_available', inXml('/>'), sup);
    await h.runUntil(300);
    const events = (await h.app.inject('/__admin/events?limit=10000')).body;
    const cookies = [op, sup];
    await h.close();
    return { events, replies, cookies };
  };
  const one = await run();
  const two = await run();
  t.ok(JSON.parse(one.events).events.length > 10, 'the script made a story');
  t.equal(two.events, one.events, 'byte-identical event logs');
  t.same(two.replies, one.replies, 'the same replies, session ids aside');
  t.not(two.cookies[0], one.cookies[0], 'while the session ids differ');
});

t.test('without a logged-in session every command but login and call_history is not_logged_in, and changes nothing', async (t) => {
  const h = await armHarness(SCENARIO);
  t.teardown(() => h.close());
  await h.runUntil(15);
  const call = h.sim.engine.queries.agent('op')!.current_call as string;
  t.ok(call, 'Olga talks to the first caller');
  const rows: [string, string][] = [
    ['block_operator', ' agent_id="201"/>'],
    ['unblock_operator', ' agent_id="201"/>'],
    ['login_agent', ' agent_id="202"/>'],
    ['logout_agent', ' agent_id="201"/>'],
    ['make_available', ' agent_id="202"/>'],
    ['auxwork', ' agent_id="201" reason="lunch"/>'],
    ['make_available', '/>'],
    ['call_hold', ` conversation_id="${call}" operator_id="201"/>`],
    ['call_hold', ` conversation_id="${call}"/>`],
    ['call_unhold', ` conversation_id="${call}"/>`],
    ['call_unattended_transfer', ` original_conversation_id="${call}" to_number="+74951112233"/>`],
    ['operator_call_history', '><filters limit="5"/></request>'],
  ];
  const before = world(h);
  const stale = await h.loginHttp('201');
  await h.app.inject({ method: 'POST', url: '/__admin/reset' });
  await h.runUntil(15);
  const reset = world(h);
  t.equal(reset, before, 'the same world after the reset');
  for (const cookie of [undefined, 'arm_session=arm-00000001', stale]) {
    for (const [command, attrs] of rows) {
      const name = `${command}${attrs.includes('agent_id') || attrs.includes('operator_id') ? ' naming an operator' : ''}, ${cookie ? (cookie === stale ? 'a session from before a reset' : 'a guessed cookie') : 'no cookie'}`;
      const r = await h.http(command, inXml(attrs), cookie);
      t.equal(r.status, 403, name);
      t.match(parseOut(r.xml).error, { type: 'not_logged_in', reason: new RegExp(`^${command} .*: log in first$`) }, name);
    }
  }
  t.equal(world(h), before, 'nothing refused changed the world');

  const ws = await h.ws();
  let n = 0;
  for (const [command, attrs] of rows) {
    const r = await ws.request(String(++n).padStart(4, '0'), command, inXml(attrs));
    t.equal(r.status, 403, `WebSocket before login: ${command}`);
    t.equal(parseOut(r.xml).error?.type, 'not_logged_in', `WebSocket before login: ${command}`);
  }
  t.equal(world(h), before, 'nor over the WebSocket');

  const open = await h.http('call_history', '<in><request><filters limit="5"/></request></in>');
  t.ok(parseOut(open.xml).response, 'call_history is read without a session');
  t.same(await validateAll(h.sent), [], 'every refusal is an ECSS <error> that validates');
});

t.test("a logged-in session acts on another operator as a supervisor; its own commands need no agent_id", async (t) => {
  const h = await armHarness(SCENARIO);
  t.teardown(() => h.close());
  const sup = await h.loginHttp('202');
  await h.runUntil(15);
  const block = await h.http('block_operator', inXml(' agent_id="201"/>'), sup);
  t.match(parseOut(block.xml).response.agent, { agent_id: '201', status: 'blocked' });
  const unblock = await h.http('unblock_operator', inXml(' agent_id="201"/>'), sup);
  t.match(parseOut(unblock.xml).response.agent, { agent_id: '201', status: 'available' });
  const call = h.sim.engine.queries.agent('op')!.current_call as string;
  const hold = await h.http('call_hold', inXml(` conversation_id="${call}" operator_id="201"/>`), sup);
  t.match(parseOut(hold.xml).response.conversation, { id: call, status: 'hold', agent_id: '201' });
  const notHers = await h.http('call_unhold', inXml(` conversation_id="${call}"/>`), sup);
  t.match(parseOut(notHers.xml).error, { type: 'cannot_perform_cmd', reason: /not operator '202''s/ }, "without operator_id a call must be the session's own");

  const ws = await h.ws();
  t.equal((await ws.request('0001', 'login', inXml(' agent_id="202"/>'))).status, 200);
  const own = await ws.request('0002', 'make_available', inXml('/>'));
  t.match(parseOut(own.xml).response.agent, { agent_id: '202', status: 'available' });
  t.same(await validateAll(h.sent), []);
});

t.test(`the adapter keeps at most ${MAX_SESSIONS} HTTP sessions, forgetting the oldest`, async (t) => {
  const h = await armHarness(SCENARIO);
  t.teardown(() => h.close());
  const adapter = new ArmAdapter(h.sim, h.app.log);
  t.teardown(() => adapter.close());
  const ids = Array.from({ length: MAX_SESSIONS + 1 }, (_, i) => adapter.openSession(i % 2 ? '201' : '202'));
  t.equal(adapter.sessionOperator(ids[0]), null, 'the oldest is gone');
  t.equal(adapter.sessionOperator(ids[1]), '201');
  t.equal(adapter.sessionOperator(ids[MAX_SESSIONS]), '202', 'the newest is kept');
});
