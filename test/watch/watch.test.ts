/**
 * The local dev loop: `ccsim serve --watch` (the real CLI, from the sources, as a child process) reloads
 * the scenario when its file is edited, through PUT /__admin/scenario (the world starts again, the journal
 * holds the reload); an edit that breaks the file is refused with its file:line:column message and the
 * world goes on as it was; fixing it reloads again; an editor's save by rename is seen. Logs are JSON
 * lines into a pipe and pino-pretty's readable lines on a terminal (util-linux `script`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';

const ROOT = new URL('../..', import.meta.url).pathname;
const NODE = [process.execPath, '--experimental-transform-types', '--disable-warning=ExperimentalWarning', '--import', new URL('../helpers/ts-sources.mjs', import.meta.url).href, 'src/cli.ts'];
const env: NodeJS.ProcessEnv = { ...process.env };
// tap's own hooks are for the test process, not for the server under test.
delete env.NODE_OPTIONS;

const scenario = (queue: string, extra = '') => `scenarios:
  dev:
    seed: 3
    duration: 1h
    queues: [{ id: ${queue} }]
    agents: [{ id: ann, queues: [{ queue: ${queue} }] }]
${extra}`;

interface Served {
  child: ChildProcess;
  port: number;
  /** JSON log lines so far. */
  lines: () => Record<string, unknown>[];
  admin(path: string, init?: RequestInit): Promise<Response>;
  /** Resolves with the first log line (from `from` on) that `match` accepts. */
  logged(match: (line: Record<string, unknown>) => boolean, from?: number): Promise<Record<string, unknown>>;
}

