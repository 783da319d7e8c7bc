// bench:replay — how fast a recording replays and a snapshot of a busy 8-hour day restores, beside the
// same day run in batch (`ccsim run`, the world alone as fast as the CPU allows) and served (the session
// that made the recording), in one run. A `ccsim serve --clock manual` process serves day.yaml while this
// process drives a session through it: a virtual minute at a time for 8 hours, each minute a read of
// every API (Telphin, agent CRUD, Huawei, Conpeek, ARM over HTTP), a command on an ARM WebSocket, and
// every ten minutes an agent's status changed. Then it takes the recording (GET /__admin/recording), a
// snapshot, restores it (POST /__admin/snapshots/day/restore), and replays the recording with `ccsim
// replay --json`. See bench/replay/README.md.
//
// Environment: BENCH_HOURS (virtual hours, default 8), BENCH_STEP (virtual seconds between reads, default 60).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { freePort, startChild, stopChildren } from '../lib/processes.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const cli = join(root, 'dist', 'cli.js');
const day = join(here, 'day.yaml');
const hours = Number(process.env.BENCH_HOURS ?? 8);
const step = Number(process.env.BENCH_STEP ?? 60);
const log = (...a) => console.error('[bench:replay]', ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const frame = (id, command, xml) => `01${String(Buffer.byteLength(xml)).padStart(10, '0')}${id}${command}${xml}`;

async function waitFor(url) {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {}
    await sleep(100);
  }
  throw new Error(`no answer from ${url}`);
}

function ccsim(...args) {
  return JSON.parse(execFileSync(process.execPath, [cli, ...args], { cwd: root, maxBuffer: 1 << 30 }).toString('utf8'));
}

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
startChild(process.execPath, [cli, 'serve', '--file', day, '--scenario', 'day', '--clock', 'manual', '--port', String(port), '--host', '127.0.0.1', '--log-level', 'warn', '--record-bytes', String(1 << 30)], { cwd: root });
await waitFor(`${base}/__admin/health`);

const request = async (method, path, body, headers = {}) => {
  const r = await fetch(base + path, { method, body, headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers } });
  const text = await r.text();
  if (r.status >= 500) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return { status: r.status, text };
};

// The session.
const started = performance.now();
let inputs = 0;
const send = async (...a) => {
  inputs++;
  return request(...a);
};
const token = JSON.parse((await send('POST', '/oauth/token', 'grant_type=client_credentials&client_id=ccsim&client_secret=ccsim-secret', { 'content-type': 'application/x-www-form-urlencoded' })).text).access_token;
const hw = JSON.parse((await send('POST', '/apigovernance/api/oauth/tokenByAkSk', JSON.stringify({ app_key: 'ccsim-ak', app_secret: 'ccsim-sk' }))).text).AccessToken;
const cookie = (await fetch(`${base}/ccsim.local/service/cc/arm/login`, { method: 'POST', body: '<in><request agent_id="100"/></in>' })).headers.get('set-cookie').split(';')[0];
inputs++;
const ws = new WebSocket(`ws://127.0.0.1:${port}/ccsim.local/service/cc/arm`);
await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
const replies = new Map();
ws.on('message', (d) => {
  const text = d.toString();
  replies.get(text.slice(12, 16))?.(text);
});
let id = 0;
const command = (name, xml) =>
  new Promise((resolve) => {
    const key = String(++id % 10000).padStart(4, '0');
    replies.set(key, resolve);
    inputs++;
    ws.send(frame(key, name, xml));
  });
