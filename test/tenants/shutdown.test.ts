/**
 * `ccsim serve` with several tenants stops on SIGTERM as it does with one: exit code 0 within 5 s, every
 * tenant's event stream ended with `event: shutdown`, every tenant's ARM WebSocket closed with 1001, with
 * another tenant running a long advance when the signal comes. The real CLI runs as a child process from the
 * TypeScript sources (test/helpers/ts-sources.mjs), as in test/shutdown.test.ts.
 */
import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import t from 'tap';
import WebSocket from 'ws';

const ROOT = new URL('../..', import.meta.url).pathname;
const NODE_ARGS = ['--experimental-transform-types', '--disable-warning=ExperimentalWarning', '--import', new URL('../helpers/ts-sources.mjs', import.meta.url).href];

t.test('SIGTERM with streams and WebSockets open in several tenants, one of them advancing: exit 0 within 5 s', async (t) => {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, [...NODE_ARGS, 'src/cli.ts', 'serve', '--host', '127.0.0.1', '--port', '0', '--clock', 'realtime', '--speed', '600'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => void child.kill('SIGKILL'));
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (out += s));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let port = 0;
  while (!port) {
    const m = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
    if (m) port = Number(m[1]);
    else await new Promise((r) => setTimeout(r, 20));
  }

  const streams = ['default', 'team-a', 'team-b'].map((tenant) => {
    let body = '';
    const ended = new Promise<string>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/__admin/events/stream?after=0', headers: { 'x-ccsim-tenant': tenant } }, (res) => {
        res.setEncoding('utf8').on('data', (s: string) => (body += s));
        res.on('end', () => resolve(body));
        res.on('aborted', () => resolve('aborted'));
      });
      req.on('error', reject);
      req.end();
    });
    return { tenant, ended, body: () => body };
  });
  const sockets = await Promise.all(
    ['team-a', 'team-c'].map(async (tenant) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/__t/${tenant}/ccsim.local/service/cc/arm`);
      const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      return { closed };
    }),
  );
  for (const s of streams) while (!s.body().includes('event: call.')) await new Promise((r) => setTimeout(r, 20));
  // A tenant in manual mode, mid-way through a long advance when the signal comes.
  const manual = async (path: string, body: unknown) =>
    new Promise<number>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port, method: path.includes('advance') ? 'POST' : 'PUT', path, headers: { 'x-ccsim-tenant': 'mover', 'content-type': 'application/json' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', () => resolve(0));
      req.end(JSON.stringify(body));
    });
  t.equal(await manual('/__admin/clock', { mode: 'manual' }), 200);
  void manual('/__admin/clock/advance', { seconds: 86_400 * 30 });
  await new Promise((r) => setTimeout(r, 100));

  const sent = performance.now();
  child.kill('SIGTERM');
  const code = await exited;
  const ms = performance.now() - sent;
  t.equal(code, 0, 'exit code 0');
  t.ok(ms < 5000, `exited within 5 s (${Math.round(ms)} ms)`);
  t.notMatch(out, /"level":50|internal error/, 'no error logged while stopping');
  for (const s of streams) t.match(await s.ended, /event: shutdown\ndata: \{\}\n\n$/, `${s.tenant}: its stream ended with event: shutdown`);
  t.same(await Promise.all(sockets.map((s) => s.closed)), [1001, 1001], "each tenant's WebSocket closed with 1001");
  t.match(out, /"tenant":"team-a"[^\n]*"msg":"tenant made"/, 'the tenants were made (and logged so)');
});
