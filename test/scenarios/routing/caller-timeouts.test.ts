/**
 * The caller's side (docs/routing.md §7): max_wait_time, max_wait_time_with_no_agent and
 * its grace, exit_with_no_av_agents (Telphin's join check, schema description), hanging up (patience),
 * abandoned_resume_allowed, and the order callers are served in (score).
 */
import t from 'tap';
import { ag, runCases, type ScenarioCase } from './fixtures/lib.js';

const seq = { strategy: 'sequentially-by-agent-order' };

const maxWait: ScenarioCase[] = [
  {
    name: '§7.4 max_wait_time: ejected with reason timeout at join + max_wait_time',
    queue: { ...seq, max_wait_time: 30 },
    agents: [ag('a', 1, 1, { status: 'on_break' })],
    callers: [{ at: [10] }],
    until: 60,
    expect: { offers: [], left: [[40, 'timeout']] },
  },
  {
    name: '§7.4 §8.16 max_wait_time passes while an agent rings; the ring ends in a bridge, so the caller is not ejected',
    queue: { ...seq, max_wait_time: 30 },
    agents: [ag('a', 1, 1, { status: 'on_break', answer: { after: 25 } })],
    callers: [{ at: [10] }],
    timeline: [{ at: 20, agent: 'a', status: 'available' }],
    until: 60,
    expect: { offers: [[20, 'a']], answered: [[45, 'a']], left: [] },
  },
  {
    name: '§7.4 max_wait_time passes while an agent rings; the ring fails, so the caller leaves right then and is not re-offered',
    queue: { ...seq, max_wait_time: 30 },
    agents: [ag('a', 1, 1, { status: 'on_break', answer: 'never', call_timeout: 25 })],
    callers: [{ at: [10] }],
    timeline: [{ at: 20, agent: 'a', status: 'available' }],
    until: 60,
    expect: { offers: [[20, 'a']], failed: [[45, 'a', 'no_answer']], left: [[45, 'timeout']] },
  },
  {
    name: '§7.4 edge: ring-all, the first leg to fail lets the timeout through; the other legs are cancelled',
    queue: { strategy: 'ring-all', max_wait_time: 15 },
    agents: [ag('a', 1, 1, { answer: 'never', call_timeout: 20 }), ag('b', 1, 2, { answer: { after: 40 } })],
    callers: [{ at: [10] }],
    until: 60,
    expect: { answered: [], failed: [[30, 'a', 'no_answer'], [30, 'b', 'cancel', 'caller_left']], left: [[30, 'timeout']] },
  },
  {
    name: '§7.4 max_wait_time while nothing rings (agent in a no-answer delay): ejected on time',
    queue: { ...seq, max_wait_time: 30 },
    agents: [ag('a', 1, 1, { answer: 'never', call_timeout: 10, no_answer_delay_time: 100 })],
    callers: [{ at: [10] }],
    until: 60,
    expect: { offers: [[10, 'a']], left: [[40, 'timeout']] },
  },
  {
    name: '§1 §7.4 max_wait_time in whole seconds: joined at 10.5 (epoch second 10) -> ejected at 40',
    queue: { ...seq, max_wait_time: 30 },
    agents: [ag('a', 1, 1, { status: 'on_break' })],
    callers: [{ at: [10.5] }],
    until: 60,
    // The member monitor checks every 0.5 s: compare whole seconds.
    floorTimes: true,
    expect: { left: [[40, 'timeout']] },
  },
];

const noAgent = (over: Record<string, unknown> = {}) => ({ ...seq, max_wait_time_with_no_agent: 20, ...over });

