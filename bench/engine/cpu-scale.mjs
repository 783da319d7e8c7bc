// The scale table's model timed on the main thread's CPU: for each strategy and queue size, a process
// builds the world (timed alone) and runs it (timed alone) with process.threadCpuUsage(), twice, so
// another worker's load on the machine changes the figures much less than wall time. The processes of
// one strategy alternate between the sizes, and the best of CPU_RUNS is kept. It answers "what does a call cost at
// 50 and at 5,000 agents?" apart from set-up and from the machine's load; scale.mjs (the judged table)
// times `ccsim run` as a whole. See bench/engine/README.md ("Scale").
//
// Usage: node bench/engine/cpu-scale.mjs
// Environment:
//   CPU_CALLS       calls per run (default 200000)
//   CPU_RUNS        processes per case, taking turns; the best is kept (default 3)
//   CPU_AGENTS      queue sizes, comma-separated (default 50,5000)
//   CPU_STRATEGIES  strategies, comma-separated (default the seven hunting ones)
//   CPU_SEED        seed (default 1)
//   CPU_PER_HOUR    arrivals per hour for every size (default: agents × 18, ρ 0.9); 900 runs every size at
//                   the 50-agent load (about 45 calls in flight), so that only the agents taking turns differ
// Assumes dist/ is built.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const { Engine } = await import(join(root, 'dist/scenarios/engine.js'));
const { loadScenarioText } = await import(join(root, 'dist/scenarios/load-scenario.js'));

const whole = (name, fallback) => {
  const v = process.env[name] ?? String(fallback);
  if (!/^[0-9]+$/.test(v)) {
    console.error(`cpu-scale: ${name} must be a whole number (got ${v})`);
    process.exit(2);
  }
  return Number(v);
};
const CALLS = whole('CPU_CALLS', 200000);
const RUNS = Math.max(1, whole('CPU_RUNS', 3));
const SEED = whole('CPU_SEED', 1);
const AGENTS = (process.env.CPU_AGENTS ?? '50,5000').split(',').map(Number);
const HUNTING = ['longest-idle-agent', 'round-robin', 'agent-with-least-talk-time', 'agent-with-fewest-calls', 'sequentially-by-agent-order', 'top-down', 'random'];
const STRATEGIES = (process.env.CPU_STRATEGIES ?? HUNTING.join(',')).split(',');
const PER_HOUR = process.env.CPU_PER_HOUR === undefined ? null : whole('CPU_PER_HOUR', 0);
const perHour = (agents) => PER_HOUR ?? agents * 18;

/** The same model as scale.mjs's one queue: M/M/c at ρ 0.9 (or CPU_PER_HOUR), answer at once, no tier rules. */
function oneQueue(agents, strategy, seconds) {
  return `scenarios:
  scale:
    seed: ${SEED}
    duration: ${seconds}
    queues:
      - { id: q, strategy: ${strategy}, tier_rules_apply: false }
    agents:
      - { count: ${agents}, id_prefix: a, queues: [{ queue: q, level: 1 }], answer: { after: 0 }, talk_time: { distribution: exponential, mean: 180 } }
    callers:
      - { queue: q, arrivals: { process: poisson, per_hour: ${perHour(agents)} } }
`;
}

const cpuMs = (since) => {
  const u = process.threadCpuUsage(since);
  return (u.user + u.system) / 1000;
};

function once(agents, strategy) {
  const seconds = Math.max(1, Math.round((CALLS / perHour(agents)) * 3600));
  const scenario = loadScenarioText(oneQueue(agents, strategy, seconds), 'cpu-scale.yaml');
  let t = process.threadCpuUsage();
  const engine = new Engine(scenario, { recordLimit: 0 });
  const setupMs = cpuMs(t);
  t = process.threadCpuUsage();
  engine.runToEnd();
  const runMs = cpuMs(t);
  const r = engine.report();
  return { setupMs, runMs, calls: r.calls.offered, events: r.events, meanWait: r.mean_wait_seconds };
}

const pad = (s, n) => String(s).padStart(n);

// A child process measures one case (its runs in one process, the best kept): a case run after another
// in the same process would inherit that one's heap (a 5,000-agent run leaves a large old space behind).
if (process.argv[2] === '--child') {
  const [strategy, agents, runs] = [process.argv[3], Number(process.argv[4]), Number(process.argv[5])];
  let best = null;
  for (let i = 0; i < runs; i++) {
    const r = once(agents, strategy);
    if (!best || r.runMs / r.calls < best.runMs / best.calls) best = { ...r, setupMs: Math.min(r.setupMs, best?.setupMs ?? Infinity) };
  }
  console.log(JSON.stringify(best));
  process.exit(0);
}

const { execFileSync } = await import('node:child_process');
const child = (strategy, agents) => JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', strategy, String(agents), '2'], { encoding: 'utf8', env: process.env }));

console.log(`cpu-scale: thread CPU, best of ${RUNS} processes (2 runs each), ${CALLS} calls a run; µs per call (run only), calls/s (run only), set-up ms`);
console.log(`${'strategy'.padEnd(30)}${AGENTS.map((a) => pad(`${a} µs`, 11) + pad('calls/s', 11) + pad('set-up', 9)).join('')}${pad('ratio', 8)}`);
const results = [];
for (const strategy of STRATEGIES) {
  const best = new Map();
  // The sizes take turns, so that the ones compared share the same minutes of a loaded machine.
  for (let i = 0; i < RUNS; i++) {
    for (const agents of AGENTS) {
      const r = child(strategy, agents);
      const b = best.get(agents);
      if (!b || r.runMs / r.calls < b.runMs / b.calls) best.set(agents, r);
    }
  }
  const cells = AGENTS.map((a) => {
    const r = best.get(a);
    return pad(((r.runMs * 1000) / r.calls).toFixed(2), 11) + pad(Math.round(r.calls / (r.runMs / 1000)), 11) + pad(r.setupMs.toFixed(0), 9);
  });
  const first = best.get(AGENTS[0]);
  const last = best.get(AGENTS[AGENTS.length - 1]);
  const ratio = first.runMs / first.calls / (last.runMs / last.calls);
  console.log(`${strategy.padEnd(30)}${cells.join('')}${pad(ratio.toFixed(2), 8)}`);
  results.push({ strategy, runs: Object.fromEntries(best) });
}
if (process.env.CPU_JSON) console.log(JSON.stringify(results));
