/**
 * A small inline scenario for the agent CRUD tests: two queues (support, sales), two agents with fixed
 * answer delays, talk times and wrap-ups, and callers at fixed times, so every expected value can be
 * worked out by hand.
 */
export function scenario(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    scenarios: {
      t: {
        seed: 5,
        start: '2026-11-20T09:00:00Z',
        duration: '2h',
        service_level_seconds: 10,
        queues: [
          { id: 'support', name: 'Support', strategy: 'longest-idle-agent', tier_rules_apply: false },
          { id: 'sales', name: 'Sales', strategy: 'ring-all', tier_rules_apply: false },
        ],
        agents: [
          { id: 'ann', name: 'Ann Lee', number: '201', queues: [{ queue: 'support' }], answer: { after: 2 }, talk_time: 60, wrap_up_time: 30 },
          { id: 'ben', name: 'Ben Ode', number: '202', queues: [{ queue: 'support' }, { queue: 'sales' }], answer: { after: 4 }, talk_time: 90, wrap_up_time: 30 },
        ],
        callers: [
          { queue: 'support', arrivals: { process: 'fixed', at: [10, 20, 30, 300] }, patience: 25 },
          { queue: 'sales', arrivals: { process: 'fixed', at: [50] } },
        ],
        ...extra,
      },
    },
  });
}

