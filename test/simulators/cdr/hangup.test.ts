/**
 * PUT /dialog/{uuid}/hangup ends a live call in the world, seen everywhere: the event log, the queue's
 * callers and members, the agent's state, and afterwards the call's CDR dialogs. A live call is found by
 * its EXTERNAL dialog uuid (the call id, as /__admin and the event log show it) or by the uuid of the
 * agent's side.
 */
import t from 'tap';
import { agentDialogUuid } from '../../../src/simulators/cdr/ids.js';
import { harness } from './harness.js';

const SCENARIO = JSON.stringify({
  scenarios: {
    hang: {
      seed: 3,
      start: '2026-03-02T08:00:00Z',
      duration: '1h',
      queues: [{ id: 'q', name: 'Kolejka', strategy: 'longest-idle-agent', tier_rules_apply: false }],
      agents: [{ id: 'a', name: 'Ala Nowak', number: '301', queues: [{ queue: 'q', level: 1 }], wrap_up_time: 10, answer: { after: 2 }, talk_time: 100 }],
      callers: [],
      outbound: { answer_probability: 0, no_answer_after: 30 },
      timeline: [
        { at: '30m', agent: 'a', external_call: 60, direction: 'outbound', number: '48700800900' },
        { at: '40m', agent: 'a', dial_out: '48700000001' },
      ],
    },
  },
});

t.test('hanging up a talking call and a waiting caller ends them everywhere', async (t) => {
  const h = await harness(SCENARIO);
  t.teardown(() => h.app.close());
  const first = await h.admin('/__admin/calls', { queue: 'q', number: '+48111222333' });
  await h.advance(5);
  const second = await h.admin('/__admin/calls', { queue: 'q', number: '+48444555666' });
  let state = await h.admin('/__admin/state');
  t.match(state.agents.find((a: { id: string }) => a.id === 'a'), { state: 'in_queue_call', current_call: first.call });
  t.match(state.callers.find((c: { call: string }) => c.call === second.call), { state: 'waiting' });
  t.equal((await h.list()).count, 0, 'live calls are not CDRs');

  // The waiting caller, by its EXTERNAL dialog uuid: the call id.
  const seq0 = (await h.admin('/__admin/events?limit=1')).last;
  const r1 = await h.api('PUT', `/dialog/${second.call}/hangup`);
  t.equal(r1.statusCode, 202);
  t.same(r1.json(), { success: true });
  let events = (await h.admin(`/__admin/events?after=${seq0}`)).events;
  t.match(events, [{ type: 'call.left', call: second.call, queue: 'q', reason: 'break_out' }]);
  state = await h.admin('/__admin/state');
  t.notOk(state.callers.some((c: { call: string }) => c.call === second.call), 'the caller left the queue');
  t.match(state.queues[0].members, { waiting: 0, answered: 1 });

  // The talking call, by the consultant's side.
  const consultant = agentDialogUuid(first.call, 'CONSULTANT', 'a');
  const seq1 = (await h.admin('/__admin/events?limit=1')).last;
  const r2 = await h.api('PUT', `/dialog/${consultant}/hangup`, { authorization: h.key }, '');
  t.equal(r2.statusCode, 202, 'an empty JSON body is fine');
  events = (await h.admin(`/__admin/events?after=${seq1}`)).events;
  t.match(events[0], { type: 'call.ended', call: first.call, agent: 'a', by: 'system' });
  state = await h.admin('/__admin/state');
  t.match(state.agents[0], { state: 'waiting', current_call: null });
  t.ok(state.agents[0].wrap_up_until_t > state.clock.t, 'the agent wraps up');
  t.match(state.queues[0].members, { waiting: 0, trying: 0, answered: 0 });

  const { data, count } = await h.list();
  t.equal(count, 3, "the caller's dialog; the talking call's two");
  // Both ended at the same instant: then call order, the EXTERNAL side first.
  t.same(data.map((d) => d.dialog_uuid), [first.call, consultant, second.call]);
  const [ext, con, left] = data;
  t.match(left, { dialog_uuid: second.call, dialog_type: 'EXTERNAL', hangup_cause: 'MANAGER_REQUEST', end_cause: 'TERMINATED', answer_time: null, talking_time: 0 });
  t.match(ext, { dialog_uuid: first.call, hangup_cause: 'MANAGER_REQUEST', talking_time: 3000, linked_dialogs: [consultant] });
  t.match(con, { dialog_uuid: consultant, dialog_type: 'CONSULTANT', tenant_user: { username: 'a' }, hangup_cause: 'MANAGER_REQUEST', talking_time: 3000 });

  const again = await h.api('PUT', `/dialog/${first.call}/hangup`);
  t.equal(again.statusCode, 404);
  t.match(again.json(), { success: false, message: `Dialog '${first.call}' has already ended` });
  const againAgent = await h.api('PUT', `/dialog/${consultant}/hangup`);
  t.match(againAgent.json().message, /has already ended/);
  const unknown = await h.api('PUT', '/dialog/00000000-0000-4000-8000-000000000000/hangup');
  t.equal(unknown.statusCode, 404);
  t.match(unknown.json(), { success: false, message: "Dialog '00000000-0000-4000-8000-000000000000' not found" });
  const events2 = (await h.admin(`/__admin/events?after=${seq1}`)).events;
  t.equal(events2.length, events.length, 'failed hang-ups change nothing');
});

t.test("hanging up an agent's own call outside the queues, talking or still ringing", async (t) => {
  const h = await harness(SCENARIO);
  t.teardown(() => h.app.close());
  await h.advance(30 * 60 + 5);
  const call = (await h.admin('/__admin/events?type=agent.external_call')).events[0].call as string;
  const r = await h.api('PUT', `/dialog/${agentDialogUuid(call, 'TENANT_USER', 'a')}/hangup`);
  t.equal(r.statusCode, 202, r.body);
  t.match((await h.admin('/__admin/events?type=call.ended')).events.at(-1), { call, by: 'system' });
  t.match((await h.list([{ property: 'operator_call_id_list', value: [call] }])).data, [{ hangup_cause: 'MANAGER_REQUEST', talking_time: 5000 }, { dialog_type: 'TENANT_USER' }]);
  t.same((await h.admin('/__admin/state')).agents[0].external, [], 'the agent is off the call');

  await h.advance(10 * 60);
  const dialing = (await h.admin('/__admin/events?type=agent.dialing')).events[0].call as string;
  t.match((await h.admin('/__admin/state')).agents[0].external, [{ call: dialing, phase: 'dialing' }]);
  t.equal((await h.api('PUT', `/dialog/${dialing}/hangup`)).statusCode, 202, 'a ringing dial-out, by its EXTERNAL uuid');
  t.same((await h.admin('/__admin/state')).agents[0].external, []);
  t.match((await h.list([{ property: 'operator_call_id_list', value: [dialing] }])).data, [
    { dialog_type: 'EXTERNAL', business_direction: 'OUTBOUND', to_display_target: '48700000001', answer_time: null, hangup_cause: 'MANAGER_REQUEST' },
    { dialog_type: 'TENANT_USER', talking_time: 0, hangup_cause: 'MANAGER_REQUEST' },
  ]);
});
