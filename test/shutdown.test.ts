/**
 * `ccsim serve` stops on SIGTERM or SIGINT with exit code 0 within 5 s, whatever is connected: an event
 * stream, WebSockets (one that answers the close, one that never does), a half-sent upload, sockets left by
 * upgrades no route takes; and a signal in the first instant, before the server listens. Each case spawns
 * the real CLI (src/cli.ts) as a child process on a free port, from the TypeScript sources
 * (helpers/ts-sources.mjs), so it tests this tree and never a stale dist/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import t, { type Test } from 'tap';
import WebSocket from 'ws';

const ROOT = new URL('..', import.meta.url).pathname;
const NODE_ARGS = ['--experimental-transform-types', '--disable-warning=ExperimentalWarning', '--import', new URL('./helpers/ts-sources.mjs', import.meta.url).href];
const EXIT_WITHIN_MS = 5_000;

interface Server {
  child: ChildProcess;
  port: number;
  output: () => string;
  /** Sends the signal; resolves with the exit code (null if killed by a signal) and the ms it took. */
  stop: (signal?: NodeJS.Signals) => Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

function launch(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // tap's own hooks (coverage, process info) are for the test process, not for the server under test.
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, [...NODE_ARGS, 'src/cli.ts', 'serve', '--host', '127.0.0.1', '--port', '0', '--log-level', 'info', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr?.setEncoding('utf8').on('data', (s: string) => (out += s));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, output: () => out, exited };
}

async function serve(t: Test, ...args: string[]): Promise<Server> {
  const { child, output, exited } = launch(args);
  t.teardown(() => void child.kill('SIGKILL'));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(output());
      if (m) {
        clearInterval(timer);
        resolve(Number(m[1]));
      }
    }, 20);
    void exited.then(() => {
      clearInterval(timer);
      reject(new Error(`the server exited before listening:\n${output()}`));
    });
  });
  return {
    child,
    port,
    output,
    stop: async (signal = 'SIGTERM') => {
      const sent = performance.now();
      child.kill(signal);
      const r = await exited;
      return { ...r, ms: performance.now() - sent };
    },
  };
}

function assertCleanExit(t: Test, r: { code: number | null; signal: NodeJS.Signals | null; ms: number }, server: { output: () => string }) {
  t.equal(r.code, 0, `exit code 0 (signal ${r.signal})`);
  t.ok(r.ms < EXIT_WITHIN_MS, `exited within 5 s (${Math.round(r.ms)} ms)`);
  t.notMatch(server.output(), /"level":50|internal error/, 'no error logged while stopping');
}

/** An HTTP/1.1 request over a raw socket, for what a library client would not send. */
function rawSocket(port: number, text: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(text);
      resolve(socket);
    });
    socket.on('error', reject);
  });
}

function comm(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8');
  } catch {
    return '';
  }
}

const upgrade = (path: string) => `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`;

t.test('SIGTERM with an event stream open: the stream ends with event: shutdown, exit 0', async (t) => {
  const server = await serve(t, '--clock', 'realtime', '--speed', '600');
  let body = '';
  const ended = new Promise<string>((resolve, reject) => {
    const req = httpRequest(`http://127.0.0.1:${server.port}/__admin/events/stream?after=0`, (res) => {
      res.setEncoding('utf8');
      res.on('data', (s: string) => (body += s));
      res.on('end', () => resolve('end'));
      res.on('aborted', () => resolve('aborted'));
    });
    req.on('error', reject);
    req.end();
  });
  while (!body.includes('event: call.')) await new Promise((r) => setTimeout(r, 20));
  const r = await server.stop('SIGTERM');
  assertCleanExit(t, r, server);
  t.equal(await ended, 'end', 'the stream was ended, not cut');
  t.match(body, /event: shutdown\ndata: \{\}\n\n$/, 'its last event says the server is stopping');
});

