// bench:tenants — what one tenant's long clock move costs the others, and what an idle tenant costs.
//
// 1. Cross-tenant lag. A `ccsim serve` process serves two tenants: `mover`, in manual mode, runs POST
//    /__admin/clock/advance {"seconds": 28800} (an 8-hour day) ROUNDS times, reset between; `reader`, in
//    real time at speed 1, is read all along by two clients of this process over keep-alive HTTP: GET
//    /__admin/clock (the tenant's virtual time) and GET /api/agents. Each read's latency is measured, and
//    its clock lag: how far the virtual time it reports trails the wall clock since the reader's clock was
//    first read (speed 1, so virtual ms are wall ms). The same reads for as long with nothing else running
//    are the peer. Once over the default scenario (the case), once over bench/replay's busy day
//    (36,000 calls: an advance that takes seconds). Target (issue 21 §3): p99 latency and clock lag under
//    250 ms during the advances.
// 2. Memory per idle tenant: memory.mjs, in a process of its own, builds the server's front as `ccsim
//    serve` does and makes N tenants (manual clock, so they stay idle), then reports RSS and heap, after a
//    full GC, per tenant; and how long making one took (while it is made, the process does nothing else).
//
// Environment: BENCH_ROUNDS (advances, default 5), BENCH_TENANTS (tenants made for memory, default 50).
// It runs dist/ (`npm run build` after changing the sources). See bench/tenants/README.md.
import { execFileSync } from 'node:child_process';
import { Agent, request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startChild, stopChildren } from '../lib/processes.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const cli = join(root, 'dist', 'cli.js');
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const tenants = Number(process.env.BENCH_TENANTS ?? 50);
const log = (...a) => console.error('[bench:tenants]', ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const TARGET_MS = 250;

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

/** One server over `file`'s `scenario`: the mover's advances, and the reader's reads during them and without them. */
async function lagRun(file, scenario) {
  const port = await freePort();
  const child = startChild(process.execPath, [cli, 'serve', '--file', file, '--scenario', scenario, '--clock', 'realtime', '--port', String(port), '--host', '127.0.0.1', '--log-level', 'warn'], { cwd: root });
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });

  /** One request over keep-alive HTTP: its status, body, wall ms and when it was answered. */
  const send = (method, path, tenant, body) => {
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const headers = { 'x-ccsim-tenant': tenant, ...(body !== undefined && { 'content-type': 'application/json' }) };
      const req = request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode, text, ms: performance.now() - started, at: performance.now() }));
      });
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  };

  for (let i = 0; ; i++) {
    try {
      if ((await send('GET', '/__admin/health', 'default')).status === 200) break;
    } catch {}
    if (i > 600) throw new Error('the server did not start');
    await sleep(100);
  }
  const made = async (id, body) => {
    const r = await send('PUT', `/__admin/tenants/${id}`, 'default', body);
    if (r.status !== 201) throw new Error(`PUT /__admin/tenants/${id}: ${r.status} ${r.text}`);
  };
  await made('mover', { clock: 'manual' });
  await made('reader', { clock: 'realtime', speed: 1 });

  // The reader's clock against the wall clock: virtual ms since its first read against wall ms since then.
  const first = await send('GET', '/__admin/clock', 'reader');
  const anchor = { t: JSON.parse(first.text).t, at: first.at };

  /** Reads the reader tenant until `until()` says stop; each read's latency and clock lag. */
  const readAll = async (until) => {
    const latency = [];
    const lag = [];
    const clock = async () => {
      while (!until()) {
        const r = await send('GET', '/__admin/clock', 'reader');
        latency.push(r.ms);
        lag.push(Math.max(0, r.at - anchor.at - (JSON.parse(r.text).t - anchor.t)));
      }
    };
    const api = async () => {
      while (!until()) {
        const r = await send('GET', '/api/agents?pagination.pageSize=20', 'reader');
        if (r.status !== 200) throw new Error(`GET /api/agents: ${r.status}`);
        latency.push(r.ms);
      }
    };
    await Promise.all([clock(), api()]);
    return { latency, lag };
  };

  let moving = true;
  const advances = [];
  const during = readAll(() => !moving);
  for (let i = 0; i < rounds; i++) {
    const r = await send('POST', '/__admin/clock/advance', 'mover', { seconds: 28_800 });
    if (r.status !== 200 || JSON.parse(r.text).t < 28_800_000) throw new Error(`advance: ${r.status} ${r.text}`);
    advances.push(r.ms);
    await send('POST', '/__admin/reset', 'mover');
  }
  moving = false;
  const busy = await during;
  // The peer: the same reads, as long again, with nothing else running.
  const advanceMs = advances.reduce((a, b) => a + b, 0);
  const quietUntil = performance.now() + advanceMs;
  const quiet = await readAll(() => performance.now() >= quietUntil);
  child.kill('SIGTERM');
  agent.destroy();
  const row = (what, r) => ({ what, reads: r.latency.length, p50_ms: +pct(r.latency, 50).toFixed(1), p99_ms: +pct(r.latency, 99).toFixed(1), max_ms: +Math.max(...r.latency).toFixed(1), clock_lag_p99_ms: +pct(r.lag, 99).toFixed(1), clock_lag_max_ms: +Math.max(...r.lag).toFixed(1) });
  return {
    scenario,
    advance_ms: { mean: Math.round(advanceMs / rounds), max: Math.round(Math.max(...advances)) },
    during: row(`${scenario}: during the advances`, busy),
    peer: row(`${scenario}: nothing else running`, quiet),
    within_target: busy.latency.length > 0 && pct(busy.latency, 99) < TARGET_MS && Math.max(...busy.lag) < TARGET_MS,
  };
}

