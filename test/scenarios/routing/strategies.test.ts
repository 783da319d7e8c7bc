/**
 * Strategy orderings (docs/routing.md §4), one table per strategy. Every expected offer list
 * is worked out by hand from the reference; the section is cited in each case name.
 *
 * Conventions (lib.ts): queue `q` with tier_rules_apply false and exit_with_no_av_agents false unless a
 * case sets them; `ag(id, level, position)` answers after 1 s and talks 1000 s unless overridden.
 */
import t from 'tap';
import { Sim } from '../../helpers/sim.js';
import { ag, runCases, scenario, type ScenarioCase } from './fixtures/lib.js';

const never = (extra: Record<string, unknown> = {}) => ({ answer: 'never', ...extra });

const ringAll: ScenarioCase[] = [
  {
    name: '§4.4 §8.1 ring-all rings every level at once; first answer wins, the others lose the race with no penalty',
    queue: { strategy: 'ring-all' },
    agents: [ag('a', 1, 1, { answer: { after: 5 } }), ag('b', 1, 2, { answer: { after: 3 } }), ag('c', 2, 1, never({ no_answer_delay_time: 30 }))],
    // Caller 2 at 14: a and c lost the race at 13 with no delay and no no-answer (LOSE_RACE), so both ring again.
    callers: [{ at: [10, 14] }],
    until: 15,
    expect: {
      offers: [[10, 'a'], [10, 'b'], [10, 'c'], [14, 'a'], [14, 'c']],
      answered: [[13, 'b']],
      failed: [[13, 'a', 'cancel', 'lose_race'], [13, 'c', 'cancel', 'lose_race']],
      agents: { a: { no_answer_count: 0 }, c: { no_answer_count: 0 } },
    },
  },
  {
    name: '§4.4 ring-all: an agent who becomes Available while others ring is rung as well',
    queue: { strategy: 'ring-all' },
    agents: [ag('a', 1, 1, never({ call_timeout: 30 })), ag('b', 1, 2, { status: 'on_break' })],
    callers: [{ at: [10] }],
    timeline: [{ at: 15, agent: 'b', status: 'available' }],
    until: 20,
    expect: { offers: [[10, 'a'], [15, 'b']], answered: [[16, 'b']], failed: [[16, 'a', 'cancel', 'lose_race']] },
  },
  {
    name: '§4.4 §6.3 ring-all: an agent back from its busy delay is rung again while the others still ring',
    queue: { strategy: 'ring-all' },
    agents: [ag('a', 1, 1, { answer: [{ busy_after: 2 }, 'never'], busy_delay_time: 5 }), ag('b', 1, 2, never())],
    callers: [{ at: [10] }],
    until: 20,
    expect: { offers: [[10, 'a'], [10, 'b'], [17, 'a']], failed: [[12, 'a', 'busy']] },
  },
  {
    name: '§4.4 §2 §7.3 ring-all, two callers in one instant: the first takes every agent; a race loser rings for the second at once',
    queue: { strategy: 'ring-all' },
    agents: [ag('a', 1, 1, { answer: { after: 5 } }), ag('b', 1, 2, { answer: { after: 7 } })],
    callers: [{ at: [10, 10], numbers: ['X', 'Y'] }],
    until: 30,
    expect: {
      offersTo: [[10, 'a', 'X'], [10, 'b', 'X'], [15, 'b', 'Y']],
      answered: [[15, 'a'], [22, 'b']],
      failed: [[15, 'b', 'cancel', 'lose_race']],
    },
  },
];

