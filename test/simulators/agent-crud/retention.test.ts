/**
 * The agent CRUD view under a small retention: calls and call sessions list exactly the calls the world
 * keeps (and the live ones), a call session the world let go is a 404 like any unknown id, and what the
 * view keeps per call (when its result was set) goes with the call.
 */
import t from 'tap';
import { Simulation } from '../../../src/simulation.js';
import { loadScenarioText } from '../../../src/scenarios/load-scenario.js';
import { AgentCrudAdapter } from '../../../src/simulators/agent-crud/adapter.js';
import { harness } from './harness.js';

const SCENARIO = `
scenarios:
  kept:
    seed: 9
    duration: 8h
    queues: [{ id: support, strategy: round-robin, tier_rules_apply: false }]
    agents:
      - { count: 3, id_prefix: a, queues: [{ queue: support }], answer: { after: 2 }, talk_time: { distribution: exponential, mean: 60 }, wrap_up_time: 20 }
    callers:
      - { queue: support, arrivals: { process: poisson, per_hour: 120 }, patience: { distribution: exponential, mean: 60 } }
`;

t.test('lists hold the kept calls only; a let-go session is a 404; per-call state goes with its call', async (t) => {
  const h = await harness(SCENARIO, { inline: true, callLimit: 12 });
  t.teardown(() => h.close());
  const firstSessions: number[] = [];
  for (let step = 0; step < 12; step++) {
    await h.advance(600);
    const sessions = (await h.api('GET', '/call-sessions?pagination.pageSize=1000')).json().items as { id: number; endedAt: string | null }[];
    if (step === 0) firstSessions.push(...sessions.map((s) => s.id));
    // A client tags every finished session it sees.
    for (const s of sessions.filter((x) => x.endedAt !== null)) t.equal((await h.api('PUT', `/call-sessions/${s.id}`, { id: s.id, wrapupReason: 1 })).statusCode, 200);
    const kept = h.sim.read((q) => q.calls());
    const calls = (await h.api('GET', '/calls?pagination.pageSize=1000')).json();
    t.equal(calls.totalCount, kept.length, `step ${step}: /calls lists the kept and live calls`);
    t.ok(kept.filter((c) => c.endedT !== null).length <= 12, 'at most 12 finished calls kept');
  }
  const r = h.sim.read((q) => q.retention());
  t.ok(r.oldest > 50, `${r.oldest} calls let go`);
  for (const id of firstSessions) t.equal((await h.api('GET', `/call-sessions/${id}`)).statusCode, 404, `session ${id} of the first hour is gone`);
  const dispositions = h.sim.read((q) => q.calls()).filter((c) => c.disposition?.by === 'client').length;
  t.ok(dispositions > 0 && dispositions <= 12, `${dispositions} kept calls carry a client's result`);
});

t.test("the view's per-call state (when a result was set) is forgotten with the call", async (t) => {
  const sim = new Simulation({ scenario: loadScenarioText(SCENARIO, 'test.yaml', {}), clock: 'manual', speed: 1, callLimit: 12 });
  const silent = { warn() {}, error() {}, info() {}, debug() {}, trace() {}, fatal() {}, child: () => silent, level: 'silent' } as never;
  const adapter = new AgentCrudAdapter(sim, silent);
  t.teardown(() => adapter.close());
  let most = 0;
  for (let step = 0; step < 40; step++) {
    sim.advance(300);
    adapter.ensure();
    for (const c of sim.read((q) => q.calls())) if (c.endedT !== null && c.answeredT !== null && c.disposition?.by !== 'client') sim.command((x) => x.setDisposition(c.id, { reason: 'success' }));
    adapter.ensure();
    most = Math.max(most, adapter.registry.dispositionMs.size);
  }
  t.ok(sim.read((q) => q.retention()).oldest > 100, 'many calls let go');
  t.ok(most <= 12, `at most as many entries as kept calls (most ${most})`);
  t.ok(adapter.registry.dispositionMs.size > 0, 'the kept calls keep theirs');
  for (const id of adapter.registry.dispositionMs.keys()) t.ok(sim.read((q) => q.hasCall(id)), 'only of calls still kept');
});
