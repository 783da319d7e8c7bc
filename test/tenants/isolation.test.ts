/**
 * Tenants are isolated worlds: two tenants over the same scenario have the same ids (agent 101, the
 * same Telphin, CRUD and Huawei ids) and, once their clients do different things, different states,
 * which every view shows (Telphin, agent CRUD, Huawei, ARM, Conpeek, the admin plane). A reset, a fault,
 * a journal clear and a clock change in one leave the other as it was. Each tenant's event log is what a
 * lone server with the same scenario, seed and inputs logs.
 */
import t from 'tap';
import { buildApp } from '../../src/app.js';
import { Simulation } from '../../src/simulation.js';
import { loadScenarioFile } from '../../src/scenarios/load-scenario.js';
import { clients, served } from './helpers.js';

t.test('two tenants with the same ids and different states, through every view', async (t) => {
  const s = await served(t);
  const a = await clients(s, { header: 'team-a' });
  const b = await clients(s, { path: 'team-b' });
  // The same world to begin with: the same agents under the same ids in every view.
  t.same(await a.telphinAgents(), await b.telphinAgents(), 'Telphin: the same agents, the same ids');
  t.same(await a.crudAgents(), await b.crudAgents(), 'agent CRUD: the same agents, the same ids');
  // Then the clients differ: in team-b alice is logged out before the first caller comes.
  await b.admin('POST', '/agents/alice/status', { status: 'logged_out' });
  await a.admin('POST', '/clock/advance', { seconds: 70 });
  await b.admin('POST', '/clock/advance', { seconds: 70 });

  const stateOf = async (c: typeof a) => (await c.admin('GET', '/state')).agents.find((x: { id: string }) => x.id === 'alice');
  const sa = await stateOf(a);
  const sb = await stateOf(b);
  t.match(sa, { status: 'available', state: 'in_queue_call' }, 'team-a: alice talks on the second call');
  t.match(sb, { status: 'logged_out' }, 'team-b: alice is logged out');

  const ta = (await a.telphinAgents()).find((x) => x.name === 'Alice Smith');
  const tb = (await b.telphinAgents()).find((x) => x.name === 'Alice Smith');
  t.equal(ta?.id, tb?.id, 'Telphin: alice has the same id in both');
  t.not(ta?.status, tb?.status, `Telphin: her status differs (${ta?.status} / ${tb?.status})`);
  t.equal(tb?.status, 'logged_out');

  const ca = (await a.crudAgents()).find((x) => x.webexUserNumber === '101');
  const cb = (await b.crudAgents()).find((x) => x.webexUserNumber === '101');
  t.equal(ca?.id, cb?.id, 'agent CRUD: the same id');
  t.equal(ca?.agentStatus, 4, 'agent CRUD team-a: Working');
  t.equal(cb?.agentStatus, 1, 'agent CRUD team-b: Offline');

  const ha = await a.huawei(101);
  const hb = await b.huawei(101);
  t.equal(ha.result, '0', `Huawei team-a answers (a header-chosen tenant's signature): ${JSON.stringify(ha)}`);
  t.equal(hb.result, '0', `Huawei team-b answers (signed over the path with its /__t prefix): ${JSON.stringify(hb)}`);
  t.match(ha.resultDatas, { workno: 101, status: 7, citStatus: 5 }, 'Huawei team-a: 101 talking');
  t.match(hb.resultDatas, { workno: 101, status: 2, citStatus: 0 }, 'Huawei team-b: 101 signed out');

  const arma = await a.armHistory();
  const armb = await b.armHistory();
  t.equal(arma.filter((l) => l.agent_answer_time !== '').length, 1, 'ARM team-a: the first call, answered and finished');
  t.ok(armb.length > 0 && armb.every((l) => l.agent_answer_time === ''), 'ARM team-b: its callers went unanswered');

  const da = await a.cdr();
  const db = await b.cdr();
  t.ok(da.some((d) => d.answer_time !== null), 'Conpeek team-a: answered dialogs');
  t.notOk(db.some((d) => d.answer_time !== null), 'Conpeek team-b: none answered');

  // And the default tenant, which nobody chose, is still at its start.
  const d = await clients(s, null);
  t.equal((await d.admin('GET', '/clock')).t, 0, 'the default tenant did not move');
});

