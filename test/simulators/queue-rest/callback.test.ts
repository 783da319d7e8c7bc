/**
 * Click-to-call (POST /extension/{id}/callback/, the Go SDK's CreateCallback) and GET /extension/{id}/agent/.
 * A callback as the SDK, AdvantShop and a PHP CRM send it rings the agent's phone, which picks up, then
 * dials the number: the same story in the event log, current_calls at each phase, the call history, and
 * the phone's event deliveries. Every way to name the origin; every refusal, which changes nothing.
 */
import t from 'tap';
import { GO, goCallbackRequest, goDecodeProblems } from './go-sdk.js';
import { harness, type Harness } from './harness.js';
import { receiver } from './receiver.js';

const SCENARIO = JSON.stringify({
  scenarios: {
    cb: {
      seed: 6,
      start: '2026-11-20T09:00:00Z',
      duration: '1h',
      outbound: { answer_probability: 1, answer_after: 4, no_answer_after: 30 },
      queues: [{ id: 'line', strategy: 'longest-idle-agent', tier_rules_apply: false }],
      agents: [
        { id: 'ann', name: 'Ann Lee', number: '201', queues: [{ queue: 'line', level: 1, position: 2 }], answer: { after: 2 }, talk_time: 30 },
        { id: 'bob', name: 'Bob Roe', number: '202', queues: [{ queue: 'line', level: 2, position: 1 }], answer: { after: 2 }, talk_time: 30, status: 'logged_out' },
        { id: 'rex', name: 'Rex Ray', type: 'remote', number: '+74990000001', queues: [{ queue: 'line', level: 3 }], talk_time: 30 },
      ],
      callers: [{ queue: 'line', arrivals: { process: 'fixed', at: [200] } }],
      apis: { telphin: { callback_answer_after: 2 } },
    },
  },
});

type Row = Record<string, any>;
const START = Date.parse('2026-11-20T09:00:00Z');
const fmt = (s: number) => new Date(START + s * 1000).toISOString().slice(0, 19).replace('T', ' ');

async function log(h: Harness, call: string) {
  const events = (await h.app.inject('/__admin/events?after=0&limit=10000')).json().events as Row[];
  return events.filter((e) => e.call === call).map((e) => [e.t / 1000, e.type]);
}

