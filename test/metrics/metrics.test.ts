/**
 * GET /metrics, read with a Prometheus text-format parser: after a scenario has run in manual clock, the
 * call center's figures are those /__admin/kpis and /__admin/state answer (per queue and in sum), and the
 * server's count what crossed the door (requests by API, route and status, a fault, a webhook's tries, an
 * ARM WebSocket's frames) and hold the journal's size; names follow Prometheus's conventions (promtool
 * lints them where it is installed); an admin token guards it; a scrape is neither journaled nor recorded.
 */
import { execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import WebSocket from 'ws';
import { buildApp } from '../../src/app.js';
import { Simulation } from '../../src/simulation.js';
import { loadScenarioFile } from '../../src/scenarios/load-scenario.js';
import { encodeRequest } from '../../src/simulators/arm-xml/codec.js';
import { SCENARIO_FILE, testApp } from '../helpers/app.js';
import { receiver } from '../simulators/queue-rest/receiver.js';
import { telphinToken } from '../instruments/helpers.js';
import { parseMetrics } from './prometheus.js';

const json = (r: { body: string }) => JSON.parse(r.body);

t.test('after a scenario has run, the metrics are the KPIs and the state the admin plane answers', async (t) => {
  const { app } = await testApp('default');
  t.teardown(() => app.close());
  const post = (url: string, payload: object) => app.inject({ method: 'POST', url: `/__admin${url}`, payload });
  // 2.5 h: alice's break (2h to 2h15m, the timeline's) is over.
  t.equal((await post('/clock/advance', { seconds: 2.5 * 3600 })).statusCode, 200);
  await post('/agents/support-1/status', { status: 'on_break' });
  await post('/calls', { queue: 'support', number: '+74950000001' });
  await post('/clock/advance', { seconds: 1 });

  const scrape = await app.inject({ method: 'GET', url: '/metrics' });
  t.equal(scrape.statusCode, 200);
  t.match(scrape.headers['content-type'], /^text\/plain; version=0\.0\.4/);
  const m = parseMetrics(scrape.body);
  const kpis = json(await app.inject({ method: 'GET', url: '/__admin/kpis' }));
  const state = json(await app.inject({ method: 'GET', url: '/__admin/state' }));

  t.equal(m.value('ccsim_virtual_time_seconds'), kpis.simulated_seconds);
  t.equal(m.value('ccsim_events_total'), kpis.events);
  t.equal(m.value('ccsim_occupancy_ratio'), kpis.occupancy);
  t.equal(m.value('ccsim_service_level_threshold_seconds'), 20);
  t.equal(m.value('ccsim_info', { scenario: 'default', seed: '42', clock: 'manual' }), 1);

  const queues = Object.keys(kpis.queues);
  t.same(queues, ['support', 'sales']);
  for (const queue of queues) {
    const k = kpis.queues[queue];
    t.equal(m.value('ccsim_queue_calls_offered_total', { queue }), k.calls, `${queue} offered`);
    t.equal(m.value('ccsim_queue_service_level_ratio', { queue }), k.service_level, `${queue} service level`);
    t.equal(m.value('ccsim_queue_asa_seconds', { queue }), k.asa_seconds, `${queue} ASA`);
    const inQueue = state.callers.filter((c: { queue: string; state: string }) => c.queue === queue && (c.state === 'waiting' || c.state === 'trying'));
    t.equal(m.value('ccsim_queue_callers_waiting', { queue }), inQueue.length, `${queue} waiting`);
    const longest = Math.max(0, ...inQueue.map((c: { joined_t: number }) => state.clock.t - c.joined_t)) / 1000;
    t.equal(m.value('ccsim_queue_longest_wait_seconds', { queue }), longest, `${queue} longest wait`);
    const window = m.value('ccsim_queue_service_level_window_ratio', { queue });
    t.ok(window !== undefined && window >= 0 && window <= 1, `${queue} windowed service level ${window}`);
  }
  t.ok(m.value('ccsim_queue_callers_waiting', { queue: 'support' })! >= 1, 'the injected caller waits');
  // The center's totals are the queues' sums, the same counts as the KPIs'.
  t.equal(m.sum('ccsim_queue_calls_offered_total'), kpis.calls.offered);
  t.equal(m.sum('ccsim_queue_calls_answered_total'), kpis.calls.answered);
  t.equal(m.sum('ccsim_queue_calls_abandoned_total'), kpis.calls.abandoned);
  t.equal(m.sum('ccsim_queue_calls_timed_out_total'), kpis.calls.timed_out);
  t.equal(m.sum('ccsim_queue_calls_rejected_total'), kpis.calls.rejected);
  t.ok(kpis.calls.answered > 20 && kpis.calls.abandoned > 0, 'two hours of the default day answered and lost calls');

  // Agents by status and state, in all and per queue (its tiers).
  for (const a of [...new Set(state.agents.map((x: { status: string; state: string }) => `${x.status}/${x.state}`))] as string[]) {
    const [status, st] = a.split('/');
    const n = state.agents.filter((x: { status: string; state: string }) => x.status === status && x.state === st).length;
    t.equal(m.value('ccsim_agents', { status, state: st }), n, `agents ${a}`);
  }
  t.equal(m.sum('ccsim_agents'), state.agents.length);
  t.equal(m.sum('ccsim_agents', { status: 'on_break' }), 1, 'support-1 on break');
  const supportTiers = state.queues.find((q: { id: string }) => q.id === 'support').agents.length;
  t.equal(m.sum('ccsim_queue_agents', { queue: 'support' }), supportTiers);
  t.equal(m.sum('ccsim_queue_agents', { queue: 'support', status: 'on_break' }), 1);
  t.equal(m.samples('ccsim_queue_agents', { queue: 'sales' }).length, 16, 'every status × state, zeros too');

  // A reset starts the world's counters again, as a restarted process would.
  await app.inject({ method: 'POST', url: '/__admin/reset' });
  const after = parseMetrics((await app.inject({ method: 'GET', url: '/metrics' })).body);
  t.equal(after.sum('ccsim_queue_calls_offered_total'), 0);
  t.equal(after.value('ccsim_queue_service_level_ratio', { queue: 'support' }), undefined, 'no service level before a call finished');
  t.equal(after.value('ccsim_virtual_time_seconds'), 0);
});

t.test('the windowed service level is the rolling window the world keeps, not the day', async (t) => {
  const { app, sim } = await testApp('default');
  t.teardown(() => app.close());
  await app.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { seconds: 3 * 3600 } });
  const m = parseMetrics((await app.inject({ method: 'GET', url: '/metrics' })).body);
  const outcomes = sim.queueOutcomes();
  for (const queue of ['support', 'sales']) {
    t.equal(m.value('ccsim_queue_service_level_window_ratio', { queue }), outcomes[queue].window.service_level, queue);
    t.ok(outcomes[queue].window.calls < json(await app.inject('/__admin/kpis')).queues[queue].calls, `${queue}: the window holds fewer calls than the day`);
  }
});

