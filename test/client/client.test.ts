/**
 * The typed client (`ccsim/client`) and `ccsim/testing`'s start(): the client has a method for every
 * /__admin route of the server's route table (its OpenAPI), and each method reaches the route it names
 * (the journal says which route took each call); the event log paged and live, waiting for an event;
 * errors as CcsimError with the envelope's code and field; a failed verification returned with its near
 * misses; the admin token; start() with a scenario, a seed and a clock, and stop().
 */
import t from 'tap';
import { ADMIN_ROUTES, CcsimClient, CcsimError, type AdminRouteName, type StreamMessage } from '../../src/client/index.js';
import { start } from '../../src/testing/index.js';

t.test('every /__admin route of the server has a client method, and no method names a route that does not exist', async (t) => {
  const s = await start({ scenario: 'smoke' });
  t.teardown(() => s.stop());
  const doc = s.app.swagger() as { paths: Record<string, Record<string, unknown>> };
  const served = new Set<string>();
  for (const [path, operations] of Object.entries(doc.paths)) {
    if (!path.startsWith('/__admin/')) continue;
    for (const method of Object.keys(operations)) served.add(`${method.toUpperCase()} ${path.slice('/__admin'.length)}`);
  }
  t.ok(served.size >= 38, `${served.size} admin routes served`);
  const called = new Set<string>(Object.values(ADMIN_ROUTES).map(([method, path]) => `${method} ${path}`));
  t.same([...served].filter((r) => !called.has(r)), [], 'no admin route lacks a client method');
  t.same([...called].filter((r) => !served.has(r)), [], 'no client method calls a route the server lacks');
});

