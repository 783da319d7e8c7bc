/**
 * The kept dialog list (dialog-log.ts): dialogs of a finished call are built once and appended as calls
 * finish, yet every GET must equal a build from every record of the world at that instant. A client
 * disposition set after a call ended, a renamed agent and an API hang-up show at the next GET; a fresh
 * app over the same scenario, given the same commands at the same instants but read only at the end,
 * answers byte for byte the same.
 */
import t from 'tap';
import type { Dialog } from '../../../src/generated/cdr/cdr.js';
import { DialogLog, type LogSource } from '../../../src/simulators/cdr/dialog-log.js';
import type { FilterTarget } from '../../../src/simulators/cdr/filter.js';
import type { CdrCall } from '../../../src/simulators/cdr/record.js';
import { harness, type Harness } from './harness.js';
import { CDR_SCENARIO } from './scenario.js';

const TAGS: Record<string, number> = { success: 1, no_answer: 2, call_back_later: 3, interrupted: 4, not_found: 5 };
const finished = (h: Harness) => (h.sim.read((q) => q.calls()) as CdrCall[]).filter((c) => c.endedT !== null);

t.test('a disposition set after the call ended shows in its dialogs at the next GET, and only there', async (t) => {
  const h = await harness(CDR_SCENARIO);
  t.teardown(() => h.app.close());
  await h.advance(15 * 60);
  const before = (await h.list(undefined, 100_000)).data;
  const call = finished(h).find((c) => c.kind === 'queue' && c.answeredT !== null && c.disposition?.by === 'agent') as CdrCall;
  t.ok(call, 'an answered queue call the agent tagged');
  const reason = Object.keys(TAGS).find((r) => r !== call.disposition?.reason) as string;
  h.sim.command((c) => c.setDisposition(call.id, { reason, comment: 'Oddzwonić jutro' }));

  const after = (await h.list(undefined, 100_000)).data;
  t.equal(after.length, before.length, 'no dialog added or lost');
  const mine = (d: Dialog) => d.operator_call_id === call.id;
  t.same(after.filter(mine).map((d) => [d.dialog_type, d.custom_tag_id_list, d.note]), before.filter(mine).map((d) => [d.dialog_type, [TAGS[reason]], 'Oddzwonić jutro']), "the call's dialogs carry the new tag and note");
  t.same(before.filter(mine).map((d) => d.custom_tag_id_list), before.filter(mine).map(() => [TAGS[call.disposition?.reason as string]]), "before: the agent's tag");
  t.equal(JSON.stringify(after.filter((d) => !mine(d))), JSON.stringify(before.filter((d) => !mine(d))), "other calls' dialogs are unchanged");
  const tagged = await h.list([{ property: 'custom_tag_id_list', value: [TAGS[reason]] }], 100_000);
  t.ok(tagged.data.some(mine), 'the tag filter sees the new tag');
});