await command('login', '<in><request agent_id="101" websocket_control="true"/></in>');
const steps = Math.round((hours * 3600) / step);
for (let i = 0; i < steps; i++) {
  await send('POST', '/__admin/clock/advance', JSON.stringify({ seconds: step }));
  await send('GET', '/api/ver1.0/extension/1000/queue/status/', undefined, { authorization: `Bearer ${token}` });
  await send('GET', '/api/agents?pagination.pageSize=20');
  await send('POST', '/rest/cmsapp/v1/openapi/agentgroup/agentbyworkno', JSON.stringify({ queryParam: { ccId: 1, vdn: 1, agentId: 101 + (i % 50) } }), { authorization: `Bearer ${hw}`, 'x-app-key': 'ccsim-ak' });
  await send('GET', '/cdr_dialog?limit=20', undefined, { authorization: 'ccsim-conpeek-key' });
  await send('POST', '/ccsim.local/service/cc/arm/call_history', '<in><request><filters limit="10"/></request></in>', { 'content-type': 'text/xml', cookie });
  await command('operator_call_history', '<in><request><filters limit="5"/></request></in>');
  if (i % 10 === 5) await send('POST', `/__admin/agents/support-${1 + (i % 120)}/status`, JSON.stringify({ status: 'on_break' }));
  if (i % 10 === 9) await send('POST', `/__admin/agents/support-${1 + ((i - 4) % 120)}/status`, JSON.stringify({ status: 'available' }));
}
const servedMs = performance.now() - started;
log(`served: ${inputs} inputs over ${hours} virtual hours in ${Math.round(servedMs)} ms`);

// The recording, a snapshot of the day's end and its restore.
const dir = mkdtempSync(join(tmpdir(), 'ccsim-bench-replay-'));
const file = join(dir, 'day.ndjson');
const recording = (await request('GET', '/__admin/recording')).text;
writeFileSync(file, recording);
await request('POST', '/__admin/snapshots', JSON.stringify({ name: 'day' }));
const state = (await request('GET', '/__admin/state')).text;
const t0 = performance.now();
const restored = JSON.parse((await request('POST', '/__admin/snapshots/day/restore')).text);
const restoreMs = performance.now() - t0;
const same = (await request('GET', '/__admin/state')).text === state;
log(`restored in ${Math.round(restoreMs)} ms (${restored.replay.differing} differences; the same state: ${same})`);
ws.terminate();
stopChildren();

// The same recording replayed by ccsim replay, and the day alone in batch.
const r0 = performance.now();
const replay = ccsim('replay', file, '--json');
const replayProcessMs = performance.now() - r0;
const batch = ccsim('run', '--file', day, '--scenario', 'day', '--duration', `${hours}h`, '--json');

const rows = [
  ['ccsim run (the day alone, batch)', batch.wall_ms, ''],
  ['ccsim replay of the session', replay.wall_ms, `${(replay.wall_ms / batch.wall_ms).toFixed(2)}× run`],
  ['  whole process (start, load, replay)', Math.round(replayProcessMs), ''],
  ['snapshot restore in the server', Math.round(restoreMs), `${(restoreMs / batch.wall_ms).toFixed(2)}× run`],
  ['the session as served (over HTTP)', Math.round(servedMs), `${(servedMs / replay.wall_ms).toFixed(1)}× the replay`],
];
console.log(`\nA busy day: ${hours} virtual hours, ${batch.calls.offered} calls, ${batch.events} events; the session: ${inputs} inputs, a recording of ${(statSync(file).size / 1048576).toFixed(1)} MiB\n`);
console.log('| what | wall ms | ratio |\n|---|---:|---:|');
for (const [what, ms, ratio] of rows) console.log(`| ${what} | ${ms} | ${ratio} |`);
console.log(`\nreplay: ${replay.inputs} inputs, ${replay.speed} virtual s per s, ${Math.round(replay.inputs / (replay.wall_ms / 1000))} inputs per s; ${replay.differing} differences (responses ${replay.responses.identical}/${replay.responses.compared}, frames ${replay.frames.identical}/${replay.frames.compared}, event log ${replay.events.identical ? 'byte-identical' : 'DIFFERS'}, KPIs ${replay.kpis.identical ? 'the same' : 'DIFFER'})`);
console.log(`restore: ${restored.replay.differing} differences, the same state after it: ${same}`);
process.exit(replay.differing === 0 && restored.replay.differing === 0 && same ? 0 : 1);
