/**
 * One tenant's long clock move does not stall the others: POST /__admin/clock/advance of 8 hours runs in
 * slices, and another tenant answers reads and its real-time clock goes on before the advance is over (a
 * behaviour, not a timing: without slices every read would wait for it). To the advancing tenant's own
 * clients the move is one step: a request or a WebSocket frame that comes during it is taken once it is
 * over, at its end time. The events are those of an advance at once, and the tenant's recording replays
 * byte for byte. Over bench/replay's busy day (an advance of a second or more, many slices) and over the
 * default scenario (whose recording is replayed).
 */
import { createHash } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import t, { type Test } from 'tap';
import WebSocket from 'ws';
import { Simulation } from '../../src/simulation.js';
import { loadScenarioFile } from '../../src/scenarios/load-scenario.js';
import { parseRecording } from '../../src/recording/format.js';
import { replayInFreshApp } from '../../src/recording/replay-app.js';
import { encodeRequest, decodeServerFrame } from '../../src/simulators/arm-xml/codec.js';
import { SCENARIO_FILE } from '../helpers/app.js';
import { served } from './helpers.js';

const EIGHT_HOURS = 28_800;
const BUSY_DAY = new URL('../../bench/replay/day.yaml', import.meta.url).pathname;
const agent = new Agent({ keepAlive: true });
t.teardown(() => agent.destroy());

