/**
 * Call records as queries give them: a finished call's record is made once and shared (frozen), so it
 * must always equal what a fresh read gives. Two engines get the same scenario and the same commands at
 * the same instants; one is read after every step (its records are made early and kept), the other only
 * at the end. Late changes to finished calls (a client's disposition, which also ends the agent's wrap-up
 * early) must show in both alike. Also: a kept record cannot be changed by a reader, and the world keeps
 * exactly the newest `recordLimit` finished calls, in the order they finished.
 */
import t from 'tap';
import { Engine } from '../../src/scenarios/engine.js';
import { loadScenarioText } from '../../src/scenarios/load-scenario.js';
import type { CallRecord } from '../../src/scenarios/callcenter/model.js';

const SCENARIO = `
scenarios:
  r:
    seed: 3
    duration: 4h
    queues:
      - { id: q1, strategy: round-robin, tier_rules_apply: false }
    agents:
      - { count: 4, id_prefix: a, queues: [{ queue: q1 }], answer: { after: 2 }, talk_time: { distribution: exponential, mean: 120 }, wrap_up_time: 60 }
    callers:
      - { queue: q1, arrivals: { process: poisson, per_hour: 90 }, patience: { distribution: exponential, mean: 90 } }
    timeline:
      - { at: 600, agent: a-1, dial_out: "+74950000001" }
`;

// With a listener, as a served world has: every call gets its id when its first event is logged.
const engine = (recordLimit?: number) => new Engine(loadScenarioText(SCENARIO, 'test.yaml', {}), { recordLimit, onEvent: () => {} });

t.test('records read early and kept equal records read once at the end, after late changes', async (t) => {
  const early = engine();
  const late = engine();
  let changedLate = 0;
  for (let step = 1; step <= 48; step++) {
    const t1 = step * 5 * 60_000;
    early.runUntil(t1);
    late.runUntil(t1);
    early.queries.calls();
    // Every third step a client tags the newest answered finished call: in wrap-up (ends it early) or later.
    if (step % 3 === 0) {
      const answered = early.queries.calls().filter((c) => c.endedT !== null && c.answeredT !== null && c.agent !== null);
      for (const pick of [answered[answered.length - 1], answered[Math.floor(answered.length / 2)]]) {
        if (!pick) continue;
        for (const e of [early, late]) e.command((c) => c.setDisposition(pick.id, { reason: 'call_back_later', comment: `step ${step}` }));
        changedLate++;
      }
    }
  }
  const a = JSON.stringify(early.queries.calls());
  const b = JSON.stringify(late.queries.calls());
  t.ok(changedLate > 20, `${changedLate} late dispositions`);
  t.ok(early.queries.calls().some((c) => c.disposition?.by === 'client' && c.wrapUpEndT !== null && c.wrapUpEndT < (c.endedT as number) + 60_000), 'a disposition ended a wrap-up early');
  t.equal(a, b, 'the same records, byte for byte');
});

t.test('a kept record cannot be changed through what a reader holds', async (t) => {
  const e = engine();
  e.runUntil(3_600_000);
  const finished = e.queries.calls().find((c) => c.endedT !== null && c.offers.length > 0) as CallRecord;
  t.ok(Object.isFrozen(finished) && Object.isFrozen(finished.offers) && Object.isFrozen(finished.offers[0]), 'frozen, deeply');
  t.throws(() => {
    (finished as { agent: string | null }).agent = 'someone';
  });
  t.equal(e.queries.call(finished.id)?.agent, finished.agent);
  const live = e.queries.liveCalls()[0];
  if (live) t.notOk(Object.isFrozen(live), 'a live call is a fresh copy');
});

t.test('the world keeps exactly the newest recordLimit finished calls, in the order they finished', async (t) => {
  const all = engine();
  const kept = engine(25);
  all.runUntil(4 * 3_600_000);
  kept.runUntil(4 * 3_600_000);
  const r = kept.queries.retention();
  t.equal(r.next - r.oldest, 25);
  t.equal(r.next, all.queries.retention().next, 'the same number finished');
  const everything = all.queries.finished(0).calls;
  const newest = kept.queries.finished(0);
  t.equal(newest.first, r.oldest, 'reading from 0 starts at the oldest kept');
  t.same(newest.calls.map((c) => c.id), everything.slice(-25).map((c) => c.id), 'the newest 25, in finish order');
  t.notOk(kept.queries.hasCall(everything[0].id), 'an old call is let go');
  t.equal(kept.queries.call(everything[0].id), null);
  t.same(kept.queries.finished(r.next - 5, 3).calls.map((c) => c.finishIndex), [r.next - 5, r.next - 4, r.next - 3], 'a window of the kept ones');
  t.same(kept.queries.calls().filter((c) => c.endedT !== null).length, 25, 'calls() lists the kept finished calls and the live ones');
});
