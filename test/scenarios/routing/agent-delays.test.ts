/**
 * The agent lifecycle (docs/routing.md §3.3 contactability, §6 ring outcomes, delays,
 * wrap-up, max_no_answer, status changes). Rows use one caller and one agent where possible, so the
 * re-offer time is exactly when the agent's timers clear.
 */
import t from 'tap';
import { ag, runCases, type ScenarioCase } from './fixtures/lib.js';

const seq = { strategy: 'sequentially-by-agent-order' };

const delays: ScenarioCase[] = [
  {
    name: '§6.3 §8.11 busy_delay_time: ready at busy + delay (non-strict)',
    queue: seq,
    agents: [ag('a', 1, 1, { answer: [{ busy_after: 2 }, { after: 1 }], busy_delay_time: 5 })],
    callers: [{ at: [10] }],
    until: 20,
    expect: { offers: [[10, 'a'], [17, 'a']], failed: [[12, 'a', 'busy']], answered: [[18, 'a']], agents: { a: { no_answer_count: 0 } } },
  },
  {
    name: '§6.3 reject_delay_time: ready at reject + delay',
    queue: seq,
    agents: [ag('a', 1, 1, { answer: [{ reject_after: 1 }, { after: 1 }], reject_delay_time: 7 })],
    callers: [{ at: [10] }],
    until: 20,
    expect: { offers: [[10, 'a'], [18, 'a']], failed: [[11, 'a', 'reject']] },
  },
  {
    name: '§6.3 no_answer_delay_time: ready at timeout + delay',
    queue: seq,
    agents: [ag('a', 1, 1, { answer: ['never', { after: 1 }], call_timeout: 10, no_answer_delay_time: 4 })],
    callers: [{ at: [10] }],
    until: 30,
    expect: { offers: [[10, 'a'], [24, 'a']], failed: [[20, 'a', 'no_answer']] },
  },
  {
    name: '§6.3 each cause uses only its own delay (busy with only reject/no-answer delays: re-offered at once)',
    queue: seq,
    agents: [ag('a', 1, 1, { answer: [{ busy_after: 2 }, { after: 1 }], reject_delay_time: 50, no_answer_delay_time: 50 })],
    callers: [{ at: [10] }],
    until: 20,
    expect: { offers: [[10, 'a'], [12, 'a']] },
  },
  {
    name: '§1 §6.3 delays count from the whole second of the failure: busy at 12.5 + 5 -> ready at 17',
    queue: seq,
    agents: [ag('a', 1, 1, { answer: [{ busy_after: 2.5 }, { after: 1 }], busy_delay_time: 5 })],
    callers: [{ at: [10] }],
    until: 20,
    expect: { offers: [[10, 'a'], [17, 'a']], failed: [[12.5, 'a', 'busy']] },
  },
  {
    name: '§1.2 §9 call_timeout 0 means 60 s of ringing',
    queue: seq,
    agents: [ag('a', 1, 1, { answer: 'never', call_timeout: 0 })],
    callers: [{ at: [10] }],
    until: 75,
    expect: { offers: [[10, 'a'], [70, 'a']], failed: [[70, 'a', 'no_answer']] },
  },
  {
    name: '§1.2 §8.21 call_timeout above 60 is capped at agent-originate-timeout (60)',
    queue: seq,
    agents: [ag('a', 1, 1, { answer: 'never', call_timeout: 90 })],
    callers: [{ at: [10] }],
    until: 75,
    expect: { offers: [[10, 'a'], [70, 'a']], failed: [[70, 'a', 'no_answer']] },
  },
  {
    name: '§1.2 §9 call_timeout 25: no answer at offer + 25',
    queue: seq,
    agents: [ag('a', 1, 1, { answer: 'never', call_timeout: 25 })],
    callers: [{ at: [10] }],
    until: 40,
    expect: { offers: [[10, 'a'], [35, 'a']], failed: [[35, 'a', 'no_answer']] },
  },
  {
    name: '§1.2 §9 an answer slower than call_timeout is a no-answer at the timeout',
    queue: seq,
    agents: [ag('a', 1, 1, { answer: [{ after: 30 }, { after: 1 }], call_timeout: 20 })],
    callers: [{ at: [10] }],
    until: 40,
    expect: { offers: [[10, 'a'], [30, 'a']], failed: [[30, 'a', 'no_answer']], answered: [[31, 'a']] },
  },
];