t.test("the Go SDK's callback: the phone rings, picks up, the number is dialled; every view of it", async (t) => {
  const h = await harness(SCENARIO, { inline: true });
  const rx = await receiver();
  t.teardown(async () => {
    await h.app.close();
    await rx.close();
  });
  for (const type of ['dial-in', 'dial-out', 'answer', 'hangup']) t.equal((await h.api('POST', '/extension/1001/event/', { url: `${rx.url}/${type}`, event_type: type })).statusCode, 201);
  await h.advance(10);
  const r = await h.api('POST', '/extension/1001/callback/', goCallbackRequest(['000*201'], '+74950001122'));
  t.equal(r.statusCode, 201, r.body);
  t.same(goDecodeProblems(r.json(), GO.Callback), [], 'the answer decodes into Callback');
  const id = r.json().call_id as string;
  t.equal(r.json().call_api_id, id, 'call_api_id is the call too');
  const now = async () => (await h.api('GET', '/client/@me/current_calls/')).json() as Row[];
  t.match(await now(), [{ call_uuid: id, flow: 'out', call_state: 'ringing', application: 'callback', from_username: '000*201', to_username: '+74950001122', start_time_gmt: null, ringing: [{ extension_id: 1001, username: '000*201' }] }], 'first the phone rings');
  t.match(h.sim.engine.queries.agent('ann')!.external, [{ call: id, phase: 'dialing' }], "the agent's line is busy in the world");
  await h.advance(3);
  t.match(await now(), [{ call_state: 'dialing', start_time_gmt: fmt(12), bridged_time_gmt: null, duration: 1, ringing: [] }], 'picked up at 12: the number rings');
  await h.advance(5);
  t.match(await now(), [{ call_state: 'talking', bridged_time_gmt: fmt(16), bridged_username: '+74950001122' }], 'answered at 16');
  await h.advance(40);
  t.same(await now(), [], 'over');
  t.same(await log(h, id), [[10, 'agent.dialing'], [12, 'agent.picked_up'], [16, 'call.answered'], [46, 'call.ended'], [46, 'call.disposition']], 'the event log');
  const row = (await h.api('GET', `/client/@me/call_history/${id}`)).json();
  t.same(goDecodeProblems(row, GO.CallHistory), [], 'the history row decodes into CallHistory');
  t.match(row, {
    flow: 'out', init_time_gmt: fmt(10), start_time_gmt: fmt(12), bridged_time_gmt: fmt(16), hangup_time_gmt: fmt(46), duration: 34, bridged_duration: 30, bridged: true,
    extension_id: 1001, from_username: '000*201', to_username: '+74950001122', result: 'bridged', hangup_disposition: 'caller_bye',
    cdr: [{ application: 'callback', flow: 'out', extension_type: 'phone', start_time_gmt: fmt(16), duration: 30, result: 'answered', record_uuid: null }],
  }, "the history: as the Go SDK's fixture of a callback has it (start when the phone picked up, the leg from the answer)");
  await rx.waitFor(5);
  const got = rx.got.map((d) => [d.path, d.fields.CallStatus, Number(d.fields.EventTime) / 1e6 - START / 1000]);
  t.same(got, [['/dial-in', 'CALLING', 10], ['/answer', 'ANSWER', 12], ['/dial-out', 'CALLING', 12], ['/answer', 'ANSWER', 16], ['/hangup', 'ANSWER', 46]], "the phone's deliveries");
  t.match(rx.got[0].fields, { CallID: id, CallerIDNum: '+74950001122', CalledExtension: '000*201@sip.ringme.ru', CallFlow: 'IN' }, 'the PBX calls the phone for the number');
  t.match(rx.got[2].fields, { CallID: id, CallerIDNum: '000*201', CalledNumber: '+74950001122', CallFlow: 'OUT' }, 'then the phone calls the number');
  t.match(rx.got[4].fields, { Duration: '30', Bridged: 'yes', RecID: '' });
});

t.test('the origin: src_num as clients write it, or the phone of the path', async (t) => {
  const h = await harness(SCENARIO, { inline: true });
  t.teardown(() => h.app.close());
  const cases: [string, string, Record<string, unknown>, string][] = [
    ['the short name', '/extension/1000/callback/', { src_num: ['201'], dst_num: '+74950000001' }, 'ann'],
    ['with its domain', '/extension/1000/callback/', { src_num: ['000*201@sip.ringme.ru'], dst_num: '+74950000002' }, 'ann'],
    ["AdvantShop's body", '/extension/1001/callback/', { src_num: ['000*201'], dst_num: '+74950000003', caller_id_name: 'Web Call <+74950000003>' }, 'ann'],
    ['no src_num: the phone of the path', '/extension/1001/callback/', { dst_num: '+74950000004' }, 'ann'],
    ["the Go SDK's nil src_num", '/extension/1001/callback/', goCallbackRequest(null, '+74950000005'), 'ann'],
    ["a remote agent's number", '/extension/1000/callback/', { src_num: ['74990000001'], dst_num: '+74950000006' }, 'rex'],
  ];
  for (const [name, path, body, agent] of cases) {
    const r = await h.api('POST', path, body);
    t.equal(r.statusCode, 201, `${name}: ${r.body}`);
    t.match(h.sim.engine.queries.call(r.json().call_id), { agent, number: body.dst_num, callback: { pickedUpT: null } }, `${name}: rings ${agent}`);
    h.sim.command((c) => c.hangUp(r.json().call_id));
  }
});