t.test('the kept list after more calls finish equals a cold build, byte for byte', async (t) => {
  const a = await harness(CDR_SCENARIO);
  const b = await harness(CDR_SCENARIO);
  t.teardown(async () => {
    await a.app.close();
    await b.app.close();
  });
  // `a` is read at every step (its list is kept and appended to); `b` gets the same commands, read once.
  const steps: [number, (h: Harness, read: boolean) => Promise<void>][] = [
    [5 * 60, async () => {}],
    [3 * 60, async (h) => {
      const c = finished(h).find((x) => x.kind === 'queue' && x.answeredT !== null) as CdrCall;
      h.sim.command((cmd) => cmd.setDisposition(c.id, { reason: 'call_back_later', comment: 'Po 16:00' }));
    }],
    [4 * 60, async (h) => {
      h.sim.command((cmd) => cmd.updateAgent('ben', { name: 'Benedykt Ortiz' }));
    }],
    [2 * 60, async (h, read) => {
      const live = (h.sim.read((q) => q.calls()) as CdrCall[]).find((c) => c.endedT === null) as CdrCall;
      t.ok(live, 'a live call to hang up');
      if (read) await h.list(undefined, 100_000);
      t.equal((await h.api('PUT', `/dialog/${live.id}/hangup`)).statusCode, 202);
    }],
    [10 * 60, async () => {}],
  ];
  let grew = 0;
  let last = 0;
  for (const [seconds, act] of steps) {
    await a.advance(seconds);
    await b.advance(seconds);
    await act(a, true);
    await act(b, false);
    const n = (await a.list(undefined, 100_000)).count;
    if (n > last) grew++;
    last = n;
  }
  t.ok(grew >= 4, 'calls finished between the reads');
  t.ok(finished(a).some((c) => c.agent === 'ben'), "ben's calls are listed (renamed)");
  for (const url of ['/cdr_dialog?limit=100000', '/cdr_dialog_recording?limit=100000', `/cdr_dialog?limit=7&offset=5&filter=${encodeURIComponent(JSON.stringify([{ property: 'dialog_type_list', value: ['CONSULTANT'] }]))}`]) {
    const kept = (await a.api('GET', url)).body;
    const cold = (await b.api('GET', url)).body;
    t.equal(kept, cold, `GET ${url.split('?')[0]}: kept = cold`);
  }
  const all = (await a.list(undefined, 100_000)).data;
  t.ok(all.some((d) => d.tenant_user?.display_name === 'Benedykt Ortiz'), 'the rename shows in the kept dialogs');
  t.notOk(all.some((d) => d.tenant_user?.username === 'ben' && d.tenant_user.display_name !== 'Benedykt Ortiz'), 'on every dialog of the agent');
});

t.test('a call that ends at an instant already read, with a lower seq, takes its place in the order', async (t) => {
  const rec = (id: string, seq: number, endedT: number) => ({ id, seq, endedT, agent: null, queue: null }) as unknown as CdrCall;
  const world = new Map<string, CdrCall>([['c2', rec('c2', 2, 100)], ['c3', rec('c3', 3, 50)]]);
  const target = (c: CdrCall): FilterTarget => ({ dialog: { dialog_uuid: c.id, operator_call_id: c.id } as Dialog, callRequestAgentId: null });
  const src: LogSource = { oldestKept: () => 0, call: (id) => world.get(id) ?? null, calls: () => [...world.values()], build: (c) => [target(c)], agentRenamed: () => false, queueRenamed: () => false };
  const log = new DialogLog(false);
  log.callEnded('c2');
  log.callEnded('c3');
  t.same(log.list(src).map((d) => d.dialog.dialog_uuid), ['c3', 'c2'], 'oldest hang-up first');
  world.set('c1', rec('c1', 1, 100));
  world.set('c4', rec('c4', 4, 100));
  log.callEnded('c4');
  log.callEnded('c1');
  t.same(log.list(src).map((d) => d.dialog.dialog_uuid), ['c3', 'c1', 'c2', 'c4'], 'then call order');
  t.equal(log.find(src, 'c1')?.dialog.operator_call_id, 'c1', 'found by uuid');
  const scanned = new DialogLog(true);
  t.same(scanned.list(src).map((d) => d.dialog.dialog_uuid), ['c3', 'c1', 'c2', 'c4'], 'a view made mid-run lists the calls that ended before it');
});

t.test('with a retention of 30 calls, the kept list holds exactly the dialogs of the calls the world keeps', async (t) => {
  const a = await harness(CDR_SCENARIO, { inline: true, callLimit: 30 });
  t.teardown(() => a.app.close());
  for (let step = 0; step < 6; step++) {
    await a.advance(10 * 60);
    const kept = a.sim.read((q) => q.retention());
    const cold = await harness(CDR_SCENARIO, { inline: true, callLimit: 30 });
    await cold.advance((step + 1) * 10 * 60);
    const url = '/cdr_dialog?limit=100000';
    const body = (await a.api('GET', url)).body;
    t.equal(body, (await cold.api('GET', url)).body, `t=${(step + 1) * 10} min: kept = cold`);
    const ids = new Set((JSON.parse(body).data as Dialog[]).map((d) => d.operator_call_id));
    t.equal(ids.size, kept.next - kept.oldest, 'one call per kept record');
    t.equal(kept.next - kept.oldest, Math.min(30, kept.next), 'the world keeps the newest 30');
    await cold.app.close();
  }
  t.ok(a.sim.read((q) => q.retention()).oldest > 0, 'calls were let go');
});
