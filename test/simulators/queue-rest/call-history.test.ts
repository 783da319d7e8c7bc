/**
 * GET /client/{id}/call_history/ and …/{call_uuid}, and GET /client/{id}/current_calls/, over a scripted
 * hour: a ring-all call two phones ring for, a caller who gives up while ringing, a remote agent's call, a
 * queue that does not record, a dial-out, an outside call and a transfer. Every row decodes into the
 * public Go SDK's types with every field present, and says what the event log says of the same call:
 * times, durations, numbers, which way, who hung up, each ring and how it ended, a recording or not. The
 * filters, paging and errors; the calls in progress at chosen instants; what the world let go.
 */
import t from 'tap';
import { GO, goDecodeProblems } from './go-sdk.js';
import { harness, type Harness } from './harness.js';

const SCENARIO = JSON.stringify({
  scenarios: {
    day: {
      seed: 9,
      start: '2026-11-20T09:00:00Z',
      duration: '1h',
      outbound: { answer_probability: 1, answer_after: 4 },
      queues: [
        { id: 'line', strategy: 'ring-all', tier_rules_apply: false },
        { id: 'sales', strategy: 'longest-idle-agent', tier_rules_apply: false, record_enabled: false },
      ],
      agents: [
        { id: 'ann', name: 'Ann Lee', number: '201', queues: [{ queue: 'line' }], answer: { after: 2 }, talk_time: 30 },
        { id: 'bob', name: 'Bob Roe', number: '202', queues: [{ queue: 'line' }, { queue: 'sales' }], answer: { after: 3 }, talk_time: 40 },
        { id: 'rex', name: 'Rex Ray', type: 'remote', number: '+74990000001', queues: [{ queue: 'sales', level: 1 }], answer: { after: 1 }, talk_time: 20 },
      ],
      callers: [
        { queue: 'line', arrivals: { process: 'fixed', at: [10] }, numbers: ['+74951110001'], releases_first: 1 },
        { queue: 'line', arrivals: { process: 'fixed', at: [100] }, numbers: ['+74951110002'], patience: 1 },
        { queue: 'sales', arrivals: { process: 'fixed', at: [200] }, numbers: ['+74951110003'], releases_first: 0 },
      ],
      timeline: [
        { at: 150, agent: 'bob', status: 'on_break' },
        { at: 250, agent: 'bob', status: 'available' },
        { at: 300, agent: 'ann', dial_out: '+74950001122' },
        { at: 400, agent: 'bob', external_call: 25, direction: 'inbound', number: '+74957654321' },
        { at: 500, call: { queue: 'line', number: '+74951110004' } },
      ],
    },
  },
});

const START = Date.parse('2026-11-20T09:00:00Z');
const fmt = (ms: number) => new Date(START + ms).toISOString().slice(0, 19).replace('T', ' ');
const sec = (ms: number) => Math.floor((START + ms) / 1000);
type Row = Record<string, any>;
type Ev = Record<string, any>;

async function events(h: Harness): Promise<Ev[]> {
  return (await h.app.inject('/__admin/events?after=0&limit=10000')).json().events;
}

async function day(): Promise<{ h: Harness; transferred: string }> {
  const h = await harness(SCENARIO, { inline: true });
  await h.advance(505);
  // The caller of 500 is talking to ann (the only agent free): she passes it to sales.
  const talking = h.sim.engine.queries.liveCalls().find((c) => c.number === '+74951110004' && c.answeredT !== null);
  if (!talking) throw new Error('the 500 caller is not talking');
  h.sim.command((c) => c.transferCall(talking.id, { queue: 'sales' }));
  await h.advance(300);
  return { h, transferred: talking.id };
}

