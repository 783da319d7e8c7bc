/**
 * Webhooks under a failing subscriber: a bounded number of warning lines (one per subscription per
 * minute, the next one counting what was held back), and closing aborts deliveries in flight. Runs
 * Webhooks directly with a fake logger and a fake clock.
 */
import type { FastifyBaseLogger } from 'fastify';
import t from 'tap';
import { WARN_EVERY_MS, Webhooks } from '../../../src/simulators/queue-rest/webhooks.js';
import { deadPort, receiver } from './receiver.js';

function fakeLog() {
  const warnings: { fields: Record<string, unknown>; message: string }[] = [];
  const ignore = () => undefined;
  const log = { warn: (fields: Record<string, unknown>, message: string) => void warnings.push({ fields, message }), info: ignore, error: ignore, debug: ignore, trace: ignore, fatal: ignore, child: () => log, level: 'info' };
  return { log: log as unknown as FastifyBaseLogger, warnings };
}

const target = { kind: 'extension' as const, extension: 1000 };

t.test('a subscriber that is down: one line per subscription per minute, the next counting the rest', async (t) => {
  const { log, warnings } = fakeLog();
  let now = 0;
  const hooks = new Webhooks(log, 2000, () => now);
  const url = `http://127.0.0.1:${await deadPort()}/hook`;
  const a = hooks.add(target, url, 'POST', 'dial-in')!;
  const b = hooks.add(target, url, 'GET', 'dial-in')!;
  for (let i = 0; i < 300; i++) {
    hooks.enqueue(a, { n: String(i) });
    hooks.enqueue(b, { n: String(i) });
  }
  await hooks.idle();
  t.equal(warnings.length, 2, '600 failed deliveries, one line per subscription');
  t.same(warnings.map((w) => w.fields.subscription).sort(), [a.id, b.id]);
  t.match(warnings[0], { fields: { err: 'ECONNREFUSED' }, message: 'telphin webhook: delivery failed' });
  t.notOk('not_logged' in warnings[0].fields);

  now += WARN_EVERY_MS - 1;
  hooks.enqueue(a, { n: 'late' });
  await hooks.idle();
  t.equal(warnings.length, 2, 'still within the minute');

  now += 1;
  hooks.enqueue(a, { n: 'next minute' });
  await hooks.idle();
  t.equal(warnings.length, 3, 'a minute later, one more line');
  t.match(warnings[2], { fields: { subscription: a.id, not_logged: 300 }, message: /300 more warnings of this subscription since the last line were not logged/ });
  hooks.close();
});

t.test('a subscriber answering errors is held to the same rate', async (t) => {
  const { log, warnings } = fakeLog();
  const rx = await receiver({ status: 500 });
  t.teardown(() => rx.close());
  const hooks = new Webhooks(log, 2000, () => 0);
  const sub = hooks.add(target, `${rx.url}/hook`, 'POST', 'dial-out')!;
  for (let i = 0; i < 50; i++) hooks.enqueue(sub, { n: String(i) });
  await hooks.idle();
  t.equal(rx.got.length, 50, 'every delivery was sent');
  t.equal(warnings.length, 1);
  t.match(warnings[0], { fields: { status: 500 }, message: 'telphin webhook: the subscriber answered with an error' });
  hooks.close();
});

t.test('closing aborts a delivery in flight at once and logs nothing for it', async (t) => {
  const { log, warnings } = fakeLog();
  const rx = await receiver({ hang: true });
  t.teardown(() => rx.close());
  const hooks = new Webhooks(log, 60_000, () => 0);
  const sub = hooks.add(target, `${rx.url}/hook`, 'POST', 'dial-in')!;
  for (let i = 0; i < 5; i++) hooks.enqueue(sub, { n: String(i) });
  await rx.waitFor(1);
  const started = performance.now();
  hooks.close();
  await hooks.idle();
  t.ok(performance.now() - started < 1000, 'idle within a second, not after the 60 s timeout');
  await new Promise((r) => setTimeout(r, 100));
  t.equal(rx.got.length, 1, 'the queued deliveries were dropped');
  t.same(warnings, []);
});
