/**
 * The KPIs' rolling window (kpis.ts): each queue's service level over the calls that left it in the
 * current minute of virtual time and the 14 before it, by the same rule as the day's (answered within the
 * threshold over finished, turned-away calls included, warm-up calls left out), and its outcome counts.
 */
import t from 'tap';
import { KpiCollector, SL_WINDOW_MINUTES } from '../../src/scenarios/callcenter/kpis.js';

const MIN = 60_000;

t.test('the window holds the last 15 minutes of exits; the counts hold the day', async (t) => {
  let now = 0;
  const k = new KpiCollector(10 * MIN, 20_000, () => now);
  t.equal(SL_WINDOW_MINUTES, 15);
  const exit = (at: number, outcome: 'answered' | 'abandoned' | 'timed_out' | 'rejected', waitMs: number, queue = 'q', arrivedT = at - waitMs) => {
    now = at;
    k.queueExit(queue, arrivedT, waitMs, outcome);
  };
  exit(5 * MIN, 'answered', 1_000); // arrived in the warm-up: counts nowhere
  exit(20 * MIN, 'answered', 5_000); // in time
  exit(21 * MIN, 'answered', 30_000); // late
  exit(22 * MIN, 'abandoned', 10_000);
  exit(22 * MIN + 1, 'rejected', 0);
  exit(23 * MIN, 'answered', 2_000, 'other');

  let o = k.outcomes(23 * MIN, ['q', 'other', 'empty']);
  t.same(o.q, { answered: 2, abandoned: 1, timed_out: 0, rejected: 1, window: { calls: 4, service_level: 0.25 } });
  t.same(o.other, { answered: 1, abandoned: 0, timed_out: 0, rejected: 0, window: { calls: 1, service_level: 1 } });
  t.same(o.empty, { answered: 0, abandoned: 0, timed_out: 0, rejected: 0, window: { calls: 0, service_level: null } });
  const day = k.report(23 * MIN, ['q'], { inProgress: new Map(), handleAdjustMs: 0 });
  t.equal(day.queues.q.service_level, o.q.window.service_level, 'within 15 minutes the window is the day');

  // At 35:00 the window is minutes 21 to 35: the exit at 20:00 has left it.
  o = k.outcomes(35 * MIN, ['q']);
  t.same(o.q.window, { calls: 3, service_level: 0 });
  t.equal(o.q.answered, 2, 'the day keeps it');
  // At 36:59.999 it is minutes 22 to 36.
  t.same(k.outcomes(37 * MIN - 1, ['q']).q.window, { calls: 2, service_level: 0 });
  // An hour on, nothing left the queue lately.
  t.same(k.outcomes(80 * MIN, ['q']).q.window, { calls: 0, service_level: null });

  // A minute's slot is reused 15 minutes later: only the new minute's calls count.
  exit(35 * MIN + 30_000, 'answered', 1_000);
  t.same(k.outcomes(36 * MIN, ['q']).q.window, { calls: 3, service_level: 0.3333 });
});
