// The engine's scale table: the benchmark's M/M/c model (ρ = 0.9, exponential talk time with mean 180 s,
// answer at once, no tier rules) with 50, 500 and 5,000 agents in one queue under each strategy, one
// center of 200 queues of 25 agents in which every agent serves two queues, and one queue of 50,000
// agents, each run with `ccsim run` for about SCALE_CALLS calls; then the peak RSS of `ccsim run` for
// SCALE_RSS_CALLS calls of the 5,000-agent center (longest-idle-agent), under /usr/bin/time -v. Prints a
// table and writes the runs to <out>/scale.json for report.mjs, which judges the targets. See
// bench/engine/README.md ("Scale").
//
// Usage: node bench/engine/scale.mjs <out-dir>
// Environment:
//   SCALE_CALLS       calls per run (default 200000)
//   SCALE_RUNS        repetitions of each run; the best rate is kept (default BENCH_RUNS, else 1)
//   SCALE_AGENTS      queue sizes, comma-separated (default 50,500,5000)
//   SCALE_STRATEGIES  strategies, comma-separated (default all nine)
//   SCALE_BIG         agents of the one big run, longest-idle-agent (default 50000; 0 skips it)
//   SCALE_RING_CALLS  calls for ring-all at 5,000 agents and more, where every call rings about 500
//                     agents (default SCALE_CALLS / 10)
//   SCALE_SEED        seed (default 1)
//   SCALE_RSS_CALLS   calls of the peak-RSS run (default 1000000; 0 skips it)
// Assumes dist/ is built (run.sh builds it). Exits 1 when a run fails or prints no KPIs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const out = resolve(process.argv[2] ?? join(here, 'results'));
const scenarios = join(out, 'scale-scenarios');
mkdirSync(scenarios, { recursive: true });

const whole = (name, fallback) => {
  const v = process.env[name] ?? String(fallback);
  if (!/^[0-9]+$/.test(v)) {
    console.error(`scale: ${name} must be a whole number (got ${v})`);
    process.exit(2);
  }
  return Number(v);
};
const CALLS = whole('SCALE_CALLS', 200000);
const RUNS = Math.max(1, whole('SCALE_RUNS', process.env.BENCH_RUNS ?? 1));
const BIG = whole('SCALE_BIG', 50000);
const RING_CALLS = whole('SCALE_RING_CALLS', Math.max(1, Math.round(CALLS / 10)));
const SEED = whole('SCALE_SEED', 1);
const RSS_CALLS = whole('SCALE_RSS_CALLS', 1000000);
const AGENTS = (process.env.SCALE_AGENTS ?? '50,500,5000').split(',').map(Number);
const ALL = ['longest-idle-agent', 'round-robin', 'ring-all', 'agent-with-least-talk-time', 'agent-with-fewest-calls', 'sequentially-by-agent-order', 'top-down', 'random', 'ring-progressively'];
const STRATEGIES = (process.env.SCALE_STRATEGIES ?? ALL.join(',')).split(',');

// ρ = λ × 180 s / c = 0.9: λ = c / 200 per second, c × 18 per hour.
const perHour = (agents) => agents * 18;

function oneQueue(agents, strategy) {
  return `# ${agents} agents in one queue, ${strategy}, M/M/c at ρ 0.9 (bench/engine/scale.mjs)
scenarios:
  scale:
    seed: ${SEED}
    queues:
      - { id: q, strategy: ${strategy}, tier_rules_apply: false }
    agents:
      - { count: ${agents}, id_prefix: a, queues: [{ queue: q, level: 1 }], answer: { after: 0 }, talk_time: { distribution: exponential, mean: 180 } }
    callers:
      - { queue: q, arrivals: { process: poisson, per_hour: ${perHour(agents)} } }
`;
}

/** 200 queues of 25 agents; group g serves queue g at level 1 and queue g+1 at level 2 (a second skill). */
function manyQueues(queues, size) {
  const lines = [`# ${queues} queues of ${size} agents, every agent in two queues, M/M/c load at ρ 0.9 (bench/engine/scale.mjs)`, 'scenarios:', '  scale:', `    seed: ${SEED}`, '    queues:'];
  for (let i = 0; i < queues; i++) lines.push(`      - { id: q${i}, strategy: longest-idle-agent, tier_rules_apply: false }`);
  lines.push('    agents:');
  for (let i = 0; i < queues; i++) {
    lines.push(`      - { count: ${size}, id_prefix: g${i}, queues: [{ queue: q${i}, level: 1 }, { queue: q${(i + 1) % queues}, level: 2 }], answer: { after: 0 }, talk_time: { distribution: exponential, mean: 180 } }`);
  }
  lines.push('    callers:');
  for (let i = 0; i < queues; i++) lines.push(`      - { queue: q${i}, arrivals: { process: poisson, per_hour: ${perHour(size)} } }`);
  return `${lines.join('\n')}\n`;
}

