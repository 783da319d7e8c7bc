// bench:soak — ccsim under a long, steady load (bench/soak/README.md). Two servers of the same build run the
// same scenario at the same speed, side by side: one under the load (five readers at 10 requests/s each,
// one SSE client on the event stream, one logged-in ARM WebSocket session sending a command a second), the
// other idle but for the same reads sent one at a time, a few a second, so that both hold worlds of the
// same size and the idle one's latencies are the reads' own cost. Prints the loaded server's RSS every
// 30 s, then per endpoint: requests, throughput, p50/p99 under load and idle, and the verdict on the
// targets (RSS at the end within 1.2x of its value a third of the way in; p99 under load at most 5x idle;
// no request refused or failed; the journal, on by default, within its bounds).
//
// Environment: SOAK_MINUTES (default 30), SOAK_SPEED (default 60), SOAK_RATE (requests/s per reader,
// default 10), SOAK_LOG_LEVEL (the servers' --log-level, default: ccsim's default).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { freePort, startChild, stopChildren } from '../lib/processes.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const minutes = Number(process.env.SOAK_MINUTES ?? 30);
const speed = Number(process.env.SOAK_SPEED ?? 60);
const rate = Number(process.env.SOAK_RATE ?? 10);
const logLevel = process.env.SOAK_LOG_LEVEL;
const RSS_EVERY_MS = 30_000;
const log = (...a) => console.error('[bench:soak]', ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const frame = (id, command, xml) => `01${String(Buffer.byteLength(xml)).padStart(10, '0')}${id}${command}${xml}`;

async function waitFor(url) {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await sleep(100);
  }
  throw new Error(`no answer from ${url}`);
}

function rssMb(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Huawei auth-v2 (src/simulators/cti-status/auth.ts): the default keys, signed with the wall clock. */
function huaweiAuth() {
  const ts = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `auth-v2/ccsim-ak/${ts}/content-type/${createHmac('sha256', 'x').update(ts).digest('hex')}`;
}

/** One server and how to read it: the five endpoints of the soak, each a function returning a Response. */
async function connect(port) {
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/__admin/health`);
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: 'ccsim', client_secret: 'ccsim-secret' });
  const tok = await fetch(`${base}/oauth/token`, { method: 'POST', body: form });
  if (!tok.ok) throw new Error(`oauth/token: ${tok.status} ${await tok.text()}`);
  const bearer = { authorization: `Bearer ${(await tok.json()).access_token}` };
  const ext = await fetch(`${base}/api/ver1.0/client/@me/extension/?type=queue`, { headers: bearer });
  const queue = (await ext.json()).find((e) => e.type === 'queue');
  const login = await fetch(`${base}/ccsim.local/service/cc/arm/login`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: '<in><request agent_id="100"/></in>' });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  if (!login.ok || !cookie) throw new Error(`arm login: ${login.status} ${await login.text()}`);
  const skill = JSON.stringify({ queryParam: { ccId: 1, vdn: 1, skillId: 1 } });
  const endpoints = {
    'conpeek /cdr_dialog?limit=100': () => fetch(`${base}/cdr_dialog?limit=100`, { headers: { authorization: 'ccsim-conpeek-key' } }),
    'arm call_history (limit 50)': () =>
      fetch(`${base}/ccsim.local/service/cc/arm/call_history`, { method: 'POST', headers: { 'content-type': 'text/xml', cookie }, body: '<in><request><filters offset="0" limit="50"/></request></in>' }),
    'telphin queue status': () => fetch(`${base}/api/ver1.0/extension/${queue.id}/queue/status/`, { headers: bearer }),
    'agent-crud /api/agents': () => fetch(`${base}/api/agents`),
    'huawei agentbyconfigedskill': () =>
      fetch(`${base}/rest/cmsapp/v1/openapi/agentgroup/agentbyconfigedskill`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: huaweiAuth() }, body: skill }),
  };
  return { base, endpoints };
}

/** A request timed to its answer's last byte; a non-2xx answer or a network error is a failure. */
async function timed(fn, stats) {
  const t0 = performance.now();
  try {
    const r = await fn();
    const body = await r.text();
    stats.ms.push(performance.now() - t0);
    if (!r.ok) {
      stats.failed++;
      if (stats.failed <= 3) log(`${stats.name}: HTTP ${r.status} ${body.slice(0, 200)}`);
    }
  } catch (err) {
    stats.failed++;
    if (stats.failed <= 3) log(`${stats.name}: ${err.message}`);
  }
}

const newStats = (name) => ({ name, ms: [], failed: 0 });

/** Open loop: a request every 1/rate s whatever the answers' pace (so a slow server shows as latency). */
function reader(fn, stats, perSecond, until) {
  return new Promise((resolve) => {
    const inFlight = new Set();
    const timer = setInterval(() => {
      if (Date.now() >= until) {
        clearInterval(timer);
        Promise.all(inFlight).then(resolve);
        return;
      }
      const p = timed(fn, stats).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }, 1000 / perSecond);
  });
}

/** The idle server's probe: the same reads, one at a time in turn, a few a second in all. */
async function prober(endpoints, stats, until) {
  const names = Object.keys(endpoints);
  for (let i = 0; Date.now() < until; i++) {
    const name = names[i % names.length];
    await timed(endpoints[name], stats[name]);
    await sleep(200);
  }
}

/** Reads the event stream for as long as the run lasts; counts events. */
async function sseClient(base, until, counter) {
  const ac = new AbortController();
  setTimeout(() => ac.abort(), until - Date.now());
  try {
    const r = await fetch(`${base}/__admin/events/stream`, { signal: ac.signal });
    const reader = r.body.getReader();
    const dec = new TextDecoder();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const text = dec.decode(value, { stream: true });
      for (let i = text.indexOf('\nid: '); i >= 0; i = text.indexOf('\nid: ', i + 1)) counter.events++;
    }
  } catch (err) {
    if (err.name !== 'AbortError') counter.error = err.message;
  }
}

/** A logged-in ARM WebSocket session sending operator_call_history once a second; times each reply. */
async function armSession(port, until, stats) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ccsim.local/service/cc/arm`);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const pending = new Map();
  let seq = 0;
  ws.on('message', (data) => {
    const text = data.toString('latin1', 0, 32);
    const id = text.slice(12, 16);
    const started = pending.get(id);
    if (id === '0000' || started === undefined) return;
    pending.delete(id);
    stats.ms.push(performance.now() - started);
    if (text.slice(16, 19) !== '200') stats.failed++;
  });
  const send = (command, xml) => {
    seq = (seq % 9999) + 1;
    const id = String(seq).padStart(4, '0');
    pending.set(id, performance.now());
    ws.send(frame(id, command, xml));
  };
  send('login', '<in><request agent_id="101"/></in>');
  while (Date.now() < until) {
    await sleep(1000);
    send('operator_call_history', '<in><request><filters offset="0" limit="20"/></request></in>');
  }
  await sleep(500);
  stats.failed += pending.size;
  ws.terminate();
}

