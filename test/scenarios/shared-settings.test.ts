/**
 * Agents set up alike share one configuration object and one answer script (World.shared): a call reads
 * both, so in a big center they stay in the processor's cache. Groups in any order share what is equal
 * and keep apart what differs, even where only JSON's reading of numbers tells them apart.
 */
import t from 'tap';
import { Engine } from '../../src/scenarios/engine.js';
import { loadScenarioText } from '../../src/scenarios/load-scenario.js';
import type { Agent } from '../../src/scenarios/callcenter/model.js';

function world(groups: string[]) {
  const yaml = `scenarios:
  t:
    queues: [{ id: q }]
    agents:
${groups.map((g, i) => `      - { count: 3, id_prefix: g${i}, queues: [{ queue: q }]${g ? `, ${g}` : ''} }`).join('\n')}
`;
  return new Engine(loadScenarioText(yaml, 'shared.yaml')).world;
}

const agentsOf = (w: ReturnType<typeof world>, i: number): Agent[] => [1, 2, 3].map((k) => w.agents.get(`g${i}-${k}`) as Agent);

t.test('agents alike share their settings; different ones do not', async (t) => {
  const groups = ['', 'wrap_up_time: 5', '', 'answer: { after: 2 }', 'wrap_up_time: 5', 'answer: [{ after: 2 }, { busy_after: 1 }]', 'answer: { after: 2 }', 'wrap_up_time: 5, answer: { after: 2 }'];
  const w = world(groups);
  for (let i = 0; i < groups.length; i++) {
    const [a, b, c] = agentsOf(w, i);
    t.ok(a.config === b.config && b.config === c.config, `group ${i}: one configuration`);
    t.ok(a.answer === b.answer && b.answer === c.answer, `group ${i}: one answer script`);
    for (let j = 0; j < i; j++) {
      const other = agentsOf(w, j)[0];
      t.equal(a.config === other.config, JSON.stringify(a.config) === JSON.stringify(other.config), `groups ${j} and ${i}: configuration shared only when equal`);
      t.equal(a.answer === other.answer, JSON.stringify(a.answer) === JSON.stringify(other.answer), `groups ${j} and ${i}: answer shared only when equal`);
    }
  }
});

t.test('a command’s agent with equal settings shares them; a changed agent gets its own', async (t) => {
  const engine = new Engine(loadScenarioText('scenarios:\n  t:\n    queues: [{ id: q }]\n    agents:\n      - { count: 2, id_prefix: a, queues: [{ queue: q }] }\n', 'shared.yaml'));
  const [a1, a2] = ['a-1', 'a-2'].map((id) => engine.world.agents.get(id) as Agent);
  engine.command((c) => c.updateAgent('a-2', { config: { wrap_up_time: 9 } }));
  t.not(a2.config, a1.config, 'an updated agent has its own configuration');
  t.equal(a2.config.wrap_up_time, 9);
  t.equal(a1.config.wrap_up_time, 0, 'the other agent’s is unchanged');
});