const wrapUp: ScenarioCase[] = [
  {
    name: '§3.3 §8.11 wrap_up_time 0 still blocks the second the call ended (re-offered at end + 1)',
    queue: seq,
    // Answered at 11, talks 9 s: ends at 20. The second caller waits from 15.
    agents: [ag('a', 1, 1, { talk_time: 9, wrap_up_time: 0 })],
    callers: [{ at: [10, 15] }],
    until: 30,
    expect: { offers: [[10, 'a'], [21, 'a']], ended: [[20, 'a']] },
  },
  {
    name: '§3.3 wrap_up_time 5: offered again at end + 5 + 1',
    queue: seq,
    agents: [ag('a', 1, 1, { talk_time: 9, wrap_up_time: 5 })],
    callers: [{ at: [10, 15] }],
    until: 30,
    expect: { offers: [[10, 'a'], [26, 'a']] },
  },
  {
    name: '§1 §3.3 wrap-up in whole seconds: a call ending at 20.5 (last_bridge_end 20) is followed by an offer at 21',
    queue: seq,
    agents: [ag('a', 1, 1, { answer: { after: 1.5 }, talk_time: 9, wrap_up_time: 0 })],
    callers: [{ at: [10, 15] }],
    until: 30,
    expect: { offers: [[10, 'a'], [21, 'a']], ended: [[20.5, 'a']] },
  },
  {
    name: '§3.3 wrap-up follows only bridged calls: a no-answer is re-offered at once despite wrap_up_time',
    queue: seq,
    agents: [ag('a', 1, 1, { answer: 'never', call_timeout: 10, wrap_up_time: 30 })],
    callers: [{ at: [10] }],
    until: 25,
    expect: { offers: [[10, 'a'], [20, 'a']] },
  },
  {
    name: '§3.3 §6.4 during wrap-up the next agent takes the caller',
    queue: seq,
    agents: [ag('a', 1, 1, { talk_time: 9, wrap_up_time: 30 }), ag('b', 1, 2, { status: 'on_break' })],
    callers: [{ at: [10, 15] }],
    timeline: [{ at: 25, agent: 'b', status: 'available' }],
    until: 30,
    expect: { offers: [[10, 'a'], [25, 'b']] },
  },
  {
    name: '§1.2 §8.10 last_bridge_end is global: wrap-up after a call from another queue blocks this queue too',
    queue: seq,
    moreQueues: [{ id: 'q2', strategy: 'sequentially-by-agent-order', tier_rules_apply: false, exit_with_no_av_agents: false }],
    // q2's call: answered 6, ends 20; wrap 10 -> offered to q's waiting caller at 31.
    agents: [
      {
        ...ag('a', 1, 1, { talk_time: 14, wrap_up_time: 10 }),
        queues: [
          { queue: 'q', level: 1, position: 1 },
          { queue: 'q2', level: 1, position: 1 },
        ],
      },
    ],
    callers: [{ at: [5], queue: 'q2' }, { at: [10] }],
    until: 40,
    expect: { offers: [[5, 'a'], [31, 'a']], ended: [[20, 'a']] },
  },
];

const maxNoAnswer: ScenarioCase[] = [
  {
    name: '§6.3 max_no_answer 2: On Break after the second no-answer (the counter is not reset then)',
    queue: seq,
    agents: [ag('a', 1, 1, { answer: 'never', call_timeout: 10, max_no_answer: 2 })],
    callers: [{ at: [10] }],
    until: 60,
    expect: {
      offers: [[10, 'a'], [20, 'a']],
      statuses: [[30, 'a', 'on_break', 'max_no_answer']],
      agents: { a: { status: 'on_break', no_answer_count: 2, queues: [{ queue: 'q', state: 'no_answer' }] } },
    },
  },
  {
    name: '§6.3 §8.13 a no-answer that triggers max_no_answer cancels nothing: one no_answer failure per ring, and the record says no_answer',
    queue: seq,
    agents: [ag('a', 1, 1, { answer: 'never', call_timeout: 10, max_no_answer: 2 })],
    callers: [{ at: [10] }],
    until: 60,
    expect: {
      failed: [[20, 'a', 'no_answer'], [30, 'a', 'no_answer']],
      offerRecords: [[10, 'a', 'no_answer', null], [20, 'a', 'no_answer', null]],
    },
  },
  {
    name: '§1.1 §6.3 agent_no_answer_status decides the status max_no_answer sets',
    queue: { ...seq, agent_no_answer_status: 'logged_out' },
    agents: [ag('a', 1, 1, { answer: 'never', call_timeout: 10, max_no_answer: 1 })],
    callers: [{ at: [10] }],
    until: 60,
    expect: { offers: [[10, 'a']], statuses: [[20, 'a', 'logged_out', 'max_no_answer']] },
  },
  {
    name: '§6.2 §8.19 a bridged call resets no_answer_count',
    queue: seq,
    // No-answer at 20 (1), answered at 21 (0), call ends 26; caller 2: no-answers at 40 (1) and 50 (2).
    agents: [ag('a', 1, 1, { answer: ['never', { after: 1 }, 'never'], call_timeout: 10, max_no_answer: 2, talk_time: 5 })],
    callers: [{ at: [10, 30] }],
    until: 60,
    expect: { offers: [[10, 'a'], [20, 'a'], [30, 'a'], [40, 'a']], statuses: [[50, 'a', 'on_break', 'max_no_answer']] },
  },
  {
    name: '§6.5 §8.9 §8.19 set Available from On Break resets no_answer_count (On Break at 25 cancels the ring)',
    queue: seq,
    agents: [ag('a', 1, 1, { answer: 'never', call_timeout: 10, max_no_answer: 2 })],
    callers: [{ at: [10] }],
    timeline: [
      { at: 25, agent: 'a', status: 'on_break' },
      { at: 26, agent: 'a', status: 'available' },
    ],
    until: 60,
    expect: {
      offers: [[10, 'a'], [20, 'a'], [26, 'a'], [36, 'a']],
      statuses: [[25, 'a', 'on_break'], [26, 'a', 'available'], [46, 'a', 'on_break', 'max_no_answer']],
    },
  },
  {
    name: '§6.3 §8.19 busy and reject are not no-answers: they never count towards max_no_answer',
    queue: seq,
    agents: [ag('a', 1, 1, { answer: [{ busy_after: 1 }, { reject_after: 1 }], max_no_answer: 1 })],
    callers: [{ at: [10] }],
    until: 13,
    expect: {
      offers: [[10, 'a'], [11, 'a'], [12, 'a'], [13, 'a']],
      failed: [[11, 'a', 'busy'], [12, 'a', 'reject'], [13, 'a', 'reject']],
      statuses: [],
      agents: { a: { no_answer_count: 0 } },
    },
  },
];

