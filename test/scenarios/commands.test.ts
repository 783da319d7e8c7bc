/**
 * Commands: the one write path. Each either applies whole or throws a DomainError naming the field and
 * changes nothing; created queues and agents route like scenario ones.
 */
import t, { type Test } from 'tap';
import { DomainError } from '../../src/scenarios/callcenter/errors.js';
import { Sim, oneQueue } from '../helpers/sim.js';

const base = () => new Sim(oneQueue({ agents: [{ id: 'a', queues: [{ queue: 'q', level: 1, position: 1 }], answer: { after: 1 }, talk_time: 30 }] }));

function rejects(t: Test, fn: () => unknown, kind: DomainError['kind'], field: string | null, message: RegExp) {
  try {
    fn();
    t.fail(`expected a ${kind} error`);
  } catch (err) {
    t.ok(err instanceof DomainError, 'a DomainError');
    t.equal((err as DomainError).kind, kind);
    t.equal((err as DomainError).field, field);
    t.match((err as Error).message, message);
  }
}

t.test('a bad queue change changes nothing', async (t) => {
  const sim = base();
  const before = JSON.stringify(sim.engine.queries.queue('q'));
  rejects(t, () => sim.engine.command((c) => c.updateQueue('q', { max_wait_time: 30, strategy: 'fastest' })), 'invalid', 'strategy', /strategy' must be one of/);
  rejects(t, () => sim.engine.command((c) => c.updateQueue('q', { max_wait_time: 30, nonsense: 1 })), 'invalid', 'nonsense', /unknown queue parameter 'nonsense'/);
  rejects(t, () => sim.engine.command((c) => c.updateQueue('nope', { max_wait_time: 30 })), 'notFound', 'queue', /queue 'nope' not found/);
  t.equal(JSON.stringify(sim.engine.queries.queue('q')), before);
  sim.engine.command((c) => c.updateQueue('q', { sound_type: 'ring', max_wait_time: 30 }));
  t.match(sim.engine.queries.queue('q')?.config, { sound_type: 'ring', sound: null, max_wait_time: 30 });
});

t.test('created queues and agents route; removal cleans up', async (t) => {
  const sim = base();
  sim.engine.command((c) => c.createQueue('sales', 'Sales', { strategy: 'ring-all', tier_rules_apply: false }));
  sim.engine.command((c) => c.createAgent({ id: 'b', name: 'Bea', config: { wrap_up_time: 5 } }));
  t.match(sim.agent('b'), { status: 'logged_out', name: 'Bea', config: { wrap_up_time: 5, call_timeout: 0 } });
  sim.engine.command((c) => c.addTier('sales', 'b', 1, 1));
  sim.engine.command((c) => c.setAgentStatus('b', 'available'));
  sim.engine.command((c) => c.injectCaller({ queue: 'sales', number: '+70000000001' }));
  sim.at(2);
  t.match(sim.of('call.answered'), [{ queue: 'sales', agent: 'b', t: 0 }]);
  sim.engine.command((c) => c.removeAgent('b'));
  t.equal(sim.engine.queries.agent('b'), null);
  t.match(sim.of('call.ended'), [{ agent: 'b', by: 'system' }], 'its conversation was ended by the system');
  t.same(sim.engine.queries.queue('sales')?.agents, []);
  sim.engine.command((c) => c.removeQueue('sales'));
  t.equal(sim.engine.queries.queue('sales'), null);
});

t.test('removing a queue sends its callers away', async (t) => {
  const sim = base();
  sim.engine.command((c) => c.setAgentStatus('a', 'on_break'));
  sim.engine.command((c) => c.updateQueue('q', { exit_with_no_av_agents: false }));
  sim.engine.command((c) => c.injectCaller({ queue: 'q', number: '+70000000002' }));
  sim.engine.command((c) => c.removeQueue('q'));
  t.match(sim.of('call.left'), [{ queue: 'q', reason: 'break_out' }]);
  t.same(sim.engine.queries.agent('a')?.queues, []);
});

t.test('remove_from_queues false keeps an agent that is in a queue', async (t) => {
  const sim = base();
  rejects(t, () => sim.engine.command((c) => c.removeAgent('a', false)), 'conflict', 'remove_from_queues', /agent 'a' is in queue 'q'/);
  t.ok(sim.engine.queries.agent('a'));
});

t.test('creating duplicates or bad agents is refused', async (t) => {
  const sim = base();
  rejects(t, () => sim.engine.command((c) => c.createAgent({ id: 'a' })), 'conflict', 'id', /agent 'a' already exists/);
  rejects(t, () => sim.engine.command((c) => c.createAgent({ id: 'x', config: { wrap_up_time: -1 } })), 'invalid', 'wrap_up_time', /non-negative integer/);
  rejects(t, () => sim.engine.command((c) => c.createAgent({ id: 'x', status: 'asleep' })), 'invalid', 'status', /status must be one of/);
  rejects(t, () => sim.engine.command((c) => c.createAgent({ id: 'bad id!' })), 'invalid', 'id', /agent id must be/);
  rejects(t, () => sim.engine.command((c) => c.createQueue('q')), 'conflict', 'id', /queue 'q' already exists/);
  rejects(t, () => sim.engine.command((c) => c.updateAgent('a', { config: { call_timeout: 'x' } })), 'invalid', 'call_timeout', /non-negative integer/);
  t.equal(sim.engine.queries.agents().length, 1);
});