t.test('every finished call, as the event log tells it, decoded as the Go SDK decodes it', async (t) => {
  const { h, transferred } = await day();
  t.teardown(() => h.app.close());
  const log = await events(h);
  const list = await h.api('GET', '/client/@me/call_history/?per_page=100');
  t.equal(list.statusCode, 200);
  const body = list.json();
  t.same(goDecodeProblems(body, GO.CallHistories), [], 'the list decodes into CallHistories, every field present');
  t.match(body, { page: 1, per_page: 100, order: 'asc' });
  const rows = body.call_history as Row[];
  const finished = log.filter((e) => e.type === 'call.ended' || e.type === 'call.left');
  t.equal(rows.length, new Set(finished.map((e) => e.call)).size, 'one row per call that ended');
  t.same(rows.map((r) => r.init_time_gmt), rows.map((r) => r.init_time_gmt).sort(), 'oldest first');

  const kinds = new Set<string>();
  for (const row of rows) {
    const mine = log.filter((e) => e.call === row.call_uuid);
    const where = `call ${row.call_uuid}`;
    const one = await h.api('GET', `/client/@me/call_history/${row.call_uuid}`);
    t.same(one.json(), row, `${where}: the same row alone`);
    t.same(goDecodeProblems(one.json(), GO.CallHistory), [], `${where}: decodes into CallHistory`);
    const begin = mine.find((e) => e.type === 'call.arrived' || e.type === 'agent.dialing' || e.type === 'agent.external_call')!;
    const answered = mine.find((e) => e.type === 'call.answered') ?? (begin.type === 'agent.external_call' ? begin : undefined);
    const end = mine.find((e) => e.type === 'call.ended' || e.type === 'call.left')!;
    t.equal(row.init_time_gmt, fmt(begin.t), `${where}: init = ${begin.type}`);
    t.equal(row.bridged_time_gmt, answered ? fmt(answered.t) : null, `${where}: bridged = the answer`);
    t.equal(row.bridged, answered !== undefined, `${where}: bridged`);
    t.equal(row.hangup_time_gmt, fmt(end.t), `${where}: hangup = ${end.type}`);
    t.equal(row.bridged_duration, answered ? sec(end.t) - sec(answered.t) : 0, `${where}: bridged_duration`);
    t.equal(row.duration, row.start_time_gmt === null ? 0 : sec(end.t) - Math.floor(Date.parse(`${row.start_time_gmt}Z`) / 1000), `${where}: duration from start_time_gmt`);
    t.equal(row.result, answered ? 'bridged' : begin.type === 'call.arrived' ? 'answered' : 'not answered', `${where}: result`);
    if (begin.type === 'call.arrived') {
      kinds.add(answered ? 'queue answered' : 'queue unanswered');
      t.match(row, { flow: 'in', from_username: begin.number, to_username: `000*${begin.queue}`, extension_type: 'queue' }, `${where}: a call to the queue`);
      const leftBy = end.type === 'call.left' ? (end.reason === 'abandoned' ? 'caller_bye' : 'internal_cancel') : { caller: 'caller_bye', agent: 'callee_bye', system: 'internal_cancel' }[end.by as string];
      t.equal(row.hangup_disposition, leftBy, `${where}: who hung up (${end.type} ${end.by ?? end.reason})`);
      // The queue's leg, then one per ring, in order, each ending as its ring did.
      const offers = mine.filter((e) => e.type === 'call.offered');
      t.equal(row.cdr.length, 1 + offers.length + (row.call_uuid === transferred ? 1 : 0), `${where}: the queue's leg and one per ring`);
      t.match(row.cdr[0], { extension_type: 'queue', flow: mine.some((e) => e.type === 'call.arrived') && log.some((e) => e.type === 'call.transferred' && e.new_call === row.call_uuid) ? 'transfer' : 'in' });
      offers.forEach((o, i) => {
        const ring = row.cdr[i + 1];
        const failed = mine.find((e) => e.type === 'call.ring_failed' && e.agent === o.agent && e.t >= o.t);
        const took = answered && answered.agent === o.agent;
        t.equal(ring.init_time_gmt, fmt(o.t), `${where} ring ${i}: rang at the offer`);
        t.equal(ring.result, took ? 'answered' : failed?.cause === 'cancel' ? (failed.reason === 'lose_race' ? 'answered elsewhere' : 'not answered') : { no_answer: 'not answered', busy: 'busy', reject: 'rejected' }[failed?.cause as string], `${where} ring ${i}: ${took ? 'answered' : failed?.cause}`);
        t.equal(ring.hangup_time_gmt, fmt(took ? end.t : failed!.t), `${where} ring ${i}: ended`);
        if (o.agent === 'rex') t.match(ring, { extension_type: 'queue', flow: 'out', to_username: '+74990000001' }, `${where}: the queue calls the remote agent's number`);
        else t.match(ring, { extension_type: 'phone', flow: 'in', to_username: o.agent === 'ann' ? '000*201' : '000*202' }, `${where}: the agent's phone rings`);
        if (failed?.reason === 'lose_race') kinds.add('lose race');
        if (failed?.reason === 'caller_left') kinds.add('caller left while ringing');
        if (o.agent === 'rex' && took) kinds.add('remote agent');
      });
      if (answered) t.equal(row.bridged_username, answered.agent === 'rex' ? '+74990000001' : answered.agent === 'ann' ? '000*201' : '000*202', `${where}: bridged to the agent`);
      const records = begin.queue === 'line' && answered !== undefined;
      t.equal(row.cdr[0].record_uuid !== null, records, `${where}: a recording iff the queue records and the call was answered`);
      if (records) {
        const took = row.cdr.find((l: Row, i: number) => i > 0 && l.result === 'answered');
        t.equal(took.record_uuid, row.cdr[0].record_uuid, `${where}: the answering phone's leg names the recording`);
        t.match(took.record_uuid, new RegExp(`^${took.extension_id}-${row.call_uuid.replace(/-/g, '').toUpperCase()}$`), `${where}: '<extension id>-<32 hex>'`);
      }
    } else {
      const out = begin.type === 'agent.dialing' || begin.direction === 'outbound';
      kinds.add(out ? 'dial-out' : 'outside call');
      const phone = begin.agent === 'ann' ? '000*201' : '000*202';
      // agent.external_call names no number: the day's one outside call is from the scenario's.
      const number = begin.number ?? '+74957654321';
      t.match(row, { flow: out ? 'out' : 'in', extension_type: 'phone', from_username: out ? phone : number, to_username: out ? number : phone }, `${where}: the agent's own call`);
      t.equal(row.hangup_disposition, out ? (end.by === 'agent' ? 'caller_bye' : 'callee_bye') : end.by === 'caller' ? 'caller_bye' : 'callee_bye', `${where}: who hung up (${end.by})`);
      t.equal(row.cdr.length, 1, `${where}: the phone's leg`);
      t.match(row.cdr[0], { extension_type: 'phone', flow: out ? 'out' : 'in', record_uuid: null, application: null });
    }
  }
  const tr = rows.find((r) => r.call_uuid === transferred)!;
  t.match(tr.cdr.at(-1), { flow: 'transfer', extension_type: 'phone', from_username: '000*201', to_username: '000*sales', hangup_time_gmt: tr.hangup_time_gmt }, 'the transfer is a leg of the call passed on');
  kinds.add('transfer');
  t.same([...kinds].sort(), ['caller left while ringing', 'dial-out', 'lose race', 'outside call', 'queue answered', 'queue unanswered', 'remote agent', 'transfer'], 'the day holds every kind of call');
});

