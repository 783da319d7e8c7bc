/**
 * The journal and the faults on the ARM WebSocket: every frame in and out journaled with its connection,
 * command and correlation id (and the upgrade as a 101); a reply or a pushed event dropped, delayed (later
 * frames wait behind it), duplicated, reordered after the next frame, the socket closed with a code and a
 * reason, or the connection stalled (nothing more is sent, the socket stays open); and a ws fault that names
 * a client's frames refused.
 */
import t, { type Test } from 'tap';
import type WebSocket from 'ws';
import { decodeServerFrame } from '../../src/simulators/arm-xml/codec.js';
import { armHarness, type ArmHarness } from '../simulators/arm-xml/harness.js';

const SCENARIO = JSON.stringify({
  scenarios: {
    ws: {
      seed: 5,
      duration: '1h',
      apis: { arm: { domain: 'pbx.test' } },
      queues: [{ id: 'q', tier_rules_apply: false }],
      agents: [
        { id: 'a1', name: 'Anna', number: '101', queues: [{ queue: 'q' }], answer: { after: 2 }, talk_time: 30 },
        { id: 'a2', name: 'Boris', number: '102', queues: [{ queue: 'q' }], answer: { after: 2 }, talk_time: 30 },
      ],
    },
  },
});

const admin = (h: ArmHarness, method: 'GET' | 'POST', url: string, payload?: object) => h.app.inject({ method, url: `/__admin${url}`, ...(payload ? { payload } : {}) });
const fault = async (t: Test, h: ArmHarness, spec: object) => {
  const r = await admin(h, 'POST', '/faults', spec);
  t.equal(r.statusCode, 201, r.body);
};
const body = '<in><request/></in>';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every frame the server sends on `socket`, in order: `id/status` for a reply, `0000/name` for an event. */
function frames(socket: WebSocket): string[] {
  const seen: string[] = [];
  socket.on('message', (data) => {
    const f = decodeServerFrame(data.toString())!;
    seen.push(`${f.id}/${f.status ?? f.event}`);
  });
  return seen;
}

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(10);
  }
}

t.test('every frame in and out is journaled with its connection, command and correlation id', async (t) => {
  const h = await armHarness(SCENARIO);
  t.teardown(() => h.close());
  const c = await h.ws();
  await c.request('0001', 'login', '<in><request agent_id="101" password="hunter2"/></in>');
  await c.request('0002', 'auxwork', '<in><request reason="lunch"/></in>');
  await until(() => c.events.some((e) => e.name === 'agents_info_event'));
  const ws = (await admin(h, 'GET', '/requests?kind=ws')).json().requests.reverse();
  t.match(ws, [
    { kind: 'ws', api: 'arm', method: 'IN', path: '/pbx.test/service/cc/arm', connection: 1, command: 'login', correlation: '0001', status: null },
    { method: 'OUT', command: 'login', correlation: '0001', status: 200, connection: 1 },
    { method: 'IN', command: 'auxwork', correlation: '0002' },
    { method: 'OUT', command: 'agents_info_event', correlation: '0000' },
    { method: 'OUT', command: 'auxwork', correlation: '0002', status: 200 },
  ]);
  t.match(ws[0].body.text, /password="\[masked\]"/, 'a password in a frame is masked');
  t.match(ws[1].body.text, /^01\d{10}0001200<out/, 'the frame as sent');
  const upgrade = (await admin(h, 'GET', '/requests?kind=http&path=/pbx.test/service/cc/arm')).json().requests;
  t.match(upgrade, [{ method: 'GET', status: 101, connection: 1 }], 'the upgrade, with its connection');
  const count = await admin(h, 'POST', '/requests/count', { matcher: { kind: 'ws', method: 'IN', command: 'login' } });
  t.same(count.json(), { count: 1 });
  const verify = await admin(h, 'POST', '/requests/verify', { sequence: [{ kind: 'ws', command: 'login', method: 'OUT' }, { kind: 'ws', command: 'auxwork', method: 'OUT', status: 200 }] });
  t.equal(verify.statusCode, 200, verify.body);
  const d = await h.ws();
  await d.request('0001', 'login', '<in><request agent_id="102"/></in>');
  t.equal((await admin(h, 'GET', '/requests?kind=ws')).json().requests[0].connection, 2, 'connections are numbered in the order they open');
});