async function serveWatching(t: Test, file: string): Promise<Served> {
  const child = spawn(NODE[0], [...NODE.slice(1), 'serve', '--watch', '--file', file, '--clock', 'manual', '--host', '127.0.0.1', '--port', '0'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => void child.kill('SIGKILL'));
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr?.setEncoding('utf8').on('data', (s: string) => (out += s));
  const lines = () =>
    out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const logged = async (match: (line: Record<string, unknown>) => boolean, from = 0) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = lines().slice(from).find(match);
      if (found) return found;
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`not logged; the log:\n${out}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const listening = await logged((l) => /Server listening at http:\/\/127\.0\.0\.1:\d+/.test(String(l.msg)));
  const port = Number(/:(\d+)$/.exec(String(listening.msg))?.[1]);
  await logged((l) => l.msg === 'watching the scenario file (--watch)');
  return { child, port, lines, logged, admin: (path, init) => fetch(`http://127.0.0.1:${port}/__admin${path}`, init) };
}

const post = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

t.test('an edit reloads the scenario; a broken edit is refused with its line and the world goes on', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ccsim-watch-'));
  const file = join(dir, 'dev.yaml');
  writeFileSync(file, scenario('first'));
  const s = await serveWatching(t, file);
  t.match(await (await s.admin('/scenario')).json(), { name: 'dev', queues: [{ id: 'first' }] });
  await s.admin('/clock/advance', post({ seconds: 60 }));

  // An edit: the world starts again over the new scenario.
  let from = s.lines().length;
  writeFileSync(file, scenario('second'));
  t.match(await s.logged((l) => l.msg === 'scenario reloaded (--watch): the world starts again', from), { file, scenario: 'dev', seed: 3 });
  t.match(await (await s.admin('/scenario')).json(), { queues: [{ id: 'second' }] });
  t.equal((await (await s.admin('/clock')).json()).t, 0, 'the world started again');
  const journal = await (await s.admin('/requests/find', post({ matcher: { kind: 'admin', method: 'PUT', path: '/__admin/scenario' } }))).json();
  t.equal(journal.count, 1, 'the reload went through the door: the journal holds it');

  // A broken edit: refused with its file:line:column, and nothing changes.
  await s.admin('/clock/advance', post({ seconds: 30 }));
  await s.admin('/calls', post({ queue: 'second' }));
  from = s.lines().length;
  writeFileSync(file, scenario('third').replace('duration: 1h', 'duration: forever'));
  const refused = await s.logged((l) => l.level === 50, from);
  t.match(String(refused.msg), /^the edited scenario file is refused; the world goes on with the scenario it had:\n/);
  t.match(String(refused.msg), new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:15: scenarios\\.dev\\.duration: `), 'the message names the file, line and column');
  t.match(await (await s.admin('/scenario')).json(), { queues: [{ id: 'second' }] }, 'the scenario it had');
  t.equal((await (await s.admin('/clock')).json()).t, 30_000, 'the world was not reset');
  t.equal((await (await s.admin('/kpis')).json()).calls.offered, 1, 'and keeps its calls');
  t.equal((await s.admin('/clock/advance', post({ seconds: 10 }))).status, 200, 'and goes on');

  // YAML that does not parse, then a scenario that resolves but whose fault cannot be armed.
  from = s.lines().length;
  writeFileSync(file, 'scenarios:\n  dev: [unclosed\n');
  t.match(String((await s.logged((l) => l.level === 50, from)).msg), /dev\.yaml:\d+:\d+: /);
  from = s.lines().length;
  writeFileSync(file, scenario('third', "    faults: [{ match: { kind: admin }, fault: { kind: status, status: 503 } }]\n"));
  t.match(String((await s.logged((l) => l.level === 50, from)).msg), /faults\[0\]\.match\.kind: faults apply to a client's exchanges/);
  t.equal((await (await s.admin('/clock')).json()).t, 40_000, 'still the same world');

  // Fixed, and saved as editors do (a new file renamed over the old one): reloaded.
  from = s.lines().length;
  writeFileSync(join(dir, '.dev.yaml.tmp'), scenario('fourth'));
  renameSync(join(dir, '.dev.yaml.tmp'), file);
  await s.logged((l) => l.msg === 'scenario reloaded (--watch): the world starts again', from);
  t.match(await (await s.admin('/scenario')).json(), { queues: [{ id: 'fourth' }] });
  t.equal((await (await s.admin('/clock')).json()).t, 0);

  // Saved without a change: nothing happens.
  from = s.lines().length;
  await s.admin('/clock/advance', post({ seconds: 5 }));
  writeFileSync(file, scenario('fourth'));
  await new Promise((r) => setTimeout(r, 600));
  t.notOk(s.lines().slice(from).some((l) => String(l.msg).startsWith('scenario reloaded')), 'the same text is no edit');
  t.equal((await (await s.admin('/clock')).json()).t, 5_000);

  s.child.kill('SIGTERM');
  const code = await new Promise((resolve) => s.child.once('exit', resolve));
  t.equal(code, 0, 'SIGTERM still ends it cleanly');
});

const hasScript = spawnSync('script', ['--version']).status === 0;

t.test('logs are pino-pretty lines on a terminal and JSON lines otherwise', { skip: hasScript ? false : 'util-linux script is not installed' }, async (t) => {
  const started = (child: ChildProcess, output: () => string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (output().includes('ccsim serving')) {
          clearInterval(timer);
          resolve();
        }
      }, 25);
      child.once('exit', () => {
        clearInterval(timer);
        reject(new Error(`exited:\n${output()}`));
      });
    });
  const args = ['serve', '--clock', 'manual', '--scenario', 'smoke', '--host', '127.0.0.1', '--port', '0'];

  // On a terminal (stdout is the pseudo-terminal script makes).
  const command = [...NODE, ...args].map((a) => `'${a}'`).join(' ');
  const tty = spawn('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: { ...env, TERM: 'xterm' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let screen = '';
  tty.stdout?.setEncoding('utf8').on('data', (s: string) => (screen += s));
  t.teardown(() => {
    try {
      process.kill(-(tty.pid as number), 'SIGKILL');
    } catch {
      // Gone already.
    }
  });
  await started(tty, () => screen);
  process.kill(-(tty.pid as number), 'SIGTERM');
  await new Promise((resolve) => tty.once('exit', resolve));
  const plain = screen.replace(/\x1b\[[0-9;]*m/g, '');
  t.match(plain, /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: ccsim serving \{"scenario":"smoke","seed":7,"clock":"manual","speed":1\}\r?$/m, 'a readable line: time, level, message, its fields');
  t.notMatch(plain, /"level":30/, 'no JSON');
  t.match(screen, /\x1b\[32mINFO\x1b\[39m/, 'in colour');

  // Into a pipe: JSON lines.
  const piped = spawn(NODE[0], [...NODE.slice(1), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => void piped.kill('SIGKILL'));
  let out = '';
  piped.stdout?.setEncoding('utf8').on('data', (s: string) => (out += s));
  await started(piped, () => out);
  piped.kill('SIGTERM');
  await new Promise((resolve) => piped.once('exit', resolve));
  const serving = out
    .split('\n')
    .filter((l) => l.includes('ccsim serving'))
    .map((l) => JSON.parse(l));
  t.match(serving, [{ level: 30, msg: 'ccsim serving', scenario: 'smoke', seed: 7 }]);
});

t.test('--watch and CCSIM_WATCH set it; it is off by default', async (t) => {
  const { serveOptions } = await import('../../src/command-line.js');
  t.equal(serveOptions([], {}, []).watch, undefined);
  t.equal(serveOptions(['--watch'], {}, []).watch, true);
  t.equal(serveOptions([], { CCSIM_WATCH: '1' }, []).watch, true);
  t.throws(() => serveOptions(['--watch=yes'], {}, []), /--watch takes no value/);
});
