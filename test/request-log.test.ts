/**
 * The request log (request-log.ts): one line per finished request, its URL's token masked, at most so many
 * a second; the rest are counted and told in one `requests not logged` line when the second is over, by
 * status class. Errors are not counted away.
 */
import { Writable } from 'node:stream';
import t from 'tap';
import Fastify from 'fastify';
import { RequestLog } from '../src/request-log.js';

async function app(perSecond: number, clock: { now: number }) {
  const lines: Record<string, any>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l));
      done();
    },
  });
  const log = new RequestLog(perSecond, () => clock.now);
  const a = Fastify({ logger: { level: 'info', stream }, logController: log });
  a.get('/ok', async () => ({ ok: true }));
  a.get('/missing', async (_req, reply) => reply.code(404).send({ missing: true }));
  a.get('/boom', async () => {
    throw new Error('boom');
  });
  await a.ready();
  return { a, lines, log };
}

t.test('at most N request lines a second; the rest counted by status class when the second ends', async (t) => {
  const clock = { now: 0 };
  const { a, lines, log } = await app(5, clock);
  for (let i = 0; i < 12; i++) await a.inject(i % 3 === 0 ? '/missing' : '/ok?token=s3cret');
  const requests = lines.filter((l) => l.msg === 'request');
  t.equal(requests.length, 5, 'five lines in the first second');
  t.same(Object.keys(requests[1]).filter((k) => ['method', 'url', 'status', 'ms', 'reqId'].includes(k)).sort(), ['method', 'ms', 'reqId', 'status', 'url']);
  t.equal(requests[1].url, '/ok?token=[redacted]', 'the token never reaches the log');
  t.notOk(lines.some((l) => l.msg === 'requests not logged'), 'nothing told before the second is over');
  clock.now = 1000;
  await a.inject('/ok');
  const told = lines.filter((l) => l.msg === 'requests not logged');
  t.equal(told.length, 1, 'one summary line');
  t.same(told[0].by_status, { '2xx': 5, '3xx': 0, '4xx': 2, '5xx': 0 }, 'seven not logged: five 2xx, two 404');
  t.equal(told[0].requests, 7);
  t.equal(lines.filter((l) => l.msg === 'request').length, 6, 'the new second logs again');
  log.flushSkipped();
  t.equal(lines.filter((l) => l.msg === 'requests not logged').length, 1, 'no summary of an empty second');
  await a.close();
});

t.test('the summary comes when the second is over even if no request follows', async (t) => {
  const { a, lines } = await app(1, { now: 0 });
  await a.inject('/ok');
  await a.inject('/ok');
  await new Promise((r) => setTimeout(r, 1100));
  t.same(lines.filter((l) => l.msg === 'requests not logged').map((l) => l.requests), [1]);
  await a.close();
});

t.test('failed requests are logged each, whatever the rate', async (t) => {
  const { a, lines } = await app(1, { now: 0 });
  for (let i = 0; i < 4; i++) await a.inject('/boom');
  t.equal(lines.filter((l) => l.level >= 50 && /boom/.test(JSON.stringify(l))).length >= 4, true, 'every error logged');
  await a.close();
});
