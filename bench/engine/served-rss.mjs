// The served world over days: `ccsim serve` of a 1,000-agent center (served.yaml, about ρ 0.9) at
// --speed 1000 for SERVED_MINUTES wall minutes (default 10: about a simulated week, some 3 million calls),
// with no client but a health and a KPI read at each sample (or, with SERVED_READS=1, also one read of
// each view that keeps something per finished call until it is next read: Conpeek's CDR dialogs and the
// agent CRUD's agents). Prints the server's RSS and its virtual clock every 30 s, and the verdict on the
// target: RSS at the last minute within 1.2x of its value at minute 3 (by then the world's retention of
// finished calls, --retain-calls, default 20,000, and of events has filled). Writes the series to
// <out>/served-rss.json (served-rss-reads.json with SERVED_READS=1). See bench/engine/README.md.
//
// Usage: node bench/engine/served-rss.mjs [out-dir]    (assumes dist/ is built)
// Environment: SERVED_MINUTES (default 10), SERVED_SPEED (default 1000), SERVED_EVERY_S (default 30),
// SERVED_READS (0 or 1, default 0).
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startChild, stopChildren } from '../lib/processes.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const out = resolve(process.argv[2] ?? join(here, 'results'));
mkdirSync(out, { recursive: true });
const minutes = Number(process.env.SERVED_MINUTES ?? 10);
const speed = Number(process.env.SERVED_SPEED ?? 1000);
const everyS = Number(process.env.SERVED_EVERY_S ?? 30);
const reads = process.env.SERVED_READS ?? '0';
if (!(minutes > 3) || !(speed > 0) || !(everyS > 0) || !['0', '1'].includes(reads)) {
  console.error('served-rss: SERVED_MINUTES must be above 3, SERVED_SPEED and SERVED_EVERY_S positive, SERVED_READS 0 or 1');
  process.exit(2);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => console.error('[served-rss]', ...a);

function rssMb(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

const port = await freePort();
const server = startChild(process.execPath, [join(root, 'dist/cli.js'), 'serve', '--file', join(here, 'served.yaml'), '--port', String(port), '--host', '127.0.0.1', '--speed', String(speed), '--log-level', 'warn'], { cwd: root });
const base = `http://127.0.0.1:${port}`;
let up = false;
for (let i = 0; i < 300 && !up; i++) {
  try {
    up = (await fetch(`${base}/__admin/health`)).ok;
  } catch {
    await sleep(100);
  }
}
if (!up) throw new Error('the server did not answer /__admin/health');
const started = Date.now();
log(`serving served.yaml at --speed ${speed} on :${port} (pid ${server.pid}) for ${minutes} min`);

const series = [];
/** One read of each view that keeps per-call state until its next read (SERVED_READS=1). */
async function readViews() {
  for (const [path, headers] of [['/cdr_dialog?limit=1', { authorization: 'ccsim-conpeek-key' }], ['/api/agents', {}]]) {
    const r = await fetch(`${base}${path}`, { headers });
    if (!r.ok) throw new Error(`GET ${path}: ${r.status}`);
    await r.arrayBuffer();
  }
}

async function sample() {
  if (reads === '1') await readViews();
  const health = await (await fetch(`${base}/__admin/health`)).json();
  const kpis = await (await fetch(`${base}/__admin/kpis`)).json();
  const row = { wall_s: Math.round((Date.now() - started) / 1000), rss_mb: Math.round(rssMb(server.pid) * 10) / 10, simulated_days: Math.round((health.clock.t / 86_400_000) * 100) / 100, calls: kpis.calls.offered };
  series.push(row);
  log(`${String(row.wall_s).padStart(4)} s  RSS ${row.rss_mb.toFixed(1).padStart(7)} MB  virtual ${row.simulated_days.toFixed(2)} days  ${row.calls} calls`);
}
// A server that dies (out of memory, say) ends the series early; the verdict is then FAIL.
let died = null;
server.on('exit', (code, signal) => {
  died = `the server exited (${signal ?? code}) after ${Math.round((Date.now() - started) / 1000)} s`;
});
await sample();
while (Date.now() - started < minutes * 60_000 && died === null) {
  await sleep(Math.min(everyS * 1000, started + minutes * 60_000 - Date.now()));
  if (died !== null) break;
  try {
    await sample();
  } catch (err) {
    if (died === null) throw err;
  }
}
stopChildren();
if (died !== null) log(died);

const at = (min) => series.reduce((best, r) => (Math.abs(r.wall_s - min * 60) < Math.abs(best.wall_s - min * 60) ? r : best), series[0]);
const m3 = at(3);
const last = series[series.length - 1];
const ratio = last.rss_mb / m3.rss_mb;
const wallS = last.wall_s;
const keptUp = (last.simulated_days * 86_400) / (wallS * speed);
const pass = died === null && ratio <= 1.2;
const summary = { minutes, speed, view_reads: reads === '1', died, series, rss_minute3_mb: m3.rss_mb, rss_last_mb: last.rss_mb, ratio: Math.round(ratio * 1000) / 1000, virtual_over_wall: Math.round(keptUp * 1000) / 1000, pass };
writeFileSync(join(out, reads === '1' ? 'served-rss-reads.json' : 'served-rss.json'), `${JSON.stringify(summary, null, 2)}\n`);
console.log(`\nserved world${reads === '1' ? ' (views read at each sample)' : ''}: ${minutes} min at --speed ${speed}: ${last.simulated_days} simulated days, ${last.calls} calls; virtual time kept ${(keptUp * 100).toFixed(1)} % of speed × wall`);
console.log(`RSS at minute 3 ${m3.rss_mb} MB, at minute ${Math.round(wallS / 60)} ${last.rss_mb} MB: ${ratio.toFixed(3)}x  ${pass ? 'PASS' : 'FAIL'} (target ≤ 1.2x)${died === null ? '' : `; ${died}`}`);
