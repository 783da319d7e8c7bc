/** The kernel: event order, cancellation, the end-of-instant hook, real-time pacing, random streams. */
import t from 'tap';
import { Scheduler } from '../../src/scenarios/kernel/scheduler.js';
import { Pacer, type WallClock } from '../../src/scenarios/kernel/pacer.js';
import { RandomStreams, uuidAt } from '../../src/scenarios/kernel/rng.js';
import { meanOf, sample, type Distribution } from '../../src/scenarios/kernel/distributions.js';

t.test('events run by (time, priority, sequence)', async (t) => {
  const s = new Scheduler();
  const ran: string[] = [];
  s.at(20, 5, () => ran.push('t20 p5'));
  s.at(10, 9, () => ran.push('t10 p9 first'));
  s.at(10, 1, () => ran.push('t10 p1'));
  s.at(10, 9, () => ran.push('t10 p9 second'));
  s.at(5, 50, () => ran.push('t5'));
  s.runUntil(100);
  t.same(ran, ['t5', 't10 p1', 't10 p9 first', 't10 p9 second', 't20 p5']);
  t.equal(s.now, 100);
});

t.test('cancelled events do not run; time never goes back', async (t) => {
  const s = new Scheduler();
  const ran: number[] = [];
  const e = s.at(10, 0, () => ran.push(10));
  s.at(20, 0, () => ran.push(20));
  s.cancel(e);
  s.runUntil(15);
  t.equal(s.nextTime(), 20);
  s.at(3, 0, () => ran.push(3)); // in the past: runs at now
  s.runUntil(30);
  t.same(ran, [3, 20]);
  t.equal(s.executed, 2);
});

t.test('the end-of-instant hook runs after each instant, and may add events at that instant', async (t) => {
  const s = new Scheduler();
  const log: string[] = [];
  let once = true;
  s.onInstantEnd = () => {
    log.push(`hook@${s.now}`);
    if (once && s.now === 10) {
      once = false;
      s.at(10, 0, () => log.push('added@10'));
    }
  };
  s.at(10, 0, () => log.push('e@10'));
  s.at(10, 1, () => log.push('f@10'));
  s.at(20, 0, () => log.push('e@20'));
  s.runUntil(25);
  t.same(log, ['e@10', 'f@10', 'hook@10', 'added@10', 'hook@10', 'e@20', 'hook@20']);
});

t.test("an event's handler is called with the arguments it was scheduled with", async (t) => {
  const s = new Scheduler();
  const seen: string[] = [];
  const handler = (who: string, n: number) => seen.push(`${who}:${n}@${s.now}`);
  s.at(30, 0, handler, 'b', 2);
  s.at(10, 0, handler, 'a', 1);
  s.runUntil(50);
  t.same(seen, ['a:1@10', 'b:2@30']);
});

t.test('an instant whose events were all cancelled runs no hook', async (t) => {
  const s = new Scheduler();
  const hooks: number[] = [];
  s.onInstantEnd = () => hooks.push(s.now);
  s.cancel(s.at(10, 0, () => t.fail('cancelled event ran')));
  s.cancel(s.at(10, 1, () => t.fail('cancelled event ran')));
  s.at(20, 0, () => undefined);
  t.equal(s.runUntil(40), 1);
  t.same(hooks, [20]);
  t.equal(s.now, 40);
});

t.test('thousands of events, posted or cancellable, some cancelled, run in (time, priority, sequence) order', async (t) => {
  const s = new Scheduler();
  const stream = new RandomStreams(5).stream('kernel');
  const expected: { t: number; p: number; n: number }[] = [];
  const ran: number[] = [];
  let n = 0;
  // Events scheduled while running (at the current instant and later) reuse the slots of those that ran.
  const schedule = (depth: number) => {
    const time = s.now + Math.floor(stream.next() * 50);
    const p = Math.floor(stream.next() * 4);
    const id = n++;
    const fire = () => {
      ran.push(id);
      if (depth < 2) schedule(depth + 1);
    };
    if (stream.next() < 0.5) s.post(time, p, fire);
    else {
      const ev = s.at(time, p, fire);
      if (stream.next() < 0.2) {
        s.cancel(ev);
        return;
      }
    }
    expected.push({ t: time, p, n: id });
  };
  for (let i = 0; i < 3000; i++) schedule(0);
  s.runUntil(1_000_000);
  t.equal(s.pending, 0);
  t.equal(ran.length, expected.length);
  // Every event ran once, and no event ran before one that sorts ahead of it and was already pending.
  t.same([...ran].sort((a, b) => a - b), expected.map((e) => e.n).sort((a, b) => a - b));
  const byId = new Map(expected.map((e) => [e.n, e]));
  const order = ran.map((id) => byId.get(id) as { t: number; p: number; n: number });
  const firstOutOfOrder = order.findIndex((e, i) => i > 0 && e.t < order[i - 1].t);
  t.equal(firstOutOfOrder, -1, 'times never go back');
  const initial = order.filter((e) => e.n < 3000);
  const sorted = [...initial].sort((a, b) => a.t - b.t || a.p - b.p || a.n - b.n);
  t.same(initial.map((e) => e.n), sorted.map((e) => e.n), 'the events scheduled up front run in key order');
});