t.test('filters, paging and order', async (t) => {
  const { h } = await day();
  t.teardown(() => h.app.close());
  const all = (await h.api('GET', '/client/@me/call_history/?per_page=1000')).json().call_history as Row[];
  const get = async (q: string) => {
    const r = await h.api('GET', `/client/@me/call_history/${q}`);
    t.equal(r.statusCode, 200, `${q}: ${r.body.slice(0, 200)}`);
    return r.json();
  };
  const ids = (rows: Row[]) => rows.map((r) => r.call_uuid);
  t.same(ids((await get('?flow=out')).call_history), ids(all.filter((r) => r.flow === 'out')), 'flow=out');
  t.same(ids((await get('?flow=in')).call_history), ids(all.filter((r) => r.flow === 'in')), 'flow=in');
  t.same(ids((await get('?flow=transfer')).call_history), ids(all.filter((r) => r.cdr.some((l: Row) => l.flow === 'transfer'))), 'flow=transfer: the call passed on and the call it became');
  // Extensions: the queues line 1000 and sales 1001, then the phones of ann 1002 and bob 1003.
  const bobs = all.filter((r) => r.extension_id === 1003 || r.cdr.some((l: Row) => l.extension_id === 1003));
  t.ok(bobs.length >= 2 && bobs.length < all.length, `bob's phone has ${bobs.length} calls of ${all.length}`);
  t.same(ids((await get('?extension_id=1003')).call_history), ids(bobs), "extension_id: the calls bob's phone rang for or made");
  t.same(ids((await get('?extension_id=1001')).call_history), ids(all.filter((r) => r.extension_id === 1001 || r.cdr.some((l: Row) => l.extension_id === 1001))), "extension_id: the sales queue's calls");
  for (const to of ['+74950001122', '000*sales', '000*202']) {
    const want = all.filter((r) => r.to_username === to);
    t.ok(want.length > 0, `calls to ${to}`);
    t.same(ids((await get(`?to_username=${encodeURIComponent(to)}`)).call_history), ids(want), `to_username ${to}`);
  }
  t.same(ids((await get('?start_datetime=2026-11-20%2009:01:40&end_datetime=2026-11-20%2009:05:00')).call_history), ids(all.filter((r) => r.init_time_gmt >= '2026-11-20 09:01:40' && r.init_time_gmt <= '2026-11-20 09:05:00')), 'a time range, both ends included');
  t.same(ids((await get('?start_datetime=2026-11-20+9:1:40.5')).call_history), ids(all.filter((r) => r.init_time_gmt >= '2026-11-20 09:01:40')), 'unpadded, with a fraction, + for the space');
  t.same(ids((await get('?start_datetime=2026-11-21')).call_history), [], 'a date alone');
  // The Go SDK's default request: every key, empty or 0.
  const sdk = await get('?end_datetime=&extension_id=&flow=&per_page=0&start_datetime=&to_username=');
  t.match(sdk, { page: 1, per_page: 50, order: 'asc' }, "the Go SDK's unset filters are not given");
  t.same(ids(sdk.call_history), ids(all.slice(0, 50)));
  const p2 = await get('?per_page=2&page=2&order=desc');
  t.match(p2, { page: 2, per_page: 2, order: 'desc' });
  t.same(ids(p2.call_history), ids(all.slice().reverse().slice(2, 4)), 'page 2 of 2, newest first');
  t.same((await get('?page=99')).call_history, [], 'a page past the end is empty');
  t.same(ids((await get('?flow=out&extension_id=1002')).call_history), ids(all.filter((r) => r.flow === 'out' && r.extension_id === 1002)), 'filters combine');

  const bad: [string, RegExp][] = [
    ['?start_datetime=yesterday', /query parameter 'start_datetime' must match pattern/],
    ['?start_datetime=2026-02-30%2010:00:00', /^Invalid parameter 'start_datetime': '2026-02-30 10:00:00' is not a date and time/],
    ['?start_datetime=2026-11-20&end_datetime=2026-11-19', /^Invalid parameter 'end_datetime': .* is before start_datetime/],
    ['?flow=sideways', /query parameter 'flow' must be one of "in", "out", "transfer"/],
    ['?per_page=1001', /query parameter 'per_page' must be <= 1000/],
    ['?page=-1', /query parameter 'page' must be >= 1/],
    ['?extension_id=abc', /query parameter 'extension_id' must be integer/],
    ['?order=up', /query parameter 'order' must be one of "asc", "desc"/],
  ];
  for (const [q, message] of bad) {
    const r = await h.api('GET', `/client/@me/call_history/${q}`);
    t.equal(r.statusCode, 400, q);
    t.match(r.json().message, message, `${q}: ${r.json().message}`);
  }
  const missing = await h.api('GET', '/client/@me/call_history/00000000-0000-4000-8000-000000000000');
  t.match([missing.statusCode, missing.json().message], [404, /^Call '00000000-0000-4000-8000-000000000000' not found \(ccsim keeps the newest 20000 finished calls\)$/]);
  t.equal((await h.api('GET', '/client/99/call_history/')).statusCode, 403, "another client's history");
  const first = all[0].call_uuid as string;
  const hex = first.replace(/-/g, '').toUpperCase();
  t.same((await h.api('GET', `/client/12/call_history/${hex}`)).json(), all[0], 'by its 32 hex digits, as Telphin writes uuids (and the client by its id)');
});

