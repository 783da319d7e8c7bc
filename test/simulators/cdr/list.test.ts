/**
 * GET /cdr_dialog over a scripted scenario: which dialogs the world's finished calls give, in which
 * order, and every filter property and operator with paging, checked against expectations computed
 * from the engine's call records (not from the view's own output); `count` is the total before paging.
 */
import t from 'tap';
import type { Dialog } from '../../../src/generated/cdr/cdr.js';
import type { CdrCall } from '../../../src/simulators/cdr/record.js';
import { harness, type Harness } from './harness.js';
import { CDR_SCENARIO } from './scenario.js';

const digits = (n: string) => n.replace(/\D/g, '');
const sec = (h: Harness, t: number) => Math.floor((h.sim.scenario.startMs + t) / 1000);
const timeSec = (s: string) => Date.parse(s.replace(' ', 'T') + 'Z') / 1000;

type Side = 'external' | 'agent';
type Pred = (c: CdrCall, side: Side) => boolean;

t.test('every filter property and operator, with paging, against the call records', async (t) => {
  const h = await harness(CDR_SCENARIO);
  t.teardown(() => h.app.close());
  await h.advance(31 * 60);
  const calls = (h.sim.read((q) => q.calls()) as CdrCall[]).filter((c) => c.endedT !== null);
  const byId = new Map(calls.map((c) => [c.id, c]));
  const { data: all, count } = await h.list(undefined, 100_000);
  t.equal(count, all.length);

  // Which dialogs: one EXTERNAL per finished call, one more for an agent who talked (or dialled).
  const talked = (c: CdrCall) => c.agent !== null && (c.kind === 'external' || c.answeredT !== null);
  t.equal(all.length, calls.length + calls.filter(talked).length, 'dialogs per finished call');
  t.ok(calls.some((c) => c.answeredT === null) && calls.some((c) => c.kind === 'external') && calls.some((c) => c.queue === 'sales' && c.answeredT !== null) && calls.some((c) => c.exitReason === 'unanswered') && calls.some((c) => c.kind === 'external' && c.direction === 'outbound' && c.answeredT !== null && c.arrivedT < c.answeredT), 'the scenario has unanswered, external, answered, and answered and unanswered dial-out calls');
  const sideOf = (d: Dialog): Side => (d.dialog_type === 'EXTERNAL' ? 'external' : 'agent');
  const recordOf = (d: Dialog) => byId.get(d.operator_call_id as string) as CdrCall;
  for (const d of all) t.ok(recordOf(d), `dialog ${d.dialog_uuid} is a finished call's`);
  // Oldest hang-up first, so a page never shifts as calls finish.
  const ends = all.map((d) => recordOf(d).endedT as number);
  t.same(ends, [...ends].sort((a, b) => a - b), 'ordered by hang-up');
  t.same(all.filter((d) => d.dialog_type === 'EXTERNAL').map((d) => d.dialog_uuid).sort(), calls.map((c) => c.id).sort(), "each call's EXTERNAL dialog has the call id as uuid");

  const startT = (c: CdrCall, side: Side) => (side === 'agent' && c.kind === 'queue' ? (c.offers.find((o) => o.agent === c.agent && o.outcome === 'answered')?.t as number) : c.arrivedT);
  const talk = (c: CdrCall) => (c.answeredT === null ? 0 : (c.endedT as number) - c.answeredT);
  const someTalk = talk(calls.find((c) => c.kind === 'queue' && c.answeredT !== null) as CdrCall);
  const tagOf: Record<string, number> = { success: 1, no_answer: 2, call_back_later: 3, interrupted: 4, not_found: 5 };
  const twoCalls = [calls[3].id, calls[8].id];
  const T1 = '2026-03-02 08:10:00';
  const T2 = '2026-03-02 08:20:00';

  const cases: [string, unknown[], Pred][] = [
    ['number_list: a caller', [{ property: 'number_list', value: ['+48601000001'] }], (c) => digits(c.number) === '48601000001'],
    ['number_list: a dialled number', [{ property: 'number_list', value: ['48500100200'] }], (c) => digits(c.number) === '48500100200'],
    ['start_time gte', [{ property: 'start_time', operator: 'gte', value: T1 }], (c, s) => sec(h, startT(c, s)) >= timeSec(T1)],
    ['start_time gt + lt', [{ property: 'start_time', operator: 'gt', value: T1 }, { property: 'start_time', operator: 'lt', value: T2 }], (c, s) => sec(h, startT(c, s)) > timeSec(T1) && sec(h, startT(c, s)) < timeSec(T2)],
    ['start_time lte', [{ property: 'start_time', operator: 'lte', value: T1 }], (c, s) => sec(h, startT(c, s)) <= timeSec(T1)],
    ['hangup_time gt', [{ property: 'hangup_time', operator: 'gt', value: T2 }], (c) => sec(h, c.endedT as number) > timeSec(T2)],
    ['hangup_time gte', [{ property: 'hangup_time', operator: 'gte', value: T2 }], (c) => sec(h, c.endedT as number) >= timeSec(T2)],
    ['hangup_time lt', [{ property: 'hangup_time', operator: 'lt', value: T1 }], (c) => sec(h, c.endedT as number) < timeSec(T1)],
    ['hangup_time lte', [{ property: 'hangup_time', operator: 'lte', value: T1 }], (c) => sec(h, c.endedT as number) <= timeSec(T1)],
    ['talking_time eq', [{ property: 'talking_time', operator: 'eq', value: someTalk }], (c) => talk(c) === someTalk],
    ['talking_time (no operator: eq) 0', [{ property: 'talking_time', value: 0 }], (c) => talk(c) === 0],
    ['talking_time gt', [{ property: 'talking_time', operator: 'gt', value: 30_000 }], (c) => talk(c) > 30_000],
    ['talking_time gte', [{ property: 'talking_time', operator: 'gte', value: someTalk }], (c) => talk(c) >= someTalk],
    ['talking_time lt', [{ property: 'talking_time', operator: 'lt', value: 30_000 }], (c) => talk(c) < 30_000],
    ['talking_time lte', [{ property: 'talking_time', operator: 'lte', value: someTalk }], (c) => talk(c) <= someTalk],
    ['project_id_list', [{ property: 'project_id_list', value: [2] }], (c) => c.queue === 'sales'],
    ['project_id_list, both', [{ property: 'project_id_list', value: [1, 2] }], (c) => c.kind === 'queue'],
    ['tenant_user_id_list', [{ property: 'tenant_user_id_list', value: [1] }], (c, s) => s === 'agent' && c.agent === 'ann'],
    ['tenant_user_id_list, two', [{ property: 'tenant_user_id_list', value: [2, 3] }], (c, s) => s === 'agent' && (c.agent === 'ben' || c.agent === 'cid')],
    ['custom_tag_id_list', [{ property: 'custom_tag_id_list', value: [1, 3] }], (c) => c.disposition != null && [1, 3].includes(tagOf[c.disposition.reason])],
    ['operator_call_id_list', [{ property: 'operator_call_id_list', value: twoCalls }], (c) => twoCalls.includes(c.id)],
    ['dialog_type_list TENANT_USER', [{ property: 'dialog_type_list', value: ['TENANT_USER'] }], (c, s) => s === 'agent' && c.kind === 'external'],
    ['dialog_type_list EXTERNAL, CONSULTANT', [{ property: 'dialog_type_list', value: ['EXTERNAL', 'CONSULTANT'] }], (c, s) => s === 'external' || c.kind === 'queue'],
    ['dialog_type_list BOT', [{ property: 'dialog_type_list', value: ['BOT'] }], () => false],
    ['call_request_agent_id_list', [{ property: 'call_request_agent_id_list', value: [2] }], (c) => c.kind === 'external' && c.direction === 'outbound' && c.agent === 'ben'],
    ['combined: sales consultants who talked over 10 s', [{ property: 'project_id_list', value: [2] }, { property: 'dialog_type_list', value: ['CONSULTANT'] }, { property: 'talking_time', operator: 'gt', value: 10_000 }], (c, s) => c.queue === 'sales' && s === 'agent' && talk(c) > 10_000],
  ];
  let nonEmpty = 0;
  for (const [name, filter, pred] of cases) {
    const expected = all.filter((d) => pred(recordOf(d), sideOf(d))).map((d) => d.dialog_uuid);
    if (expected.length > 0) nonEmpty++;
    const limit = 4;
    const got: string[] = [];
    for (let offset = 0; ; offset += limit) {
      const p = await h.list(filter, limit, offset);
      t.equal(p.count, expected.length, `${name}: count is the total before paging (offset ${offset})`);
      t.ok(p.data.length <= limit, `${name}: at most limit`);
      got.push(...p.data.map((d) => d.dialog_uuid));
      if (p.data.length < limit) break;
    }
    t.same(got, expected, `${name}: the pages together are the filtered list, in order`);
  }
  t.equal(nonEmpty, cases.length - 1, 'every filter but dialog_type BOT selects something');

  const beyond = await h.list(undefined, 10, all.length + 5);
  t.same(beyond, { success: true, data: [], count: all.length }, 'an offset past the end: empty page, same count');
  const none = await h.list(undefined, 0);
  t.same(none, { success: true, data: [], count: all.length }, 'limit 0');
  const byDefault = await h.list();
  t.equal(byDefault.data.length, Math.min(500, all.length), 'limit defaults to 500');
});