class FakeClock implements WallClock {
  ms = 1000;
  private timers: { at: number; fn: () => void }[] = [];
  now() {
    return this.ms;
  }
  setTimeout(fn: () => void, ms: number) {
    const timer = { at: this.ms + ms, fn };
    this.timers.push(timer);
    return timer;
  }
  clearTimeout(h: unknown) {
    this.timers = this.timers.filter((x) => x !== h);
  }
  /** Moves real time forward, firing due timers in order. */
  tick(ms: number) {
    const end = this.ms + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.ms = next.at;
      next.fn();
    }
    this.ms = end;
  }
}

t.test('the pacer moves virtual time with the wall clock, at the set speed', async (t) => {
  const s = new Scheduler();
  const clock = new FakeClock();
  const ran: number[] = [];
  for (const at of [500, 1500, 25_000]) s.at(at, 0, () => ran.push(at));
  const pacer = new Pacer(s, 1, clock);
  pacer.start();
  clock.tick(1000);
  t.equal(s.now, 1000, 'one real second is one virtual second at speed 1');
  t.same(ran, [500]);
  pacer.setSpeed(10);
  clock.tick(1000);
  t.equal(s.now, 11_000, 'then ten virtual seconds per real second');
  t.same(ran, [500, 1500]);
  clock.tick(1500);
  t.same(ran, [500, 1500, 25_000], 'events run when their virtual time is reached');
  pacer.stop();
  clock.tick(10_000);
  t.equal(s.now, 26_000, 'a stopped pacer moves nothing');
});

t.test('named streams are reproducible and independent', async (t) => {
  const a = new RandomStreams(42);
  const b = new RandomStreams(42);
  const xs = Array.from({ length: 5 }, () => a.stream('x').next());
  b.stream('y').next(); // drawing from another stream first changes nothing for x
  t.same(Array.from({ length: 5 }, () => b.stream('x').next()), xs);
  t.not(new RandomStreams(43).stream('x').next(), xs[0]);
  t.not(a.stream('y').next(), a.stream('x').next());
  const words = new RandomStreams(1).seedWords('ids');
  t.equal(uuidAt(words, 7), uuidAt(words, 7), 'the n-th id of a seed is always the same');
  t.not(uuidAt(words, 7), uuidAt(words, 8));
  const u = uuidAt(words, 1);
  t.match(u, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

t.test('distributions have their configured means and bounds', async (t) => {
  const cases: [string, Distribution][] = [
    ['constant', 7],
    ['exponential', { distribution: 'exponential', mean: 120 }],
    ['uniform', { distribution: 'uniform', min: 2, max: 8 }],
    ['normal', { distribution: 'normal', mean: 60, sd: 5 }],
    ['lognormal', { distribution: 'lognormal', mean: 240, sd: 120 }],
  ];
  const stream = new RandomStreams(7).stream('d');
  for (const [name, d] of cases) {
    const n = 40_000;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += sample(d, stream);
    const m = meanOf(d);
    t.ok(Math.abs(sum / n - m) <= 0.02 * m + 1e-9, `${name}: sample mean ${(sum / n).toFixed(2)} vs ${m}`);
  }
  const clamped = { distribution: 'normal', mean: 10, sd: 50, min: 1, max: 20 } as const;
  for (let i = 0; i < 1000; i++) {
    const x = sample(clamped, stream);
    if (x < 1 || x > 20) t.fail(`out of bounds: ${x}`);
  }
  t.pass('min and max clamp');
});