t.test('calls in progress: waiting, ringing, talking, on hold, dialling out, an outside call', async (t) => {
  const h = await harness(SCENARIO, { inline: true });
  t.teardown(() => h.app.close());
  const now = async () => {
    const r = await h.api('GET', '/client/@me/current_calls/');
    t.equal(r.statusCode, 200);
    return r.json() as Row[];
  };
  t.same(await now(), [], 'nothing at the start');
  await h.advance(11);
  const [ringing] = await now();
  t.match(ringing, { flow: 'in', call_state: 'ringing', init_time_gmt: fmt(10_000), start_time_gmt: fmt(10_000), bridged_time_gmt: null, duration: 1, from_username: '+74951110001', to_username: '000*line', ringing: [{ extension_id: 1002, username: '000*201' }, { extension_id: 1003, username: '000*202' }] }, 'ring-all rings both phones');
  await h.advance(4);
  const [talking] = await now();
  t.match(talking, { call_uuid: ringing.call_uuid, call_state: 'talking', bridged_time_gmt: fmt(12_000), bridged_duration: 3, bridged_username: '000*201', ringing: [] }, 'ann answered at 12');
  h.sim.command((c) => c.holdCall(talking.call_uuid));
  t.match(await now(), [{ call_state: 'hold' }], 'on hold');
  h.sim.command((c) => c.resumeCall(talking.call_uuid));
  await h.advance(185); // 200: bob is on break, rex is rung for sales
  t.match(await now(), [{ flow: 'in', call_state: 'ringing', to_username: '000*sales', ringing: [{ extension_id: 0, username: '+74990000001' }] }], "a remote agent rings at its number");
  await h.advance(101); // 301: ann dials out
  t.match(await now(), [{ flow: 'out', call_state: 'dialing', from_username: '000*201', to_username: '+74950001122', extension_id: 1002, start_time_gmt: fmt(300_000), bridged_time_gmt: null }], 'a dial-out whose far end rings');
  await h.advance(10);
  t.match(await now(), [{ flow: 'out', call_state: 'talking', bridged_time_gmt: fmt(304_000), bridged_username: '+74950001122' }], 'and answered');
  await h.advance(90); // 401: bob's outside call
  t.match(await now(), [{ flow: 'in', call_state: 'talking', from_username: '+74957654321', to_username: '000*202', bridged_time_gmt: fmt(400_000) }], 'an outside call to a phone');
  const live = h.sim.engine.queries.liveCalls();
  t.same((await now()).map((c) => c.call_uuid), live.map((c) => c.id), "exactly the world's live calls");
  const inProgress = await h.api('GET', `/client/@me/call_history/${live[0].id}`);
  t.match([inProgress.statusCode, inProgress.json().message], [404, /is in progress: it is in current_calls until it ends/], 'a live call is not history yet');
  // A waiting caller: nobody left to ring.
  h.sim.command((c) => c.setAgentStatus('ann', 'on_break'));
  h.sim.command((c) => c.injectCaller({ queue: 'line', number: '+74951119999' }));
  await h.advance(1);
  t.match((await now()).find((c) => c.from_username === '+74951119999'), { call_state: 'waiting', ringing: [] }, 'waiting in the queue');
});