const noAgentCases: ScenarioCase[] = [
  {
    name: '§7.5 no agent since load: the caller leaves at J + W + R (default R = 5)',
    queue: noAgent(),
    agents: [ag('a', 1, 1, { status: 'logged_out' })],
    callers: [{ at: [10] }],
    until: 60,
    expect: { left: [[35, 'no_agent_timeout']] },
  },
  {
    name: '§7.5 no agent since load with R = 0: the caller leaves on its first evaluation',
    queue: noAgent({ max_wait_time_with_no_agent_time_reached: 0 }),
    agents: [ag('a', 1, 1, { status: 'logged_out' })],
    callers: [{ at: [10] }],
    until: 60,
    expect: { left: [[10, 'no_agent_timeout']] },
  },
  {
    name: '§7.5 the last agent logs out at T = 30; a caller waiting since 10 leaves at max(T + W, J + W + R) = 50',
    queue: noAgent(),
    agents: [ag('a', 1, 1, { status: 'on_break' })],
    callers: [{ at: [10] }],
    timeline: [{ at: 30, agent: 'a', status: 'logged_out' }],
    until: 80,
    expect: { left: [[50, 'no_agent_timeout']] },
  },
  {
    name: '§7.5 the grace can be the later bound: J = 28, T = 30 -> max(T + W, J + W + R) = max(50, 53) = 53',
    queue: noAgent(),
    agents: [ag('a', 1, 1, { status: 'on_break' })],
    callers: [{ at: [28] }],
    timeline: [{ at: 30, agent: 'a', status: 'logged_out' }],
    until: 80,
    expect: { left: [[53, 'no_agent_timeout']] },
  },
  {
    name: '§7.5 "seen" moves with each login: out at 30, back at 45, out again at 50 -> waiting caller leaves at 50 + W = 70',
    queue: noAgent(),
    agents: [ag('a', 1, 1, { status: 'on_break' })],
    callers: [{ at: [10] }],
    timeline: [
      { at: 30, agent: 'a', status: 'logged_out' },
      { at: 45, agent: 'a', status: 'on_break' },
      { at: 50, agent: 'a', status: 'logged_out' },
    ],
    until: 100,
    expect: { left: [[70, 'no_agent_timeout']] },
  },
  {
    name: '§7.5 one of two agents logging out leaves the queue with an agent: no timeout',
    queue: noAgent(),
    agents: [ag('a', 1, 1, { status: 'on_break' }), ag('b', 1, 2, { status: 'on_break' })],
    callers: [{ at: [10] }],
    timeline: [{ at: 30, agent: 'a', status: 'logged_out' }],
    until: 200,
    expect: { left: [] },
  },
  {
    name: '§7.5 a caller joining after the last logout (T = 30, J = 40) leaves at J + W + R = 65',
    queue: noAgent(),
    agents: [ag('a', 1, 1, { status: 'on_break' })],
    callers: [{ at: [40] }],
    timeline: [{ at: 30, agent: 'a', status: 'logged_out' }],
    until: 80,
    expect: { left: [[65, 'no_agent_timeout']] },
  },
  {
    name: '§7.5 R = 0: waiting callers leave at T + W; a caller joining after that leaves at once',
    queue: noAgent({ max_wait_time_with_no_agent_time_reached: 0 }),
    agents: [ag('a', 1, 1, { status: 'on_break' })],
    callers: [{ at: [10, 55] }],
    timeline: [{ at: 30, agent: 'a', status: 'logged_out' }],
    until: 80,
    expect: { left: [[50, 'no_agent_timeout'], [55, 'no_agent_timeout']] },
  },
  {
    name: '§7.5 §8.4 On Break agents count as present: no no-agent timeout',
    queue: noAgent(),
    agents: [ag('a', 1, 1, { status: 'on_break' })],
    callers: [{ at: [10] }],
    until: 200,
    expect: { left: [] },
  },
  {
    name: '§7.5 busy agents count as present: a caller waiting behind a talking agent stays',
    queue: noAgent(),
    agents: [ag('a', 1, 1)],
    callers: [{ at: [10, 12] }],
    until: 200,
    expect: { left: [], offers: [[10, 'a']] },
  },
  {
    name: '§7.5 an agent logging back in (On Break) before W is up stops the clock',
    queue: noAgent(),
    agents: [ag('a', 1, 1, { status: 'on_break' })],
    callers: [{ at: [10] }],
    timeline: [
      { at: 30, agent: 'a', status: 'logged_out' },
      { at: 45, agent: 'a', status: 'on_break' },
    ],
    until: 200,
    expect: { left: [] },
  },
];

const exitNoAgents: ScenarioCase[] = [
  {
    name: 'exit_with_no_av_agents: with every agent On Break the caller does not enter (no_available_agents)',
    queue: { ...seq, exit_with_no_av_agents: true },
    agents: [ag('a', 1, 1, { status: 'on_break' })],
    callers: [{ at: [10] }],
    timeline: [{ at: 20, agent: 'a', status: 'available' }],
    until: 30,
    expect: { offers: [], left: [[10, 'no_available_agents']] },
  },
  {
    name: 'exit_with_no_av_agents: Logged Out agents do not let a caller in either',
    queue: { ...seq, exit_with_no_av_agents: true },
    agents: [ag('a', 1, 1, { status: 'logged_out' })],
    callers: [{ at: [10] }],
    until: 30,
    expect: { offers: [], left: [[10, 'no_available_agents']] },
  },
  {
    name: 'exit_with_no_av_agents: an On Demand agent lets the caller in',
    queue: { ...seq, exit_with_no_av_agents: true },
    agents: [ag('a', 1, 1, { status: 'on_demand' })],
    callers: [{ at: [10] }],
    until: 30,
    expect: { offers: [[10, 'a']], left: [] },
  },
  {
    name: 'exit_with_no_av_agents: an Available agent busy on a call still lets the caller in (status, not state)',
    queue: { ...seq, exit_with_no_av_agents: true },
    agents: [ag('a', 1, 1)],
    callers: [{ at: [10, 12] }],
    until: 30,
    expect: { offers: [[10, 'a']], left: [] },
  },
  {
    name: 'exit_with_no_av_agents false: the caller waits for an agent to become Available',
    queue: { ...seq, exit_with_no_av_agents: false },
    agents: [ag('a', 1, 1, { status: 'on_break' })],
    callers: [{ at: [10] }],
    timeline: [{ at: 20, agent: 'a', status: 'available' }],
    until: 30,
    expect: { offers: [[20, 'a']], left: [] },
  },
];

