/**
 * The event log pages without loss, and its live stream is paced by its reader. Paging with small limits
 * (with and without a type filter) through tens of thousands of events returns each exactly once; a page
 * says what the retention dropped. A stream client catching up on tens of thousands of events gets each
 * exactly once; one that does not read is paused (the server holds a bounded number of bytes for it)
 * and, once it reads, gets every event it missed, in order, or an `event: gap` where the retention
 * already dropped some.
 */
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import t, { type Test } from 'tap';
import { buildApp } from '../../src/app.js';
import { loadScenarioText } from '../../src/scenarios/load-scenario.js';
import { Simulation } from '../../src/simulation.js';
import { adminSchemaErrors, SCENARIO_FILE } from '../helpers/app.js';

// About 23,000 events per simulated hour.
const BUSY = `
scenarios:
  busy:
    seed: 3
    duration: 8h
    queues: [{ id: q, strategy: longest-idle-agent }]
    agents: [{ count: 100, id_prefix: a, queues: [{ queue: q }], answer: { after: 2 }, talk_time: { distribution: exponential, mean: 90 } }]
    callers: [{ queue: q, arrivals: { process: poisson, per_hour: 3000 }, patience: { distribution: exponential, mean: 60 } }]
`;

async function busyApp(t: Test, eventLogLimit?: number): Promise<{ app: FastifyInstance; sim: Simulation }> {
  const sim = new Simulation({ scenario: loadScenarioText(BUSY, 'busy.yaml'), clock: 'manual', speed: 1, eventLogLimit });
  const app = await buildApp({ simulation: sim, scenarioFile: SCENARIO_FILE });
  t.teardown(() => app.close());
  return { app, sim };
}

const advance = (app: FastifyInstance, seconds: number) => app.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { seconds } });
const page = async (app: FastifyInstance, query: string) => (await app.inject(`/__admin/events?${query}`)).json();
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

t.test('the issue: after=0&limit=3 says to resume at 3, not at the newest seq', async (t) => {
  const { app } = await busyApp(t);
  await advance(app, 60);
  const p = await page(app, 'after=0&limit=3');
  t.same(adminSchemaErrors('EventPage', p), []);
  t.same(p.events.map((e: { seq: number }) => e.seq), [1, 2, 3]);
  t.match(p, { next: 3, more: true, oldest: 1, dropped: 0 });
  t.ok(p.last > 3, 'last is the newest seq of the log');
  const rest = await page(app, `after=${p.next}&limit=10000`);
  t.equal(rest.events[0].seq, 4, 'paging on with after=next loses nothing');
  t.match(rest, { next: p.last, more: false });
});

t.test('paging with small limits, with and without a type filter, returns every event exactly once', async (t) => {
  const { app, sim } = await busyApp(t);
  await advance(app, 5400);
  const last = sim.eventSeq;
  t.ok(last > 30_000, `tens of thousands of events (${last})`);
  const all = sim.events(0, 100_000).events;
  for (const [limit, type] of [[97, undefined], [7, 'call.answered'], [50, 'agent.']] as const) {
    const seen: number[] = [];
    const wrong: string[] = [];
    let pages = 0;
    for (let after = 0, more = true; more; pages++) {
      const p = await page(app, `after=${after}&limit=${limit}${type ? `&type=${type}` : ''}`);
      if (p.events.length > limit) wrong.push(`${p.events.length} events after ${after}`);
      if (p.more && !(p.next > after)) wrong.push(`next ${p.next} after ${after}`);
      seen.push(...p.events.map((e: { seq: number }) => e.seq));
      after = p.next;
      more = p.more;
    }
    t.same(wrong, [], 'each page within the limit, each next further on');
    const expected = all.filter((e) => !type || e.type.startsWith(type)).map((e) => e.seq);
    t.ok(expected.length > 1000, `${expected.length} events ${type ?? ''}`);
    t.same(seen, expected, `limit ${limit}${type ? ` type ${type}` : ''}: each exactly once, in order (${pages} pages)`);
  }
});

t.test('a page says when the retention already dropped events it was asked for', async (t) => {
  const { app, sim } = await busyApp(t, 1000);
  await advance(app, 600);
  const last = sim.eventSeq;
  const p = await page(app, 'after=0&limit=10');
  t.same(adminSchemaErrors('EventPage', p), []);
  t.ok(p.oldest > 1, `the oldest retained is ${p.oldest}`);
  t.equal(p.dropped, p.oldest - 1, 'every event before the oldest retained one is reported lost');
  t.equal(p.events[0].seq, p.oldest);
  const fromOldest = await page(app, `after=${p.oldest - 1}&limit=10000`);
  t.equal(fromOldest.dropped, 0);
  t.same(fromOldest.events.map((e: { seq: number }) => e.seq), range(p.oldest, last));
});

interface Frame {
  id?: number;
  event?: string;
  data?: string;
}

function frames(text: string): Frame[] {
  return text
    .split('\n\n')
    .filter((b) => b.includes('event: '))
    .map((b) => {
      const f: Frame = {};
      for (const line of b.split('\n')) {
        const at = line.indexOf(': ');
        const [k, v] = [line.slice(0, at), line.slice(at + 2)];
        if (k === 'id') f.id = Number(v);
        else if (k === 'event') f.event = v;
        else if (k === 'data') f.data = v;
      }
      return f;
    });
}

