/**
 * Regressions found in review, each against the reference section it breaks, and a property: the
 * dispatcher's two ways of choosing an agent (the unsorted fast path, and the sorted walk with the tier
 * gate) agree whenever the gate cannot stop a walk.
 */
import t from 'tap';
import { RandomStreams } from '../../src/scenarios/kernel/rng.js';
import { ScenarioError, loadScenarioText } from '../../src/scenarios/load-scenario.js';
import { DomainError } from '../../src/scenarios/callcenter/errors.js';
import { Sim } from '../helpers/sim.js';

const scenario = (spec: Record<string, unknown>) => JSON.stringify({ scenarios: { t: { seed: 1, start: '2026-11-20T09:00:00Z', duration: '2h', ...spec } } });

t.test('an agent that is busy the instant it is rung does not freeze time (§9: the dispatcher polls every 100 ms)', async (t) => {
  const sim = new Sim(scenario({ queues: [{ id: 'q', tier_rules_apply: false, strategy: 'longest-idle-agent' }], agents: [{ id: 'x', queues: [{ queue: 'q' }], answer: { busy_after: 0 } }], callers: [{ queue: 'q', arrivals: { process: 'fixed', at: [10] } }] }));
  sim.at(11);
  const offers = sim.offers();
  t.ok(offers.length > 1 && offers.length <= 11, `re-offered about every 100 ms (${offers.length} offers in 1 s)`);
  t.same(offers.slice(0, 3).map(([s]) => s), [10, 10.1, 10.2]);
});

t.test('a distribution that cannot be sampled is a scenario problem, not a hang', async (t) => {
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ talk_time: { distribution: 'lognormal', sd: 30 } }, /talk_time: a lognormal distribution needs 'mean' above 0 and 'sd'/],
    [{ talk_time: { distribution: 'exponential' } }, /talk_time: a exponential distribution needs 'mean'/],
    [{ talk_time: { distribution: 'uniform', min: 5 } }, /talk_time: a uniform distribution needs 'max'/],
    [{ answer: { after: { distribution: 'uniform', min: 9, max: 2 } } }, /answer\.after: 'min' must not be above 'max'/],
  ];
  for (const [agent, message] of bad) {
    let error: unknown = null;
    try {
      loadScenarioText(scenario({ queues: [{ id: 'q' }], agents: [{ id: 'a', ...agent }] }), 'x.yaml');
    } catch (err) {
      error = err;
    }
    t.ok(error instanceof ScenarioError, JSON.stringify(agent));
    t.match((error as Error).message, message);
  }
});

t.test('changing a ring strategy to a hunting one leaves no caller stranded (§2 step 3)', async (t) => {
  const sim = new Sim(scenario({
    queues: [{ id: 'q', tier_rules_apply: false, strategy: 'ring-all', max_wait_time: 10 }],
    agents: [{ id: 'a', queues: [{ queue: 'q' }], answer: 'never', call_timeout: 60 }],
    callers: [{ queue: 'q', arrivals: { process: 'fixed', at: [0, 5] } }],
    timeline: [{ at: 12, queue: 'q', set: { strategy: 'longest-idle-agent', max_wait_time: 0 } }],
  }));
  sim.at(13);
  t.same(sim.offers(), [[0, 'a'], [12, 'a']], 'the second caller is offered to the freed agent at once');
  t.same(sim.of('call.left').map((e) => [e.t / 1000, e.reason]), [[12, 'timeout']], 'the first had already timed out while ringing');
});

t.test('try_same_agent_time never skips open levels for a closed one', async (t) => {
  const sim = new Sim(scenario({
    queues: [{ id: 'q', strategy: 'longest-idle-agent', tier_rules_apply: true, tier_rule_wait_second: 100, tier_rule_wait_multiply_level: true, tier_rule_no_agent_no_wait: false, try_same_agent_time: 3600, exit_with_no_av_agents: false }],
    agents: [
      { id: 'a', queues: [{ queue: 'q', level: 1 }], status: 'on_break', talk_time: 5 },
      { id: 'b', queues: [{ queue: 'q', level: 2 }], talk_time: 5 },
    ],
    callers: [{ queue: 'q', arrivals: { process: 'fixed', at: [0, 1000] }, numbers: ['+7000', '+7000'] }],
    timeline: [{ at: 1050, agent: 'a', status: 'available' }],
  }));
  sim.at(1300);
  t.same(sim.offers(), [[200, 'b'], [1100, 'a']], 'level 1 opens at 100 s of waiting; b is preferred but its level is still closed');
});

t.test('the no-agent timeout counts from the last time callers saw an agent (§7.5)', async (t) => {
  const sim = new Sim(scenario({
    queues: [{ id: 'q', tier_rules_apply: false, strategy: 'longest-idle-agent', max_wait_time_with_no_agent: 120, max_wait_time_with_no_agent_time_reached: 0, exit_with_no_av_agents: false }],
    agents: [{ id: 'x', queues: [{ queue: 'q' }], answer: { after: 0 }, talk_time: 950 }],
    callers: [{ queue: 'q', arrivals: { process: 'fixed', at: [0, 300, 1000] }, patience: 600 }],
    timeline: [{ at: 950, agent: 'x', status: 'logged_out' }],
  }));
  sim.at(1100);
  t.same(sim.of('call.left').map((e) => [e.t / 1000, e.reason]), [[900, 'abandoned'], [1020, 'no_agent_timeout']]);
});