const longestIdle: ScenarioCase[] = [
  {
    name: '§4.1 longest-idle: level, then last_bridge_end (0 = never = most idle), then position',
    queue: { strategy: 'longest-idle-agent' },
    agents: [
      ag('a', 1, 1, { history: { last_bridge_end: -100 } }),
      ag('b', 1, 2, { history: { last_bridge_end: -300 } }),
      ag('c', 1, 3),
      ag('d', 2, 1),
    ],
    callers: [{ at: [10, 11, 12, 13] }],
    until: 14,
    expect: { offers: [[10, 'c'], [11, 'b'], [12, 'a'], [13, 'd']] },
  },
  {
    name: '§4.1 §8.5 longest-idle: a non-answering agent keeps winning (no-answers do not move last_bridge_end)',
    queue: { strategy: 'longest-idle-agent' },
    agents: [ag('a', 1, 2, never({ call_timeout: 10 })), ag('b', 1, 1, { history: { last_bridge_end: -50 } })],
    callers: [{ at: [10] }],
    until: 45,
    expect: {
      offers: [[10, 'a'], [20, 'a'], [30, 'a'], [40, 'a']],
      failed: [[20, 'a', 'no_answer'], [30, 'a', 'no_answer'], [40, 'a', 'no_answer']],
    },
  },
  {
    name: '§4.1 §6.2 longest-idle: the end of a bridged call moves the agent to the back',
    queue: { strategy: 'longest-idle-agent' },
    // a: answers at 11, ends 16. b: offered at 30, ends 36. At 50, a (16) is more idle than b (36).
    agents: [ag('a', 1, 1, { talk_time: 5 }), ag('b', 1, 2, { talk_time: 5 })],
    callers: [{ at: [10, 30, 50] }],
    until: 55,
    expect: { offers: [[10, 'a'], [30, 'b'], [50, 'a']] },
  },
  {
    name: '§4.1 longest-idle: idle time is not measured from a status change',
    queue: { strategy: 'longest-idle-agent' },
    agents: [ag('a', 1, 1, { history: { last_bridge_end: -10 } }), ag('b', 1, 2, { status: 'on_break', history: { last_bridge_end: -500 } })],
    callers: [{ at: [10] }],
    timeline: [{ at: 5, agent: 'b', status: 'available' }],
    until: 12,
    expect: { offers: [[10, 'b']] },
  },
];

const roundRobin: ScenarioCase[] = [
  {
    name: '§4.8 §8.7 round-robin: a queue-wide pointer cycles the lowest level and never advances into the next',
    queue: { strategy: 'round-robin' },
    agents: [ag('a', 1, 1, { talk_time: 5 }), ag('b', 1, 2, { talk_time: 5 }), ag('c', 1, 3, { talk_time: 5 }), ag('d', 2, 1, { talk_time: 5 })],
    callers: [{ at: [10, 30, 50, 70, 90] }],
    until: 95,
    expect: { offers: [[10, 'a'], [30, 'b'], [50, 'c'], [70, 'a'], [90, 'b']] },
  },
  {
    name: '§4.8 round-robin: a pointer in level 2 finishes that level (block 1 first), then wraps to the lowest level',
    queue: { strategy: 'round-robin' },
    // 10: a, b on break -> c. 30: pointer c(2,1), block 1 = d. 50: pointer d(2,2), block 1 empty -> a.
    // 70: pointer a(1,1) -> b. 90: pointer b(1,2), nothing after it in level 1 -> a; level 2 is never reached again.
    agents: [
      ag('a', 1, 1, { talk_time: 5, status: 'on_break' }),
      ag('b', 1, 2, { talk_time: 5, status: 'on_break' }),
      ag('c', 2, 1, { talk_time: 5 }),
      ag('d', 2, 2, { talk_time: 5 }),
    ],
    callers: [{ at: [10, 30, 50, 70, 90] }],
    timeline: [
      { at: 20, agent: 'a', status: 'available' },
      { at: 20, agent: 'b', status: 'available' },
    ],
    until: 95,
    expect: { offers: [[10, 'c'], [30, 'd'], [50, 'a'], [70, 'b'], [90, 'a']] },
  },
  {
    name: '§4.8 round-robin: the pointer moves on every offer, including one that ends in no answer',
    queue: { strategy: 'round-robin' },
    agents: [ag('a', 1, 1, never({ call_timeout: 10 })), ag('b', 1, 2, { talk_time: 5 }), ag('c', 1, 3, { talk_time: 5 })],
    callers: [{ at: [10, 40] }],
    until: 45,
    expect: { offers: [[10, 'a'], [20, 'b'], [40, 'c']] },
  },
  {
    name: '§4.8 §1.2 round-robin: last_offered_call is global per agent, so an offer from another queue moves the pointer',
    queue: { strategy: 'round-robin' },
    moreQueues: [{ id: 'q2', strategy: 'round-robin', tier_rules_apply: false, exit_with_no_av_agents: false }],
    agents: [
      ag('a', 1, 1, { talk_time: 5 }),
      {
        ...ag('b', 1, 2, { talk_time: 5 }),
        queues: [
          { queue: 'q', level: 1, position: 2 },
          { queue: 'q2', level: 1, position: 1 },
        ],
      },
      ag('c', 1, 3, { talk_time: 5 }),
    ],
    callers: [{ at: [5], queue: 'q2' }, { at: [20] }],
    until: 25,
    expect: { offers: [[5, 'b'], [20, 'c']] },
  },
  {
    name: '§4.8 round-robin: the pointer agent counts in any status, even Logged Out',
    queue: { strategy: 'round-robin' },
    // 10: only c free -> c. 30: pointer c, d on break -> wrap -> a. 40: a logs out, d back.
    // 50: pointer is still a (1,1) -> b. (Skipping the logged-out a would put the pointer on c and pick d.)
    agents: [
      ag('a', 1, 1, { talk_time: 5, status: 'on_break' }),
      ag('b', 1, 2, { talk_time: 5, status: 'on_break' }),
      ag('c', 1, 3, { talk_time: 5 }),
      ag('d', 1, 4, { talk_time: 5, status: 'on_break' }),
    ],
    callers: [{ at: [10, 30, 50] }],
    timeline: [
      { at: 20, agent: 'a', status: 'available' },
      { at: 20, agent: 'b', status: 'available' },
      { at: 40, agent: 'a', status: 'logged_out' },
      { at: 40, agent: 'd', status: 'available' },
    ],
    until: 55,
    expect: { offers: [[10, 'c'], [30, 'a'], [50, 'b']] },
  },
];

