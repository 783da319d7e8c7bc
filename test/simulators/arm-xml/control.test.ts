/**
 * The supervisor and call-control commands on the engine: block_operator / unblock_operator, call_hold /
 * call_unhold and call_unattended_transfer (to a queue and to a number) over HTTP, their refusals as ECSS
 * errors, what the world's records and the operator's history show afterwards, the Telphin view agreeing
 * on a block, and the frames a logged-in WebSocket receives for each of these (and for rest and a dial-out).
 * A supervisor's commands come from a logged-in session (Vera's, 202): without one they are refused
 * (security.test.ts).
 * Every XML the server sent is validated against the XSD it names.
 */
import t from 'tap';
import { armHarness, inXml, parseOut, validateAll, type ArmHarness, type WsClient } from './harness.js';

const SCENARIO = JSON.stringify({
  scenarios: {
    ctl: {
      seed: 11,
      duration: '1h',
      outbound: { answer_probability: 1, answer_after: 4, no_answer_after: 30 },
      queues: [
        { id: 'q', tier_rules_apply: false, exit_with_no_av_agents: false },
        { id: 'vip', tier_rules_apply: false, exit_with_no_av_agents: false },
      ],
      agents: [
        { id: 'op', name: 'Olga', number: '201', queues: [{ queue: 'q' }], answer: { after: 2 }, talk_time: 600, wrap_up_time: 5 },
        { id: 'vb', name: 'Vera', number: '202', queues: [{ queue: 'vip' }], answer: { after: 2 }, talk_time: 600, wrap_up_time: 5 },
      ],
      callers: [{ queue: 'q', arrivals: { process: 'fixed', at: [10, 200] }, numbers: ['+74950000001', '+74950000002'] }],
    },
  },
});

