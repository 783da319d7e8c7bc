/**
 * `ccsim run` on long work: a progress bar on stderr when stderr is a terminal (seen under a
 * pseudo-terminal made by util-linux's `script`), nothing with --json or when stderr is not a terminal;
 * the run in slices gives the same event log as a run in one go; `--event-types` keeps only some types
 * and a `.gz` file is gzip, both read back.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import t from 'tap';
import { main } from '../../src/command-line.js';
import { Engine } from '../../src/scenarios/engine.js';
import { loadScenarioFile } from '../../src/scenarios/load-scenario.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const FILE = join(ROOT, 'scenarios.yaml');
const NODE = [process.execPath, '--experimental-transform-types', '--disable-warning=ExperimentalWarning', '--import', new URL('../helpers/ts-sources.mjs', import.meta.url).href, 'src/cli.ts'];
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm' };
// tap's own hooks are for the test process, not for the command under test.
delete env.NODE_OPTIONS;

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

/** Runs `ccsim ARGS` with stderr (and stdin) on a pseudo-terminal and stdout into a file: what the terminal showed, and stdout. */
function onTerminal(args: string[]): { terminal: string; stdout: string; status: number | null } {
  const dir = mkdtempSync(join(tmpdir(), 'ccsim-run-'));
  const out = join(dir, 'stdout.txt');
  const command = `${[...NODE, ...args].map(quote).join(' ')} > ${quote(out)}`;
  const r = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
  return { terminal: r.stdout, stdout: readFileSync(out, 'utf8'), status: r.status };
}

async function ccsim(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}

t.test('on a terminal the progress bar is drawn on stderr, and the KPIs go to stdout', { skip: hasScript ? false : 'util-linux script is not installed' }, async (t) => {
  const r = onTerminal(['run', '--file', FILE, '--scenario', 'default', '--duration', '90d']);
  t.equal(r.status, 0, r.terminal);
  t.match(r.stdout, /^scenario default {2}seed 42 {2}7776000 s simulated in \d+ ms/, 'the table on stdout');
  t.notMatch(r.stdout, /virtual|events\/s/, 'no bar on stdout');
  // Frames are redrawn in place: split at the carriage moves.
  const frames = r.terminal.split(/\x1b\[1G/).filter((f) => f.includes(' virtual '));
  t.ok(frames.length >= 2, `${frames.length} frames drawn`);
  const shape = /^default [=-]{24} (\d+)% \| (\d+):\d\d:\d\d of 2160:00:00 virtual \| ([\d,]+) calls \| ([\d,]+) events\/s \| (\S+) left/;
  for (const f of frames) t.match(f, shape, 'each frame says the virtual time done of the total, the calls, events per second and the time left');
  const midway = frames.map((f) => shape.exec(f)).filter((m) => m && Number(m[1]) > 0 && Number(m[1]) < 100);
  t.ok(midway.length >= 1, 'the bar moved during the run');
  t.ok(midway.some((m) => Number((m as RegExpExecArray)[3].replace(/,/g, '')) > 0 && Number((m as RegExpExecArray)[4].replace(/,/g, '')) > 0), 'with calls and a rate');
  t.match(r.terminal, /\x1b\[2K\s*$/, 'and cleared at the end');
});

t.test('with --json, or when stderr is not a terminal, there is no bar', { skip: hasScript ? false : 'util-linux script is not installed' }, async (t) => {
  const json = onTerminal(['run', '--file', FILE, '--scenario', 'default', '--duration', '30d', '--json']);
  t.equal(json.status, 0);
  t.equal(json.terminal.trim(), '', 'nothing on the terminal');
  t.equal(JSON.parse(json.stdout).simulated_seconds, 30 * 86400);
  const piped = spawnSync(NODE[0], [...NODE.slice(1), 'run', '--file', FILE, '--scenario', 'default', '--duration', '30d'], { cwd: ROOT, env, encoding: 'utf8' });
  t.equal(piped.status, 0);
  t.equal(piped.stderr, '', 'stderr into a pipe: nothing');
  t.match(piped.stdout, /^scenario default/);
});

t.test('the run in slices writes the event log a run in one go makes, byte for byte', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ccsim-run-'));
  const file = join(dir, 'events.ndjson');
  const r = await ccsim('run', '--file', FILE, '--scenario', 'default', '--duration', '20d', '--json', '--events', file);
  t.equal(r.code, 0, r.err);
  const lines: string[] = [];
  const engine = new Engine(loadScenarioFile(FILE, { scenario: 'default', duration: '20d' }), { recordLimit: 0, onEvent: (e) => lines.push(JSON.stringify(e)) });
  engine.runToEnd();
  t.ok(lines.length > 100_000, `${lines.length} events`);
  t.equal(readFileSync(file, 'utf8'), lines.join('\n') + '\n');
  t.same(JSON.parse(r.out).calls, engine.report().calls, 'and the same KPIs');
});

t.test('--event-types keeps only those types, and a .gz file is gzip', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ccsim-run-'));
  const all = join(dir, 'all.ndjson');
  const some = join(dir, 'some.ndjson.gz');
  t.equal((await ccsim('run', '--file', FILE, '--scenario', 'default', '--duration', '2d', '--json', '--events', all)).code, 0);
  const r = await ccsim('run', '--file', FILE, '--scenario', 'default', '--duration', '2d', '--json', '--events', some, '--event-types', 'call.answered,agent');
  t.equal(r.code, 0, r.err);
  const raw = readFileSync(some);
  t.same([...raw.subarray(0, 2)], [0x1f, 0x8b], 'a gzip file');
  const kept = gunzipSync(raw).toString('utf8');
  const expected = readFileSync(all, 'utf8')
    .split('\n')
    .filter((l) => l !== '' && /"type":"(call\.answered|agent\.[a-z_]+)"/.test(l));
  t.ok(expected.length > 1000);
  t.equal(kept, expected.join('\n') + '\n', 'the same lines as the whole log has of those types, seq and all');
  const types = new Set(expected.map((l) => JSON.parse(l).type));
  t.ok(types.has('call.answered') && types.has('agent.state') && types.has('agent.wrap_up'), [...types].join(', '));
  t.equal(JSON.parse(r.out).events, readFileSync(all, 'utf8').trim().split('\n').length, 'the KPIs count every event');
  // gzip(1) reads it too.
  const gz = spawnSync('gzip', ['-dc', some]);
  if (gz.status === 0) t.equal(gz.stdout.toString('utf8'), kept);
});

t.test('bad --event-types are usage errors that name the item', async (t) => {
  for (const [args, message] of [
    [['--event-types', 'call'], /^ccsim: --event-types needs --events FILE\n/],
    [['--events', '/tmp/x.ndjson', '--event-types', 'calls'], /^ccsim: --event-types: 'calls' is no event type or family; the families are call, agent, queue, tier, timeline/],
    [['--events', '/tmp/x.ndjson', '--event-types', 'call.answered,call.nope'], /'call\.nope' is no event type or family/],
    [['--events', '/tmp/x.ndjson', '--event-types', 'call,'], /--event-types must be a comma-separated list/],
  ] as [string[], RegExp][]) {
    const r = await ccsim('run', '--file', FILE, '--scenario', 'smoke', ...args);
    t.equal(r.code, 2, args.join(' '));
    t.match(r.err, message);
    t.equal(r.out, '');
  }
});