const topDown: ScenarioCase[] = [
  {
    name: '§4.7 §8.6 top-down: the pointer is per caller, so every new caller starts from the top',
    queue: { strategy: 'top-down' },
    agents: [ag('a', 1, 1, { talk_time: 5 }), ag('b', 1, 2, { talk_time: 5 }), ag('c', 2, 1, { talk_time: 5 })],
    callers: [{ at: [10, 30, 50] }],
    until: 55,
    expect: { offers: [[10, 'a'], [30, 'a'], [50, 'a']] },
  },
  {
    name: '§4.7 §8.7 top-down: one caller walks into higher levels, then wraps to the top when no row is left after the pointer',
    queue: { strategy: 'top-down' },
    agents: [ag('a', 1, 1, never({ call_timeout: 10 })), ag('b', 1, 2, never({ call_timeout: 10 })), ag('c', 2, 1, never({ call_timeout: 10 }))],
    callers: [{ at: [10] }],
    until: 45,
    // The wrap happens on the pass after the empty one (~100 ms in FreeSWITCH): compare whole seconds.
    floorTimes: true,
    expect: { offers: [[10, 'a'], [20, 'b'], [30, 'c'], [40, 'a']] },
  },
  {
    name: '§4.7 §8.8 top-down stall: an On Break row after the pointer keeps it; free agents before it are not tried',
    queue: { strategy: 'top-down' },
    agents: [ag('a', 1, 1, never({ call_timeout: 10 })), ag('b', 1, 2, never({ call_timeout: 10 })), ag('c', 1, 3, { status: 'on_break' })],
    callers: [{ at: [10] }],
    timeline: [{ at: 50, agent: 'c', status: 'available' }],
    until: 55,
    expect: { offers: [[10, 'a'], [20, 'b'], [50, 'c']] },
  },
  {
    name: '§4.7 §3.1 top-down: a Logged Out agent after the pointer is no row, so the pointer resets and the walk restarts',
    queue: { strategy: 'top-down' },
    agents: [ag('a', 1, 1, never({ call_timeout: 10 })), ag('b', 1, 2, never({ call_timeout: 10 })), ag('c', 1, 3, { status: 'logged_out' })],
    callers: [{ at: [10] }],
    until: 35,
    floorTimes: true,
    expect: { offers: [[10, 'a'], [20, 'b'], [30, 'a']] },
  },
  {
    name: '§4.7 top-down: callers hunt independently (a busy agent is skipped, the pointer is the caller\'s own)',
    queue: { strategy: 'top-down' },
    // X: a@10 (no answer at 20), then from (1,1): b is talking to Y -> c. Y: a is ringing for X -> b.
    agents: [ag('a', 1, 1, never({ call_timeout: 10 })), ag('b', 1, 2), ag('c', 2, 1)],
    callers: [{ at: [10, 12], numbers: ['X', 'Y'] }],
    until: 25,
    expect: { offersTo: [[10, 'a', 'X'], [12, 'b', 'Y'], [20, 'c', 'X']] },
  },
];