const statusChanges: ScenarioCase[] = [
  {
    name: '§6.5 §8.13 hunting: On Break cancels the ring (cancel, no penalty); the next agent is offered',
    queue: seq,
    agents: [ag('a', 1, 1, { answer: 'never', call_timeout: 30, no_answer_delay_time: 100 }), ag('b', 1, 2)],
    callers: [{ at: [10] }],
    timeline: [{ at: 15, agent: 'a', status: 'on_break' }],
    until: 20,
    expect: {
      offers: [[10, 'a'], [15, 'b']],
      failed: [[15, 'a', 'cancel', 'status_change']],
      answered: [[16, 'b']],
      offerRecords: [[10, 'a', 'cancel', 'status_change'], [15, 'b', 'answered', null]],
      agents: { a: { no_answer_count: 0 } },
    },
  },
  {
    name: '§6.5 §8.13 ring-all: a status change does not cancel the ring; the agent may still answer',
    queue: { strategy: 'ring-all' },
    agents: [ag('a', 1, 1, { answer: { after: 10 } })],
    callers: [{ at: [10] }],
    timeline: [{ at: 15, agent: 'a', status: 'on_break' }],
    until: 25,
    expect: { offers: [[10, 'a']], answered: [[20, 'a']], failed: [] },
  },
  {
    name: '§6.5 §8.13 ring-progressively: a status change does not cancel the ring either',
    queue: { strategy: 'ring-progressively' },
    agents: [ag('a', 1, 1, { answer: { after: 10 } })],
    callers: [{ at: [10] }],
    timeline: [{ at: 15, agent: 'a', status: 'on_break' }],
    until: 25,
    expect: { offers: [[10, 'a']], answered: [[20, 'a']], failed: [] },
  },
  {
    name: '§6.5 a call in progress is never affected by a status change',
    queue: seq,
    agents: [ag('a', 1, 1, { talk_time: 20 })],
    callers: [{ at: [10] }],
    timeline: [{ at: 15, agent: 'a', status: 'on_break' }],
    until: 40,
    expect: { answered: [[11, 'a']], ended: [[31, 'a']] },
  },
  {
    name: '§6.4 §8.14 On Demand: Idle after a bridged call, offered again only once set back to Waiting',
    queue: seq,
    agents: [ag('a', 1, 1, { status: 'on_demand', talk_time: 5 })],
    callers: [{ at: [10, 20] }],
    timeline: [{ at: 30, agent: 'a', state: 'waiting' }],
    until: 35,
    expect: { offers: [[10, 'a'], [30, 'a']], ended: [[16, 'a']] },
  },
  {
    name: '§6.4 §8.14 On Demand: back to Waiting after a failed ring',
    queue: seq,
    agents: [ag('a', 1, 1, { status: 'on_demand', answer: ['never', { after: 1 }], call_timeout: 10 })],
    callers: [{ at: [10] }],
    until: 25,
    expect: { offers: [[10, 'a'], [20, 'a']], answered: [[21, 'a']] },
  },
  {
    name: '§3.3 rule 6 skip_busy_agents (skip-agents-with-external-calls): an agent on an outside call is skipped',
    queue: { ...seq, skip_busy_agents: true },
    agents: [ag('a', 1, 1), ag('b', 1, 2)],
    callers: [{ at: [10] }],
    timeline: [{ at: 5, agent: 'a', external_call: 20 }],
    until: 15,
    expect: { offers: [[10, 'b']] },
  },
  {
    name: '§3.3 rule 6 skip_busy_agents false: an agent on an outside call is offered',
    queue: { ...seq, skip_busy_agents: false },
    agents: [ag('a', 1, 1), ag('b', 1, 2)],
    callers: [{ at: [10] }],
    timeline: [{ at: 5, agent: 'a', external_call: 20 }],
    until: 15,
    expect: { offers: [[10, 'a']] },
  },
];

t.test('ring failure delays and call_timeout', async (t) => runCases(t, delays));
t.test('wrap-up', async (t) => runCases(t, wrapUp));
t.test('max_no_answer', async (t) => runCases(t, maxNoAnswer));
t.test('status and state changes', async (t) => runCases(t, statusChanges));
