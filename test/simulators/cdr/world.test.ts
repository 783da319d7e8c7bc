/**
 * What the newer engine commands look like as dialogs: a client's disposition (tag and note), an
 * unattended transfer to another queue (the old call ends BLIND_TRANSFER, the new one is linked to it and
 * lists both projects), and a hold, which stays part of talking_time.
 */
import t from 'tap';
import { harness } from './harness.js';

const SCENARIO = JSON.stringify({
  scenarios: {
    moves: {
      seed: 5,
      start: '2026-03-02T08:00:00Z',
      duration: '1h',
      queues: [
        { id: 'first', name: 'Pierwsza', strategy: 'longest-idle-agent', tier_rules_apply: false },
        { id: 'second', name: 'Druga', strategy: 'longest-idle-agent', tier_rules_apply: false },
      ],
      agents: [
        { id: 'a', name: 'Ala Nowak', number: '301', queues: [{ queue: 'first', level: 1 }], wrap_up_time: 30, answer: { after: 2 }, talk_time: 100 },
        { id: 'b', name: 'Bartek Lis', number: '302', queues: [{ queue: 'second', level: 1 }], wrap_up_time: 30, answer: { after: 3 }, talk_time: 50 },
      ],
      callers: [],
    },
  },
});

t.test('a client disposition, a hold and a transfer to another queue', async (t) => {
  const h = await harness(SCENARIO);
  t.teardown(() => h.app.close());
  const call = (await h.admin('/__admin/calls', { queue: 'first', number: '+48123123123' })).call as string;
  await h.advance(10);
  h.sim.command((c) => c.holdCall(call));
  await h.advance(5);
  h.sim.command((c) => c.resumeCall(call));
  await h.advance(5);
  const next = h.sim.command((c) => c.transferCall(call, { queue: 'second' }))?.id as string;
  h.sim.command((c) => c.setDisposition(call, { reason: 'not_found', comment: 'Przełączono do drugiej linii' }));
  await h.advance(60);

  const { data } = await h.list();
  t.same(data.map((d) => [d.operator_call_id, d.dialog_type]), [[call, 'EXTERNAL'], [call, 'CONSULTANT'], [next, 'EXTERNAL'], [next, 'CONSULTANT']]);
  const [e1, c1, e2, c2] = data;
  t.match(e1, { hangup_cause: 'BLIND_TRANSFER', end_cause: 'TRANSFER', business_end_cause: 'TRANSFERRED', talking_time: 18_000, custom_tag_id_list: [5], note: 'Przełączono do drugiej linii' });
  t.match(c1, { hangup_cause: 'NORMAL_CLEARING', end_cause: 'TRANSFER', business_end_cause: 'DIALOG_LEFT', tenant_user: { username: 'a' }, custom_tag_id_list: [5] });
  t.match(e2, { project: { id: 2, name: 'Druga' }, project_id_list: [1, 2], from_display_target: '48123123123', start_time: e1.hangup_time });
  t.same(e2.linked_dialogs, [e1.dialog_uuid, c2.dialog_uuid], 'linked to the call it came from');
  t.match(c2, { tenant_user: { username: 'b' }, talking_time: 50_000 });
  t.equal(e2.custom_tag_id_list.length, 1, "the agent's own pick tags the second call");
  t.ok([1, 2, 3, 4, 5].includes(e2.custom_tag_id_list[0]));
});