t.test('drop: a reply and a pushed event are not sent; the journal says so', async (t) => {
  const h = await armHarness(SCENARIO);
  t.teardown(() => h.close());
  const c = await h.ws();
  const seen = frames(c.socket);
  await c.request('0001', 'login', '<in><request agent_id="101"/></in>');
  await fault(t, h, { match: { kind: 'ws', command: 'make_available' }, fault: { kind: 'drop' }, times: 1 });
  await fault(t, h, { match: { kind: 'ws', command: 'agents_info_event' }, fault: { kind: 'drop' } });
  let dropped = false;
  void c.request('0002', 'make_available', body).then(() => (dropped = true));
  await c.request('0003', 'auxwork', '<in><request reason="lunch"/></in>');
  await sleep(50);
  t.notOk(dropped, 'the dropped reply never came');
  t.same(seen, ['0001/200', '0003/200'], 'nor the pushed event of the break');
  const out = (await admin(h, 'GET', '/requests?kind=ws&method=OUT')).json().requests;
  t.match(out.find((e: { correlation: string }) => e.correlation === '0002'), { command: 'make_available', fault: { id: 1, kind: 'drop' } });
  t.ok(out.some((e: { command: string; fault: { kind: string } | null }) => e.command === 'agents_info_event' && e.fault?.kind === 'drop'));
});

t.test('delay: the reply comes late and the frames behind it wait; duplicate: it comes twice', async (t) => {
  const h = await armHarness(SCENARIO);
  t.teardown(() => h.close());
  const c = await h.ws();
  const seen = frames(c.socket);
  await c.request('0001', 'login', '<in><request agent_id="101"/></in>');
  await fault(t, h, { match: { kind: 'ws', command: 'operator_call_history' }, fault: { kind: 'delay', ms: 300 }, times: 1 });
  const started = Date.now();
  const late = c.request('0002', 'operator_call_history', body);
  const behind = c.request('0003', 'call_history', body);
  await Promise.all([late, behind]);
  t.ok(Date.now() - started >= 250, `delayed (${Date.now() - started} ms)`);
  t.same(seen.slice(1), ['0002/200', '0003/200'], 'in order, as on one TCP stream');
  await fault(t, h, { match: { kind: 'ws', command: 'call_history' }, fault: { kind: 'duplicate' }, times: 1 });
  await c.request('0004', 'call_history', body);
  await c.request('0005', 'call_history', body);
  t.same(seen.slice(3), ['0004/200', '0004/200', '0005/200']);
});

t.test('reorder: a reply held back until the next frame has gone', async (t) => {
  const h = await armHarness(SCENARIO);
  t.teardown(() => h.close());
  const c = await h.ws();
  const seen = frames(c.socket);
  await c.request('0001', 'login', '<in><request agent_id="101"/></in>');
  await fault(t, h, { match: { kind: 'ws', command: 'call_history' }, fault: { kind: 'reorder' }, times: 1 });
  const first = c.request('0002', 'call_history', body);
  await c.request('0003', 'operator_call_history', body);
  await first;
  t.same(seen.slice(1), ['0003/200', '0002/200']);
});

t.test('close with a code and a reason; stall keeps the socket open and answers nothing', async (t) => {
  const h = await armHarness(SCENARIO);
  t.teardown(() => h.close());
  await fault(t, h, { match: { kind: 'ws', command: 'login' }, fault: { kind: 'close', code: 4000, reason: 'maintenance' }, times: 1 });
  const c = await h.ws();
  c.raw('0100000000350001login<in><request agent_id="101"/></in>');
  t.same(await c.closed, { code: 4000, reason: 'maintenance' });

  await fault(t, h, { match: { kind: 'ws', command: 'call_history' }, fault: { kind: 'stall' }, times: 1 });
  const d = await h.ws();
  const seen = frames(d.socket);
  await d.request('0001', 'login', '<in><request agent_id="101"/></in>');
  void d.request('0002', 'call_history', body);
  void d.request('0003', 'operator_call_history', body);
  await sleep(200);
  t.same(seen, ['0001/200'], 'nothing after the stall');
  t.equal(d.socket.readyState, d.socket.OPEN, 'the socket stays open');
  const out = (await admin(h, 'GET', '/requests?kind=ws&method=OUT')).json().requests;
  t.match(out[0], { correlation: '0003', fault: { kind: 'stall' } }, 'what the stalled connection did not send is journaled');
  const e = await h.ws();
  t.equal((await e.request('0001', 'login', '<in><request agent_id="102"/></in>')).status, 200, 'other connections are served');
});

t.test("a ws fault selects the server's frames: one naming a client's is refused", async (t) => {
  const h = await armHarness(SCENARIO);
  t.teardown(() => h.close());
  const r = await admin(h, 'POST', '/faults', { match: { kind: 'ws', method: 'IN' }, fault: { kind: 'drop' } });
  t.equal(r.statusCode, 400);
  t.match(r.json().error, { field: 'match.method', message: /OUT/ });
  const bad = await admin(h, 'POST', '/faults', { match: { kind: 'ws' }, fault: { kind: 'close', code: 1005 } });
  t.equal(bad.statusCode, 400);
  t.equal(bad.json().error.field, 'fault.code');
  const long = await admin(h, 'POST', '/faults', { match: { kind: 'ws' }, fault: { kind: 'close', reason: 'é'.repeat(62) } });
  t.equal(long.json().error.field, 'fault.reason', 'a reason over 123 bytes');
});
