/**
 * Agents' generated names are drawn when first read (World.oweName), not while the world is built, and
 * must come out exactly as the eager set-up drew them: one faker seeded from the world's seed, a name
 * per agent without one in the order the agents were made, then whatever else the faker draws (an
 * agent made by a command). Whatever is read first, and whenever, the names are the same. An agent's
 * random streams are made at its first draw too.
 */
import t from 'tap';
import { Faker, base, en, generateMersenne32Randomizer } from '@faker-js/faker';
import { Engine } from '../../src/scenarios/engine.js';
import { loadScenarioText } from '../../src/scenarios/load-scenario.js';
import { RandomStreams } from '../../src/scenarios/kernel/rng.js';

const SEED = 5;

function scenario(remote: boolean): string {
  return `scenarios:
  t:
    seed: ${SEED}
    queues: [{ id: q }]
    agents:
      - { count: 3, id_prefix: a, queues: [{ queue: q }] }
      - { id: named, name: Given Name, queues: [{ queue: q }] }
      - { count: 2, id_prefix: b${remote ? ', type: remote' : ''} }
    callers:
      - { queue: q, arrivals: { process: poisson, per_hour: 600 } }
`;
}

/** What the eager set-up drew: the names (and a remote agent's number) in the order of the agents. */
function eager(remote: boolean): { names: string[]; numbers: string[]; next: string } {
  const randomizer = generateMersenne32Randomizer();
  randomizer.seed(new RandomStreams(SEED).seedWords('faker'));
  const faker = new Faker({ locale: [en, base], randomizer });
  const names: string[] = [];
  const numbers: string[] = [];
  for (let i = 0; i < 5; i++) {
    names.push(faker.person.fullName());
    if (remote && i >= 3) numbers.push(faker.phone.number({ style: 'international' }));
  }
  return { names, numbers, next: faker.person.fullName() };
}

const IDS = ['a-1', 'a-2', 'a-3', 'b-1', 'b-2'];

t.test('generated names are the eager ones, whatever is read first and whenever', async (t) => {
  for (const remote of [false, true]) {
    const expected = eager(remote);
    for (const order of ['forwards', 'backwards', 'after a day', 'a command first', 'renamed first']) {
      const engine = new Engine(loadScenarioText(scenario(remote), 'names.yaml'));
      const w = engine.world;
      if (order === 'after a day') engine.runUntil(86_400_000);
      if (order === 'a command first') engine.command((c) => c.createAgent({ id: 'late' }));
      if (order === 'renamed first') engine.command((c) => c.updateAgent('a-2', { name: 'Renamed' }));
      const ids = order === 'backwards' ? IDS.slice().reverse() : IDS;
      const got = new Map(ids.map((id) => [id, w.agents.get(id)?.name]));
      const want = expected.names.map((n, i) => (order === 'renamed first' && i === 1 ? 'Renamed' : n));
      t.same(IDS.map((id) => got.get(id)), want, `${remote ? 'remote numbers' : 'local'}, ${order}`);
      t.equal(w.agents.get('named')?.name, 'Given Name');
      if (remote) t.same(['b-1', 'b-2'].map((id) => w.agents.get(id)?.number), expected.numbers, 'remote numbers between the names');
      // An agent made by a command draws after every scenario agent's name.
      if (order === 'a command first') t.equal(w.agents.get('late')?.name, expected.next, 'a command’s agent draws the next name');
      else t.equal(engine.command((c) => c.createAgent({ id: 'late' })).name, expected.next, 'a later agent draws the next name');
    }
  }
});

t.test('a batch run of a big center draws no name, and makes an agent’s streams only when it draws', async (t) => {
  const engine = new Engine(loadScenarioText(scenario(false).replace('count: 3', 'count: 2000'), 'names.yaml'), { recordLimit: 0 });
  engine.runUntil(3_600_000);
  type Streams = { answerStreamValue: unknown; talkStreamValue: unknown };
  const agents = [...engine.world.agents.values()] as unknown as (Streams & { callsAnswered: number })[];
  t.equal(agents.filter((a) => a.answerStreamValue !== null).length, 0, 'a constant answer takes no stream');
  t.ok(agents.some((a) => a.callsAnswered > 0), 'agents talked');
  t.ok(agents.every((a) => (a.talkStreamValue !== null) === a.callsAnswered > 0), 'a talk stream for each agent that talked, none for the others');
  const owed = [...engine.world.agents.values()].filter((a) => (a as unknown as { nameValue: string | null }).nameValue === null);
  t.equal(owed.length, 2002, 'every generated name still owed after an hour');
  t.equal(engine.world.agents.get('a-2000')?.name.length !== 0, true);
  t.equal(
    [...engine.world.agents.values()].filter((a) => (a as unknown as { nameValue: string | null }).nameValue === null).length,
    0,
    'one read draws them all',
  );
});
