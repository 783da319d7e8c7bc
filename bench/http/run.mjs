// bench:http — ccsim's HTTP throughput and latency, side by side with peers serving the same JSON:
// a bare Fastify route (the ceiling for any Fastify app) and, where Java is present, WireMock serving it
// as a static stub; and ccsim at its default log level against ccsim at warn (what logging costs), and
// ccsim with its journal off (what journaling every exchange costs). Each server runs in its own process; autocannon drives them one after another with
// the same connections and duration. See bench/http/README.md.
//
// Environment: BENCH_DURATION (s per target and path, default 10), BENCH_CONNECTIONS (default 50),
// BENCH_PATHS (comma-separated ccsim paths, default: the Telphin queue status and client agent list),
// BENCH_AUTH (telphin | none, default telphin), BENCH_ROUNDS (rounds over every target, interleaved; each
// target's best round is reported; default 1).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import YAML from 'yaml';
import { freePort, startChild, stopChildren } from '../lib/processes.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const rounds = Math.max(1, Math.floor(Number(process.env.BENCH_ROUNDS ?? 1)) || 1);
const authMode = process.env.BENCH_AUTH ?? 'telphin';
const log = (...a) => console.error('[bench:http]', ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));


function start(cmd, args, opts = {}) {
  return startChild(cmd, args, { cwd: root, ...opts });
}

async function waitFor(url, seconds = 60) {
  for (let i = 0; i < seconds * 10; i++) {
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {}
    await sleep(100);
  }
  throw new Error(`no answer from ${url}`);
}


async function telphinToken(base, scenarioFile) {
  const spec = YAML.parse(readFileSync(scenarioFile, 'utf8')).scenarios.http;
  const t = spec.apis?.telphin ?? {};
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: String(t.client_id ?? 'ccsim'), client_secret: String(t.client_secret ?? 'ccsim-secret') });
  const r = await fetch(`${base}/oauth/token`, { method: 'POST', body: form });
  if (r.status !== 200 && r.status !== 201) throw new Error(`oauth/token answered ${r.status}: ${await r.text()}`);
  return (await r.json()).access_token;
}

async function ccsimPaths(base, headers) {
  if (process.env.BENCH_PATHS) return process.env.BENCH_PATHS.split(',');
  const r = await fetch(`${base}/api/ver1.0/client/@me/extension/?type=queue`, { headers });
  if (r.status !== 200) throw new Error(`extension list answered ${r.status}: ${await r.text()}`);
  const queues = (await r.json()).filter((e) => e.type === 'queue');
  if (queues.length === 0) throw new Error('no queue extension to benchmark');
  return [`/api/ver1.0/extension/${queues[0].id}/queue/status/`, '/api/ver1.0/client/@me/agent/local/'];
}

async function cannon(url, headers) {
  // A short warm-up so every target is measured with its JIT and connections warm.
  await autocannon({ url, connections, duration: 2, headers });
  const r = await autocannon({ url, connections, duration, headers });
  return { rps: r.requests.average, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts };
}

