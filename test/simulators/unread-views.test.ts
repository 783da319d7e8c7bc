/**
 * A served world nobody reads: what the agent CRUD view (the times wrap-up results were set) and Conpeek
 * (the ids of calls ended since its last read) keep per call stays bounded by the calls the world keeps,
 * over simulated days without a request; and a read after them still shows exactly what a view made
 * then would (what a client reads is unchanged).
 */
import t from 'tap';
import { Simulation } from '../../src/simulation.js';
import { loadScenarioText } from '../../src/scenarios/load-scenario.js';
import { AgentCrudAdapter } from '../../src/simulators/agent-crud/adapter.js';
import { ConpeekAdapter } from '../../src/simulators/cdr/adapter.js';

const SCENARIO = `
scenarios:
  unread:
    seed: 4
    duration: 30d
    queues: [{ id: support, strategy: longest-idle-agent, tier_rules_apply: false }]
    agents:
      - { count: 6, id_prefix: a, queues: [{ queue: support }], answer: { after: 1 }, talk_time: { distribution: exponential, mean: 60 }, wrap_up_time: 5 }
    callers:
      - { queue: support, arrivals: { process: poisson, per_hour: 300 }, patience: { distribution: exponential, mean: 90 } }
`;

const KEEP = 40;
const silent = { warn() {}, error() {}, info() {}, debug() {}, trace() {}, fatal() {}, child: () => silent, level: 'silent' } as never;

/** The ids of ended calls Conpeek holds for its next read (its private list, read for the test). */
const pendingEnded = (a: ConpeekAdapter): number => (a as unknown as { kept: { ended: string[] } }).kept.ended.length;

t.test('three simulated days without a read keep both views at their bound', async (t) => {
  const sim = new Simulation({ scenario: loadScenarioText(SCENARIO, 'test.yaml', {}), clock: 'manual', speed: 1, callLimit: KEEP });
  const crud = new AgentCrudAdapter(sim, silent);
  const conpeek = new ConpeekAdapter(sim, silent);
  t.teardown(() => {
    crud.close();
    conpeek.close();
  });
  // One read each at the start, then none: Conpeek has read the world, so it follows the ended calls.
  crud.ensure();
  conpeek.ensure();
  t.same(conpeek.dialogs(), [], 'nothing ended yet');
  let mostDispositions = 0;
  let mostEnded = 0;
  for (let hour = 0; hour < 72; hour++) {
    sim.advance(3600);
    mostDispositions = Math.max(mostDispositions, crud.registry.dispositionMs.size);
    mostEnded = Math.max(mostEnded, pendingEnded(conpeek));
  }
  const letGo = sim.read((q) => q.retention()).oldest;
  t.ok(letGo > 15_000, `${letGo} finished calls let go`);
  t.ok(mostDispositions <= KEEP, `agent CRUD: at most one entry per kept call (most ${mostDispositions})`);
  t.ok(crud.registry.dispositionMs.size > 0, 'the kept calls keep theirs');
  const gone = [...crud.registry.dispositionMs.keys()].filter((id) => !sim.read((q) => q.hasCall(id)));
  t.same(gone, [], 'every entry is of a call still kept');
  t.ok(mostEnded <= 1024 + 2 * (KEEP + 6), `Conpeek: ended ids held within their bound (most ${mostEnded})`);

  // What a client reads now is what a view made now reads.
  crud.ensure();
  const cold = new ConpeekAdapter(sim, silent);
  t.teardown(() => cold.close());
  const uuids = (a: ConpeekAdapter) => a.dialogs().map((d) => d.dialog.dialog_uuid);
  t.ok(uuids(conpeek).length > 0, 'the kept calls are listed');
  t.same(uuids(conpeek), uuids(cold), 'Conpeek lists exactly the dialogs a fresh view lists');
  t.same(conpeek.dialogs(), cold.dialogs(), 'dialog for dialog');
  t.equal(pendingEnded(conpeek), 0, 'the read took the ended calls');
});

t.test('before its first read Conpeek holds no ended ids at all (its first read scans the world)', async (t) => {
  const sim = new Simulation({ scenario: loadScenarioText(SCENARIO, 'test.yaml', {}), clock: 'manual', speed: 1, callLimit: KEEP });
  const conpeek = new ConpeekAdapter(sim, silent);
  t.teardown(() => conpeek.close());
  sim.advance(6 * 3600);
  t.equal(pendingEnded(conpeek), 0, 'none held');
  const cold = new ConpeekAdapter(sim, silent);
  t.teardown(() => cold.close());
  t.ok(conpeek.dialogs().length > 0, 'the first read lists the kept calls');
  t.same(conpeek.dialogs(), cold.dialogs(), 'as a view made now');
});