t.test("the server's metrics count what crossed the door", async (t) => {
  const sim = new Simulation({ scenario: loadScenarioFile(SCENARIO_FILE, { scenario: 'smoke' }), clock: 'manual', speed: 1 });
  const app = await buildApp({ simulation: sim, scenarioFile: SCENARIO_FILE });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const rx = await receiver();
  t.teardown(async () => {
    await app.close();
    await rx.close();
  });
  const base = `127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const conpeek = () => app.inject({ method: 'GET', url: '/cdr_dialog?limit=1', headers: { authorization: 'ccsim-conpeek-key' } });
  t.equal((await app.inject({ method: 'POST', url: '/__admin/faults', payload: { match: { api: 'conpeek' }, fault: { kind: 'status', status: 503 }, times: 1 } })).statusCode, 201);
  t.equal((await conpeek()).statusCode, 503);
  t.equal((await conpeek()).statusCode, 200);
  await app.inject({ method: 'GET', url: '/no/such/thing' });

  // A Telphin webhook: the first try failed by a fault, the second delivered.
  const token = await telphinToken(app);
  const sub = await app.inject({ method: 'POST', url: '/api/ver1.0/extension/1000/event/', headers: { authorization: `Bearer ${token}` }, payload: { url: `${rx.url}/hook`, event_type: 'dial-in', method: 'POST' } });
  t.equal(sub.statusCode, 201, sub.body);
  await app.inject({ method: 'POST', url: '/__admin/faults', payload: { match: { kind: 'webhook' }, fault: { kind: 'fail' }, times: 1 } });
  const firstQueue = sim.scenario.queues[0].id;
  await app.inject({ method: 'POST', url: '/__admin/calls', payload: { queue: firstQueue } });
  await app.inject({ method: 'POST', url: '/__admin/calls', payload: { queue: firstQueue } });
  await rx.waitFor(1);

  // An ARM WebSocket: one frame in, its reply out, then closed.
  const ws = new WebSocket(`ws://${base}/ccsim.local/service/cc/arm`);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const reply = new Promise((resolve) => ws.once('message', resolve));
  ws.send(encodeRequest('0001', 'auxwork', '<in><request agent_id="100"/></in>'));
  await reply;
  const open = parseMetrics((await fetch(`http://${base}/metrics`).then((r) => r.text())));
  t.equal(open.value('ccsim_websocket_connections'), 1);
  ws.close();
  await new Promise((resolve) => ws.once('close', resolve));
  await new Promise((resolve) => setTimeout(resolve, 50));

  const m = parseMetrics(await fetch(`http://${base}/metrics`).then((r) => r.text()));
  t.equal(m.value('ccsim_http_requests_total', { api: 'conpeek', route: '/cdr_dialog', method: 'GET', status: '503' }), 1);
  t.equal(m.value('ccsim_http_requests_total', { api: 'conpeek', route: '/cdr_dialog', method: 'GET', status: '200' }), 1);
  t.equal(m.value('ccsim_http_requests_total', { api: 'ccsim', route: '(none)', method: 'GET', status: '404' }), 1, 'a path no route took');
  t.equal(m.value('ccsim_http_requests_total', { api: 'admin', route: '/__admin/calls', method: 'POST', status: '201' }), 2);
  t.equal(m.value('ccsim_http_requests_total', { api: 'telphin', route: '/oauth/token', method: 'POST', status: '200' }), 1);
  const conpeekRoute = { api: 'conpeek', route: '/cdr_dialog', method: 'GET' };
  t.equal(m.types.get('ccsim_http_request_duration_seconds'), 'histogram');
  t.equal(m.value('ccsim_http_request_duration_seconds_count', conpeekRoute), 2, 'both Conpeek requests timed');
  t.equal(m.value('ccsim_http_request_duration_seconds_bucket', { ...conpeekRoute, le: '+Inf' }), 2);
  const sum = m.value('ccsim_http_request_duration_seconds_sum', conpeekRoute)!;
  t.ok(sum > 0 && sum < 5, `their time, ${sum} s`);
  t.equal(m.value('ccsim_faults_injected_total', { protocol: 'http', kind: 'status' }), 1);
  t.equal(m.value('ccsim_faults_injected_total', { protocol: 'webhook', kind: 'fail' }), 1);
  t.equal(m.value('ccsim_webhook_deliveries_total', { api: 'telphin', outcome: 'fault' }), 1);
  t.equal(m.value('ccsim_webhook_deliveries_total', { api: 'telphin', outcome: 'delivered' }), 1);
  t.equal(m.value('ccsim_websocket_connections_opened_total'), 1);
  t.equal(m.value('ccsim_websocket_connections'), 0);
  t.equal(m.value('ccsim_websocket_frames_total', { api: 'arm', direction: 'in' }), 1);
  t.equal(m.value('ccsim_websocket_frames_total', { api: 'arm', direction: 'out' }), 1);

  const journal = json(await app.inject({ method: 'GET', url: '/__admin/requests?limit=1' }));
  // The journal took the line above as well: the scrape before it saw one entry fewer.
  t.equal(m.value('ccsim_journal_entries'), journal.total - 1);
  t.equal(m.value('ccsim_journal_max_entries'), journal.bounds.entries);
  t.equal(m.value('ccsim_journal_max_bytes'), journal.bounds.bytes);
  t.ok(m.value('ccsim_journal_bytes')! > 0);
  // Node's own metrics ride along, the event loop's lag among them.
  t.ok(m.families.has('nodejs_eventloop_lag_seconds') && m.families.has('process_cpu_user_seconds_total'));
  t.equal(m.value('ccsim_clock_lag_seconds'), 0, 'a manual clock is never behind');
});