const patience: ScenarioCase[] = [
  {
    name: '§7.6 §8.15 the caller hangs up: the ringing leg is cancelled with no penalty (no delay, no no-answer)',
    queue: seq,
    agents: [ag('a', 1, 1, { answer: ['never', { after: 1 }], no_answer_delay_time: 100 })],
    callers: [{ at: [10], patience: 15 }, { at: [30] }],
    until: 35,
    expect: {
      offers: [[10, 'a'], [30, 'a']],
      failed: [[25, 'a', 'cancel', 'caller_left']],
      left: [[25, 'abandoned']],
      agents: { a: { no_answer_count: 0 } },
    },
  },
  {
    name: '§7.6 §8.15 ring-all: every ringing leg is cancelled when the caller hangs up',
    queue: { strategy: 'ring-all' },
    agents: [ag('a', 1, 1, { answer: 'never' }), ag('b', 1, 2, { answer: 'never' })],
    callers: [{ at: [10], patience: 15 }],
    until: 35,
    expect: { failed: [[25, 'a', 'cancel', 'caller_left'], [25, 'b', 'cancel', 'caller_left']], left: [[25, 'abandoned']] },
  },
];

// X calls at 10 and hangs up at 25, Y calls at 20 and waits, X calls again at 30; agent a is back at 40.
const resume = (queue: Record<string, unknown>): Pick<ScenarioCase, 'queue' | 'agents' | 'callers' | 'timeline'> => ({
  queue: { ...seq, ...queue },
  agents: [ag('a', 1, 1, { status: 'on_break' })],
  callers: [{ at: [20], numbers: ['Y'] }],
  timeline: [
    { at: 10, call: { queue: 'q', number: 'X', patience: 15 } },
    { at: 30, call: { queue: 'q', number: 'X' } },
    { at: 40, agent: 'a', status: 'available' },
  ],
});

const resumeCases: ScenarioCase[] = [
  {
    name: '§7.7 abandoned_resume_allowed: a returning number keeps its old join time, so it is served before Y',
    ...resume({ abandoned_resume_allowed: true }),
    until: 45,
    expect: { offersTo: [[40, 'a', 'X']], left: [[25, 'abandoned']] },
  },
  {
    name: '§7.3 §7.7 without abandoned_resume_allowed the returning caller is new and comes after Y',
    ...resume({ abandoned_resume_allowed: false }),
    until: 45,
    expect: { offersTo: [[40, 'a', 'Y']] },
  },
  {
    name: '§7.6 §7.7 the abandoned row is discarded at abandoned + discard + 1 (25 + 3 + 1 = 29): X at 30 is new',
    ...resume({ abandoned_resume_allowed: true, discard_abandoned_after: 3 }),
    until: 45,
    expect: { offersTo: [[40, 'a', 'Y']] },
  },
  {
    name: '§7.6 §7.7 discard is strict: with discard 5 the row still exists at 30 (25 + 5 is not < 30), X resumes',
    ...resume({ abandoned_resume_allowed: true, discard_abandoned_after: 5 }),
    until: 45,
    expect: { offersTo: [[40, 'a', 'X']] },
  },
  {
    name: '§7.7 max_wait_time restarts from the new entry after a resume',
    queue: { ...seq, abandoned_resume_allowed: true, max_wait_time: 30 },
    agents: [ag('a', 1, 1, { status: 'on_break' })],
    timeline: [
      { at: 10, call: { queue: 'q', number: 'X', patience: 15 } },
      { at: 30, call: { queue: 'q', number: 'X' } },
    ],
    until: 80,
    expect: { left: [[25, 'abandoned'], [60, 'timeout']] },
  },
  {
    name: '§7.7 §5 the tier-gate clock continues from the original join after a resume',
    // Level 1 all On Break blocks; level 2 opens at join + 2 × 20: 10 + 40 = 50 (a new caller at 20 would wait to 60).
    queue: { ...seq, abandoned_resume_allowed: true, tier_rules_apply: true, tier_rule_wait_second: 20, tier_rule_wait_multiply_level: true, tier_rule_no_agent_no_wait: true },
    agents: [ag('a', 1, 1, { status: 'on_break' }), ag('b', 2, 1)],
    timeline: [
      { at: 10, call: { queue: 'q', number: 'X', patience: 5 } },
      { at: 20, call: { queue: 'q', number: 'X' } },
    ],
    until: 70,
    expect: { offersTo: [[50, 'b', 'X']] },
  },
];

