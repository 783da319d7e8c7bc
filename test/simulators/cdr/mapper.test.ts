/**
 * Call records → Conpeek dialogs, on hand-made records (including the engine's newer fields: disposition,
 * transfers, the `unanswered` dial-out): which dialogs a call gives, their links and uuids, times and
 * durations, the end-cause table, tags, recordings, and seeded data that is stable per call.
 */
import t from 'tap';
import { endCauses } from '../../../src/simulators/cdr/causes.js';
import { ExtrasSource } from '../../../src/simulators/cdr/extras.js';
import { agentDialogUuid, uuidV5 } from '../../../src/simulators/cdr/ids.js';
import { dialogsOf, type MapContext } from '../../../src/simulators/cdr/mapper.js';
import type { CdrCall } from '../../../src/simulators/cdr/record.js';
import { DEFAULT_SETTINGS } from '../../../src/simulators/cdr/settings.js';
import { schemaErrors } from './harness.js';

const START = Date.UTC(2026, 2, 2, 8, 0, 0);
const ID = 'a1b2c3d4-0000-4000-8000-000000000001';

function call(over: Partial<CdrCall>): CdrCall {
  return {
    id: ID,
    seq: 1,
    kind: 'queue',
    direction: 'inbound',
    queue: 'support',
    number: '+48123456789',
    callerName: '+48123456789',
    arrivedT: 10_000,
    joinedT: 10_000,
    offers: [{ agent: 'ann', t: 12_000, endT: 15_500, outcome: 'answered', reason: null }],
    answeredT: 15_500,
    agent: 'ann',
    agentNumber: '201',
    leftQueueT: 15_500,
    endedT: 75_750,
    releasedBy: 'caller',
    exitReason: 'answered',
    wrapUpEndT: 85_750,
    recorded: true,
    resumedFrom: null,
    disposition: null,
    holds: [],
    transferredTo: null,
    transferredFrom: null,
    finishIndex: 0,
    ...over,
  };
}

function context(calls: CdrCall[] = [], extras = new ExtrasSource(7)): MapContext {
  return {
    startMs: START,
    settings: DEFAULT_SETTINGS,
    project: (q) => ({ id: q === 'support' ? 1 : 2, name: q === 'support' ? 'Support' : 'Sales' }),
    user: (a) => ({ id: a === 'ann' ? 7 : 8, name: a === 'ann' ? 'Ann Lee' : 'Ben' }),
    extras: (id, ms) => extras.forCall(id, ms),
    call: (id) => calls.find((c) => c.id === id) ?? null,
  };
}