t.test('metric names follow Prometheus conventions', async (t) => {
  const { app } = await testApp('default');
  t.teardown(() => app.close());
  await app.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { seconds: 3600 } });
  await app.inject('/metrics');
  const text = (await app.inject('/metrics')).body;
  const scrape = parseMetrics(text);
  const own = [...scrape.types.keys()].filter((name) => name.startsWith('ccsim_')).map((name) => ({ name, type: scrape.types.get(name), help: scrape.families.get(name)?.help ?? '' }));
  t.ok(own.length >= 30, `${own.length} ccsim metrics`);
  for (const f of own) {
    t.match(f.name, /^ccsim_[a-z][a-z0-9_]*[a-z0-9]$/, f.name);
    t.ok(f.help.length > 10, `${f.name} has help`);
    if (f.type === 'counter') t.match(f.name, /_total$/, `${f.name}: a counter ends in _total`);
    else t.notMatch(f.name, /_total$/, `${f.name}: only counters end in _total`);
    t.notMatch(f.name, /_(ms|milliseconds|minutes|percent)(_|$)/, `${f.name}: base units`);
  }
  // promtool (Debian's prometheus) lints names, units and suffixes; .ci/run installs it.
  let promtool = true;
  try {
    execFileSync('promtool', ['--version'], { stdio: 'ignore' });
  } catch {
    promtool = false;
  }
  if (!promtool && process.env.CI) t.fail('promtool is missing: .ci/run installs Debian\'s prometheus for it');
  if (!promtool) {
    t.comment('promtool is not installed (apt-get install prometheus): its lint is skipped');
    return;
  }
  const ours = text
    .split('\n')
    .filter((l) => /^(# (HELP|TYPE) )?ccsim_/.test(l))
    .join('\n');
  let problems = '';
  try {
    execFileSync('promtool', ['check', 'metrics'], { input: ours + '\n', stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (err) {
    problems = String((err as { stdout?: Buffer }).stdout ?? '') + String((err as { stderr?: Buffer }).stderr ?? '');
  }
  t.equal(problems, '', 'promtool check metrics finds nothing');
});

t.test('with an admin token /metrics needs it; a scrape is not journaled', async (t) => {
  const sim = new Simulation({ scenario: loadScenarioFile(SCENARIO_FILE, { scenario: 'smoke' }), clock: 'manual', speed: 1 });
  const app = await buildApp({ simulation: sim, scenarioFile: SCENARIO_FILE, adminToken: 's3cret' });
  t.teardown(() => app.close());
  const refused = await app.inject('/metrics');
  t.equal(refused.statusCode, 401);
  t.equal(refused.json().error.code, 'unauthorized');
  t.equal((await app.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong' } })).statusCode, 401);
  t.equal((await app.inject({ url: '/metrics', headers: { authorization: 'Bearer s3cret' } })).statusCode, 200);
  t.equal((await app.inject('/metrics?token=s3cret')).statusCode, 200);
  const journal = await app.inject({ url: '/__admin/requests', headers: { authorization: 'Bearer s3cret' } });
  t.same(
    journal.json().requests.filter((e: { path: string }) => e.path === '/metrics'),
    [],
    'no scrape in the journal',
  );
  const recording = await app.inject({ url: '/__admin/recording', headers: { authorization: 'Bearer s3cret' } });
  t.notMatch(recording.body, /"\/metrics/, 'nor in the recording');
});

t.test("in real time, the clock's lag is how far the wall clock has run ahead of the world at the scrape", async (t) => {
  // A wall clock the test moves, whose timers never fire: the world moves only when something catches it up.
  let wall = 1_000;
  const wallClock = { now: () => wall, setTimeout: () => null, clearTimeout: () => undefined };
  const sim = new Simulation({ scenario: loadScenarioFile(SCENARIO_FILE, { scenario: 'smoke' }), clock: 'realtime', speed: 2, wallClock });
  const app = await buildApp({ simulation: sim, scenarioFile: SCENARIO_FILE });
  t.teardown(() => app.close());
  wall += 5_000;
  // The real-time clock is read once per turn of the event loop: the next turn sees the new wall time.
  await new Promise((resolve) => setImmediate(resolve));
  const m = parseMetrics((await app.inject('/metrics')).body);
  t.equal(m.value('ccsim_clock_lag_seconds'), 10, '5 s of wall time at speed 2: 10 virtual seconds behind');
  t.equal(m.value('ccsim_virtual_time_seconds'), 10, 'and the scrape caught it up');
  t.equal(m.value('ccsim_clock_speed_ratio'), 2);
  await new Promise((resolve) => setImmediate(resolve));
  t.equal(parseMetrics((await app.inject('/metrics')).body).value('ccsim_clock_lag_seconds'), 0, 'caught up, nothing more is owed');
});