// X joins at 10, Y at 20; the agents are back at 40 and both callers are dispatched in that instant.
const scoreCase = (name: string, y: { base_score?: number; time_in_system?: number }, queue: Record<string, unknown>, expected: [number, string, string][]): ScenarioCase => ({
  name,
  queue: { ...seq, ...queue },
  agents: [ag('a', 1, 1, { status: 'on_break' }), ag('b', 1, 2, { status: 'on_break' })],
  callers: [
    { at: [10], numbers: ['X'] },
    { at: [20], numbers: ['Y'], ...y },
  ],
  timeline: [
    { at: 40, agent: 'a', status: 'available' },
    { at: 40, agent: 'b', status: 'available' },
  ],
  until: 45,
  expect: { offersTo: expected },
});

const scoreCases: ScenarioCase[] = [
  scoreCase('§7.3 §8.18 equal base scores: FIFO; the second caller sees the first one\'s pick as busy', {}, {}, [[40, 'a', 'X'], [40, 'b', 'Y']]),
  scoreCase('§7.3 base_score 30 for Y: 30 − 20 beats 0 − 10, Y first', { base_score: 30 }, {}, [[40, 'a', 'Y'], [40, 'b', 'X']]),
  scoreCase('§7.3 base_score 5 for Y: 5 − 20 loses to 0 − 10, X first', { base_score: 5 }, {}, [[40, 'a', 'X'], [40, 'b', 'Y']]),
  scoreCase('§7.2 time_base_score system adds the time in the PBX (30 s) to Y\'s score', { time_in_system: 30 }, { time_base_score: 'system' }, [[40, 'a', 'Y'], [40, 'b', 'X']]),
  scoreCase('§7.2 time_base_score queue ignores the time in the PBX', { time_in_system: 30 }, { time_base_score: 'queue' }, [[40, 'a', 'X'], [40, 'b', 'Y']]),
];

const memberStates: ScenarioCase[] = [
  {
    name: '§2 step 4 §8.12 a ring-all caller is Trying even when nothing rings',
    queue: { strategy: 'ring-all' },
    agents: [ag('a', 1, 1, { status: 'on_break' })],
    callers: [{ at: [10] }],
    until: 15,
    expect: { offers: [], queue: { members: { waiting: 0, trying: 1, answered: 0 } } },
  },
  {
    name: '§7.1 a hunting caller nobody is offered to is Waiting',
    queue: seq,
    agents: [ag('a', 1, 1, { status: 'on_break' })],
    callers: [{ at: [10] }],
    until: 15,
    expect: { queue: { members: { waiting: 1, trying: 0, answered: 0 } } },
  },
  {
    name: '§7.1 §7.8 Trying while rung, Answered while talking',
    queue: seq,
    agents: [ag('a', 1, 1, { answer: { after: 10 } }), ag('b', 1, 2, { status: 'on_break' })],
    callers: [{ at: [10, 12] }],
    // Caller 1 rings a (answers at 20); caller 2 waits. At 21 caller 1 is talking, caller 2 still waits.
    until: 21,
    expect: { queue: { members: { waiting: 1, trying: 0, answered: 1 }, calls_answered: 1 } },
  },
  {
    name: '§7.6 an abandoned caller is kept for discard_abandoned_after (then dropped at abandoned + discard + 1)',
    queue: { ...seq, discard_abandoned_after: 60 },
    agents: [ag('a', 1, 1, { status: 'on_break' })],
    callers: [{ at: [10], patience: 5 }],
    until: 75,
    expect: { left: [[15, 'abandoned']], queue: { members: { waiting: 0, abandoned: 1 }, calls_abandoned: 1 } },
  },
  {
    name: '§7.6 ... and gone at 15 + 60 + 1 = 76',
    queue: { ...seq, discard_abandoned_after: 60 },
    agents: [ag('a', 1, 1, { status: 'on_break' })],
    callers: [{ at: [10], patience: 5 }],
    until: 76,
    expect: { queue: { members: { abandoned: 0 } } },
  },
];

t.test('max_wait_time', async (t) => runCases(t, maxWait));
t.test('max_wait_time_with_no_agent', async (t) => runCases(t, noAgentCases));
t.test('exit_with_no_av_agents', async (t) => runCases(t, exitNoAgents));
t.test('caller hangs up (patience)', async (t) => runCases(t, patience));
t.test('abandoned_resume_allowed', async (t) => runCases(t, resumeCases));
t.test('caller order (score)', async (t) => runCases(t, scoreCases));
t.test('member states', async (t) => runCases(t, memberStates));
