/**
 * The dialogs tell the engine's story: for every finished call, times are ordered, talking_time is the
 * answered-to-hangup span of the call record and of the event log, hang-up and start times are the
 * logged ones, and the consultant is the agent who answered. The same scenario and requests give
 * byte-identical responses, also after a reset.
 */
import t from 'tap';
import type { Dialog } from '../../../src/generated/cdr/cdr.js';
import type { CdrCall } from '../../../src/simulators/cdr/record.js';
import { harness, type Harness } from './harness.js';
import { CDR_SCENARIO } from './scenario.js';

type Ev = { seq: number; t: number; type: string; call?: string; agent?: string };

async function allEvents(h: Harness): Promise<Ev[]> {
  const out: Ev[] = [];
  for (let after = 0; ; ) {
    const page = await h.admin(`/__admin/events?after=${after}&limit=5000`);
    out.push(...page.events);
    if (page.events.length < 5000) return out;
    after = page.events.at(-1).seq;
  }
}

t.test('times ordered, talking_time the answered→hangup span of the records and the event log', async (t) => {
  const h = await harness(CDR_SCENARIO);
  t.teardown(() => h.app.close());
  await h.advance(20 * 60);
  const fmt = (vt: number) => new Date(h.sim.scenario.startMs + vt).toISOString().slice(0, 19).replace('T', ' ');
  const events = await allEvents(h);
  const first = (type: string, call: string) => events.find((e) => e.type === type && e.call === call);
  const calls = new Map((h.sim.read((q) => q.calls()) as CdrCall[]).map((c) => [c.id, c]));
  const { data } = await h.list(undefined, 100_000);
  t.ok(data.length > 40, `enough dialogs (${data.length})`);
  const seenCalls = new Set<string>();
  for (const d of data as Dialog[]) {
    const c = calls.get(d.operator_call_id as string) as CdrCall;
    const what = `${d.dialog_type} ${d.dialog_uuid}`;
    seenCalls.add(c.id);
    const order = [d.start_time, d.alert_time, d.answer_time, d.hangup_time].filter((x): x is string => x !== null);
    t.same(order, [...order].sort(), `${what}: start ≤ alert ≤ answer ≤ hangup`);
    t.equal(d.serve_time, d.answer_time, `${what}: served when answered`);
    t.equal(d.ring_time, d.alert_time);
    t.equal(d.hangup_time, fmt(c.endedT as number), `${what}: hangup_time is the record's end`);
    const ended = first('call.ended', c.id) ?? first('call.left', c.id);
    t.equal(d.hangup_time, fmt((ended as Ev).t), `${what}: hangup_time is the logged end`);
    if (c.answeredT === null) {
      t.equal(d.talking_time, 0, `${what}: never answered, no talk`);
      t.equal(d.answer_time, null);
      continue;
    }
    t.equal(d.talking_time, (c.endedT as number) - c.answeredT, `${what}: talking_time is the record's answered→end span`);
    const answered = first('call.answered', c.id) ?? first('agent.external_call', c.id);
    t.equal(d.talking_time, (ended as Ev).t - (answered as Ev).t, `${what}: and the event log's`);
    t.equal(d.answer_time, fmt((answered as Ev).t));
    if (d.dialog_type === 'CONSULTANT') t.equal(d.tenant_user?.username, (answered as Ev).agent, `${what}: the agent who answered`);
    if (d.dialog_type === 'EXTERNAL' && c.kind === 'queue') t.equal(d.start_time, fmt((first('call.arrived', c.id) as Ev).t), `${what}: started when the caller arrived`);
  }
  const finished = [...calls.values()].filter((c) => c.endedT !== null);
  t.equal(seenCalls.size, finished.length, 'every finished call has dialogs');
});

t.test('the same scenario and requests give byte-identical responses, after a reset too', async (t) => {
  const run = async (h: Harness) => {
    const bodies: string[] = [];
    for (const step of [300, 400, 500]) {
      await h.advance(step);
      bodies.push((await h.api('GET', '/cdr_dialog?limit=1000')).body);
      bodies.push((await h.api('GET', '/cdr_dialog_recording')).body);
    }
    return bodies;
  };
  const a = await harness(CDR_SCENARIO);
  const b = await harness(CDR_SCENARIO);
  t.teardown(() => Promise.all([a.app.close(), b.app.close()]));
  const first = await run(a);
  t.same(await run(b), first, 'two servers');
  await a.app.inject({ method: 'POST', url: '/__admin/reset' });
  t.same(await run(a), first, 'after a reset');
  t.ok(JSON.parse(first[4]).count > 20);
});