const leastTalk: ScenarioCase[] = [
  {
    name: '§4.2 least-talk-time: level, then talk_time, then position',
    queue: { strategy: 'agent-with-least-talk-time' },
    agents: [
      ag('a', 1, 1, { history: { talk_time: 300 } }),
      ag('b', 1, 2, { history: { talk_time: 100 } }),
      ag('c', 1, 3, { history: { talk_time: 200 } }),
      ag('d', 2, 1),
    ],
    callers: [{ at: [10, 11, 12, 13] }],
    until: 14,
    expect: { offers: [[10, 'b'], [11, 'c'], [12, 'a'], [13, 'd']] },
  },
  {
    name: '§4.2 §6.5 §8.9 least-talk-time: set Available from On Break resets talk_time',
    queue: { strategy: 'agent-with-least-talk-time' },
    agents: [ag('a', 1, 1, { status: 'on_break', history: { talk_time: 300 } }), ag('b', 1, 2, { history: { talk_time: 100 } }), ag('c', 1, 3, { history: { talk_time: 200 } })],
    callers: [{ at: [10, 11, 12] }],
    timeline: [{ at: 5, agent: 'a', status: 'available' }],
    until: 13,
    expect: { offers: [[10, 'a'], [11, 'b'], [12, 'c']], statuses: [[5, 'a', 'available']] },
  },
  {
    name: '§6.5 §8.9 least-talk-time: set Available when already Available is a complete no-op (no reset)',
    queue: { strategy: 'agent-with-least-talk-time' },
    agents: [ag('a', 1, 1, { history: { talk_time: 300 } }), ag('b', 1, 2, { history: { talk_time: 100 } }), ag('c', 1, 3, { history: { talk_time: 200 } })],
    callers: [{ at: [10, 11, 12] }],
    timeline: [{ at: 5, agent: 'a', status: 'available' }],
    until: 13,
    expect: { offers: [[10, 'b'], [11, 'c'], [12, 'a']], statuses: [] },
  },
  {
    name: '§4.2 least-talk-time: talk_time accumulates bridge end − bridge start',
    queue: { strategy: 'agent-with-least-talk-time' },
    // a talks 11..21 = 10 s, more than b's 8: the second caller goes to b.
    agents: [ag('a', 1, 1, { talk_time: 10 }), ag('b', 1, 2, { history: { talk_time: 8 } })],
    callers: [{ at: [10, 30] }],
    until: 35,
    expect: { offers: [[10, 'a'], [30, 'b']], agents: { a: { talk_time: 10 } } },
  },
];