async function telphinStatus(h: ArmHarness, name: string): Promise<string> {
  const tok = await h.app.inject({ method: 'POST', url: '/oauth/token', payload: 'grant_type=client_credentials&client_id=ccsim&client_secret=ccsim-secret', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const r = await h.app.inject({ url: '/api/ver1.0/client/@me/agent/local', headers: { authorization: `Bearer ${tok.json().access_token}` } });
  const list = r.json() as { name: string; status: string }[];
  const agent = list.find((a) => a.name === name);
  if (!agent) throw new Error(`Telphin lists no agent '${name}': ${r.body}`);
  return agent.status;
}

const agentOf = (xml: string) => parseOut(xml).response.agent;
const convOf = (xml: string) => parseOut(xml).response.conversation;
const errorOf = (xml: string) => parseOut(xml).error;

t.test('block_operator holds the operator on break until unblock_operator; the Telphin view agrees', async (t) => {
  const h = await armHarness(SCENARIO);
  t.teardown(() => h.close());
  const cookie = await h.loginHttp('201');
  const sup = await h.loginHttp('202');

  const block = await h.http('block_operator', inXml(' agent_id="201"/>'), sup);
  t.equal(block.status, 200);
  t.match(agentOf(block.xml), { agent_id: '201', status: 'blocked', reason: 'blocked' });
  t.match(h.sim.engine.queries.agent('op'), { status: 'on_break', blocked: true });
  t.equal(await telphinStatus(h, 'Olga'), 'on_break', 'Telphin shows the blocked agent on break');

  const ready = await h.http('make_available', inXml('/>'), cookie);
  t.match(errorOf(ready.xml), { type: 'cannot_perform_cmd', reason: /blocked by a supervisor/ }, 'a blocked operator cannot make itself available');
  const aux = await h.http('auxwork', inXml(' reason="lunch"/>'), cookie);
  t.match(agentOf(aux.xml), { status: 'blocked', reason: 'blocked' }, 'auxwork while blocked: on break already, still shown blocked');
  const again = await h.http('block_operator', inXml(' agent_id="201"/>'), sup);
  t.match(errorOf(again.xml), { type: 'cannot_perform_cmd', reason: /already blocked/ });
  t.match(h.sim.engine.queries.agent('op'), { status: 'on_break', blocked: true }, 'the refusals changed nothing');

  await h.runUntil(30);
  t.equal(h.sim.engine.queries.calls()[0].agent, null, 'the caller at 10 s is not offered to the blocked operator');

  const unblock = await h.http('unblock_operator', inXml(' agent_id="201"/>'), sup);
  t.match(agentOf(unblock.xml), { agent_id: '201', status: 'available', reason: '' }, 'unblocking restores the status from before the block');
  t.match(h.sim.engine.queries.agent('op'), { status: 'available', blocked: false });
  t.equal(await telphinStatus(h, 'Olga'), 'available');
  await h.runUntil(35);
  t.equal(h.sim.engine.queries.calls()[0].agent, 'op', 'once unblocked the operator takes the waiting caller');

  const twice = await h.http('unblock_operator', inXml(' agent_id="201"/>'), sup);
  t.match(errorOf(twice.xml), { type: 'cannot_perform_cmd', reason: /not blocked/ });
  const nobody = await h.http('block_operator', inXml(' agent_id="999"/>'), sup);
  t.match(errorOf(nobody.xml), { type: 'unknown_operator', reason: /999/ });
  const missing = await h.http('block_operator', inXml('/>'), sup);
  t.match(errorOf(missing.xml), { type: 'invalid_request', reason: /agent_id is required/ });
  t.same(await validateAll(h.sent), [], 'every response validates');
});

t.test('call_hold / call_unhold on the operator\'s current call, then a transfer to a queue', async (t) => {
  const h = await armHarness(SCENARIO);
  t.teardown(() => h.close());
  const cookie = await h.loginHttp('201');
  const sup = await h.loginHttp('202');
  await h.runUntil(15);
  const id = h.sim.engine.queries.agent('op')!.current_call as string;
  t.ok(id, 'the operator talks to the first caller');

  const hold = await h.http('call_hold', inXml(` conversation_id="${id}"/>`), cookie);
  t.match(convOf(hold.xml), { id, status: 'hold', direction: 'in', queue_id: 'q', agent_id: '201', remote_digits: '+74950000001' });
  t.same(h.sim.engine.queries.call(id)!.holds, [{ t: 15_000, endT: null }]);
  const doubleHold = await h.http('call_hold', inXml(` conversation_id="${id}"/>`), cookie);
  t.match(errorOf(doubleHold.xml), { type: 'cannot_perform_cmd', reason: /already on hold/ });
  const notMine = await h.http('call_hold', inXml(` conversation_id="${id}" operator_id="202"/>`), sup);
  t.match(errorOf(notMine.xml), { type: 'cannot_perform_cmd', reason: /not operator '202''s/ });
  const unknown = await h.http('call_hold', inXml(' conversation_id="no-such-call"/>'), cookie);
  t.match(errorOf(unknown.xml), { type: 'unknown_conversation', reason: /no-such-call/ });

  await h.runUntil(20);
  const unhold = await h.http('call_unhold', inXml(` conversation_id="${id}" operator_id="201"/>`), sup);
  t.match(convOf(unhold.xml), { id, status: 'working' }, "a supervisor's session takes the call off hold, naming its operator");
  t.same(h.sim.engine.queries.call(id)!.holds, [{ t: 15_000, endT: 20_000 }]);
  const doubleUnhold = await h.http('call_unhold', inXml(` conversation_id="${id}"/>`), cookie);
  t.match(errorOf(doubleUnhold.xml), { type: 'cannot_perform_cmd', reason: /not on hold/ });

  await h.runUntil(30);
  const badNumber = await h.http('call_unattended_transfer', inXml(` original_conversation_id="${id}" to_number="sales desk"/>`), cookie);
  t.match(errorOf(badNumber.xml), { type: 'invalid_request', reason: /^to_number: number must be a phone number/ });
  t.equal(h.sim.engine.queries.call(id)!.endedT, null, 'a refused transfer leaves the call as it was');

  const transfer = await h.http('call_unattended_transfer', inXml(` original_conversation_id="${id}" to_number="vip"/>`), cookie);
  t.match(convOf(transfer.xml), { id, status: 'released', transferred_to: 'vip', release_reason: 'released_by_b' });
  const rec = h.sim.engine.queries.call(id)!;
  t.match(rec, { endedT: 30_000, releasedBy: 'agent', transferredTo: { queue: 'vip' } });
  const next = h.sim.engine.queries.calls().find((c) => c.transferredFrom === id);
  t.match(next, { queue: 'vip', number: '+74950000001', arrivedT: 30_000 }, 'the caller joins vip as a new call');
  t.ok(h.sim.engine.queries.agent('op')!.wrap_up_until_t, 'the transferring operator wraps up');
  await h.runUntil(40);
  t.equal(h.sim.engine.queries.call(next!.id)!.agent, 'vb', 'and Vera answers it');

  const gone = await h.http('call_unattended_transfer', inXml(` original_conversation_id="${id}" to_number="vip"/>`), cookie);
  t.match(errorOf(gone.xml), { type: 'unknown_conversation', reason: /no live conversation/ });

  const hist = await h.http('operator_call_history', '<in><request><filters limit="10"/></request></in>', cookie);
  const lines = parseOut(hist.xml).response.history.call_history;
  t.equal(lines.length, 1);
  const talk = (rec.endedT! - rec.answeredT!) / 1000;
  t.match(lines[0], { call_ref: id, queue_id: 'q', direction: 'in', release_reason: 'released_by_b', talk_duration: String(talk), duration: String(talk - 5) }, 'the operator released it; the 5 s on hold are not duration');

  const veraHist = await h.http('call_history', '<in><request><filters limit="10" cc_agent_id="202"/></request></in>');
  t.equal(parseOut(veraHist.xml).response.history?.call_history?.length ?? 0, 0, 'the transferred call is live with Vera, not history yet');
  t.same(await validateAll(h.sent), [], 'every response validates');
});

t.test('call_unattended_transfer to a number ends the operator\'s part; its history shows who released it', async (t) => {
  const h = await armHarness(SCENARIO);
  t.teardown(() => h.close());
  const cookie = await h.loginHttp('201');
  await h.runUntil(60);
  const id = h.sim.engine.queries.agent('op')!.current_call as string;
  const callsBefore = h.sim.engine.queries.calls().length;

  const transfer = await h.http('call_unattended_transfer', inXml(` original_conversation_id="${id}" to_number="+74951112233" workitem_id="w1"/>`), cookie);
  t.match(convOf(transfer.xml), { id, status: 'released', transferred_to: '+74951112233', release_reason: 'released_by_b' });
  t.match(h.sim.engine.queries.call(id), { endedT: 60_000, releasedBy: 'agent', transferredTo: { number: '+74951112233' }, transferredFrom: null });
  t.equal(h.sim.engine.queries.calls().length, callsBefore, 'a transfer out of the call center starts no queue call');
  t.notOk(h.sim.engine.queries.calls().some((c) => c.transferredFrom === id));

  await h.runUntil(70);
  const hist = await h.http('operator_call_history', '<in><request><filters limit="10"/></request></in>', cookie);
  const [line] = parseOut(hist.xml).response.history.call_history;
  t.match(line, { call_ref: id, release_reason: 'released_by_b', remote_digits: '+74950000001' });
  const sup = await h.http('call_history', '<in><request><filters limit="10"/></request></in>');
  t.match(parseOut(sup.xml).response.history.call_history, [{ call_ref: id, release_reason: 'released_by_b', agent_b_id: '201' }]);
  t.same(await validateAll(h.sent), [], 'every response validates');
});

/** Waits until the server has sent everything before a round trip on the same socket. */
function syncer(c: WsClient) {
  let n = 9000;
  return async () => {
    await c.request(String(++n), 'ping', '<in/>');
  };
}

t.test('a logged-in WebSocket is pushed its block, holds, transfer, rest and dial-out', async (t) => {
  const h = await armHarness(SCENARIO);
  t.teardown(() => h.close());
  const c = await h.ws();
  const sync = syncer(c);
  let seen = 0;
  /** The frames pushed since the last call, as short strings. */
  const pushed = async () => {
    await sync();
    const fresh = c.events.slice(seen);
    seen = c.events.length;
    return fresh.map((e) => {
      const ev = parseOut(e.xml).event;
      if (e.name === 'agents_info_event') return `agent:${ev.agent.status}/${ev.agent.reason}/${ev.agent.state}`;
      const conv = ev.conversation;
      return `call:${conv.status}${conv.release_reason ? `/${conv.release_reason}` : ''}${conv.transferred_to ? `>${conv.transferred_to}` : ''}`;
    });
  };

  const login = await c.request('0001', 'login', '<in><request agent_id="201"/></in>');
  t.match(agentOf(login.xml), { status: 'available' });
  t.same(await pushed(), [], 'an operator already available is not pushed a change at login');
  const sup = await h.loginHttp('202');

  await h.http('block_operator', inXml(' agent_id="201"/>'), sup);
  t.same(await pushed(), ['agent:blocked/blocked/waiting'], 'agent.blocked: one agents_info_event, not one per engine event');
  const refused = await c.request('0002', 'make_available', '<in><request/></in>');
  t.match(errorOf(refused.xml), { type: 'cannot_perform_cmd' });
  t.same(await pushed(), [], 'a refused make_available pushes nothing');
  await h.http('unblock_operator', inXml(' agent_id="201"/>'), sup);
  t.same(await pushed(), ['agent:available//waiting'], 'agent.unblocked: back to available, without a passing auxwork');

  await h.runUntil(15);
  t.same(await pushed(), ['call:alerting', 'agent:available//ringing', 'call:working', 'agent:available//handle_call'], 'the offer and the answer, in the engine\'s order');
  const id = h.sim.engine.queries.agent('op')!.current_call as string;

  const hold = await c.request('0003', 'call_hold', `<in><request conversation_id="${id}"/></in>`);
  t.match(convOf(hold.xml), { status: 'hold' });
  t.same(await pushed(), ['call:hold'], 'call.held');
  const dbl = await c.request('0004', 'call_hold', `<in><request conversation_id="${id}"/></in>`);
  t.match(errorOf(dbl.xml), { type: 'cannot_perform_cmd', reason: /already on hold/ });
  await h.runUntil(20);
  await c.request('0005', 'call_unhold', `<in><request conversation_id="${id}"/></in>`);
  t.same(await pushed(), ['call:working'], 'call.unheld');

  await h.runUntil(30);
  const transfer = await c.request('0006', 'call_unattended_transfer', `<in><request original_conversation_id="${id}" to_number="vip"/></in>`);
  t.match(convOf(transfer.xml), { status: 'released', transferred_to: 'vip' });
  t.same(await pushed(), ['call:released/released_by_b>vip', 'call:acw', 'agent:available//waiting'], 'call.transferred: released once, naming the target, then wrap-up');
  await h.runUntil(40);
  t.same(await pushed(), ['call:finished'], 'the wrap-up ends');

  const rest = await h.app.inject({ method: 'POST', url: '/__admin/agents/op/rest', payload: { seconds: 30, reason: 'tea' } });
  t.equal(rest.statusCode, 200, rest.body);
  t.same(await pushed(), ['agent:auxwork/tea/waiting'], 'agent.rest_started: on break with the rest reason');
  t.equal(await telphinStatus(h, 'Olga'), 'on_break');
  await h.runUntil(75);
  t.same(await pushed(), ['agent:available//waiting'], 'agent.rest_ended: back to available');

  const dial = h.sim.command((x) => x.dialOut('op', '+74957654321'));
  t.same(await pushed(), ['call:initiating', 'agent:available//handle_call'], 'agent.dialing: the conversation, then the operator busy on it');
  await h.runUntil(80);
  t.same(await pushed(), ['call:working'], 'the far end answered');
  await c.request('0007', 'call_hold', `<in><request conversation_id="${dial.id}"/></in>`);
  t.same(await pushed(), ['call:hold'], 'a dial-out can be held too');
  await c.request('0008', 'call_unattended_transfer', `<in><request original_conversation_id="${dial.id}" to_number="+74950009999"/></in>`);
  t.same(await pushed(), ['call:released/released_by_a>+74950009999', 'agent:available//waiting'], 'an outbound call the operator releases is released_by_a; the operator is free again');
  t.match(h.sim.engine.queries.call(dial.id), { kind: 'external', releasedBy: 'agent', transferredTo: { number: '+74950009999' } });

  t.same(await validateAll(h.sent), [], 'every reply and pushed frame validates');
});