function run(file, seconds, timeFile = null) {
  const args = [join(root, 'dist/cli.js'), 'run', '--file', file, '--duration', String(seconds), '--json'];
  const [cmd, argv] = timeFile === null ? [process.execPath, args] : ['/usr/bin/time', ['-v', '-o', timeFile, process.execPath, ...args]];
  const stdout = execFileSync(cmd, argv, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const r = JSON.parse(stdout);
  if (!r.calls || typeof r.wall_ms !== 'number') throw new Error(`no KPIs from ${file}`);
  return r;
}

/** Runs a case: set-up alone (a 1-second run), then RUNS full runs, keeping the best rate. */
function measure(name, yaml, agents, calls, totalPerHour) {
  const file = join(scenarios, `${name}.yaml`);
  writeFileSync(file, yaml);
  const seconds = Math.max(1, Math.round((calls / totalPerHour) * 3600));
  const setupMs = run(file, 1).wall_ms;
  let best = null;
  for (let i = 0; i < RUNS; i++) {
    const r = run(file, seconds);
    const rate = r.calls.offered / (r.wall_ms / 1000);
    if (best === null || rate > best.rate) best = { rate, r };
  }
  const r = best.r;
  const row = {
    name,
    agents,
    calls: r.calls.offered,
    simulated_seconds: r.simulated_seconds,
    wall_ms: r.wall_ms,
    setup_ms: setupMs,
    calls_per_second: Math.round(best.rate),
    // The same without the world's set-up (measured alone: a 1-second run): the cost of a call itself.
    run_only_calls_per_second: Math.round(r.calls.offered / (Math.max(1, r.wall_ms - setupMs) / 1000)),
    events_per_call: Math.round((r.events / Math.max(1, r.calls.offered)) * 10) / 10,
    events_per_second: Math.round(r.events / (r.wall_ms / 1000)),
    mean_wait_seconds: r.mean_wait_seconds,
    answered: r.calls.answered,
  };
  process.stderr.write(`[scale] ${name}: ${row.calls} calls in ${row.wall_ms} ms (set-up ${setupMs} ms): ${row.calls_per_second} calls/s\n`);
  return row;
}

const rows = [];
for (const strategy of STRATEGIES) {
  for (const agents of AGENTS) {
    const calls = strategy === 'ring-all' && agents >= 5000 ? RING_CALLS : CALLS;
    rows.push({ strategy, ...measure(`${strategy}-${agents}`, oneQueue(agents, strategy), agents, calls, perHour(agents)) });
  }
}
rows.push({ strategy: 'many-queues', ...measure('many-queues-200x25', manyQueues(200, 25), 5000, CALLS, 200 * perHour(25)) });
if (BIG > 0) rows.push({ strategy: 'longest-idle-agent', ...measure(`longest-idle-agent-${BIG}`, oneQueue(BIG, 'longest-idle-agent'), BIG, CALLS, perHour(BIG)) });

// Peak RSS of a long batch run of the 5,000-agent center: what a replay of a big center's day holds.
let rss = null;
if (RSS_CALLS > 0) {
  const file = join(scenarios, 'rss-longest-idle-agent-5000.yaml');
  writeFileSync(file, oneQueue(5000, 'longest-idle-agent'));
  const timeFile = join(out, 'scale-rss.time');
  const seconds = Math.round((RSS_CALLS / perHour(5000)) * 3600);
  process.stderr.write(`[scale] peak RSS: ${RSS_CALLS} calls of 5,000 agents (--duration ${seconds} s) under /usr/bin/time -v\n`);
  const r = run(file, seconds, timeFile);
  const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(timeFile, 'utf8'));
  if (!kb) throw new Error(`no peak RSS in ${timeFile}`);
  rss = { agents: 5000, strategy: 'longest-idle-agent', calls: r.calls.offered, wall_ms: r.wall_ms, peak_rss_mb: Math.round(Number(kb[1]) / 102.4) / 10 };
  process.stderr.write(`[scale] peak RSS: ${rss.calls} calls in ${rss.wall_ms} ms, ${rss.peak_rss_mb} MB\n`);
}

writeFileSync(join(out, 'scale.json'), `${JSON.stringify({ calls: CALLS, runs: RUNS, seed: SEED, rows, rss }, null, 2)}\n`);

const pad = (s, n) => String(s).padStart(n);
console.log(`\nscale: calls/s by queue size (best of ${RUNS}; ${CALLS} calls a run, ring-all at 5,000+ agents ${RING_CALLS})`);
console.log(`${'strategy'.padEnd(30)}${AGENTS.map((a) => pad(a, 12)).join('')}   ${'5,000 ÷ 50'.padStart(10)}`);
for (const strategy of STRATEGIES) {
  const of = (a) => rows.find((r) => r.strategy === strategy && r.agents === a && !r.name.startsWith('many'));
  const cells = AGENTS.map((a) => pad(of(a)?.calls_per_second ?? '-', 12)).join('');
  const small = of(50);
  const big = of(5000);
  const ratio = small && big ? (big.calls_per_second / small.calls_per_second).toFixed(2) : '-';
  console.log(`${strategy.padEnd(30)}${cells}   ${pad(ratio, 10)}`);
}
const mq = rows.find((r) => r.strategy === 'many-queues');
const lia5000 = rows.find((r) => r.strategy === 'longest-idle-agent' && r.agents === 5000);
console.log(`many queues (200 × 25, two each): ${mq.calls_per_second} calls/s${lia5000 ? `, ${(mq.calls_per_second / lia5000.calls_per_second).toFixed(2)} of one queue of 5,000` : ''}`);
const big = rows.find((r) => r.agents === BIG && BIG > 0);
if (big) console.log(`one queue of ${BIG} agents (longest-idle-agent): ${big.calls_per_second} calls/s (set-up ${big.setup_ms} ms)`);
if (rss) console.log(`peak RSS of ccsim run, ${rss.calls} calls of the 5,000-agent center: ${rss.peak_rss_mb} MB`);
