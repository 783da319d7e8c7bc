/**
 * The engine against queueing theory: an M/M/c queue (answer after 0, no wrap-up, infinite patience)
 * must show Erlang C's mean wait and service level within statistical error. Error is estimated from
 * independent replications (different seeds); talk times are long so mod_callcenter's whole-second
 * wrap-up rule adds a negligible bias.
 */
import t from 'tap';
import { Engine } from '../../src/scenarios/engine.js';
import { loadScenarioText } from '../../src/scenarios/load-scenario.js';
import { meanWait, serviceLevel } from '../helpers/erlang.js';

const cases = [
  { agents: 1, utilisation: 0.6, service: 600, hours: 3000 },
  { agents: 10, utilisation: 0.85, service: 600, hours: 1200 },
  { agents: 50, utilisation: 0.9, service: 600, hours: 250 },
];
const SEEDS = [11, 12, 13, 14, 15, 16];
const SL_SECONDS = 60;

function model(c: number, lambdaPerHour: number, service: number, hours: number): string {
  return JSON.stringify({
    scenarios: {
      mmc: {
        duration: `${hours}h`,
        warmup: '10h',
        service_level_seconds: SL_SECONDS,
        queues: [{ id: 'q', strategy: 'longest-idle-agent', tier_rules_apply: false }],
        agents: [{ count: c, id_prefix: 'a', queues: [{ queue: 'q', level: 1 }], answer: { after: 0 }, talk_time: { distribution: 'exponential', mean: service } }],
        callers: [{ queue: 'q', arrivals: { process: 'poisson', per_hour: lambdaPerHour } }],
      },
    },
  });
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const stderr = (xs: number[]) => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1) / xs.length);
};

for (const c of cases) {
  t.test(`M/M/${c.agents} at utilisation ${c.utilisation}`, async (t) => {
    const lambda = (c.utilisation * c.agents) / c.service;
    const text = model(c.agents, lambda * 3600, c.service, c.hours);
    const waits: number[] = [];
    const levels: number[] = [];
    const occupancy: number[] = [];
    for (const seed of SEEDS) {
      const engine = new Engine(loadScenarioText(text, 'mmc.yaml', { seed }), { recordLimit: 0 });
      engine.runToEnd();
      const r = engine.report();
      t.equal(r.calls.abandoned + r.calls.timed_out + r.calls.rejected, 0, 'nobody leaves an M/M/c queue');
      waits.push(r.mean_wait_seconds ?? 0);
      levels.push(r.service_level ?? 0);
      occupancy.push(r.occupancy ?? 0);
    }
    const wq = meanWait(c.agents, lambda, c.service);
    const sl = serviceLevel(c.agents, lambda, c.service, SL_SECONDS);
    // Four standard errors, plus a small allowance for the warm-up and whole-second effects.
    t.ok(Math.abs(mean(waits) - wq) <= 4 * stderr(waits) + 0.02 * wq, `mean wait ${mean(waits).toFixed(1)} s vs Erlang C ${wq.toFixed(1)} s (± ${stderr(waits).toFixed(1)})`);
    t.ok(Math.abs(mean(levels) - sl) <= 4 * stderr(levels) + 0.01, `service level ${mean(levels).toFixed(4)} vs Erlang C ${sl.toFixed(4)} (± ${stderr(levels).toFixed(4)})`);
    t.ok(Math.abs(mean(occupancy) - c.utilisation) <= 4 * stderr(occupancy) + 0.005, `occupancy ${mean(occupancy).toFixed(4)} vs ${c.utilisation}`);
  });
}
