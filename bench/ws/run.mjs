// bench:ws — operator_call_history round trips over ccsim's ARM WebSocket, side by side with a plain `ws`
// echo server, in one run. Each server runs in its own process; this process drives both the same way:
// BENCH_CONNECTIONS connections (default 20), each keeping BENCH_WINDOW requests in flight (default 4), for
// BENCH_DURATION seconds (default 10) after a 2 s warm-up. ccsim is in manual clock mode, moved once to
// 2 h so operator 101 has a history; each request asks for a page of 20 lines. Prints frames per second
// of both and the ratio (target ≥ 0.5). See bench/ws/README.md.
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { freePort, startChild } from '../lib/processes.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
const windowSize = Number(process.env.BENCH_WINDOW ?? 4);
const log = (...a) => console.error('[bench:ws]', ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));


const frame = (id, command, xml) => `01${String(Buffer.byteLength(xml)).padStart(10, '0')}${id}${command}${xml}`;
const HISTORY = '<in><request><filters offset="0" limit="20"/></request></in>';

async function open(url) {
  for (let i = 0; i < 300; i++) {
    try {
      return await new Promise((resolve, reject) => {
        // Both targets are read the same way: no UTF-8 check of text frames, only the header looked at.
        const s = new WebSocket(url, { skipUTF8Validation: true });
        s.once('open', () => resolve(s));
        s.once('error', reject);
      });
    } catch {
      await sleep(100);
    }
  }
  throw new Error(`cannot connect to ${url}`);
}

/** Drives `sockets` for `seconds`: each keeps `windowSize` frames in flight; returns replies per second. */
async function drive(sockets, make, check, seconds) {
  let count = 0;
  let bad = 0;
  let stop = false;
  await Promise.all(
    sockets.map(
      (s, i) =>
        new Promise((resolve) => {
          let inFlight = 0;
          let seq = 0;
          const send = () => {
            while (!stop && inFlight < windowSize) {
              inFlight++;
              s.send(make(i, (seq = (seq % 9999) + 1)));
            }
            if (stop && inFlight === 0) resolve();
          };
          s.on('message', (data) => {
            inFlight--;
            count++;
            if (!check(data.toString('latin1', 0, 64))) bad++;
            send();
          });
          send();
          setTimeout(() => {
            stop = true;
            if (inFlight === 0) resolve();
          }, seconds * 1000);
        }),
    ),
  );
  for (const s of sockets) s.removeAllListeners('message');
  return { rate: count / seconds, count, bad };
}

async function measure(name, sockets, make, check) {
  await drive(sockets, make, check, 2);
  const r = await drive(sockets, make, check, duration);
  log(`${name}: ${Math.round(r.rate)} frames/s (${r.count} replies, ${r.bad} unexpected)`);
  return r;
}

async function main() {
  log('building');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  const [ccsimPort, echoPort] = [await freePort(), await freePort()];
  startChild(process.execPath, ['dist/cli.js', 'serve', '--file', join(here, 'bench.yaml'), '--scenario', 'ws', '--clock', 'manual', '--port', String(ccsimPort), '--host', '127.0.0.1', '--log-level', 'warn'], { cwd: root });
  startChild(process.execPath, [join(here, 'echo.mjs'), String(echoPort)]);
  const base = `http://127.0.0.1:${ccsimPort}`;
  for (let i = 0; ; i++) {
    try {
      const r = await fetch(`${base}/__admin/clock/run-until`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ t: 2 * 3600 * 1000 }) });
      if (r.ok) break;
      throw new Error(await r.text());
    } catch (err) {
      if (i > 300) throw err;
      await sleep(100);
    }
  }

  const ccsim = await Promise.all(Array.from({ length: connections }, () => open(`ws://127.0.0.1:${ccsimPort}/ccsim.local/service/cc/arm`)));
  for (const s of ccsim) {
    const reply = new Promise((r) => s.once('message', (d) => r(d.toString())));
    s.send(frame('0001', 'login', '<in><request agent_id="101"/></in>'));
    const text = await reply;
    if (!/^01\d{10}0001200/.test(text)) throw new Error(`login failed: ${text.slice(0, 300)}`);
  }
  const sample = await new Promise((r) => {
    ccsim[0].once('message', (d) => r(d.toString()));
    ccsim[0].send(frame('0002', 'operator_call_history', HISTORY));
  });
  const lines = (sample.match(/<call_history /g) ?? []).length;
  log(`operator_call_history reply: ${Buffer.byteLength(sample)} bytes, ${lines} lines`);
  const echo = await Promise.all(Array.from({ length: connections }, () => open(`ws://127.0.0.1:${echoPort}`)));

  const id = (n) => String(n).padStart(4, '0');
  const e = await measure('ws echo', echo, (_i, n) => frame(id(n), 'operator_call_history', HISTORY), (t) => t.includes('operator_call_history'));
  const c = await measure('ccsim', ccsim, (_i, n) => frame(id(n), 'operator_call_history', HISTORY), (t) => /^01\d{14}200<out/.test(t));
  const ratio = c.rate / e.rate;
  console.log(`\n| target | frames/s |\n|---|---:|\n| ccsim operator_call_history (${lines} lines, ${Buffer.byteLength(sample)} B) | ${Math.round(c.rate)} |\n| plain ws echo | ${Math.round(e.rate)} |\n\nratio ccsim/echo: ${ratio.toFixed(2)} (target ≥ 0.5): ${ratio >= 0.5 ? 'PASS' : 'FAIL'}${c.bad ? ` (${c.bad} unexpected replies)` : ''}`);
  for (const s of [...ccsim, ...echo]) s.terminate();
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