async function main() {
  log('building');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  const scenarioFile = join(here, 'bench.yaml');
  const ccsimPort = await freePort();
  start(process.execPath, ['dist/cli.js', 'serve', '--file', scenarioFile, '--scenario', 'http', '--speed', '10', '--port', String(ccsimPort), '--host', '127.0.0.1', '--log-level', 'warn']);
  const base = `http://127.0.0.1:${ccsimPort}`;
  await waitFor(`${base}/__admin/health`);
  const headers = authMode === 'telphin' ? { authorization: `Bearer ${await telphinToken(base, scenarioFile)}` } : {};
  const paths = await ccsimPaths(base, headers);
  const bodies = {};
  for (const p of paths) {
    const r = await fetch(base + p, { headers });
    if (r.status !== 200) throw new Error(`${p} answered ${r.status}: ${await r.text()}`);
    bodies[p] = await r.json();
  }
  const work = mkdtempSync(join(tmpdir(), 'bench-http-'));
  writeFileSync(join(work, 'bodies.json'), JSON.stringify(bodies));

  const targets = [{ name: 'ccsim', base, headers }];
  // The same server at the default log level, its log read and dropped as a container runtime would.
  const infoPort = await freePort();
  const info = start(process.execPath, ['dist/cli.js', 'serve', '--file', scenarioFile, '--scenario', 'http', '--speed', '10', '--port', String(infoPort), '--host', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'inherit'] });
  info.stdout.resume();
  const infoBase = `http://127.0.0.1:${infoPort}`;
  await waitFor(`${infoBase}/__admin/health`);
  targets.push({ name: 'ccsim log info', base: infoBase, headers: authMode === 'telphin' ? { authorization: `Bearer ${await telphinToken(infoBase, scenarioFile)}` } : {} });
  // The same server with its journal off: what journaling every exchange costs.
  const offPort = await freePort();
  start(process.execPath, ['dist/cli.js', 'serve', '--file', scenarioFile, '--scenario', 'http', '--speed', '10', '--port', String(offPort), '--host', '127.0.0.1', '--log-level', 'warn', '--journal', 'off']);
  const offBase = `http://127.0.0.1:${offPort}`;
  await waitFor(`${offBase}/__admin/health`);
  targets.push({ name: 'ccsim journal off', base: offBase, headers: authMode === 'telphin' ? { authorization: `Bearer ${await telphinToken(offBase, scenarioFile)}` } : {} });
  const barePort = await freePort();
  start(process.execPath, [join(here, 'peers.mjs'), 'bare', String(barePort), join(work, 'bodies.json')]);
  await waitFor(`http://127.0.0.1:${barePort}${paths[0]}`);
  targets.push({ name: 'bare Fastify', base: `http://127.0.0.1:${barePort}`, headers: {} });

  const jar = join(root, 'node_modules', 'wiremock', 'build', 'wiremock-standalone-3.13.2.jar');
  let java = null;
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
    java = 'java';
  } catch {}
  if (java && existsSync(jar)) {
    const wmRoot = join(work, 'wiremock');
    mkdirSync(join(wmRoot, 'mappings'), { recursive: true });
    paths.forEach((p, i) =>
      writeFileSync(join(wmRoot, 'mappings', `m${i}.json`), JSON.stringify({ request: { method: 'GET', url: p }, response: { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify(bodies[p]) } })),
    );
    const wmPort = await freePort();
    start(java, ['-jar', jar, '--port', String(wmPort), '--bind-address', '127.0.0.1', '--root-dir', wmRoot, '--disable-banner', '--no-request-journal', '--async-response-enabled', 'true']);
    await waitFor(`http://127.0.0.1:${wmPort}${paths[0]}`, 90);
    targets.push({ name: 'WireMock 3.13.2', base: `http://127.0.0.1:${wmPort}`, headers: {} });
  } else log('no Java: WireMock skipped');

  // Rounds interleave the targets, and each keeps its best round: on a shared machine a burst of load
  // elsewhere then costs one round of one target, not the comparison.
  const results = {};
  for (let round = 1; round <= rounds; round++) {
    for (const p of paths) {
      for (const t of targets) {
        log(`${rounds > 1 ? `round ${round}: ` : ''}${t.name}: ${p}`);
        const r = await cannon(t.base + p, t.headers);
        const key = `${t.name} ${p}`;
        const best = results[key];
        results[key] = !best || r.rps > best.rps ? { ...r, non2xx: r.non2xx + (best?.non2xx ?? 0), errors: r.errors + (best?.errors ?? 0) } : { ...best, non2xx: best.non2xx + r.non2xx, errors: best.errors + r.errors };
      }
    }
  }
  report(paths, targets, results);
}

function report(paths, targets, results) {
  const fmt = (n) => Math.round(n).toLocaleString('en-US');
  console.log(`\nccsim HTTP benchmark: ${connections} connections, ${duration} s per target and path, 200 agents at speed 10\n`);
  const lines = [];
  let ok = true;
  for (const p of paths) {
    console.log(p);
    for (const t of targets) {
      const r = results[`${t.name} ${p}`];
      console.log(`  ${t.name.padEnd(18)} ${fmt(r.rps).padStart(9)} req/s   p99 ${String(r.p99).padStart(4)} ms${r.non2xx || r.errors ? `   (${r.non2xx} non-2xx, ${r.errors} errors)` : ''}`);
    }
    const c = results[`ccsim ${p}`];
    const atInfo = results[`ccsim log info ${p}`];
    const journalOff = results[`ccsim journal off ${p}`];
    const bare = results[`bare Fastify ${p}`];
    const wm = results[`WireMock 3.13.2 ${p}`];
    const ratio = c.rps / bare.rps;
    lines.push([ratio >= 0.7, `ccsim/bare ${ratio.toFixed(2)} (target ≥ 0.70)  ${p}`]);
    if (wm) lines.push([c.rps > wm.rps, `ccsim/WireMock ${(c.rps / wm.rps).toFixed(2)} (target > 1)  ${p}`]);
    lines.push([c.p99 < 20, `ccsim p99 ${c.p99} ms (target < 20 ms)  ${p}`]);
    lines.push([c.non2xx === 0 && c.errors === 0, `ccsim answered every request with 2xx  ${p}`]);
    const logged = atInfo.rps / c.rps;
    lines.push([logged >= 0.9, `ccsim at the default log level / at warn ${logged.toFixed(2)} (target ≥ 0.90)  ${p}`]);
    const journaled = c.rps / journalOff.rps;
    lines.push([journaled >= 0.9, `ccsim with its journal on / off ${journaled.toFixed(2)} (target ≥ 0.90)  ${p}`]);
  }
  console.log('');
  for (const [pass, text] of lines) {
    console.log(`${pass ? 'PASS' : 'FAIL'}  ${text}`);
    ok &&= pass;
  }
  return ok;
}

main().then(
  () => {
    stopChildren();
    process.exit(0);
  },
  (err) => {
    console.error(`bench:http: ${err.message}`);
    stopChildren();
    process.exit(1);
  },
);