async function main() {
  log('building');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  const [loadedPort, idlePort] = [await freePort(), await freePort()];
  const args = (port) => ['dist/cli.js', 'serve', '--file', join(here, 'soak.yaml'), '--scenario', 'soak', '--speed', String(speed), '--port', String(port), '--host', '127.0.0.1', ...(logLevel ? ['--log-level', logLevel] : [])];
  // Both servers' logs go to pipes that are drained and dropped, as a container runtime would read them.
  const loaded = startChild(process.execPath, args(loadedPort), { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const idle = startChild(process.execPath, args(idlePort), { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let logBytes = 0;
  loaded.stdout.on('data', (d) => (logBytes += d.length));
  idle.stdout.resume();
  const [L, I] = await Promise.all([connect(loadedPort), connect(idlePort)]);
  const startedAt = Date.now();
  const until = startedAt + minutes * 60_000;
  log(`running ${minutes} min at --speed ${speed}; RSS every ${RSS_EVERY_MS / 1000} s`);

  const rss = [[0, rssMb(loaded.pid), rssMb(idle.pid)]];
  // The loaded server's journal (on by default): what it keeps against its bounds, at each sample.
  const journal = [];
  const sampleJournal = async (t) => {
    const page = await (await fetch(`${L.base}/__admin/requests?limit=1`)).json();
    journal.push({ t, entries: page.total, bytes: page.bytes, dropped: page.dropped, bounds: page.bounds });
    return journal[journal.length - 1];
  };
  const rssTimer = setInterval(async () => {
    const row = [Math.round((Date.now() - startedAt) / 1000), rssMb(loaded.pid), rssMb(idle.pid)];
    rss.push(row);
    const j = await sampleJournal(row[0]).catch(() => null);
    log(`t=${row[0]} s  RSS loaded ${row[1].toFixed(1)} MB  idle ${row[2].toFixed(1)} MB${j ? `  journal ${j.entries} entries, ${(j.bytes / 1e6).toFixed(1)} MB` : ''}`);
  }, RSS_EVERY_MS);

  const loadStats = Object.fromEntries(Object.keys(L.endpoints).map((n) => [n, newStats(n)]));
  const idleStats = Object.fromEntries(Object.keys(I.endpoints).map((n) => [n, newStats(n)]));
  const wsStats = newStats('arm websocket');
  const sse = { events: 0, error: null };
  await Promise.all([
    ...Object.entries(L.endpoints).map(([n, fn]) => reader(fn, loadStats[n], rate, until)),
    prober(I.endpoints, idleStats, until),
    sseClient(L.base, until, sse),
    armSession(loadedPort, until, wsStats),
  ]);
  clearInterval(rssTimer);
  rss.push([Math.round((Date.now() - startedAt) / 1000), rssMb(loaded.pid), rssMb(idle.pid)]);
  await sampleJournal(rss[rss.length - 1][0]);
  const kpis = await (await fetch(`${L.base}/__admin/kpis`)).json();
  const seconds = (Date.now() - startedAt) / 1000;

  // The report.
  const out = [];
  out.push(`\n## bench:soak: ${minutes} min at --speed ${speed}, ${rate} requests/s per reader, log level ${logLevel ?? 'default'}\n`);
  out.push(`Simulated ${kpis.simulated_seconds} s: ${kpis.calls.offered} calls offered, ${kpis.calls.answered} answered, ${kpis.calls.abandoned} abandoned; ${kpis.events} events. SSE client received ${sse.events} events${sse.error ? ` (error: ${sse.error})` : ''}; the loaded server wrote ${(logBytes / 1e6).toFixed(1)} MB of logs.\n`);
  out.push('| t (s) | RSS loaded (MB) | RSS idle (MB) |\n|---:|---:|---:|');
  for (const [t, a, b] of rss) out.push(`| ${t} | ${a.toFixed(1)} | ${b.toFixed(1)} |`);
  const at = (frac) => rss.reduce((best, row) => (Math.abs(row[0] - frac * seconds) < Math.abs(best[0] - frac * seconds) ? row : best));
  const third = at(1 / 3);
  const last = rss[rss.length - 1];
  const rssRatio = last[1] / third[1];
  out.push('\n| endpoint | requests | req/s | failed | p50 load (ms) | p99 load (ms) | p50 idle (ms) | p99 idle (ms) | p99 load/idle |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  let worst = 0;
  let failed = wsStats.failed;
  for (const name of Object.keys(loadStats)) {
    const a = [...loadStats[name].ms].sort((x, y) => x - y);
    const b = [...idleStats[name].ms].sort((x, y) => x - y);
    const ratio = quantile(a, 0.99) / quantile(b, 0.99);
    worst = Math.max(worst, ratio);
    failed += loadStats[name].failed + idleStats[name].failed;
    out.push(`| ${name} | ${a.length} | ${(a.length / seconds).toFixed(1)} | ${loadStats[name].failed + idleStats[name].failed} | ${quantile(a, 0.5).toFixed(1)} | ${quantile(a, 0.99).toFixed(1)} | ${quantile(b, 0.5).toFixed(1)} | ${quantile(b, 0.99).toFixed(1)} | ${ratio.toFixed(2)} |`);
  }
  const w = [...wsStats.ms].sort((x, y) => x - y);
  out.push(`| arm websocket (a command a second) | ${w.length} | ${(w.length / seconds).toFixed(1)} | ${wsStats.failed} | ${quantile(w, 0.5).toFixed(1)} | ${quantile(w, 0.99).toFixed(1)} | | | |`);
  out.push('');
  out.push(`RSS at the end / at a third of the run (t=${third[0]} s): ${rssRatio.toFixed(2)} (target <= 1.2): ${rssRatio <= 1.2 ? 'PASS' : 'FAIL'}`);
  out.push(`worst p99 under load / idle: ${worst.toFixed(2)} (target <= 5): ${worst <= 5 ? 'PASS' : 'FAIL'}`);
  out.push(`requests refused or failed: ${failed} (target 0): ${failed === 0 ? 'PASS' : 'FAIL'}`);
  const { bounds } = journal[journal.length - 1];
  const most = journal.reduce((m, j) => ({ entries: Math.max(m.entries, j.entries), bytes: Math.max(m.bytes, j.bytes) }), { entries: 0, bytes: 0 });
  // The admin plane's calls are kept apart, in an eighth of each bound.
  const within = most.entries <= Math.ceil(bounds.entries * 9 / 8) && most.bytes <= Math.ceil(bounds.bytes * 9 / 8);
  out.push(`journal at most ${most.entries} entries and ${(most.bytes / 1e6).toFixed(1)} MB (bounds ${bounds.entries} entries, ${(bounds.bytes / 1e6).toFixed(1)} MB, and an eighth more for the admin plane's calls); ${journal[journal.length - 1].dropped} let go: ${within ? 'PASS' : 'FAIL'}`);
  console.log(out.join('\n'));
  stopChildren();
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  stopChildren();
  process.exit(1);
});
