import t from 'tap';
import { Sim, oneQueue } from '../helpers/sim.js';

t.test('a caller is offered to the only agent, who answers and talks', async (t) => {
  const sim = new Sim(oneQueue({ agents: [{ id: 'a', queues: [{ queue: 'q', level: 1, position: 1 }], answer: { after: 2 }, talk_time: 60 }], arrivals: [10] }));
  sim.at(100);
  t.same(sim.offers(), [[10, 'a']]);
  t.same(sim.of('call.answered').map((e) => e.t / 1000), [12]);
  t.same(sim.of('call.ended').map((e) => e.t / 1000), [72]);
});
