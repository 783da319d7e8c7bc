/** `ccsim run`, `list` and `serve`'s flags as a user calls them: output shapes, the event file, help, and bad input. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { main } from '../src/command-line.js';
import { SWITCHABLE_AUTH } from '../src/simulators/registry.js';

const FILE = new URL('../scenarios.yaml', import.meta.url).pathname;

async function ccsim(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}

t.test('run --json prints exactly one JSON object with the documented keys', async (t) => {
  const r = await ccsim('run', '--file', FILE, '--scenario', 'smoke', '--json');
  t.equal(r.code, 0, r.err);
  const lines = r.out.trim().split('\n');
  t.equal(lines.length, 1);
  const o = JSON.parse(lines[0]);
  for (const k of ['scenario', 'seed', 'simulated_seconds', 'events', 'wall_ms', 'calls', 'service_level', 'service_level_seconds', 'asa_seconds', 'mean_wait_seconds', 'max_wait_seconds', 'occupancy', 'queues']) t.ok(k in o, `has ${k}`);
  for (const k of ['offered', 'answered', 'abandoned', 'timed_out', 'in_progress']) t.type(o.calls[k], 'number', `calls.${k}`);
  for (const k of ['calls', 'service_level', 'asa_seconds', 'mean_wait_seconds']) t.ok(k in o.queues.support, `queues.support.${k}`);
  t.equal(o.scenario, 'smoke');
  t.equal(o.simulated_seconds, 900);
  t.equal(o.calls.offered, o.calls.answered + o.calls.abandoned + o.calls.timed_out + o.calls.rejected + o.calls.in_progress, 'offered calls are accounted for');
});

t.test('run prints a readable table by default', async (t) => {
  const r = await ccsim('run', '--file', FILE, '--scenario', 'smoke');
  t.equal(r.code, 0);
  t.match(r.out, /calls offered\s+\d+/);
  t.match(r.out, /service level\s+[\d.]+ % answered within 20 s/);
  t.match(r.out, /^support\s+\d+/m);
});

t.test('--events writes the log as NDJSON, one event per line, and --seed and --duration apply', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ccsim-'));
  const file = join(dir, 'events.ndjson');
  const r = await ccsim('run', '--file', FILE, '--scenario', 'smoke', '--seed', '99', '--duration', '5m', '--json', '--events', file);
  t.equal(r.code, 0, r.err);
  const o = JSON.parse(r.out);
  t.equal(o.seed, 99);
  t.equal(o.simulated_seconds, 300);
  const events = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  t.equal(events.length, o.events, 'every counted event is in the file');
  t.ok(events.every((e) => typeof e.seq === 'number' && typeof e.t === 'number' && typeof e.type === 'string'));
  t.ok(events.every((e) => e.t <= 300_000));
});

t.test('bad input gets a message and exit code 2, never a stack trace', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ccsim-'));
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'scenarios:\n  s:\n    queues:\n      - id: q\n        strategy: nope\n');
  const cases: [string[], RegExp][] = [
    [['run', '--file', bad], /bad\.yaml:5:19: scenarios\.s\.queues\[0\]\.strategy: must be one of/],
    [['run', '--file', join(dir, 'missing.yaml')], /missing\.yaml: \(top level\): file not found/],
    [['run', '--file', FILE, '--scenario', 'nope'], /no scenario named 'nope'/],
    [['run', '--file', FILE, '--seed', 'abc'], /--seed must be a whole number/],
    [['run', '--file', FILE, '--duration', 'forever'], /--duration must be seconds \(90\) or a duration like/],
    [['run', '--bogus'], /unknown option '--bogus'/],
    [['fly'], /unknown command 'fly'/],
    [['run', '--file', FILE, '--scenario', 'smoke', '--events', join(dir, 'no/such/dir/e.ndjson')], /cannot write --events file/],
  ];
  for (const [argv, pattern] of cases) {
    const r = await ccsim(...argv);
    t.equal(r.code, 2, argv.join(' '));
    t.match(r.err, pattern, argv.join(' '));
    t.notMatch(r.err, /\n\s+at .+:\d+:\d+/, 'no stack trace');
  }
});

t.test('list names the scenarios with their descriptions', async (t) => {
  const r = await ccsim('list', '--file', FILE);
  t.equal(r.code, 0);
  t.match(r.out, /^default\t/m);
  t.match(r.out, /^smoke\t/m);
});

t.test('serve takes every flag also as a CCSIM_* environment variable; flags win', async (t) => {
  const { serveOptions } = await import('../src/command-line.js');
  const serveWith = (args: string[], env: NodeJS.ProcessEnv) => serveOptions(args, env, SWITCHABLE_AUTH);
  t.same(serveWith([], {}), { port: 8080, host: '0.0.0.0', file: 'scenarios.yaml', scenario: undefined, seed: undefined, clock: 'realtime', speed: 1, logLevel: 'info', authOff: [], retainCalls: 20000, retainEvents: 200000, instruments: { journal: { enabled: true, maxEntries: 10000, maxBytes: 67108864, bodyCap: 16384 }, showCredentials: false }, recording: { maxBytes: 67108864, file: undefined, maxSnapshots: 16 } });
  const env = { CCSIM_PORT: '9000', CCSIM_HOST: '127.0.0.1', CCSIM_FILE: 'x.yaml', CCSIM_SCENARIO: 'smoke', CCSIM_SEED: '7', CCSIM_CLOCK: 'manual', CCSIM_SPEED: '10', CCSIM_LOG_LEVEL: 'warn', CCSIM_RETAIN_CALLS: '500', CCSIM_RETAIN_EVENTS: '0' };
  t.same(serveWith([], env), { port: 9000, host: '127.0.0.1', file: 'x.yaml', scenario: 'smoke', seed: 7, clock: 'manual', speed: 10, logLevel: 'warn', authOff: [], retainCalls: 500, retainEvents: 0, instruments: { journal: { enabled: true, maxEntries: 10000, maxBytes: 67108864, bodyCap: 16384 }, showCredentials: false }, recording: { maxBytes: 67108864, file: undefined, maxSnapshots: 16 } });
  t.equal(serveWith(['--retain-calls', '7'], { CCSIM_RETAIN_CALLS: '500' }).retainCalls, 7, 'the flag wins');
  t.same(serveWith(['--journal', 'off', '--journal-entries', '50', '--journal-credentials'], {}).instruments, { journal: { enabled: false, maxEntries: 50, maxBytes: 67108864, bodyCap: 16384 }, showCredentials: true });
  t.same(serveWith([], { CCSIM_JOURNAL: 'off', CCSIM_JOURNAL_BYTES: '4096', CCSIM_JOURNAL_CREDENTIALS: '1', CCSIM_JOURNAL_BODY_BYTES: '512' }).instruments, { journal: { enabled: false, maxEntries: 10000, maxBytes: 4096, bodyCap: 512 }, showCredentials: true });
  t.equal(serveWith(['--journal-body-bytes', '0'], {}).instruments?.journal?.bodyCap, 0, 'bodies not kept at all');
  t.throws(() => serveWith(['--journal-body-bytes', '2000000'], {}), /--journal-body-bytes must be a whole number from 0 to 1048576/);
  t.throws(() => serveWith(['--journal', 'maybe'], {}), /--journal must be on or off/);
  t.throws(() => serveWith(['--retain-calls', '-1'], {}), /--retain-calls must be a whole number from 0 to 10000000/);
  t.throws(() => serveWith(['--retain-events', '1e9'], {}), /--retain-events must be a whole number/);
  t.equal(serveWith([], { PORT: '7000' }).port, 7000, 'PORT as Docker platforms set it');
  t.equal(serveWith(['--port', '7100'], { CCSIM_PORT: '9000', PORT: '7000' }).port, 7100, 'the flag wins');
  t.equal(serveWith(['--speed', '2.5'], env).speed, 2.5);
  t.same(serveWith(['--auth', 'off'], {}).authOff, ['huawei', 'conpeek'], '--auth off: every API with credentials');
  t.same(serveWith([], { CCSIM_AUTH: 'huawei=off' }).authOff, ['huawei'], 'one API by name');
  t.same(serveWith(['--auth', 'off'], {}).authOff, serveWith(['--auth', 'huawei=off,conpeek=off'], {}).authOff);
  for (const [args, message] of [
    [['--port', 'x'], /--port must be a port number/],
    [['--clock', 'fast'], /--clock must be realtime or manual/],
    [['--speed', '0'], /--speed must be a number above 0/],
    [['--seed=-1'], /--seed must be a whole number/],
    [['--log-level', 'loud'], /--log-level must be one of/],
    [['--auth', 'sometimes'], /--auth must be on, off or API=on\|off/],
    [['--auth', 'telphin=off'], /API one of huawei, conpeek/],
  ] as [string[], RegExp][]) {
    t.throws(() => serveWith(args, {}), message, args.join(' '));
  }
  const r = await ccsim('serve', '--clock', 'fast');
  t.equal(await r.code, 2, 'a bad serve flag exits 2 with the usage');
  t.match(r.err, /--clock must be realtime or manual/);
});

t.test('every command prints its own usage with --help or -h (exit 0); --version and -V print the version', async (t) => {
  const version = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
  for (const [command, flag] of [['serve', '--help'], ['run', '-h'], ['list', '--help'], ['serve', '-h']]) {
    const r = await ccsim(command, '--file', FILE, flag);
    t.equal(r.code, 0, `${command} ${flag}`);
    t.match(r.out, new RegExp(`^Usage: ccsim ${command} `), `${command} ${flag} prints ${command}'s usage`);
    t.equal(r.err, '');
  }
  t.match((await ccsim('serve', '--help')).out, /--clock MODE[\s\S]*CCSIM_CLOCK/, "serve's usage names each flag's environment variable");
  t.match((await ccsim('run', '--help')).out, /--duration D +overrides its length: seconds \(90\) or a duration like 90s/);
  t.equal((await ccsim('help', 'run')).out, (await ccsim('run', '--help')).out, 'ccsim help run is ccsim run --help');
  for (const flag of ['--version', '-V']) {
    const r = await ccsim(flag);
    t.equal(r.code, 0);
    t.equal(r.out, `${version}\n`, flag);
  }
  const none = await ccsim();
  t.equal(none.code, 2, 'no command is a usage error');
  t.match(none.err, /^Usage: ccsim COMMAND/);
});

t.test("a bad flag value is reported against the flag, with what it takes, before the scenario file is read", async (t) => {
  const cases: [string[], RegExp][] = [
    [['run', '--duration', '5x'], /^ccsim: --duration must be seconds \(90\) or a duration like 90s, 15m, 8h, 1d or 1h30m \(got '5x'\)\n/],
    [['run', '--duration', '0'], /^ccsim: --duration must be longer than 0 \(got '0'\)\n/],
    [['run', '--seed', '-1'], /^ccsim: --seed must be a whole number from 0 to 4294967295 \(got '-1'\)\n/],
    [['run', '--seed=-1'], /^ccsim: --seed must be a whole number from 0 to 4294967295 \(got '-1'\)\n/],
    [['run', '--seed'], /^ccsim: --seed needs a value\n/],
    [['run', '--scenario', '--json'], /^ccsim: --scenario needs a value\n/],
    [['run', '--json=yes'], /^ccsim: --json takes no value \(got '--json=yes'\)\n/],
    [['run', 'smoke'], /^ccsim: unexpected argument 'smoke' \(the command takes flags only\)\n/],
    [['list', '-x'], /^ccsim: unknown option '-x'\n/],
    [['serve', '--seed', '-1'], /^ccsim: --seed must be a whole number from 0 to 4294967295 \(got '-1'\)\n/],
    [['serve', '--port'], /^ccsim: --port needs a value\n/],
  ];
  for (const [argv, pattern] of cases) {
    // A file that does not exist: the flag must be refused before anyone looks for the file.
    const r = await ccsim(argv[0], '--file', '/nonexistent/scenarios.yaml', ...argv.slice(1));
    t.equal(await r.code, 2, argv.join(' '));
    t.match(r.err, pattern, argv.join(' '));
    t.notMatch(r.err.split('\n')[0], /scenarios\.yaml|ambiguous|ERR_PARSE_ARGS|Did you forget/, `${argv.join(' ')}: the flag is blamed, not the file or the parser`);
    t.match(r.err, new RegExp(`\n\nUsage: ccsim ${argv[0]} `), `${argv.join(' ')}: followed by ${argv[0]}'s usage`);
  }
  const good = await ccsim('run', '--file', FILE, '--scenario', 'smoke', '--duration', '1h30m', '--json');
  t.equal(JSON.parse(good.out).simulated_seconds, 5400, 'a good --duration still applies');
});
