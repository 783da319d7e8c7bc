// bench:cdr — latency of GET /cdr_dialog?limit=500 over a long-running world (about 20,000 finished
// calls), through app.inject in manual clock mode: cold (first request after the calls finished),
// warm (the same instant again), after 100 more calls finish, and a filtered request. Wall-clock
// timing is the point here, so this is a script, not a test. See bench/cdr/README.md.
//
// Run: node --loader ts-node/esm bench/cdr/run.ts   (env CALLS, default 20000; REPEAT, default 5)
import { performance } from 'node:perf_hooks';
import { buildApp } from '../../src/app.js';
import { Simulation } from '../../src/simulation.js';
import { loadScenarioText } from '../../src/scenarios/load-scenario.js';

const CALLS = Number(process.env.CALLS ?? 20_000);
const REPEAT = Number(process.env.REPEAT ?? 5);
const PER_HOUR = 3600;

// A steady stream: one call a second on average into a queue 70 agents serve (about 85 % busy), so
// nearly every call is answered and gives two dialogs.
const scenario = JSON.stringify({
  scenarios: {
    bench: {
      seed: 1,
      start: '2026-03-02T08:00:00Z',
      duration: '24h',
      queues: [{ id: 'q', name: 'Kolejka', strategy: 'longest-idle-agent', record_enabled: true, tier_rules_apply: false }],
      agents: Array.from({ length: 70 }, (_, i) => ({ id: `a${i}`, name: `Agent ${i}`, number: String(200 + i), queues: [{ queue: 'q', level: 1 }], wrap_up_time: 2, talk_time: { distribution: 'exponential', mean: 60 } })),
      callers: [{ queue: 'q', arrivals: { process: 'poisson', per_hour: PER_HOUR }, patience: { distribution: 'exponential', mean: 300 } }],
    },
  },
});

const sim = new Simulation({ scenario: loadScenarioText(scenario, 'bench.yaml', {}), clock: 'manual', speed: 1 });
const app = await buildApp({ simulation: sim, scenarioFile: 'bench.yaml', logger: false });
await app.ready();
const headers = { authorization: 'ccsim-conpeek-key' };

async function get(url: string): Promise<{ ms: number; count: number; bytes: number }> {
  const t0 = performance.now();
  const r = await app.inject({ method: 'GET', url, headers });
  const ms = performance.now() - t0;
  if (r.statusCode !== 200) throw new Error(`${url} → ${r.statusCode} ${r.body}`);
  return { ms, count: (r.json() as { count: number }).count, bytes: r.body.length };
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const t0 = performance.now();
sim.advance(Math.ceil((CALLS / PER_HOUR) * 3600));
const simMs = performance.now() - t0;
const calls = sim.read((q) => q.calls()).filter((c) => c.endedT !== null).length;
console.log(`world: ${calls} finished calls (simulated in ${fmt(simMs)})`);

const url = '/cdr_dialog?limit=500';
const cold = await get(url);
console.log(`cold   GET ${url}: ${fmt(cold.ms)} (count ${cold.count}, ${cold.bytes} bytes)`);
const warm: number[] = [];
for (let i = 0; i < REPEAT; i++) warm.push((await get(url)).ms);
console.log(`warm   GET ${url}: median ${fmt(median(warm))} of ${REPEAT}`);

const after: number[] = [];
for (let i = 0; i < REPEAT; i++) {
  sim.advance(100 * (3600 / PER_HOUR)); // about 100 more calls finish
  after.push((await get(url)).ms);
}
console.log(`+100 calls, GET ${url}: median ${fmt(median(after))} of ${REPEAT}`);

const last = await get(`${url}&offset=${Math.max(0, cold.count - 500)}`);
console.log(`last page (offset ${Math.max(0, cold.count - 500)}): ${fmt(last.ms)}`);
const filter = encodeURIComponent(JSON.stringify([{ property: 'dialog_type_list', value: ['CONSULTANT'] }, { property: 'talking_time', operator: 'gt', value: 60_000 }]));
const filtered: number[] = [];
for (let i = 0; i < REPEAT; i++) filtered.push((await get(`${url}&filter=${filter}`)).ms);
console.log(`filtered (CONSULTANT, talking_time > 60 s): median ${fmt(median(filtered))} of ${REPEAT}`);
await app.close();
