/**
 * The journal and the faults on Telphin's outgoing webhooks: every try of a delivery is journaled (the
 * subscriber's URL, what was sent, its answer, the outcome, the try's number); a fault fails a try with a
 * status, times it out or delays it, and with `webhook_retries` the delivery is tried again, each try in
 * the journal. Verification reads deliveries like requests.
 */
import t, { type Test } from 'tap';
import type { FastifyInstance } from 'fastify';
import { receiver } from '../simulators/queue-rest/receiver.js';
import { admin, instrumentedApp, telphinToken } from './helpers.js';

const yaml = (apis: string) => `
scenarios:
  hooks:
    seed: 5
    duration: 1h
    queues: [{ id: line }]
    agents:
      - { id: ann, number: '201', queues: [{ queue: line }], answer: { after: 2 }, talk_time: 30 }
    apis: { telphin: { ${apis} } }
`;

async function setup(t: Test, apis: string, status = 200) {
  const { app } = await instrumentedApp({ yaml: yaml(apis) });
  const rx = await receiver({ status });
  t.teardown(async () => {
    await app.close();
    await rx.close();
  });
  const token = await telphinToken(app);
  const sub = await app.inject({ method: 'POST', url: '/api/ver1.0/extension/1000/event/', headers: { authorization: `Bearer ${token}` }, payload: { url: `${rx.url}/hook?tag=7`, event_type: 'dial-in', method: 'POST' } });
  t.equal(sub.statusCode, 201, sub.body);
  return { app, rx };
}

const call = (app: FastifyInstance) => admin(app, 'POST', '/calls', { queue: 'line', number: '+74951112233' });

async function deliveries(app: FastifyInstance, n: number, ms = 5000): Promise<any[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const all = (await admin(app, 'GET', '/requests?kind=webhook')).json().requests.filter((e: { outcome?: string }) => e.outcome !== undefined);
    if (all.length >= n) return all.reverse();
    if (Date.now() > deadline) throw new Error(`${all.length} of ${n} tries journaled`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

t.test('a delivery is journaled with what was sent, the answer and the outcome', async (t) => {
  const { app, rx } = await setup(t, 'webhook_timeout_ms: 500');
  await call(app);
  await rx.waitFor(1);
  const [d] = await deliveries(app, 1);
  t.match(d, { kind: 'webhook', api: 'telphin', method: 'POST', path: '/hook', url: `${rx.url}/hook?tag=7`, query: { tag: '7' }, status: 200, outcome: 'delivered', attempt: 1, fault: null });
  t.match(d.headers, { 'content-type': 'application/x-www-form-urlencoded' });
  t.match(d.body.text, /^EventType=dial-in&CallID=/);
  t.ok(typeof d.latencyMs === 'number' && typeof d.t === 'number' && typeof d.wallTime === 'string');
  const verify = await admin(app, 'POST', '/requests/verify', { matcher: { kind: 'webhook', bodyContains: 'EventType=dial-in' }, count: { eq: 1 } });
  t.equal(verify.statusCode, 200, verify.body);
  const miss = await admin(app, 'POST', '/requests/verify', { matcher: { kind: 'webhook', path: '/other' } });
  t.equal(miss.statusCode, 422);
  t.match(miss.json().nearMisses[0].differences, [{ field: 'path', expected: '/other', actual: '/hook' }]);
});

t.test('fail and timeout faults take a try; with retries the next try delivers, each in the journal', async (t) => {
  const { app, rx } = await setup(t, 'webhook_timeout_ms: 300, webhook_retries: 2, webhook_retry_delay_ms: 100');
  t.equal((await admin(app, 'POST', '/faults', { match: { kind: 'webhook' }, fault: { kind: 'fail', status: 503 }, times: 1 })).statusCode, 201);
  await call(app);
  await rx.waitFor(1);
  const tries = await deliveries(app, 2);
  t.match(tries, [
    { attempt: 1, outcome: 'fault', status: 503, fault: { id: 1, kind: 'fail' } },
    { attempt: 2, outcome: 'delivered', status: 200, fault: null },
  ]);
  t.equal(rx.got.length, 1, 'the failed try was not sent');

  t.equal((await admin(app, 'POST', '/faults', { match: { kind: 'webhook' }, fault: { kind: 'timeout' }, times: 1 })).statusCode, 201);
  const started = Date.now();
  await call(app);
  await rx.waitFor(2);
  t.ok(Date.now() - started >= 300, 'the timed-out try waited the timeout');
  t.match((await deliveries(app, 4)).slice(2), [
    { attempt: 1, outcome: 'timeout', status: null, fault: { kind: 'timeout' } },
    { attempt: 2, outcome: 'delivered' },
  ]);
});

t.test('delay: the delivery arrives late', async (t) => {
  const { app, rx } = await setup(t, 'webhook_timeout_ms: 500');
  await admin(app, 'POST', '/faults', { match: { kind: 'webhook', method: 'POST' }, fault: { kind: 'delay', ms: 250 }, times: 1 });
  const started = Date.now();
  await call(app);
  await rx.waitFor(1);
  t.ok(Date.now() - started >= 240, `late (${Date.now() - started} ms)`);
  t.match(await deliveries(app, 1), [{ outcome: 'delivered', fault: { kind: 'delay' } }]);
});

t.test('a subscriber that answers 500: every try fails and is journaled; without retries, one try', async (t) => {
  const { app, rx } = await setup(t, 'webhook_timeout_ms: 500, webhook_retries: 2, webhook_retry_delay_ms: 100', 500);
  await call(app);
  await rx.waitFor(3);
  t.match(await deliveries(app, 3), [
    { attempt: 1, outcome: 'failed', status: 500 },
    { attempt: 2, outcome: 'failed', status: 500 },
    { attempt: 3, outcome: 'failed', status: 500 },
  ]);
  const once = await setup(t, 'webhook_timeout_ms: 500', 500);
  await call(once.app);
  await once.rx.waitFor(1);
  await new Promise((r) => setTimeout(r, 300));
  t.equal(once.rx.got.length, 1, 'no retries by default');
  t.equal((await deliveries(once.app, 1)).length, 1);
});
