/**
 * Tier rules (docs/routing.md §3.2 tier gate, §5 closed form, §8.2–8.3). Most rows use
 * ring-all with agents who never answer (rings last 60 s), so the time of each agent's first offer is
 * the time its level opens for the caller. Callers join at 10, so "opens at e" shows as 10 + e.
 */
import t from 'tap';
import { ag, runCases, type ScenarioCase } from './fixtures/lib.js';
import { Sim, oneQueue } from '../../helpers/sim.js';

const rules = (over: Record<string, unknown>) => ({
  strategy: 'ring-all',
  tier_rules_apply: true,
  tier_rule_wait_second: 10,
  tier_rule_wait_multiply_level: true,
  tier_rule_no_agent_no_wait: true,
  ...over,
});
const ringer = (id: string, level: number, extra: Record<string, unknown> = {}) => ag(id, level, 1, { answer: 'never', ...extra });

const cases: ScenarioCase[] = [
  {
    name: '§3.2 §5 multiply: the first level opens at once (no-wait), level L at L × wait after joining',
    queue: rules({}),
    agents: [ringer('a', 1), ringer('b', 2), ringer('c', 3)],
    callers: [{ at: [10] }],
    until: 50,
    expect: { offers: [[10, 'a'], [30, 'b'], [40, 'c']] },
  },
  {
    name: '§3.2 §5 without multiply every gated level opens at wait',
    queue: rules({ tier_rule_wait_multiply_level: false, tier_rule_wait_second: 20 }),
    agents: [ringer('a', 1), ringer('b', 2), ringer('c', 3)],
    callers: [{ at: [10] }],
    until: 50,
    expect: { offers: [[10, 'a'], [30, 'b'], [30, 'c']] },
  },
  {
    name: '§3.2 §8.2 no_agent_no_wait false gates the first level too (multiply: level 1 at wait)',
    queue: rules({ tier_rule_no_agent_no_wait: false }),
    agents: [ringer('a', 1), ringer('b', 2), ringer('c', 3)],
    callers: [{ at: [10] }],
    until: 50,
    expect: { offers: [[20, 'a'], [30, 'b'], [40, 'c']] },
  },
  {
    name: '§3.2 §8.2 no_agent_no_wait false without multiply: every level at wait',
    queue: rules({ tier_rule_no_agent_no_wait: false, tier_rule_wait_multiply_level: false, tier_rule_wait_second: 15 }),
    agents: [ringer('a', 1), ringer('b', 2), ringer('c', 3)],
    callers: [{ at: [10] }],
    until: 50,
    expect: { offers: [[25, 'a'], [25, 'b'], [25, 'c']] },
  },
  {
    name: '§3.2 §5 level 0 is never gated, even with no_agent_no_wait false',
    queue: rules({ tier_rule_no_agent_no_wait: false }),
    agents: [ringer('z', 0), ringer('a', 1), ringer('b', 2)],
    callers: [{ at: [10] }],
    until: 50,
    expect: { offers: [[10, 'z'], [20, 'a'], [30, 'b']] },
  },
  {
    name: '§3.2 no-wait only helps the first row: with level-0 rows present, level 1 waits for 1 × wait',
    queue: rules({}),
    agents: [ringer('z', 0), ringer('a', 1)],
    callers: [{ at: [10] }],
    until: 50,
    expect: { offers: [[10, 'z'], [20, 'a']] },
  },
  {
    name: '§3.2 §8.3 §8.4 a level whose agents are all On Break still has rows: it takes the no-wait and blocks the next level',
    queue: rules({}),
    agents: [ringer('a', 1, { status: 'on_break' }), ringer('b', 2), ringer('c', 3)],
    callers: [{ at: [10] }],
    until: 50,
    expect: { offers: [[30, 'b'], [40, 'c']] },
  },
  {
    name: '§3.1 §3.2 a level whose agents are all Logged Out has no rows: the next level is the first and opens at once',
    queue: rules({}),
    agents: [ringer('a', 1, { status: 'logged_out' }), ringer('b', 2), ringer('c', 3)],
    callers: [{ at: [10] }],
    until: 50,
    expect: { offers: [[10, 'b'], [40, 'c']] },
  },
  {
    name: '§3.2 gaps in level numbers: level 3 still opens at 3 × wait',
    queue: rules({}),
    agents: [ringer('a', 1), ringer('c', 3)],
    callers: [{ at: [10] }],
    until: 50,
    expect: { offers: [[10, 'a'], [40, 'c']] },
  },
  {
    name: '§3.2 tier_rule_wait_second 0: every level open at once',
    queue: rules({ tier_rule_wait_second: 0, tier_rule_no_agent_no_wait: false }),
    agents: [ringer('a', 1), ringer('b', 2), ringer('c', 3)],
    callers: [{ at: [10] }],
    until: 15,
    expect: { offers: [[10, 'a'], [10, 'b'], [10, 'c']] },
  },
  {
    name: '§5 §8.1 tier_rules_apply false ignores the wait: ring-all rings every level at once',
    queue: rules({ tier_rules_apply: false, tier_rule_wait_second: 100 }),
    agents: [ringer('a', 1), ringer('b', 2), ringer('c', 3)],
    callers: [{ at: [10] }],
    until: 15,
    expect: { offers: [[10, 'a'], [10, 'b'], [10, 'c']] },
  },
  {
    name: '§1 §3.2 the gate counts whole seconds: joined at 10.5 (epoch second 10), level 2 opens at 30',
    queue: rules({}),
    agents: [ringer('a', 1), ringer('b', 2)],
    callers: [{ at: [10.5] }],
    until: 35,
    expect: { offers: [[10.5, 'a'], [30, 'b']] },
  },
  {
    name: '§3.2 hunting strategy: level 2 waits for its gate although level 1 is in a delay',
    queue: rules({ strategy: 'sequentially-by-agent-order' }),
    // a: no answer at 25, then not contactable for 100 s. b's level opens at 10 + 20 = 30.
    agents: [ag('a', 1, 1, { answer: 'never', call_timeout: 15, no_answer_delay_time: 100 }), ag('b', 2, 1)],
    callers: [{ at: [10] }],
    until: 35,
    expect: { offers: [[10, 'a'], [30, 'b']] },
  },
  {
    name: '§3.2 §5 the gate opens levels but never reorders: a lower-level agent free at the same instant wins',
    queue: rules({ strategy: 'sequentially-by-agent-order' }),
    agents: [ag('a', 1, 1, { status: 'on_break' }), ag('b', 2, 1)],
    callers: [{ at: [10] }],
    timeline: [{ at: 30, agent: 'a', status: 'available' }],
    until: 35,
    expect: { offers: [[30, 'a']] },
  },
  {
    name: '§3.2 §7.2 the gate counts from each caller\'s own join time',
    queue: rules({ strategy: 'sequentially-by-agent-order' }),
    // X takes a at 10. Y joins at 15; a is talking; level 2 opens for Y at 15 + 20 = 35 (not X's 30).
    agents: [ag('a', 1, 1), ag('b', 2, 1)],
    callers: [{ at: [10, 15], numbers: ['X', 'Y'] }],
    until: 40,
    expect: { offersTo: [[10, 'a', 'X'], [35, 'b', 'Y']] },
  },
  {
    name: '§4.8 edge: round-robin with its pointer in level 2 walks level-2 rows first; the first row takes the no-wait and skips the wait',
    queue: rules({ strategy: 'round-robin' }),
    // X: level 1 (a) all On Break; level 2 opens at 10 + 20 = 30 -> b. Y joins at 40: pointer b(2,1),
    // block 1 = c(2,2) is Y's first row, so it passes by no-wait at once instead of at 40 + 20.
    agents: [ag('a', 1, 1, { status: 'on_break' }), ag('b', 2, 1, { talk_time: 5 }), ag('c', 2, 2, { talk_time: 5 })],
    callers: [{ at: [10, 40], numbers: ['X', 'Y'] }],
    until: 45,
    expect: { offersTo: [[30, 'b', 'X'], [40, 'c', 'Y']] },
  },
];

runCases(t, cases);

t.test('§3.2 with a hundred callers waiting for their own level to open, each is offered the second it opens', async (t) => {
  // Every caller asks the dispatcher to wake at its own time (joined + 300): far more pending wake-ups
  // than usual, and each must still come.
  const arrivals = Array.from({ length: 100 }, (_, i) => i);
  const sim = new Sim(
    oneQueue({
      queue: { strategy: 'longest-idle-agent', tier_rules_apply: true, tier_rule_wait_second: 300, tier_rule_wait_multiply_level: false, tier_rule_no_agent_no_wait: false },
      agents: [{ id: 'a', queues: [{ queue: 'q', level: 2 }], answer: { after: 0 }, talk_time: 0.5 }],
      arrivals,
    }),
  );
  sim.at(500);
  t.same(
    sim.offers().map(([s]) => s),
    arrivals.map((i) => i + 300),
  );
});