t.test('a removed queue and agent are still named in the history of their calls', async (t) => {
  const h = await harness(SCENARIO, { inline: true });
  t.teardown(() => h.app.close());
  await h.advance(60);
  const before = (await h.api('GET', '/client/@me/call_history/')).json().call_history as Row[];
  t.equal(before.length, 1);
  h.sim.command((c) => c.removeAgent('ann'));
  h.sim.command((c) => c.removeQueue('line'));
  const after = (await h.api('GET', '/client/@me/call_history/')).json().call_history as Row[];
  t.same(after, before, "the same row: the queue's extension and ann's phone named as they were");
  t.match(after[0], { extension_id: 1000, to_username: '000*line', bridged_username: '000*201', cdr: [{ extension_id: 1000 }, { extension_id: 1002, to_username: '000*201' }, { extension_id: 1003 }] });
});

t.test('what the world let go (--retain-calls) is gone from the history and the recordings', async (t) => {
  const h = await harness(SCENARIO, { inline: true, callLimit: 3 });
  t.teardown(() => h.app.close());
  await h.advance(60);
  const [first] = (await h.api('GET', '/client/@me/call_history/')).json().call_history as Row[];
  await h.advance(600);
  t.ok(h.sim.engine.queries.retention().oldest > 0, `${h.sim.engine.queries.retention().oldest} calls let go`);
  const rows = (await h.api('GET', '/client/@me/call_history/')).json().call_history as Row[];
  t.same(rows.map((r) => r.call_uuid).sort(), h.sim.engine.queries.finished(0).calls.map((c) => c.id).sort(), 'the calls the world keeps');
  t.equal(rows.length, 3, 'the newest three');
  const gone = await h.api('GET', `/client/@me/call_history/${first.call_uuid}`);
  t.match([gone.statusCode, gone.json().message], [404, /not found \(ccsim keeps the newest 3 finished calls\)$/], 'a call let go');
  t.equal((await h.api('GET', `/client/@me/record/${first.cdr[0].record_uuid}`)).statusCode, 404, 'and its recording');
  t.notOk(((await h.api('GET', '/client/@me/record/')).json() as Row[]).some((r) => r.call_uuid === first.call_uuid), 'gone from the list');
});