/** A stream client over a raw socket, which reads only when told to. */
async function streamClient(port: number, path: string): Promise<{ socket: Socket; text: () => string; until: (id: number) => Promise<void> }> {
  const socket = connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n`);
  let raw = '';
  return {
    socket,
    // Chunked transfer coding: drop the chunk-size lines.
    text: () => raw.slice(raw.indexOf('\r\n\r\n') + 4).replace(/\r\n[0-9a-f]+\r\n/g, '').replace(/^[0-9a-f]+\r\n/, ''),
    until: (id) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (raw.includes(`\nid: ${id}\n`) || raw.includes(`\r\nid: ${id}\n`)) {
            socket.off('data', onData);
            socket.pause();
            resolve();
          }
        };
        const onData = (d: Buffer) => {
          raw += d.toString('utf8');
          check();
        };
        socket.on('data', onData);
        socket.resume();
      }),
  };
}

t.test('a stream client catching up on tens of thousands of events gets each exactly once, then live', async (t) => {
  const { app, sim } = await busyApp(t);
  await advance(app, 5400);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const port = Number(new URL(address).port);
  const caughtUp = sim.eventSeq;
  t.ok(caughtUp > 30_000);
  const client = await streamClient(port, '/__admin/events/stream?after=0');
  await client.until(caughtUp);
  await advance(app, 300);
  const last = sim.eventSeq;
  await client.until(last);
  const events = frames(client.text()).filter((f) => f.id !== undefined);
  t.same(
    events.map((f) => f.id),
    range(1, last),
    `${last} events, each exactly once, in order`,
  );
  const sample = events[12_345];
  t.equal(sample.event, JSON.parse(sample.data as string).type);
  client.socket.destroy();
});

t.test('a client that does not read is paused: the server buffers a bounded amount, and nothing is lost', async (t) => {
  const { app, sim } = await busyApp(t);
  const serverSockets: Socket[] = [];
  app.server.on('connection', (s: Socket) => serverSockets.push(s));
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const port = Number(new URL(address).port);
  const client = await streamClient(port, '/__admin/events/stream?after=0');
  await new Promise((r) => setTimeout(r, 50));
  let most = 0;
  // About 70,000 events (some 15 MB of frames), while the client reads nothing.
  for (let i = 0; i < 36; i++) {
    await advance(app, 300);
    await new Promise((r) => setImmediate(r));
    for (const s of serverSockets) most = Math.max(most, s.writableLength);
  }
  const last = sim.eventSeq;
  t.ok(last > 60_000, `${last} events happened`);
  t.ok(most < 128 * 1024, `at most ${most} bytes waited in the server for the client (the bound is about 80 KiB)`);
  await client.until(last);
  t.same(
    frames(client.text()).map((f) => f.id),
    range(1, last),
    'once it reads, every event arrives exactly once, in order',
  );
  client.socket.destroy();
});

t.test('a paused client that the retention overtook gets event: gap, then goes on', async (t) => {
  const { app, sim } = await busyApp(t, 2000);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const port = Number(new URL(address).port);
  const client = await streamClient(port, '/__admin/events/stream?after=0');
  // Far more than the socket buffers hold (some 15 MB), against a retention of 2,000 events.
  for (let i = 0; i < 36; i++) await advance(app, 300);
  const last = sim.eventSeq;
  await client.until(last);
  const all = frames(client.text());
  const gaps = all.filter((f) => f.event === 'gap');
  t.equal(gaps.length, 1, 'one gap');
  const gap = JSON.parse(gaps[0].data as string);
  const at = all.indexOf(gaps[0]);
  const before = all.slice(0, at).map((f) => f.id);
  const after = all.slice(at + 1).map((f) => f.id);
  t.same(before, range(1, gap.after), 'contiguous up to the gap');
  t.equal(gaps[0].id, gap.oldest - 1, 'the gap moves Last-Event-ID past what was lost');
  t.equal(gap.missed, gap.oldest - gap.after - 1);
  t.ok(gap.missed > 0);
  t.same(after, range(gap.oldest, last), 'contiguous from the oldest retained one to the newest');
  client.socket.destroy();
});

t.test('a stream ends with event: shutdown when the app closes', async (t) => {
  const { app } = await busyApp(t);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  let body = '';
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const ended = new Promise<void>((resolve, reject) => {
    httpRequest(`${address}/__admin/events/stream`, (res) => {
      open();
      res.setEncoding('utf8');
      res.on('data', (s: string) => (body += s));
      res.on('end', resolve);
    })
      .on('error', reject)
      .end();
  });
  await opened;
  await advance(app, 30);
  while (!body.includes('event: call.arrived')) await new Promise((r) => setTimeout(r, 10));
  const started = performance.now();
  await app.close();
  await ended;
  t.ok(performance.now() - started < 1000, 'close did not wait on the stream');
  t.match(body, /id: \d+\nevent: call\.arrived\n/);
  t.match(body, /event: shutdown\ndata: \{\}\n\n$/);
});
