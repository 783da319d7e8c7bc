/** `ccsim run` and `ccsim list` as a user calls them: output shapes, the event file, and bad input. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { main } from '../src/command-line.js';

const FILE = new URL('../scenarios.yaml', import.meta.url).pathname;

function ccsim(...argv: string[]) {
  let out = '';
  let err = '';
  const code = main(argv, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}

t.test('run --json prints exactly one JSON object with the documented keys', async (t) => {
  const r = ccsim('run', '--file', FILE, '--scenario', 'smoke', '--json');
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
  const r = ccsim('run', '--file', FILE, '--scenario', 'smoke');
  t.equal(r.code, 0);
  t.match(r.out, /calls offered\s+\d+/);
  t.match(r.out, /service level\s+[\d.]+ % answered within 20 s/);
  t.match(r.out, /^support\s+\d+/m);
});

t.test('--events writes the log as NDJSON, one event per line, and --seed and --duration apply', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ccsim-'));
  const file = join(dir, 'events.ndjson');
  const r = ccsim('run', '--file', FILE, '--scenario', 'smoke', '--seed', '99', '--duration', '5m', '--json', '--events', file);
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
    [['run', '--file', FILE, '--duration', 'forever'], /duration: must be a duration like/],
    [['run', '--bogus'], /Unknown option '--bogus'/],
    [['fly'], /unknown command 'fly'/],
    [['run', '--file', FILE, '--scenario', 'smoke', '--events', join(dir, 'no/such/dir/e.ndjson')], /cannot write --events file/],
  ];
  for (const [argv, pattern] of cases) {
    const r = ccsim(...argv);
    t.equal(r.code, 2, argv.join(' '));
    t.match(r.err, pattern, argv.join(' '));
    t.notMatch(r.err, /\n\s+at .+:\d+:\d+/, 'no stack trace');
  }
});

t.test('list names the scenarios with their descriptions', async (t) => {
  const r = ccsim('list', '--file', FILE);
  t.equal(r.code, 0);
  t.match(r.out, /^default\t/m);
  t.match(r.out, /^smoke\t/m);
});

t.test('serve takes every flag also as a CCSIM_* environment variable; flags win', async (t) => {
  const { serveOptions } = await import('../src/command-line.js');
  t.same(serveOptions([], {}), { port: 8080, host: '0.0.0.0', file: 'scenarios.yaml', scenario: undefined, seed: undefined, clock: 'realtime', speed: 1, logLevel: 'info', authOff: [] });
  const env = { CCSIM_PORT: '9000', CCSIM_HOST: '127.0.0.1', CCSIM_FILE: 'x.yaml', CCSIM_SCENARIO: 'smoke', CCSIM_SEED: '7', CCSIM_CLOCK: 'manual', CCSIM_SPEED: '10', CCSIM_LOG_LEVEL: 'warn' };
  t.same(serveOptions([], env), { port: 9000, host: '127.0.0.1', file: 'x.yaml', scenario: 'smoke', seed: 7, clock: 'manual', speed: 10, logLevel: 'warn', authOff: [] });
  t.equal(serveOptions([], { PORT: '7000' }).port, 7000, 'PORT as Docker platforms set it');
  t.equal(serveOptions(['--port', '7100'], { CCSIM_PORT: '9000', PORT: '7000' }).port, 7100, 'the flag wins');
  t.equal(serveOptions(['--speed', '2.5'], env).speed, 2.5);
  t.same(serveOptions(['--auth', 'off'], {}).authOff, ['huawei', 'conpeek'], '--auth off: every API with credentials');
  t.same(serveOptions([], { CCSIM_AUTH: 'huawei=off' }).authOff, ['huawei'], 'one API by name');
  t.same(serveOptions(['--auth', 'off'], {}).authOff, serveOptions(['--auth', 'huawei=off,conpeek=off'], {}).authOff);
  for (const [args, message] of [
    [['--port', 'x'], /--port must be a port number/],
    [['--clock', 'fast'], /--clock must be realtime or manual/],
    [['--speed', '0'], /--speed must be a number above 0/],
    [['--seed=-1'], /--seed must be a whole number/],
    [['--log-level', 'loud'], /--log-level must be one of/],
    [['--auth', 'sometimes'], /--auth must be on, off or API=on\|off/],
    [['--auth', 'telphin=off'], /API one of huawei, conpeek/],
  ] as [string[], RegExp][]) {
    t.throws(() => serveOptions(args, {}), message, args.join(' '));
  }
  const r = ccsim('serve', '--clock', 'fast');
  t.equal(await r.code, 2, 'a bad serve flag exits 2 with the usage');
  t.match(r.err, /--clock must be realtime or manual/);
});
