/**
 * The scripted call center the Conpeek tests run: two queues (support records calls, sales times
 * callers out after a minute), agents who sometimes let a ring go, callers who give up, fixed callers
 * with known numbers, and agents' own calls outside the queues (outbound and inbound, dial-outs that are
 * answered or not).
 */
export const CDR_SCENARIO = JSON.stringify({
  scenarios: {
    cdr: {
      seed: 7,
      start: '2026-03-02T08:00:00Z',
      duration: '30m',
      queues: [
        { id: 'support', name: 'Wsparcie', strategy: 'longest-idle-agent', record_enabled: true, tier_rules_apply: false },
        { id: 'sales', name: 'Sprzedaż', strategy: 'ring-all', record_enabled: false, max_wait_time: 60, tier_rules_apply: false },
      ],
      agents: [
        { id: 'ann', name: 'Ann Lee', number: '201', queues: [{ queue: 'support', level: 1 }], call_timeout: 10, wrap_up_time: 5, answer: { probability: 0.8, after: { distribution: 'uniform', min: 2, max: 6 } }, talk_time: { distribution: 'exponential', mean: 50 } },
        { id: 'ben', name: 'Ben Ortiz', number: '202', queues: [{ queue: 'support', level: 1 }], call_timeout: 10, wrap_up_time: 5, answer: { probability: 0.9, after: 3 }, talk_time: { distribution: 'exponential', mean: 40 } },
        { id: 'cid', name: 'Cid', number: '203', queues: [{ queue: 'sales', level: 1 }], call_timeout: 8, busy_delay_time: 5, answer: { probability: 0.6, after: 4, otherwise: { busy_after: 1 } }, talk_time: { distribution: 'exponential', mean: 45 } },
      ],
      callers: [
        { queue: 'support', arrivals: { process: 'poisson', per_hour: 90 }, patience: { distribution: 'exponential', mean: 70 }, numbers: ['+48601000001', '+48601000002'] },
        { queue: 'sales', arrivals: { process: 'poisson', per_hour: 60 }, patience: { distribution: 'exponential', mean: 120 }, releases_first: 0.3 },
      ],
      outbound: { answer_probability: 0.3, answer_after: 4, no_answer_after: 20 },
      timeline: [
        { at: '2m', agent: 'ann', external_call: 40, direction: 'outbound', number: '48500100200' },
        { at: '4m', agent: 'ben', dial_out: '48500500500' },
        { at: '6m', agent: 'ann', dial_out: '48500500501' },
        { at: '7m', agent: 'cid', dial_out: '48500500502' },
        { at: '17m', agent: 'cid', dial_out: '48500500503' },
        { at: '9m', agent: 'cid', external_call: 30, direction: 'inbound', number: '48500300400' },
        { at: '12m', call: { queue: 'support', number: '+48609999999', patience: 5 } },
        { at: '15m', agent: 'ben', external_call: 25, direction: 'outbound', number: '48500100200' },
      ],
    },
  },
});