t.test('a reset, a fault, a journal clear and a clock change in one tenant leave the other as it was', async (t) => {
  const s = await served(t);
  const a = await clients(s, { header: 'one' });
  const b = await clients(s, { host: 'two.localhost:8080' });
  await a.admin('POST', '/clock/advance', { seconds: 30 });
  await b.admin('POST', '/clock/advance', { seconds: 30 });
  const bBefore = await b.admin('GET', '/events?limit=10000');

  // A reset.
  await a.admin('POST', '/reset');
  t.equal((await a.admin('GET', '/clock')).t, 0, 'one was reset');
  t.equal((await b.admin('GET', '/clock')).t, 30_000, 'two was not');
  t.same(await b.admin('GET', '/events?limit=10000'), bBefore, "two's event log is untouched");

  // A fault.
  await a.admin('POST', '/faults', { match: { api: 'conpeek' }, fault: { kind: 'status', status: 503 } });
  const faulted = await a.send('GET', '/cdr_dialog?limit=1', { authorization: 'ccsim-conpeek-key' });
  t.equal(faulted.statusCode, 503, 'one answers with its fault');
  const clean = await b.send('GET', '/cdr_dialog?limit=1', { authorization: 'ccsim-conpeek-key' });
  t.equal(clean.statusCode, 200, 'two has no fault');
  t.same((await b.admin('GET', '/faults')).filter((f: { source: string }) => f.source === 'api'), [], "two's fault list has none of one's");

  // A journal clear.
  const journaled = (await b.admin('GET', '/requests')).total;
  t.ok(journaled > 0, `two journaled its exchanges (${journaled})`);
  await a.admin('DELETE', '/requests');
  t.equal((await a.admin('GET', '/requests')).total, 1, "one's journal was emptied (the GET that reads it aside)");
  t.ok((await b.admin('GET', '/requests')).total >= journaled, "two's journal kept its entries");

  // A clock change.
  await a.admin('PUT', '/clock', { mode: 'realtime', speed: 50 });
  t.match(await a.admin('GET', '/clock'), { mode: 'realtime', speed: 50 }, 'one runs in real time');
  t.match(await b.admin('GET', '/clock'), { mode: 'manual', speed: 1, t: 30_000 }, 'two stays manual, where it was');
  await new Promise((r) => setTimeout(r, 100));
  t.equal((await b.admin('GET', '/clock')).t, 30_000, "two's clock does not follow one's");
});

t.test("a tenant's event log is what a lone server with its scenario, seed and inputs logs", async (t) => {
  const s = await served(t);
  const a = await clients(s, { path: 'solo' });
  await a.admin('POST', '/agents/bob/status', { status: 'available' });
  await a.admin('POST', '/calls', { queue: 'support', number: '+74950000001' });
  await a.admin('POST', '/clock/advance', { seconds: 600 });
  // Another tenant busy at the same time changes nothing in it.
  const other = await clients(s, { header: 'noise' });
  await other.admin('POST', '/clock/advance', { seconds: 300 });
  const served_ = await a.admin('GET', '/events?limit=10000');

  const sim = new Simulation({ scenario: loadScenarioFile(s.file, { scenario: 'day' }), clock: 'manual', speed: 1 });
  const app = await buildApp({ simulation: sim, scenarioFile: s.file });
  t.teardown(() => app.close());
  const post = (url: string, body: unknown) => app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  await post('/__admin/agents/bob/status', { status: 'available' });
  await post('/__admin/calls', { queue: 'support', number: '+74950000001' });
  await post('/__admin/clock/advance', { seconds: 600 });
  const lone = (await app.inject('/__admin/events?limit=10000')).json();
  t.ok(served_.events.length > 20, `${served_.events.length} events`);
  t.same(served_, lone, 'the same events, byte for byte once serialised');
  t.equal(JSON.stringify(served_.events), JSON.stringify(lone.events));
});