/** A read over a real socket, as another tenant's client makes it (an in-process inject would never let the event loop turn). */
function get(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const post = (body: unknown, headers: Record<string, string>) => ({ method: 'POST' as const, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(body) });

/** The SHA-256 of a world's events as NDJSON, from now on. */
function follow(sim: Simulation): () => string {
  const hash = createHash('sha256');
  const stop = sim.subscribe((e) => hash.update(JSON.stringify(e) + '\n'));
  return () => {
    stop();
    return hash.digest('hex');
  };
}

/** Tenant `mover` advances 8 hours while tenant `reader` (real time, speed 60) is read and the mover's own clients send a request and a frame. */
async function session(t: Test, file: string, scenario: string) {
  const s = await served(t, { file, scenario });
  const port = await s.listen();
  const A = { 'x-ccsim-tenant': 'mover' };
  const B = { 'x-ccsim-tenant': 'reader' };
  // (Not GET /__admin/health to make it: that is journaled but not recorded, which would shift a replayed journal's ids.)
  t.equal((await s.inject({ url: '/__admin/clock', headers: A })).statusCode, 200);
  t.equal((await s.inject({ method: 'PUT', url: '/__admin/clock', headers: { ...B, 'content-type': 'application/json' }, payload: JSON.stringify({ mode: 'realtime', speed: 60 }) })).statusCode, 200);
  const mover = (await s.front.tenants.peek('mover'))!.world.simulation;
  const digest = follow(mover);

  // An ARM workstation of the mover, open before the advance.
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ccsim.local/service/cc/arm`, { headers: A });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  t.teardown(() => ws.terminate());
  const replied = new Promise<void>((resolve) => ws.on('message', (d) => decodeServerFrame(d.toString())?.id === '0042' && resolve()));

  const before = JSON.parse((await get(port, '/__admin/clock', B)).body).t as number;
  let advanceDone = false;
  const advance = s.inject({ url: '/__admin/clock/advance', ...post({ seconds: EIGHT_HOURS }, A) }).then((r) => {
    advanceDone = true;
    return r;
  });
  while (mover.moving === null) await new Promise((r) => setImmediate(r));
  // The mover's own clients, while it moves: a request and a frame.
  let ownDone = false;
  const own = s.inject({ url: '/__admin/clock', headers: A }).then((r) => {
    ownDone = true;
    return r;
  });
  ws.send(encodeRequest('0042', 'call_history', '<in><request><filters limit="1"/></request></in>'));

  const during: { t: number; ok: boolean }[] = [];
  let ownEarly = false;
  while (!advanceDone) {
    const r = await get(port, '/__admin/clock', B);
    if (!advanceDone) during.push({ t: JSON.parse(r.body).t, ok: r.status === 200 });
    ownEarly ||= ownDone && !advanceDone;
  }
  const moved = await advance;
  t.equal(moved.statusCode, 200);
  t.equal(moved.json().t, EIGHT_HOURS * 1000, 'the advance reached 8 hours');
  t.ok(during.every((r) => r.ok), `the other tenant's ${during.length} reads during the advance were answered`);
  t.notOk(ownEarly, "the mover's own request was not answered before its advance was over");

  t.equal((await own).json().t, EIGHT_HOURS * 1000, "the mover's request that came during the advance saw its end");
  await replied;
  const frames = (await s.inject({ url: '/__admin/requests/find', ...post({ matcher: { kind: 'ws', method: 'IN' } }, A) })).json().requests as { t: number; command: string }[];
  t.match(frames, [{ command: 'call_history', t: EIGHT_HOURS * 1000 }], 'its WebSocket frame was taken at the end of the advance, not in the middle');
  const journaled = (await s.inject({ url: '/__admin/requests/find', ...post({ matcher: { kind: 'admin', path: '/__admin/clock', method: 'GET' } }, A) })).json().requests as { t: number }[];
  t.same(
    journaled.map((e) => e.t).sort((x, y) => x - y),
    [0, EIGHT_HOURS * 1000],
    'and so was its request (the other read made the tenant, before the advance)',
  );

  // The same events as an advance at once.
  const served_ = digest();
  const alone = new Simulation({ scenario: loadScenarioFile(file, { scenario }), clock: 'manual', speed: 1 });
  const aloneDigest = follow(alone);
  alone.advance(EIGHT_HOURS);
  t.equal(served_, aloneDigest(), `the events of an advance at once (${mover.eventSeq} events, byte for byte)`);
  t.equal(mover.eventSeq, alone.eventSeq);
  ws.close();
  return { s, before, during };
}

t.test("a busy day: while one tenant advances 8 hours, another answers and its real-time clock goes on; the mover's own inputs wait", async (t) => {
  const { before, during } = await session(t, BUSY_DAY, 'day');
  // The busy day's advance takes a second or more: many slices, and the other tenant's reads between them.
  t.ok(during.length >= 1, `the other tenant answered ${during.length} reads before the advance was over`);
  t.ok(during.length >= 1 && during[0].t > before, `and its real-time clock went on meanwhile (${before} ms before the advance, ${during[0]?.t} ms during it)`);
});

// The default scenario's 8 hours take a tenth of a second: few slices, so how many reads land in them is left to bench/tenants.
t.test("the default scenario: the mover's own inputs wait, and its recording replays byte for byte", async (t) => {
  const { s } = await session(t, SCENARIO_FILE, 'default');
  const recording = (await s.inject({ url: '/__admin/recording', headers: { 'x-ccsim-tenant': 'mover' } })).body;
  const report = await replayInFreshApp(parseRecording(recording));
  t.equal(report.differing, 0, `the recording replays with no difference: ${JSON.stringify(report.differences)}`);
  t.equal(report.events.identical, true, 'the event log byte for byte');
  t.ok(report.responses.compared >= 4 && report.frames.compared >= 1, `${report.responses.compared} responses and ${report.frames.compared} frames compared`);
});

t.test('run-until moves in slices too, and a bad request is refused before anything moves', async (t) => {
  const s = await served(t, { file: BUSY_DAY, scenario: 'day' });
  const port = await s.listen();
  const A = { 'x-ccsim-tenant': 'a' };
  for (const id of ['a', 'b']) t.equal((await get(port, '/__admin/clock', { 'x-ccsim-tenant': id })).status, 200, `tenant ${id} made`);
  let done = false;
  const run = s.inject({ url: '/__admin/clock/run-until', ...post({ t: EIGHT_HOURS * 1000 }, A) }).then((r) => ((done = true), r));
  let answered = 0;
  while (!done) if ((await get(port, '/__admin/health', { 'x-ccsim-tenant': 'b' })).status === 200 && !done) answered++;
  t.equal((await run).json().t, EIGHT_HOURS * 1000);
  t.ok(answered >= 1, `another tenant answered ${answered} times meanwhile`);
  t.equal((await s.inject({ url: '/__admin/clock/run-until', ...post({ t: 5 }, A) })).statusCode, 409, 'a time already passed: 409, as before');
  t.equal((await s.inject({ url: '/__admin/clock/advance', ...post({ seconds: 3_155_760_000 }, A) })).statusCode, 400, "past the clock's end: 400, as before");
  t.equal((await s.inject({ url: '/__admin/clock', headers: A })).json().t, EIGHT_HOURS * 1000, 'and the clock did not move');
});