t.test('each client method reaches the route it names', async (t) => {
  const s = await start({ scenario: 'smoke', seed: 3 });
  t.teardown(() => s.stop());
  const c = s.client;
  // Emptying the journal first: afterwards it holds what the tour below sent.
  await c.clearRequests();
  t.same(
    (await c.requests({ kind: 'admin' })).requests.map((e) => e.path),
    ['/__admin/requests'],
    'clearRequests emptied the journal: it holds only the read of it',
  );
  const done = new Set<AdminRouteName>(['clearRequests']);
  const step = async <T>(route: AdminRouteName, p: Promise<T>): Promise<T> => {
    done.add(route);
    return p;
  };

  t.equal((await step('health', c.health())).scenario, 'smoke');
  t.equal((await step('setClock', c.setClock({ speed: 2 }))).speed, 2);
  t.equal((await step('advance', c.advance(60))).t, 60_000);
  t.equal((await step('runUntil', c.runUntil(120_000))).t, 120_000);
  t.equal((await step('clock', c.clock())).t, 120_000);
  t.equal((await step('reset', c.reset())).t, 0);
  t.equal((await step('loadScenario', c.loadScenario({ name: 'smoke', seed: 5 }))).seed, 5);
  t.equal((await step('scenario', c.scenario())).name, 'smoke');
  const call = await step('injectCall', c.injectCall({ queue: 'support', number: '+74950000001' }));
  t.equal(call.queue, 'support');
  await c.advance(30);
  t.ok((await step('events', c.events({ limit: 5 }))).events.length > 0);
  const iterator = c.stream({ after: 0 })[Symbol.asyncIterator]();
  done.add('stream');
  t.equal(((await iterator.next()).value as StreamMessage).kind, 'event');
  await iterator.return(undefined);
  t.equal((await step('kpis', c.kpis())).calls.offered, 1);
  t.equal((await step('setAgentStatus', c.setAgentStatus('agent-1', 'on_break'))).status, 'on_break');
  t.equal((await step('requestRest', c.requestRest('agent-2', 60, 'lunch'))).id, 'agent-2');
  t.ok(Array.isArray((await step('rest', c.rest())).agents));
  t.equal((await step('cancelRest', c.cancelRest('agent-2'))).id, 'agent-2');
  t.ok((await step('state', c.state())).agents.length === 3);
  const page = await step('requests', c.requests({ kind: 'admin', limit: 1 }));
  t.equal(page.requests.length, 1);
  t.equal((await step('request', c.request(page.requests[0].id))).id, page.requests[0].id);
  await fetch(`${s.baseUrl}/no/such/route`);
  t.equal((await step('unmatchedRequests', c.unmatchedRequests())).count, 1);
  t.equal(await step('countRequests', c.countRequests({ path: '/no/such/route' })), 1);
  t.equal((await step('findRequests', c.findRequests({ path: '/no/such/route' }))).count, 1);
  t.same(await step('verify', c.verify({ matcher: { path: '/no/such/route' }, count: { eq: 1 } })), { ok: true, count: 1 });
  t.same(await step('waitForRequests', c.waitForRequests({ matcher: { path: '/no/such/route' }, timeoutMs: 100 })), { ok: true, count: 1 });
  // schemas/admin leaves a Fault's id optional; the server always sends it.
  const { id } = (await step('addFault', c.addFault({ match: { api: 'conpeek' }, fault: { kind: 'status', status: 503 } }))) as { id: number };
  t.equal((await step('fault', c.fault(id))).id, id);
  t.equal((await step('faults', c.faults())).length, 1);
  await step('removeFault', c.removeFault(id));
  await c.addFault({ match: { api: 'conpeek' }, fault: { kind: 'empty' } });
  await step('clearFaults', c.clearFaults());
  t.same(await c.faults(), []);
  const info = await step('takeSnapshot', c.takeSnapshot('here'));
  t.equal(info.name, 'here');
  t.equal((await step('snapshots', c.snapshots())).snapshots.length, 1);
  const file = await step('exportSnapshot', c.exportSnapshot('here'));
  t.match(file, /^\{"type":"ccsim-recording"/);
  t.equal((await step('importSnapshot', c.importSnapshot('there', file))).name, 'there');
  t.equal((await step('restoreSnapshot', c.restoreSnapshot('there'))).snapshot.name, 'there');
  await step('deleteSnapshot', c.deleteSnapshot('there'));
  const recording = await step('recording', c.recording());
  t.ok(recording.complete);
  t.equal((await step('loadRecording', c.loadRecording(recording.text))).clock.mode, 'manual');
  // Tenants: one made, driven through its own client, listed, deleted.
  const made = await step('putTenant', c.putTenant('team-a', { seed: 9 }));
  t.match(made, { id: 'team-a', seed: 9, default: false });
  const teamA = c.tenant('team-a');
  t.equal((await teamA.advance(5)).t, 5000, "team-a's clock moved");
  t.equal((await c.clock()).t, (await s.client.clock()).t, 'the default tenant is the client without a tenant');
  t.not((await c.clock()).t, 5000, "the default tenant's clock did not move with team-a's");
  t.same((await step('tenants', c.tenants())).tenants.map((x) => x.id), ['default', 'team-a']);
  await step('deleteTenant', c.deleteTenant('team-a'));
  t.same((await c.tenants()).tenants.map((x) => x.id), ['default']);
  // Pact: a state set up as a verifier would, and the journal's pact of what a consumer read then.
  t.ok((await step('providerStates', c.providerStates())).states.some((x) => x.name === 'agent {id} is on break'));
  t.match(await step('changeProviderState', c.changeProviderState({ state: 'agent agent-1 is on break' })), { agent: 'agent-1' });
  t.equal((await c.state()).agents.find((a) => a.id === 'agent-1')?.status, 'on_break', "the state is the world's");
  await fetch(`${s.baseUrl}/api/agents`);
  const pact = await step('pact', c.pact({ api: 'agent-crud', consumer: 'tour' }));
  t.equal(pact.consumer.name, 'tour');
  t.ok(pact.interactions.some((i) => i.request.path === '/api/agents'), "the pact holds the consumer's read");

  t.same(
    (Object.keys(ADMIN_ROUTES) as AdminRouteName[]).filter((r) => !done.has(r)),
    [],
    'the tour calls every method',
  );
  // What the server's router made of each call: the route that took it.
  const taken = new Set<string>();
  for (let before: number | undefined; ; ) {
    const p = await c.requests({ kind: 'admin', limit: 1000, before });
    for (const e of p.requests) if (e.route) taken.add(`${e.method} ${e.route.slice('/__admin'.length).replace(/:(\w+)/g, '{$1}')}`);
    if (p.next === null) break;
    before = p.next;
  }
  // Not journaled: what emptied the journal, a liveness probe, and the process's tenant routes (which belong to no world).
  const unjournaled = new Set(['clearRequests', 'health', 'tenants', 'putTenant', 'deleteTenant']);
  for (const [name, [method, path]] of Object.entries(ADMIN_ROUTES)) {
    if (unjournaled.has(name)) continue;
    t.ok(taken.has(`${method} ${path}`), `${name} reached ${method} ${path}`);
  }
});

t.test('the event log paged and live, and waiting for an event', async (t) => {
  const s = await start({ scenario: 'smoke' });
  t.teardown(() => s.stop());
  const c = s.client;
  await c.advance(600);
  const paged: number[] = [];
  for await (const e of c.allEvents({ pageSize: 7 })) paged.push(e.seq);
  const last = (await c.events({ limit: 1 })).last;
  t.same(
    paged,
    Array.from({ length: last }, (_, i) => i + 1),
    'every event once, in order, across pages',
  );
  const answered = [];
  for await (const e of c.allEvents({ type: 'call.answered' })) answered.push(e);
  t.ok(answered.length > 3 && answered.every((e) => e.type === 'call.answered'));

  // Live: what happens after the stream opened, then a reset.
  const messages: StreamMessage[] = [];
  const ac = new AbortController();
  const reading = (async () => {
    for await (const m of c.stream({ signal: ac.signal })) {
      messages.push(m);
      if (m.kind === 'reset') ac.abort();
    }
  })();
  await new Promise((resolve) => setTimeout(resolve, 100));
  const call = await c.injectCall({ queue: 'support' });
  await c.advance(10);
  await c.reset();
  // The stream tells of the reset with the new world's first event.
  await c.advance(600);
  await reading;
  const events = messages.filter((m) => m.kind === 'event').map((m) => (m as { event: { seq: number; type: string } }).event);
  t.ok(events.length > 0 && events[0].seq === last + 1, 'live from the next event on');
  t.ok(events.some((e) => e.type === 'call.arrived' && (e as unknown as { call: string }).call === call.call), 'the injected call arrived');
  t.equal(messages.at(-1)?.kind, 'reset', 'the reset came as a message');

  // waitForEvent: an event already in the log, one that happens later, and a timeout.
  const first = await c.waitForEvent('call.arrived');
  t.equal(first.seq > 0 && first.type, 'call.arrived');
  const later = await c.injectCall({ queue: 'support' });
  const waiting = c.waitForEvent('call.answered', { match: (e) => e.call === later.call, timeoutMs: 5000 });
  await new Promise((resolve) => setTimeout(resolve, 50));
  await c.advance(30);
  const e = await waiting;
  t.equal(e.call, later.call);
  t.ok(typeof e.agent === 'string', 'typed as call.answered: it has an agent');
  await t.rejects(c.waitForEvent('agent.blocked', { timeoutMs: 200 }), /no agent\.blocked event within 200 ms/);
});

t.test('errors carry the admin envelope; a failed verification comes back with its near misses', async (t) => {
  const s = await start({ scenario: 'smoke', adminToken: 'tok' });
  t.teardown(() => s.stop());
  const c = s.client;
  const err = await c.advance(-1).catch((e: unknown) => e);
  t.ok(err instanceof CcsimError);
  t.match(err, { status: 400, code: 'invalid', field: 'seconds' });
  t.match(await c.setAgentStatus('nobody', 'available').catch((e: unknown) => e), { status: 404, code: 'not_found' });
  const miss = await c.verify({ matcher: { api: 'conpeek' } });
  t.equal(miss.ok, false);
  if (!miss.ok) {
    t.equal(miss.error.code, 'verification_failed');
    t.ok(Array.isArray(miss.nearMisses));
  }
  const anonymous = new CcsimClient(s.baseUrl);
  t.match(await anonymous.kpis().catch((e: unknown) => e), { status: 401, code: 'unauthorized' });
  t.equal((await anonymous.health()).status, 'ok', 'health stays open');
  t.equal((await c.kpis()).scenario, 'smoke', 'start() gave its client the token');
});

t.test('start() serves the scenario, seed and clock asked for, and stop() closes it', async (t) => {
  const s = await start({ scenario: 'default', seed: 11, clock: 'realtime', speed: 10 });
  const health = await s.client.health();
  t.match(health, { scenario: 'default', seed: 11, clock: { mode: 'realtime', speed: 10 } });
  t.match(s.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
  t.equal(s.wsUrl, s.baseUrl.replace('http', 'ws'));
  const token = await fetch(`${s.baseUrl}/oauth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'ccsim', client_secret: 'ccsim-secret' }) });
  t.equal(token.status, 200, 'the vendor APIs are served under baseUrl');
  await s.stop();
  await s.stop();
  await t.rejects(fetch(`${s.baseUrl}/__admin/health`), 'nothing listens after stop()');
  const manual = await start({ yaml: 'scenarios:\n  tiny:\n    duration: 1m\n    queues: [{ id: q }]\n' });
  t.teardown(() => manual.stop());
  t.match(await manual.client.health(), { scenario: 'tiny', clock: { mode: 'manual' } }, 'manual by default; a YAML text too');
});