t.test('an answered queue call: EXTERNAL and CONSULTANT, linked, timed and filled', async (t) => {
  const [ext, con] = dialogsOf(call({}), context());
  for (const d of [ext, con]) t.same(schemaErrors('Dialog', d.dialog), []);
  const e = ext.dialog;
  const c = con.dialog;
  t.equal(e.dialog_uuid, ID, "the EXTERNAL side's uuid is the call id");
  t.equal(c.dialog_uuid, uuidV5('CONSULTANT:ann', ID));
  t.equal(c.dialog_uuid, agentDialogUuid(ID, 'CONSULTANT', 'ann'));
  t.match(c.dialog_uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a version-5 UUID');
  t.same(e.linked_dialogs, [c.dialog_uuid]);
  t.same(c.linked_dialogs, [e.dialog_uuid]);
  t.match(e, { dialog_type: 'EXTERNAL', business_direction: 'INBOUND', from_display_target: '48123456789', to_display_target: '48223000001', anonymous: { display_name: '48123456789' }, tenant_user: null });
  t.match(c, { dialog_type: 'CONSULTANT', from_display_target: '48123456789', to_display_target: '201', anonymous: null, tenant_user: { id: 7, username: 'ann', firstname: 'Ann', surname: 'Lee', display_name: 'Ann Lee' } });
  t.match(e, { start_time: '2026-03-02 08:00:10', alert_time: '2026-03-02 08:00:12', ring_time: '2026-03-02 08:00:12', answer_time: '2026-03-02 08:00:15', serve_time: '2026-03-02 08:00:15', hangup_time: '2026-03-02 08:01:15' });
  t.match(c, { start_time: '2026-03-02 08:00:12', alert_time: '2026-03-02 08:00:12', answer_time: '2026-03-02 08:00:15', hangup_time: '2026-03-02 08:01:15' });
  t.equal(e.talking_time, 60_250, 'answered → hangup in ms');
  t.equal(c.talking_time, 60_250);
  t.equal(e.waiting_time, 5_500, 'arrival → answer');
  t.equal(c.waiting_time, 3_500, 'the ring');
  t.equal(e.first_queue_waiting_time, 5_500);
  t.match(e, { project: { id: 1, name: 'Support', language: 'pl', service_type: 'CONTACT_CENTER', service_id: 1 }, project_id_list: [1], operator_call_id: ID });
  t.same(e.audio_video_recording, [], 'only the agent side has recordings');
  t.match(c.audio_video_recording, [{ media: 'audio', start_time: '2026-03-02 08:00:15', stop_time: '2026-03-02 08:01:15' }]);
  t.equal(e.call_info_param1, 'Temat rozmowy');
  t.type(e.call_info_value1, 'string');
  t.equal(e.call_info_value1, c.call_info_value1, 'one call, one Call Info');
  t.equal(e.crm_id, c.crm_id);
  t.match(e.crm_id, /^[0-9a-f]{24}$/);
  t.same(e.contact_data, { firstname: e.contact_data!.firstname, surname: e.contact_data!.surname, id: e.contact_id });
  t.same(e.initial_media, ['audio']);
  t.equal(e.transcript_exist, 0);
  t.match(e, { hangup_cause: 'NORMAL_CLEARING', end_cause: 'HANGUP', business_end_cause: 'DIALOG_LEFT' });
  t.match(c, { hangup_cause: 'NORMAL_CLEARING', end_cause: 'HANGUP', business_end_cause: 'OTHER_SIDE_LEFT' });
  t.equal(ext.callRequestAgentId, null);
});

t.test('calls that never reached an agent give only the caller\'s dialog', async (t) => {
  const waited = call({ offers: [], answeredT: null, agent: null, agentNumber: null, leftQueueT: 70_000, endedT: 70_000, exitReason: 'abandoned', releasedBy: 'caller' });
  const out = dialogsOf(waited, context());
  t.equal(out.length, 1);
  const d = out[0].dialog;
  t.same(schemaErrors('Dialog', d), []);
  t.match(d, { dialog_type: 'EXTERNAL', alert_time: null, ring_time: null, answer_time: null, serve_time: null, talking_time: 0, waiting_time: 60_000, first_queue_waiting_time: 60_000, linked_dialogs: [], note: null, call_info_value1: null, hangup_cause: 'ORIGINATOR_CANCEL', end_cause: 'CANCEL' });
  t.equal(d.call_info_param1, 'Temat rozmowy', 'the project still names its Call Info');
  const rang = call({ offers: [{ agent: 'ann', t: 11_000, endT: 41_000, outcome: 'no_answer', reason: null }], answeredT: null, agent: null, agentNumber: null, leftQueueT: 50_000, endedT: 50_000, exitReason: 'abandoned' });
  t.equal(dialogsOf(rang, context()).length, 1, 'an agent who only rang did not talk');
  t.equal(dialogsOf(rang, context())[0].dialog.alert_time, '2026-03-02 08:00:11');
  t.same(dialogsOf(call({ endedT: null }), context()), [], 'a live call has no CDR');
});

t.test('the end-cause table', async (t) => {
  const unanswered = { answeredT: null, agent: null, agentNumber: null };
  const offer = (outcome: 'no_answer' | 'busy' | 'reject' | 'cancel', t = 11_000) => ({ agent: 'ann', t, endT: t + 1000, outcome, reason: null });
  const rows: [string, Partial<CdrCall>, 'external' | 'agent', string, string, string][] = [
    ['caller hangs up', { releasedBy: 'caller' }, 'external', 'NORMAL_CLEARING', 'HANGUP', 'DIALOG_LEFT'],
    ['caller hangs up (agent side)', { releasedBy: 'caller' }, 'agent', 'NORMAL_CLEARING', 'HANGUP', 'OTHER_SIDE_LEFT'],
    ['agent hangs up', { releasedBy: 'agent' }, 'external', 'NORMAL_CLEARING', 'HANGUP', 'OTHER_SIDE_LEFT'],
    ['agent hangs up (agent side)', { releasedBy: 'agent' }, 'agent', 'NORMAL_CLEARING', 'HANGUP', 'DIALOG_LEFT'],
    ['hung up by the system (API)', { releasedBy: 'system' }, 'external', 'MANAGER_REQUEST', 'TERMINATED', 'TERMINATED'],
    ['hung up by the system (agent side)', { releasedBy: 'system' }, 'agent', 'MANAGER_REQUEST', 'TERMINATED', 'TERMINATED'],
    ['transferred to a queue', { releasedBy: 'agent', transferredTo: { queue: 'sales' } }, 'external', 'BLIND_TRANSFER', 'TRANSFER', 'TRANSFERRED'],
    ['transferred (agent side)', { releasedBy: 'agent', transferredTo: { number: '100' } }, 'agent', 'NORMAL_CLEARING', 'TRANSFER', 'DIALOG_LEFT'],
    ['caller abandoned', { ...unanswered, exitReason: 'abandoned', releasedBy: 'caller' }, 'external', 'ORIGINATOR_CANCEL', 'CANCEL', 'DIALOG_LEFT'],
    ['caller abandoned after a no-answer', { ...unanswered, offers: [offer('no_answer')], exitReason: 'abandoned', releasedBy: 'caller' }, 'external', 'ORIGINATOR_CANCEL', 'CANCEL', 'DIALOG_LEFT'],
    ['exit key', { ...unanswered, exitReason: 'exit_key', releasedBy: 'caller' }, 'external', 'ORIGINATOR_CANCEL', 'CANCEL', 'DIALOG_LEFT'],
    ['max_wait_time, last ring not answered', { ...unanswered, offers: [offer('busy', 1), offer('no_answer'), offer('cancel', 20_000)], exitReason: 'timeout', releasedBy: 'system' }, 'external', 'NO_ANSWER', 'TIMEOUT', 'TIMEOUT'],
    ['max_wait_time, last ring busy', { ...unanswered, offers: [offer('busy')], exitReason: 'timeout', releasedBy: 'system' }, 'external', 'USER_BUSY', 'TIMEOUT', 'TIMEOUT'],
    ['max_wait_time, last ring rejected', { ...unanswered, offers: [offer('reject')], exitReason: 'timeout', releasedBy: 'system' }, 'external', 'CALL_REJECTED', 'TIMEOUT', 'TIMEOUT'],
    ['max_wait_time, never offered', { ...unanswered, offers: [], exitReason: 'timeout', releasedBy: 'system' }, 'external', 'RECOVERY_ON_TIMER_EXPIRE', 'TIMEOUT', 'TIMEOUT'],
    ['no agent logged in for too long', { ...unanswered, offers: [], exitReason: 'no_agent_timeout', releasedBy: 'system' }, 'external', 'NO_USER_RESPONSE', 'TIMEOUT', 'TIMEOUT'],
    ['turned away: no available agent', { ...unanswered, offers: [], exitReason: 'no_available_agents', releasedBy: 'system' }, 'external', 'SUBSCRIBER_ABSENT', 'REJECTED', 'REJECTED'],
    ['waiting caller hung up by the API', { ...unanswered, exitReason: 'break_out', releasedBy: 'system' }, 'external', 'MANAGER_REQUEST', 'TERMINATED', 'TERMINATED'],
    ['dial-out nobody answered', { ...unanswered, kind: 'external', direction: 'outbound', agent: 'ann', exitReason: 'unanswered', releasedBy: 'agent' }, 'external', 'NO_ANSWER', 'NO_ANSWER', 'NO_ANSWER'],
    ['dial-out nobody answered (agent side)', { ...unanswered, kind: 'external', direction: 'outbound', agent: 'ann', exitReason: 'unanswered', releasedBy: 'agent' }, 'agent', 'NO_ANSWER', 'NO_ANSWER', 'NO_ANSWER'],
    ['ringing dial-out hung up by the API', { ...unanswered, kind: 'external', direction: 'outbound', agent: 'ann', exitReason: 'unanswered', releasedBy: 'system' }, 'agent', 'MANAGER_REQUEST', 'TERMINATED', 'TERMINATED'],
    ['dial-out the agent gave up', { ...unanswered, kind: 'external', direction: 'outbound', agent: 'ann', exitReason: null, releasedBy: 'agent' }, 'agent', 'ORIGINATOR_CANCEL', 'CANCEL', 'DIALOG_LEFT'],
    ['dial-out the agent gave up (remote side)', { ...unanswered, kind: 'external', direction: 'outbound', agent: 'ann', exitReason: null, releasedBy: 'agent' }, 'external', 'ORIGINATOR_CANCEL', 'CANCEL', 'OTHER_SIDE_LEFT'],
  ];
  for (const [name, over, side, hangup, end, business] of rows) {
    t.same(endCauses(call(over), side), { hangup_cause: hangup, end_cause: end, business_end_cause: business }, name);
  }
});

t.test('dial-outs: the agent side is TENANT_USER, with the call request; outside any project', async (t) => {
  const answered = call({ kind: 'external', direction: 'outbound', queue: null, joinedT: null, offers: [], number: '48500100200', callerName: '48500100200', arrivedT: 5_000, answeredT: 9_000, leftQueueT: null, endedT: 69_000, releasedBy: 'agent', recorded: false });
  const [e, a] = dialogsOf(answered, context());
  for (const d of [e, a]) t.same(schemaErrors('Dialog', d.dialog), []);
  t.match(e.dialog, { dialog_type: 'EXTERNAL', business_direction: 'OUTBOUND', from_display_target: '201', to_display_target: '48500100200', anonymous: { display_name: '48500100200' }, project: null, project_id_list: [], call_info_param1: null, variables: [] });
  t.match(a.dialog, { dialog_type: 'TENANT_USER', dialog_uuid: uuidV5('TENANT_USER:ann', ID), from_display_target: '201', to_display_target: '48500100200', tenant_user: { id: 7 } });
  t.match(e.dialog, { start_time: '2026-03-02 08:00:05', alert_time: '2026-03-02 08:00:05', answer_time: '2026-03-02 08:00:09', talking_time: 60_000, waiting_time: 4_000, first_queue_waiting_time: 0 });
  t.match(e.dialog.call_request_data, { dialing_method: 'manual', call_request_id: /^[0-9a-f]{24}$/, virtual_agent_id: null });
  t.same(e.dialog.call_request_data, a.dialog.call_request_data);
  t.equal(e.callRequestAgentId, 7);
  t.equal(a.callRequestAgentId, 7);
  const unanswered = dialogsOf({ ...answered, answeredT: null, exitReason: 'unanswered', releasedBy: 'agent', endedT: 35_000 }, context());
  t.equal(unanswered.length, 2, 'the agent dialled: its side exists though nobody answered');
  t.match(unanswered[1].dialog, { answer_time: null, serve_time: null, talking_time: 0, waiting_time: 30_000, hangup_cause: 'NO_ANSWER' });
  const inbound = dialogsOf({ ...answered, direction: 'inbound', number: '48600700800', callerName: '48600700800', releasedBy: 'caller' }, context());
  t.match(inbound[0].dialog, { business_direction: 'INBOUND', from_display_target: '48600700800', to_display_target: '201', call_request_data: null });
  t.equal(inbound[0].callRequestAgentId, null);
});

t.test('dispositions tag the call; a transfer links to the call it came from', async (t) => {
  const first = call({ releasedBy: 'agent', transferredTo: { queue: 'sales' }, disposition: { reason: 'call_back_later', by: 'client', comment: 'Oddzwonić jutro', recallAt: null, recallComment: null } });
  const second = call({ id: 'a1b2c3d4-0000-4000-8000-000000000002', seq: 2, queue: 'sales', transferredFrom: ID, agent: 'ben', agentNumber: '202', offers: [{ agent: 'ben', t: 80_000, endT: 81_000, outcome: 'answered', reason: null }], arrivedT: 75_750, joinedT: 75_750, answeredT: 81_000, endedT: 120_000, disposition: { reason: 'success', by: 'agent', comment: null, recallAt: null, recallComment: null } });
  const ctx = context([first, second]);
  const [e1, c1] = dialogsOf(first, ctx);
  t.same(e1.dialog.custom_tag_id_list, [3]);
  t.same(c1.dialog.custom_tag_id_list, [3]);
  t.equal(c1.dialog.note, 'Oddzwonić jutro', "the agent's comment is the note");
  const [e2, c2] = dialogsOf(second, ctx);
  t.same(e2.dialog.custom_tag_id_list, [1]);
  t.type(e2.dialog.note, 'string', 'without a comment the note is seeded');
  t.same(e2.dialog.project_id_list, [1, 2], 'the projects the call went through');
  t.same(e2.dialog.linked_dialogs, [ID, c2.dialog.dialog_uuid], 'linked to the call it was transferred from');
  t.equal(c2.dialog.dialog_uuid, uuidV5('CONSULTANT:ben', second.id));
});

t.test('seeded data is stable per call: the same whatever other calls exist or in which order they are read', async (t) => {
  const a = new ExtrasSource(7);
  const b = new ExtrasSource(7);
  const x = a.forCall('call-x', START);
  b.forCall('call-y', START);
  b.forCall('call-z', START);
  t.same(b.forCall('call-x', START), x, 'order and other calls do not matter');
  t.not(new ExtrasSource(8).forCall('call-x', START).crmId, x.crmId, 'another seed, other data');
  t.not(a.forCall('call-y', START).crmId, x.crmId, 'another call, other data');
  const d1 = JSON.stringify(dialogsOf(call({}), context([], new ExtrasSource(7))));
  const d2 = JSON.stringify(dialogsOf(call({}), context([], new ExtrasSource(7))));
  t.equal(d1, d2, 'same call, same seed: byte-identical dialogs');
  t.ok(x.callInfoValues[2] < '2026-03-02 08:00:00' && x.callInfoValues[3] >= x.callInfoValues[2], 'purchase before report before the call');
});

t.test("seed 002's example values validate against the Dialog schema", async (t) => {
  const example = {
    dialog_uuid: '6d59cb01-eeac-432a-b0aa-bfa4f26785ect',
    dialog_type: 'CONSULTANT',
    business_direction: 'OUTBOUND',
    business_end_cause: 'DIALOG_LEFT',
    from_display_target: '48123456789',
    to_display_target: '48777888999',
    start_time: '2018-09-01 00:00:00',
    hangup_time: '2018-09-01 00:00:00',
    serve_time: '2018-09-01 00:00:00',
    talking_time: 10000,
    alert_time: '2018-09-01 00:00:00',
    answer_time: '2018-09-01 00:00:00',
    ring_time: '2018-09-01 10:00:04',
    waiting_time: 10000,
    first_queue_waiting_time: 10000,
    machine_detected: 0,
    machine_detected_type: 'AMD',
    initial_media: ['audio'],
    project: { id: 1, name: 'Projekt', language: 'pl', service_type: 'CONTACT_CENTER', service_id: 1 },
    project_id_list: [918, 917],
    tenant_user: { id: 1, username: 'jkowalski', firstname: 'Jan', surname: 'Kowalski', display_name: 'Jan Kowalski' },
    anonymous: { display_name: '48123456789' },
    virtual_agent: { id: 3, name: 'XYZ' },
    crm_id: '5dcac98ef03d6428522729ab',
    contact_id: '491',
    contact_data: { firstname: 'XYZ', surname: 'BB', id: '45' },
    organization_id: '5dea685ef03d6443e10efa15',
    organization_name: 'Przykładowa nazwa firmy',
    note: 'Rozmowa przebiegła pomyślnie',
    audio_video_recording: [{ media: 'audio', recording_id: '5f997367b8e622716b77c4d6', start_time: '2018-09-01 00:00:00', stop_time: '2018-09-01 00:00:00' }],
    call_info_param1: 'Temat rozmowy',
    call_info_value1: 'Reklamacja',
    call_info_param2: 'Numer produktu',
    call_info_value2: '12345',
    call_info_param3: 'Data kupna',
    call_info_value3: '2018-09-01 00:00:00',
    call_info_param4: 'Data zgłoszenia',
    call_info_value4: '2018-09-01 00:00:00',
    call_info_param5: 'Czy reklamacja może być uznana ?',
    call_info_value5: 'Tak',
    custom_tag_id_list: [4, 5],
    variables: { name: 'value' },
    operator_call_id: '12345',
    hangup_cause: 'NORMAL_CLEARING',
    end_cause: 'HANGUP',
    call_request_data: { dialing_method: 'dialer_bot', call_request_id: '655cb5a4b8e622648a81e456', call_request_name: null, application_id: '61683685b8e622472e346a8d', application_name: 'VoiceBot', application_type: 'VOICE_CAMPAIGN', project_id: 6, project_name: 'Reklamacje', case_id: null, case_group: null, case_state: null, virtual_agent_id: '629637d8b8e622289a1d8c27' },
    linked_dialogs: ['6d59cb01-eeac-432a-b0aa-bfa4f26785ect', '23a87733-87f0-4499-8060-3c3331143477'],
    transcript_exist: 1,
  };
  t.same(schemaErrors('Dialog', example), []);
  t.same(schemaErrors('Dialog', { ...example, start_time: '2018-09-01T00:00:00Z' }).length > 0, true, 'another time format is refused');
  t.same(schemaErrors('Dialog', { ...example, machine_detected: true }).length > 0, true, 'booleans are 0/1');
  const { note: _note, ...missing } = example;
  t.ok(schemaErrors('Dialog', missing).length > 0, 'every field is required');
});
