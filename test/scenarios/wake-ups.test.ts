/**
 * The world's wake-ups: whatever order and however often parts of the engine ask for the dispatcher at a
 * future time, it runs then, once, and a wake-up already pending is not posted again.
 */
import t from 'tap';
import { Sim, oneQueue } from '../helpers/sim.js';

function quietWorld() {
  const sim = new Sim(oneQueue({ agents: [{ id: 'a', queues: [{ queue: 'q' }] }] }));
  const { scheduler, world } = sim.engine;
  // Record which instants find the dispatcher asked for, instead of dispatching.
  const dirtyAt: number[] = [];
  scheduler.onInstantEnd = () => {
    if (world.dirty) dirtyAt.push(scheduler.now);
    world.dirty = false;
  };
  world.dirty = false;
  return { scheduler, world, dirtyAt };
}

t.test('each distinct time asked for, in any order and any number of times, wakes the dispatcher once', async (t) => {
  const { scheduler, world, dirtyAt } = quietWorld();
  const start = scheduler.now;
  // 300 distinct times, asked for out of order, each three times (never twice in a row).
  const distinct = Array.from({ length: 300 }, (_, i) => start + 1000 + ((i * 7919) % 300) * 10);
  const asked = [...distinct, ...distinct.slice().reverse(), ...distinct];
  const before = scheduler.pending;
  for (const time of asked) world.wakeAt(time);
  t.equal(scheduler.pending - before, 300, 'one wake-up posted per distinct time');

  scheduler.runUntil(start + 2000);
  // Half have passed; asking again for any time still ahead posts nothing, a new time posts one.
  const pendingNow = scheduler.pending;
  for (const time of distinct) if (time > scheduler.now) world.wakeAt(time);
  world.wakeAt(start + 2005);
  world.wakeAt(start + 2005);
  t.equal(scheduler.pending, pendingNow + 1);

  scheduler.runUntil(start + 10_000);
  const expected = [...new Set([...distinct, start + 2005])].sort((x, y) => x - y);
  t.same(dirtyAt, expected);
});

t.test('wake-ups stay exact while time passes and the list of pending ones is compacted and grown', async (t) => {
  const { scheduler, world, dirtyAt } = quietWorld();
  const start = scheduler.now;
  const asked = new Set<number>();
  for (let round = 0; round < 60; round++) {
    const base = start + round * 70;
    // Pending times overlap from round to round; asked for newest first, then again oldest first.
    const times = Array.from({ length: 10 + (round % 13) }, (_, k) => base + 10 * (k + 1)).reverse();
    const fresh = times.filter((x) => !asked.has(x)).length;
    const before = scheduler.pending;
    for (const x of [...times, ...times.slice().reverse()]) world.wakeAt(x);
    for (const x of times) asked.add(x);
    t.equal(scheduler.pending - before, fresh, `round ${round}: one wake-up posted per new time`);
    scheduler.runUntil(base + 70);
  }
  scheduler.runUntil(start + 100_000);
  t.same(dirtyAt, [...asked].sort((x, y) => x - y));
});

t.test('a time at or before now asks for the dispatcher at the end of this instant, posting nothing', async (t) => {
  const { scheduler, world, dirtyAt } = quietWorld();
  const now = scheduler.now;
  const before = scheduler.pending;
  world.wakeAt(now);
  world.wakeAt(now - 500);
  t.equal(scheduler.pending, before);
  t.equal(world.dirty, true);
  scheduler.settle();
  t.same(dirtyAt, [now]);
});
