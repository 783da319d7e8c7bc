/**
 * The scripted call center of the Huawei tests: fixed arrivals, fixed answer and talk times, and a
 * timeline of sign-ins, breaks and sign-outs, so every instant's state is known from the event log.
 */
export const SCENARIO = JSON.stringify({
  scenarios: {
    story: {
      seed: 5,
      duration: '1h',
      queues: [
        { id: 'sales', strategy: 'top-down', tier_rules_apply: false },
        { id: 'support', strategy: 'top-down', tier_rules_apply: false },
      ],
      agents: [
        { id: 'a1', name: 'Alice', number: '70941', queues: [{ queue: 'sales', level: 1, position: 1 }], answer: { after: 5 }, talk_time: 60, wrap_up_time: 10 },
        { id: 'a2', name: 'Bob', number: '70942', queues: [{ queue: 'sales', level: 1, position: 2 }], answer: { after: 3 }, talk_time: 30, wrap_up_time: 0 },
        { id: 'a3', name: 'Carol', number: '70943', status: 'logged_out', queues: [{ queue: 'sales', level: 1, position: 3 }, { queue: 'support', level: 1 }], answer: { after: 2 }, talk_time: 20, wrap_up_time: 5 },
        { id: 'b1', name: 'Dan', number: '70944', queues: [{ queue: 'support', level: 1 }], answer: { after: 4 }, talk_time: 40, wrap_up_time: 0 },
      ],
      callers: [
        { queue: 'sales', arrivals: { process: 'fixed', at: [100, 110, 120] }, patience: 1000, releases_first: 0 },
        { queue: 'support', arrivals: { process: 'fixed', at: [400] }, patience: 1000 },
      ],
      timeline: [
        { at: 50, agent: 'b1', status: 'on_break' },
        { at: 80, agent: 'a3', status: 'available' },
        { at: 300, agent: 'b1', status: 'available' },
        { at: 500, agent: 'a2', status: 'logged_out' },
        { at: 550, agent: 'a1', state: 'idle' },
      ],
      apis: { huawei: { skill_ids: { support: 7 }, worknos: { b1: 20011 } } },
    },
  },
});