const fewestCalls: ScenarioCase[] = [
  {
    name: '§4.3 fewest-calls: level, then calls_answered, then position',
    queue: { strategy: 'agent-with-fewest-calls' },
    agents: [
      ag('a', 1, 1, { history: { calls_answered: 3 } }),
      ag('b', 1, 2, { history: { calls_answered: 1 } }),
      ag('c', 1, 3, { history: { calls_answered: 2 } }),
      ag('d', 2, 1),
    ],
    callers: [{ at: [10, 11, 12, 13] }],
    until: 14,
    expect: { offers: [[10, 'b'], [11, 'c'], [12, 'a'], [13, 'd']] },
  },
  {
    name: '§4.3 fewest-calls: an answered call counts; a tie falls to position',
    queue: { strategy: 'agent-with-fewest-calls' },
    // 10: a (0) < b (1). 30: a 1 = b 1 -> position: b. 50: a 1 < b 2 -> a.
    agents: [ag('a', 1, 2, { talk_time: 5 }), ag('b', 1, 1, { talk_time: 5, history: { calls_answered: 1 } })],
    callers: [{ at: [10, 30, 50] }],
    until: 55,
    expect: { offers: [[10, 'a'], [30, 'b'], [50, 'a']] },
  },
  {
    name: '§4.3 §6.5 §8.9 fewest-calls: set Available from On Break resets calls_answered',
    queue: { strategy: 'agent-with-fewest-calls' },
    agents: [ag('a', 1, 1, { status: 'on_break', history: { calls_answered: 5 } }), ag('b', 1, 2, { history: { calls_answered: 2 } })],
    callers: [{ at: [10, 11] }],
    timeline: [{ at: 5, agent: 'a', status: 'available' }],
    until: 12,
    expect: { offers: [[10, 'a'], [11, 'b']] },
  },
  {
    name: '§6.5 fewest-calls: setting On Demand (not Available) does not reset calls_answered',
    queue: { strategy: 'agent-with-fewest-calls' },
    agents: [ag('a', 1, 1, { status: 'on_break', history: { calls_answered: 5 } }), ag('b', 1, 2, { history: { calls_answered: 2 } })],
    callers: [{ at: [10, 11] }],
    timeline: [{ at: 5, agent: 'a', status: 'on_demand' }],
    until: 12,
    expect: { offers: [[10, 'b'], [11, 'a']] },
  },
];

const sequential: ScenarioCase[] = [
  {
    name: '§4.5 sequentially-by-agent-order: no memory, every caller starts from the top (level, then position)',
    queue: { strategy: 'sequentially-by-agent-order' },
    agents: [ag('c', 2, 1, { talk_time: 5 }), ag('b', 1, 2, { talk_time: 5 }), ag('a', 1, 1, { talk_time: 5 })],
    callers: [{ at: [10, 30, 50] }],
    until: 55,
    expect: { offers: [[10, 'a'], [30, 'a'], [50, 'a']] },
  },
  {
    name: '§4.5 §8.5 sequentially-by-agent-order: a non-answering first agent is re-offered forever',
    queue: { strategy: 'sequentially-by-agent-order' },
    agents: [ag('a', 1, 1, never({ call_timeout: 10 })), ag('b', 1, 2)],
    callers: [{ at: [10] }],
    until: 35,
    expect: { offers: [[10, 'a'], [20, 'a'], [30, 'a']] },
  },
  {
    name: '§4.5 sequentially-by-agent-order: equal positions fall to last_offered_call',
    queue: { strategy: 'sequentially-by-agent-order' },
    // 30: b was never offered (0) < a (10). 50: a (10) < b (30).
    agents: [ag('a', 1, 1, { talk_time: 5 }), ag('b', 1, 1, { talk_time: 5 })],
    callers: [{ at: [10, 30, 50] }],
    until: 55,
    expect: { offers: [[10, 'a'], [30, 'b'], [50, 'a']] },
  },
];