t.test('SIGINT with WebSockets open: a client that answers the close gets 1001; one that never answers is cut off', async (t) => {
  const server = await serve(t, '--clock', 'realtime');
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ccsim.local/service/cc/arm`);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  // Upgraded by hand, and then deaf: it never reads, so it never answers the close frame.
  const deaf = await rawSocket(server.port, upgrade('/ccsim.local/service/cc/arm'));
  const deafGone = new Promise<void>((resolve) => deaf.once('close', () => resolve()));
  await new Promise<void>((resolve) => deaf.once('data', () => resolve()));
  const r = await server.stop('SIGINT');
  assertCleanExit(t, r, server);
  t.equal(await closed, 1001, 'going away');
  await deafGone;
  t.pass('the deaf socket was closed by the server');
});

t.test('a second signal exits at once, with code 0', async (t) => {
  const server = await serve(t, '--clock', 'manual');
  // A WebSocket that never answers the close holds the first stop until its 3 s deadline.
  const deaf = await rawSocket(server.port, upgrade('/ccsim.local/service/cc/arm'));
  await new Promise<void>((resolve) => deaf.once('data', () => resolve()));
  const sent = performance.now();
  server.child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  const r = await server.stop('SIGTERM');
  t.equal(r.code, 0, 'exit code 0');
  t.ok(performance.now() - sent < 2_500, `gone before the first stop's deadline (${Math.round(performance.now() - sent)} ms)`);
});

t.test('after 200 upgrades with a malformed %-escape every socket is closed, and SIGTERM exits 0', async (t) => {
  const server = await serve(t, '--clock', 'manual');
  const answers: Promise<string>[] = [];
  for (let i = 0; i < 200; i++) {
    const path = i % 2 === 0 ? '/%ZZ/service/cc/arm' : '/ccsim.local%ZZ/service/cc/arm';
    const socket = await rawSocket(server.port, upgrade(path));
    // The client never ends its side: only the server can close these.
    answers.push(
      new Promise((resolve) => {
        let text = '';
        socket.setEncoding('utf8').on('data', (s: string) => (text += s));
        socket.once('close', () => resolve(text));
      }),
    );
  }
  const texts = await Promise.all(answers);
  t.ok(
    texts.every((x) => /^HTTP\/1\.1 400 /.test(x)),
    'each got an HTTP 400 before its socket was closed',
  );
  const r = await server.stop('SIGTERM');
  assertCleanExit(t, r, server);
});

t.test('SIGTERM with a half-sent upload: the upload gets a short grace, then exit 0', async (t) => {
  const server = await serve(t, '--clock', 'manual');
  const upload = await rawSocket(server.port, `PUT /__admin/scenario HTTP/1.1\r\nHost: x\r\nContent-Type: application/yaml\r\nContent-Length: 100000\r\n\r\nqueues:\n`);
  const gone = new Promise<void>((resolve) => upload.once('close', () => resolve()));
  upload.resume();
  await new Promise((r) => setTimeout(r, 200));
  const r = await server.stop('SIGTERM');
  assertCleanExit(t, r, server);
  await gone;
  t.pass('the upload connection was closed');
});

t.test('SIGTERM in the first instant, before the server listens, exits 0', { skip: process.platform !== 'linux' && 'reads /proc' }, async (t) => {
  const { child, output, exited } = launch(['--clock', 'realtime']);
  t.teardown(() => void child.kill('SIGKILL'));
  // The earliest moment the process can honour a signal: cli.ts names the process "ccsim" right after
  // installing its handlers (before that, Node's own handler would end it by the signal).
  while (!/^ccsim$/m.test(comm(child.pid as number))) await new Promise((r) => setTimeout(r, 1));
  const sent = performance.now();
  child.kill('SIGTERM');
  const r = await exited;
  assertCleanExit(t, { ...r, ms: performance.now() - sent }, { output });
  t.notMatch(output(), /Server listening/, 'the signal came before the server was listening');
});
