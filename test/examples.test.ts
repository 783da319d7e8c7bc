/**
 * The examples in examples/ run as a team would run them, importing `ccsim/client` and `ccsim/testing`
 * by the package's name (its `exports`; here resolved to this tree's sources through the `ccsim-source`
 * condition, so they never run a stale dist/): the client example against a server in manual mode, the
 * testing example under Node's own test runner. And what `npm pack` would ship holds what the exports name.
 */
import { spawn, spawnSync } from 'node:child_process';
import t from 'tap';
import { start } from '../src/testing/index.js';

const ROOT = new URL('..', import.meta.url).pathname;
const NODE_ARGS = ['--conditions=ccsim-source', '--experimental-transform-types', '--disable-warning=ExperimentalWarning', '--import', new URL('./helpers/ts-sources.mjs', import.meta.url).href];
const env: NodeJS.ProcessEnv = { ...process.env };
// tap's own hooks are for the test process.
delete env.NODE_OPTIONS;

function node(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...NODE_ARGS, ...args], { cwd: ROOT, env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

t.test('examples/client.ts drives a server from code', async (t) => {
  const server = await start({ scenario: 'smoke', clock: 'realtime' });
  t.teardown(server.stop);
  const r = await node(['examples/client.ts'], { CCSIM_URL: server.baseUrl });
  t.equal(r.code, 0, r.err);
  t.match(r.out, /^ccsim serves smoke \(seed 7\), clock realtime\n/);
  t.match(r.out, /\ncall [0-9a-f-]{36} answered by agent-\d after 3 s\n/);
  t.match(r.out, /\nConpeek answered 503\nverified: one 503 from Conpeek\nrefused: invalid \(seconds\)\n/);
  t.match(r.out, /\nafter 60 s: \d+ calls offered, \d+ answered\n$/);
  t.equal((await server.client.clock()).mode, 'manual', 'it stopped the clock');
});

t.test('examples/testing.test.ts passes under node --test', async (t) => {
  const r = await node(['--test', '--test-reporter=tap', 'examples/testing.test.ts']);
  t.equal(r.code, 0, r.out + r.err);
  t.match(r.out, /^ok 1 - the queue status counts the callers ccsim put in the queue$/m);
  t.match(r.out, /^# pass 1$/m);
  t.match(r.out, /^# fail 0$/m);
});

t.test("npm pack ships what the package's exports and the CLI need", async (t) => {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', env });
  t.equal(r.status, 0, r.stderr);
  const files = new Set((JSON.parse(r.stdout)[0].files as { path: string }[]).map((f) => f.path));
  const pkg = JSON.parse(spawnSync('cat', ['package.json'], { cwd: ROOT, encoding: 'utf8' }).stdout);
  for (const [name, target] of Object.entries(pkg.exports as Record<string, string | Record<string, string>>)) {
    const targets = typeof target === 'string' ? [target] : [target.types, target.default];
    for (const file of targets) t.ok(files.has(file.replace(/^\.\//, '')), `${name}: ${file}`);
  }
  for (const file of ['dist/cli.js', 'scenarios.yaml', 'schemas/admin/admin.schema.json', 'schemas/events/events.schema.json', 'package.json']) t.ok(files.has(file), file);
  t.notOk([...files].some((f) => f.startsWith('src/') || f.startsWith('test/')), 'no sources or tests');
});