const ringProgressively: ScenarioCase[] = [
  {
    name: '§4.9 ring-progressively: one new agent every 10 s (delay 0 means 10); failed agents come back',
    queue: { strategy: 'ring-progressively', ring_progressively_delay: 0 },
    // Rings last 60 s (call_timeout 0). At 40 no agent is free, so last_originated stays 30 and a,
    // free again at 70, is rung at once; b (80) and c (90) each wait for their own 10 s step.
    agents: [ag('a', 1, 1, never()), ag('b', 1, 2, never()), ag('c', 1, 3, never())],
    callers: [{ at: [10] }],
    until: 95,
    expect: {
      offers: [[10, 'a'], [20, 'b'], [30, 'c'], [70, 'a'], [80, 'b'], [90, 'c']],
      failed: [[70, 'a', 'no_answer'], [80, 'b', 'no_answer'], [90, 'c', 'no_answer']],
    },
  },
  {
    name: '§4.9 ring-progressively: ring_progressively_delay 5, in level then position order',
    queue: { strategy: 'ring-progressively', ring_progressively_delay: 5 },
    agents: [ag('a', 2, 1, never()), ag('b', 1, 2, never()), ag('c', 1, 1, never())],
    callers: [{ at: [10] }],
    until: 25,
    expect: { offers: [[10, 'c'], [15, 'b'], [20, 'a']] },
  },
  {
    name: '§4.9 §4.4 ring-progressively: first answer wins, the earlier rings lose the race',
    queue: { strategy: 'ring-progressively' },
    agents: [ag('a', 1, 1, never()), ag('b', 1, 2, { answer: { after: 3 } }), ag('c', 1, 3, never())],
    callers: [{ at: [10] }],
    until: 40,
    expect: { offers: [[10, 'a'], [20, 'b']], answered: [[23, 'b']], failed: [[23, 'a', 'cancel', 'lose_race']] },
  },
  {
    name: '§4.9 ring-progressively: with no agent at a step, the first one to become contactable is rung at once',
    queue: { strategy: 'ring-progressively' },
    agents: [ag('a', 1, 1, never()), ag('b', 1, 2, { status: 'on_break' })],
    callers: [{ at: [10] }],
    timeline: [{ at: 25, agent: 'b', status: 'available' }],
    until: 28,
    expect: { offers: [[10, 'a'], [25, 'b']] },
  },
];

t.test('ring-all', async (t) => runCases(t, ringAll));
t.test('longest-idle-agent', async (t) => runCases(t, longestIdle));
t.test('round-robin', async (t) => runCases(t, roundRobin));
t.test('top-down', async (t) => runCases(t, topDown));
t.test('agent-with-least-talk-time', async (t) => runCases(t, leastTalk));
t.test('agent-with-fewest-calls', async (t) => runCases(t, fewestCalls));
t.test('sequentially-by-agent-order', async (t) => runCases(t, sequential));
t.test('ring-progressively', async (t) => runCases(t, ringProgressively));

// §4.6 random: properties rather than exact picks (the draw is the engine's); each row is one scenario.
const randomAgents = (extra: Record<string, unknown> = {}) => [ag('a', 1, 1, { talk_time: 5, ...extra }), ag('b', 1, 2, { talk_time: 5, ...extra }), ag('c', 2, 1, { talk_time: 5 })];
const every20s = Array.from({ length: 20 }, (_, i) => 10 + 20 * i);

const randomCases: { name: string; seed: number; agents: Record<string, unknown>[]; allowed: string[]; mustSee: string[] }[] = [
  { name: '§4.6 random: a lower level is strictly preferred (level 2 never rung while level 1 is free)', seed: 1, agents: randomAgents(), allowed: ['a', 'b'], mustSee: ['a', 'b'] },
  { name: '§4.6 random: the same with another seed', seed: 99, agents: randomAgents(), allowed: ['a', 'b'], mustSee: ['a', 'b'] },
  { name: '§4.6 §3.3 random: with level 1 On Break, level 2 takes every call', seed: 1, agents: randomAgents({ status: 'on_break' }), allowed: ['c'], mustSee: ['c'] },
];

t.test('random', async (t) => {
  for (const c of randomCases) {
    t.test(c.name, async (t) => {
      const sim = new Sim(scenario({ queue: { strategy: 'random' }, agents: c.agents, callers: [{ at: every20s }], seed: c.seed }));
      sim.at(500);
      const offers = sim.offers();
      t.equal(offers.length, 20, 'every caller is offered once (all answer)');
      t.same(offers.map(([s]) => s), every20s, 'at arrival');
      const picked = new Set(offers.map(([, a]) => a));
      for (const a of picked) t.ok(c.allowed.includes(a), `${a} may be picked`);
      for (const a of c.mustSee) t.ok(picked.has(a), `${a} is picked at least once in 20 calls`);
    });
  }
  t.test('§4.6 random: the same seed gives the same picks', async (t) => {
    const run = () => {
      const sim = new Sim(scenario({ queue: { strategy: 'random' }, agents: randomAgents(), callers: [{ at: every20s }], seed: 7 }));
      sim.at(500);
      return sim.offers();
    };
    t.same(run(), run());
  });
});