t.test('lowering max_wait_time while an agent rings re-decides the pending timeout', async (t) => {
  const sim = new Sim(scenario({
    queues: [{ id: 'q', tier_rules_apply: false, strategy: 'longest-idle-agent', max_wait_time: 10 }],
    agents: [{ id: 'a', queues: [{ queue: 'q' }], answer: 'never', call_timeout: 30 }],
    callers: [{ queue: 'q', arrivals: { process: 'fixed', at: [0] } }],
    timeline: [{ at: 15, queue: 'q', set: { max_wait_time: 0 } }],
  }));
  sim.at(40);
  t.same(sim.of('call.left'), [], 'with max_wait_time now 0 the caller stays');
  t.same(sim.offers(), [[0, 'a'], [30, 'a']]);
});

t.test('a resumed caller keeps its place among callers of its old join second (§7.7)', async (t) => {
  const sim = new Sim(scenario({
    queues: [{ id: 'q', tier_rules_apply: false, strategy: 'longest-idle-agent', abandoned_resume_allowed: true, exit_with_no_av_agents: false }],
    agents: [{ id: 'a', queues: [{ queue: 'q' }], status: 'on_break', answer: { after: 0 }, talk_time: 5 }],
    timeline: [
      { at: 0, call: { queue: 'q', number: '+1', patience: 10 } },
      { at: 0, call: { queue: 'q', number: '+2' } },
      { at: 20, call: { queue: 'q', number: '+1' } },
      { at: 30, agent: 'a', status: 'available' },
    ],
  }));
  sim.at(31);
  const first = sim.of('call.answered')[0];
  t.equal(sim.of('call.arrived').find((e) => e.call === first.call)?.number, '+1', 'the returning +1 goes before +2, who joined in the same second after it');
});

t.test('queue patches reject inherited keys and non-mappings', async (t) => {
  const sim = new Sim(scenario({ queues: [{ id: 'q' }] }));
  for (const patch of [{ hasOwnProperty: 1 }, { valueOf: 1 }, { isPrototypeOf: 'x' }, JSON.parse('{"__proto__": 1}'), null, [1]]) {
    t.throws(() => sim.engine.command((c) => c.updateQueue('q', patch as Record<string, unknown>)), DomainError, JSON.stringify(patch));
  }
  t.throws(() => loadScenarioText(scenario({ queues: [{ id: 'q' }], timeline: [{ at: 1, queue: 'q', set: { hasOwnProperty: 1 } }] }), 'x.yaml'), /timeline\[0\]\.set\.hasOwnProperty: unknown queue parameter/);
});

t.test('property: the fast path and the gated walk choose alike when no gate can close', async (t) => {
  const strategies = ['longest-idle-agent', 'round-robin', 'top-down', 'agent-with-least-talk-time', 'agent-with-fewest-calls', 'sequentially-by-agent-order', 'ring-progressively'];
  const rng = new RandomStreams(2026).stream('property');
  const pick = <T>(xs: T[]) => xs[Math.floor(rng.next() * xs.length)];
  for (let n = 0; n < 60; n++) {
    const agents = Array.from({ length: 2 + Math.floor(rng.next() * 4) }, (_, i) => ({
      id: `a${i}`,
      // Level 0 is never gated (§3.2), so tier rules cannot block these walks.
      queues: [{ queue: 'q', level: 0, position: Math.floor(rng.next() * 4) }],
      answer: [pick([{ after: 2 }, 'never', { busy_after: 1 }, { reject_after: 3 }]), pick([{ after: 1 }, 'never']), { after: 2 }],
      call_timeout: pick([5, 10]),
      wrap_up_time: pick([0, 3]),
      no_answer_delay_time: pick([0, 4]),
      talk_time: pick([5, 20]),
    }));
    const callers = [{ queue: 'q', arrivals: { process: 'fixed', at: Array.from({ length: 6 }, () => Math.floor(rng.next() * 60)) }, numbers: ['+1', '+2', '+1', '+3', '+2', '+1'], patience: pick([30, 90]) }];
    const queue = { id: 'q', strategy: pick(strategies), try_same_agent_time: pick([0, 600]), exit_with_no_av_agents: false };
    const run = (gate: Record<string, unknown>) => {
      const sim = new Sim(scenario({ queues: [{ ...queue, ...gate }], agents, callers, duration: '10m' }));
      sim.at(600);
      return sim.events.map((e) => JSON.stringify(e)).join('\n');
    };
    const fast = run({ tier_rules_apply: false });
    const gated = run({ tier_rules_apply: true, tier_rule_wait_second: 100000, tier_rule_wait_multiply_level: true });
    if (fast !== gated) {
      t.fail(`scenario ${n} (${queue.strategy}) differs`);
      return;
    }
  }
  t.pass('60 random scenarios agree');
});
