/**
 * One tenant's long clock move does not stall the others: POST /__admin/clock/advance of 8 hours on the
 * default scenario runs in slices, and another tenant answers reads and its real-time clock goes on
 * before the advance is over (a behaviour, not a timing: without slices every read would wait for it).
 * To the advancing tenant's own clients the move is one step: a request or a WebSocket frame that comes
 * during it is taken once it is over, at its end time. The events are those of an advance at once, and
 * the tenant's recording replays byte for byte.
 */
import { Agent, request as httpRequest } from 'node:http';
import t from 'tap';
import WebSocket from 'ws';
import { Simulation } from '../../src/simulation.js';
import { loadScenarioFile } from '../../src/scenarios/load-scenario.js';
import { parseRecording } from '../../src/recording/format.js';
import { replayInFreshApp } from '../../src/recording/replay-app.js';
import { encodeRequest, decodeServerFrame } from '../../src/simulators/arm-xml/codec.js';
import { SCENARIO_FILE } from '../helpers/app.js';
import { served } from './helpers.js';

const EIGHT_HOURS = 28_800;
const agent = new Agent({ keepAlive: true });

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

t.test("while one tenant advances 8 hours, another answers and its real-time clock goes on; the mover's own inputs wait", async (t) => {
  const s = await served(t, { file: SCENARIO_FILE, scenario: 'default' });
  const port = await s.listen();
  const A = { 'x-ccsim-tenant': 'mover' };
  const B = { 'x-ccsim-tenant': 'reader' };
  // (Not GET /__admin/health: it is journaled but not recorded, which would shift the replayed journal's ids.)
  t.equal((await s.inject({ url: '/__admin/clock', headers: A })).statusCode, 200);
  t.equal((await s.inject({ method: 'PUT', url: '/__admin/clock', headers: { ...B, 'content-type': 'application/json' }, payload: JSON.stringify({ mode: 'realtime', speed: 60 }) })).statusCode, 200);
  const mover = (await s.front.tenants.peek('mover'))!.world.simulation;

  // An ARM workstation of the mover, open before the advance.
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ccsim.local/service/cc/arm`, { headers: A });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  t.teardown(() => {
    ws.terminate();
    agent.destroy();
  });
  const replied = new Promise<void>((resolve) => ws.on('message', (d) => decodeServerFrame(d.toString())?.id === '0042' && resolve()));

  let advanceDone = false;
  const advance = s.inject({ method: 'POST', url: '/__admin/clock/advance', headers: { ...A, 'content-type': 'application/json' }, payload: JSON.stringify({ seconds: EIGHT_HOURS }) }).then((r) => {
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

  const readsBefore: { t: number; ok: boolean }[] = [];
  let ownEarly = false;
  while (!advanceDone) {
    const r = await get(port, '/__admin/clock', B);
    if (!advanceDone) readsBefore.push({ t: JSON.parse(r.body).t, ok: r.status === 200 });
    ownEarly ||= ownDone && !advanceDone;
  }
  t.notOk(ownEarly, "the mover's own request was not answered before its advance was over");
  const moved = await advance;
  t.equal(moved.statusCode, 200);
  t.equal(moved.json().t, EIGHT_HOURS * 1000, 'the advance reached 8 hours');
  t.ok(readsBefore.length >= 1 && readsBefore.every((r) => r.ok), `the other tenant answered ${readsBefore.length} reads before the advance was over`);
  const ts = readsBefore.map((r) => r.t);
  t.ok(ts.length >= 2 && ts[ts.length - 1] > ts[0], `and its real-time clock went on meanwhile (${ts[0]} → ${ts[ts.length - 1]} ms)`);

  const ownAnswer = await own;
  t.equal(ownAnswer.json().t, EIGHT_HOURS * 1000, "the mover's request that came during the advance saw its end");
  await replied;
  const frames = (await s.inject({ method: 'POST', url: '/__admin/requests/find', headers: { ...A, 'content-type': 'application/json' }, payload: JSON.stringify({ matcher: { kind: 'ws', method: 'IN' } }) })).json().requests as { t: number; command: string }[];
  t.match(frames, [{ command: 'call_history', t: EIGHT_HOURS * 1000 }], 'its WebSocket frame was taken at the end of the advance, not in the middle');
  const journaled = (await s.inject({ method: 'POST', url: '/__admin/requests/find', headers: { ...A, 'content-type': 'application/json' }, payload: JSON.stringify({ matcher: { kind: 'admin', path: '/__admin/clock', method: 'GET' } }) })).json().requests as { t: number }[];
  t.same(
    journaled.map((e) => e.t).sort((x, y) => x - y),
    [0, EIGHT_HOURS * 1000],
    'and so was its request (the other read made the tenant, before the advance)',
  );

  // The same events as an advance at once, and a recording that replays byte for byte.
  const events = (await s.inject({ url: '/__admin/events?limit=10000&after=0', headers: A })).json();
  const alone = new Simulation({ scenario: loadScenarioFile(SCENARIO_FILE, { scenario: 'default' }), clock: 'manual', speed: 1 });
  alone.advance(EIGHT_HOURS);
  const aloneEvents = alone.events(0, 10_000);
  t.ok(events.events.length > 5000, `${events.events.length} events`);
  t.equal(JSON.stringify(events.events), JSON.stringify(aloneEvents.events.slice(0, events.events.length)), 'the events of an advance at once');
  t.equal(events.last, aloneEvents.last, 'all of them');
  ws.close();
  const recording = (await s.inject({ url: '/__admin/recording', headers: A })).body;
  const report = await replayInFreshApp(parseRecording(recording));
  t.equal(report.differing, 0, `the recording replays with no difference: ${JSON.stringify(report.differences)}`);
  t.equal(report.events.identical, true, 'the event log byte for byte');
  t.ok(report.responses.compared >= 4 && report.frames.compared >= 1, `${report.responses.compared} responses and ${report.frames.compared} frames compared`);
});

t.test('run-until moves in slices too, and a bad request is refused before anything moves', async (t) => {
  const s = await served(t, { file: SCENARIO_FILE, scenario: 'default' });
  const port = await s.listen();
  const A = { 'x-ccsim-tenant': 'a', 'content-type': 'application/json' };
  for (const id of ['a', 'b']) t.equal((await get(port, '/__admin/clock', { 'x-ccsim-tenant': id })).status, 200, `tenant ${id} made`);
  let done = false;
  const run = s.inject({ method: 'POST', url: '/__admin/clock/run-until', headers: A, payload: JSON.stringify({ t: EIGHT_HOURS * 1000 }) }).then((r) => ((done = true), r));
  let answered = 0;
  while (!done) if ((await get(port, '/__admin/health', { 'x-ccsim-tenant': 'b' })).status === 200 && !done) answered++;
  t.equal((await run).json().t, EIGHT_HOURS * 1000);
  t.ok(answered >= 1, `another tenant answered ${answered} times meanwhile`);
  const past = await s.inject({ method: 'POST', url: '/__admin/clock/run-until', headers: A, payload: JSON.stringify({ t: 5 }) });
  t.equal(past.statusCode, 409, 'a time already passed: 409, as before');
  const far = await s.inject({ method: 'POST', url: '/__admin/clock/advance', headers: A, payload: JSON.stringify({ seconds: 3_155_760_000 }) });
  t.equal(far.statusCode, 400, 'past the clock\'s end: 400, as before');
  t.equal((await s.inject({ url: '/__admin/clock', headers: A })).json().t, EIGHT_HOURS * 1000, 'and the clock did not move');
});