t.test('refusals: Telphin errors naming the problem, and nothing changes', async (t) => {
  const h = await harness(SCENARIO, { inline: true });
  t.teardown(() => h.app.close());
  await h.advance(201); // ann rings for the 200 caller
  const cases: [string, string, unknown, number, RegExp][] = [
    ['an unknown extension', '/extension/999/callback/', { dst_num: '+74950000001' }, 404, /^Extension '999' not found$/],
    ['a queue with no src_num', '/extension/1000/callback/', { dst_num: '+74950000001' }, 400, /^Invalid parameter 'src_num': it is empty, and extension 1000 \(queue\) has no agent to ring/],
    ['an unknown origin', '/extension/1000/callback/', { src_num: ['000*201', '000*999'], dst_num: '+74950000001' }, 400, /^Invalid parameter 'src_num\[1\]': '000\*999' is neither a phone extension with an agent nor a remote agent's number/],
    ['no dst_num', '/extension/1001/callback/', { src_num: ['201'] }, 400, /field 'dst_num' is required/],
    ['a bad dst_num', '/extension/1001/callback/', { dst_num: 'call me' }, 400, /^Invalid parameter 'dst_num': must be a phone number/],
    ["one of the client's extensions", '/extension/1001/callback/', { dst_num: '000*202' }, 400, /^Invalid parameter 'dst_num': 000\*202 is an extension of this client/],
    ['an unknown field', '/extension/1001/callback/', { dst_num: '+74950000001', ring_twice: true }, 400, /field 'ring_twice' is not known/],
    ['a busy phone', '/extension/1001/callback/', { dst_num: '+74950000001' }, 400, /^Cannot call back from extension 000\*201 \(local agent 1\): agent 'ann' is ringing with call/],
    ['a logged-out agent', '/extension/1002/callback/', { dst_num: '+74950000001' }, 400, /^Cannot call back from extension 000\*202 \(local agent 2\): agent 'bob' is logged out$/],
    ['wait_for_pickup 0', '/extension/1002/callback/', { dst_num: '+74950000001', wait_for_pickup: 0 }, 400, /field 'wait_for_pickup' must be >= 1/],
  ];
  const state = async () => JSON.stringify([(await h.app.inject('/__admin/events?limit=1')).json().last, (await h.api('GET', '/client/@me/current_calls/')).body]);
  for (const [name, path, body, status, message] of cases) {
    const before = await state();
    const r = await h.api('POST', path, body);
    t.equal(r.statusCode, status, name);
    t.match(r.json().message, message, `${name}: ${r.json().message}`);
    t.equal(await state(), before, `${name}: nothing changed`);
  }
});

t.test('wait_for_pickup and call_duration', async (t) => {
  const h = await harness(SCENARIO.replace('"callback_answer_after":2', '"callback_answer_after":20'), { inline: true });
  t.teardown(() => h.app.close());
  const late = (await h.api('POST', '/extension/1001/callback/', { dst_num: '+74950000001', wait_for_pickup: 15 })).json().call_id;
  await h.advance(30);
  t.same(await log(h, late), [[0, 'agent.dialing'], [15, 'call.ended']], 'nobody picked up within wait_for_pickup');
  t.match((await h.api('GET', `/client/@me/call_history/${late}`)).json(), { start_time_gmt: null, bridged_time_gmt: null, result: 'not answered', hangup_cause: 'NO_ANSWER', hangup_disposition: 'internal_cancel', cdr: [{ result: 'not answered', application: 'callback' }] });
  const short = (await h.api('POST', '/extension/1001/callback/', { dst_num: '+74950000002', call_duration: 5 })).json().call_id;
  await h.advance(60);
  t.same(await log(h, short), [[30, 'agent.dialing'], [50, 'agent.picked_up'], [54, 'call.answered'], [59, 'call.ended'], [59, 'call.disposition']], 'call_duration cuts the talk at 5 s');
});

t.test("GET /extension/{id}/agent/: a queue's agents, a phone's agent", async (t) => {
  const h = await harness(SCENARIO, { inline: true });
  t.teardown(() => h.app.close());
  t.same((await h.api('GET', '/extension/1000/agent/')).json(), [
    { id: 1, agent_type: 'local', extension_id: 1001, number: null, name: 'Ann Lee', status: 'available', level: 1, position: 2 },
    { id: 2, agent_type: 'local', extension_id: 1002, number: null, name: 'Bob Roe', status: 'logged_out', level: 2, position: 1 },
    { id: 3, agent_type: 'remote', extension_id: null, number: '+74990000001', name: 'Rex Ray', status: 'available', level: 3, position: 0 },
  ], "the queue's agents with their level and position");
  t.same((await h.api('GET', '/extension/1002/agent/')).json(), [{ id: 2, agent_type: 'local', extension_id: 1002, number: null, name: 'Bob Roe', status: 'logged_out', level: null, position: null }], "a phone's agent");
  await h.api('PUT', '/extension/1000/queue/agents/local/1', { level: 5 });
  t.match((await h.api('GET', '/extension/1000/agent/')).json()[0], { id: 1, level: 5 }, 'as the queue has it now');
  const phone = (await h.api('POST', '/client/@me/extension/', { name: '777', type: 'phone' })).json();
  t.same((await h.api('GET', `/extension/${phone.id}/agent/`)).json(), [], 'a phone without an agent');
  t.equal((await h.api('GET', '/extension/4242/agent/')).statusCode, 404, 'an unknown extension');
});

t.test("a dial-out's deliveries to the phone: dial-out, answer, hangup; unanswered ones NOANSWER or CANCEL", async (t) => {
  const scenario = JSON.parse(SCENARIO);
  scenario.scenarios.cb.outbound = { answer_probability: 1, answer_after: 4, no_answer_after: 30 };
  const h = await harness(JSON.stringify(scenario), { inline: true });
  const rx = await receiver();
  t.teardown(async () => {
    await h.app.close();
    await rx.close();
  });
  for (const type of ['dial-in', 'dial-out', 'answer', 'hangup']) await h.api('POST', '/extension/1001/event/', { url: `${rx.url}/${type}`, event_type: type, method: 'GET' });
  await h.advance(10);
  const answered = h.sim.command((c) => c.dialOut('ann', '+74950000011')).id;
  await h.advance(50);
  const hungUp = h.sim.command((c) => c.dialOut('ann', '+74950000012')).id;
  await h.advance(2);
  h.sim.command((c) => c.hangUp(hungUp));
  const callback = (await h.api('POST', '/extension/1001/callback/', { dst_num: '+74950000013', wait_for_pickup: 1 })).json().call_id;
  await h.advance(5);
  await rx.waitFor(7);
  const got = rx.got.map((d) => [d.fields.CallID, d.path, d.fields.CallStatus, d.fields.CallFlow]);
  t.same(got, [
    [answered, '/dial-out', 'CALLING', 'OUT'],
    [answered, '/answer', 'ANSWER', 'OUT'],
    [answered, '/hangup', 'ANSWER', 'OUT'],
    [hungUp, '/dial-out', 'CALLING', 'OUT'],
    [hungUp, '/hangup', 'CANCEL', 'OUT'],
    [callback, '/dial-in', 'CALLING', 'IN'],
    [callback, '/hangup', 'NOANSWER', 'IN'],
  ], 'answered, hung up while ringing, a callback nobody picked up (callback_answer_after 2 > wait_for_pickup 1)');
  t.match(rx.got[1].fields, { CallerIDNum: '000*201', CalledNumber: '+74950000011', CallerExtension: '000*201@sip.ringme.ru' }, 'the answer of a dial-out is the phone calling the number');
  t.match(rx.got[4].fields, { Duration: '0', Bridged: 'no' });
});