log(`the default scenario (scenarios.yaml), ${rounds} advances of 8 hours`);
const plain = await lagRun(join(root, 'scenarios.yaml'), 'default');
log(`the busy day of bench/replay (200 agents, 36,000 calls), ${rounds} advances of 8 hours`);
const busyDay = await lagRun(join(root, 'bench', 'replay', 'day.yaml'), 'day');
stopChildren();
const lagRows = [plain.during, plain.peer, busyDay.during, busyDay.peer];

// Memory per idle tenant, in a process of its own.
log(`making ${tenants} tenants for the memory figures`);
const memory = JSON.parse(execFileSync(process.execPath, ['--expose-gc', join(here, 'memory.mjs'), String(tenants)], { cwd: root }).toString('utf8'));

const report = { rounds, default: plain, busy_day: busyDay, target_ms: TARGET_MS, memory };
console.log(JSON.stringify(report, null, 2));
console.error(`\nan 8-hour advance: ${plain.advance_ms.mean} ms on average (default scenario), ${busyDay.advance_ms.mean} ms (the busy day); ${rounds} rounds each`);
console.error('reads of another tenant (GET /__admin/clock, GET /api/agents), in real time at speed 1:');
console.error('  what                                    reads   p50 ms   p99 ms   max ms   lag p99   lag max');
for (const r of lagRows) console.error(`  ${r.what.padEnd(38)} ${String(r.reads).padStart(6)} ${String(r.p50_ms).padStart(8)} ${String(r.p99_ms).padStart(8)} ${String(r.max_ms).padStart(8)} ${String(r.clock_lag_p99_ms).padStart(9)} ${String(r.clock_lag_max_ms).padStart(9)}`);
console.error(`per idle tenant (${memory.tenants} made): RSS ${memory.rss_mib_per_tenant} MiB, heap ${memory.heap_mib_per_tenant} MiB; making one took ${memory.make_ms_mean} ms on average (${memory.make_ms_max} at most)`);
const within = plain.within_target && busyDay.within_target;
console.error(within ? `within the ${TARGET_MS} ms target` : `NOT within the ${TARGET_MS} ms target`);
process.exitCode = within ? 0 : 1;
