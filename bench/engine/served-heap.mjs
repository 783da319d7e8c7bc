// The served world's memory without a wall clock: the whole server (every view, the journal) built in
// this process on the manual clock, moved on 6 simulated hours at a time, with (SERVED_READS=1) or
// without one read of each view that keeps something per finished call until it is next read
// (Conpeek's CDR dialogs, the agent CRUD's agents) after each step; prints the heap after a full GC and
// the RSS at the end of every simulated day. It tells what the served world holds apart from how fast
// a loaded machine lets it run (served-rss.mjs is the wall-clock run the issue asks for).
//
// Usage: node --expose-gc bench/engine/served-heap.mjs [days]   (default 7; assumes dist/ is built)
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const days = Number(process.argv[2] ?? 7);
const reads = process.env.SERVED_READS ?? '0';
if (!(days >= 1) || !['0', '1'].includes(reads) || typeof global.gc !== 'function') {
  console.error('usage: SERVED_READS=0|1 node --expose-gc bench/engine/served-heap.mjs [days ≥ 1]');
  process.exit(2);
}
const { Simulation } = await import(join(root, 'dist/simulation.js'));
const { buildApp } = await import(join(root, 'dist/app.js'));
const { resolveScenario, ScenarioSource } = await import(join(root, 'dist/scenarios/load-scenario.js'));
const file = join(here, 'served.yaml');
const sim = new Simulation({ scenario: resolveScenario(ScenarioSource.fromFile(file), {}), clock: 'manual', speed: 1 });
const app = await buildApp({ simulation: sim, scenarioFile: file, logger: false });
await app.ready();
const started = performance.now();
const series = [];
for (let h = 6; h <= days * 24; h += 6) {
  sim.advance(6 * 3600);
  if (reads === '1') {
    for (const [url, headers] of [['/cdr_dialog?limit=1', { authorization: 'ccsim-conpeek-key' }], ['/api/agents', {}]]) {
      const r = await app.inject({ method: 'GET', url, headers });
      if (r.statusCode !== 200) throw new Error(`GET ${url}: ${r.statusCode}`);
    }
  }
  if (h % 24 !== 0) continue;
  global.gc();
  const m = process.memoryUsage();
  const row = { day: h / 24, heap_mb: Math.round(m.heapUsed / 1e6), rss_mb: Math.round(m.rss / 1e6), wall_s: Math.round((performance.now() - started) / 1000) };
  series.push(row);
  console.log(`day ${row.day}: heap ${row.heap_mb} MB, RSS ${row.rss_mb} MB (${row.wall_s} s)`);
}
await app.close();
const first = series[0].heap_mb;
const last = series[series.length - 1].heap_mb;
console.log(`heap after a full GC, day 1 ${first} MB, day ${days} ${last} MB: ${(last / first).toFixed(2)}x (${reads === '1' ? 'views read every 6 h' : 'no reads'})`);
