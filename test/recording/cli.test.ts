/**
 * The recording on the command line: `serve --record FILE` (the file as it goes, its end line when the
 * server stops), `ccsim replay FILE` with --json, --events and --responses and its exit codes, a file
 * that is not a recording, and `--to-scenario`, whose timeline entries, added to the recorded scenario,
 * make the same changes at the same times. Also the serve flags as parsed.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { parse } from 'yaml';
import { main, serveOptions } from '../../src/command-line.js';
import { SWITCHABLE_AUTH } from '../../src/simulators/registry.js';
import { Engine } from '../../src/scenarios/engine.js';
import { loadScenarioText } from '../../src/scenarios/load-scenario.js';
import { parseRecording } from '../../src/recording/format.js';
import { DAY, fiveApiSession, http, serveRecorded } from './session.js';

async function ccsim(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'ccsim-recording-'));

t.test('serve --record writes the recording as it goes and its end line when the server stops; ccsim replay replays it', async (t) => {
  const file = join(dir, 'session.ndjson');
  const served = await serveRecorded({ recording: { file } });
  await fiveApiSession(served, async (s) => void (await http(served.base, 'POST', '/__admin/clock/advance', JSON.stringify({ seconds: s }))));
  await new Promise((r) => setTimeout(r, 250));
  const during = readFileSync(file, 'utf8');
  t.ok(during.split('\n').length > 100, 'the file holds the session before the server stops');
  t.notMatch(during, /"type":"end"/, 'but no end line yet');
  const inMemory = (await http(served.base, 'GET', '/__admin/recording')).text;
  await served.close();
  const written = readFileSync(file, 'utf8');
  const rec = parseRecording(written);
  t.ok(rec.end?.complete, 'an end line when the server stopped');
  t.equal(written.split('\n').slice(0, -2).join('\n'), inMemory.split('\n').slice(0, -2).join('\n'), 'the same lines as GET /__admin/recording');

  const events = join(dir, 'events.ndjson');
  const responses = join(dir, 'responses.ndjson');
  const r = await ccsim('replay', file, '--json', '--events', events, '--responses', responses);
  t.equal(r.code, 0, r.err);
  const report = JSON.parse(r.out);
  t.equal(report.differing, 0, JSON.stringify(report.differences));
  t.equal(createHash('sha256').update(readFileSync(events)).digest('hex'), rec.end?.sha256, "the --events file is the served event log: its SHA-256 is the end line's");
  const outputs = readFileSync(responses, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  t.equal(outputs.filter((o) => o.type === 'response').length, rec.lines.filter((l) => l.type === 'response').length, '--responses: every response');
  t.equal(outputs.filter((o) => o.type === 'out').length, rec.lines.filter((l) => l.type === 'out').length, 'and every frame out');
  const summary = await ccsim('replay', file);
  t.equal(summary.code, 0);
  t.match(summary.out, /^replayed .*session\.ndjson: \d+ inputs to t=\d+ ms/);
  t.match(summary.out, /event log +\d+ events, byte-identical/);

  // A served response edited: the replay says where it differs, and exits 1.
  const edited = written.replace(/"type":"response","input":(\d+),"status":200/, '"type":"response","input":$1,"status":201');
  writeFileSync(join(dir, 'edited.ndjson'), edited);
  const d = await ccsim('replay', join(dir, 'edited.ndjson'));
  t.equal(d.code, 1);
  t.match(d.out, /1 difference:\n {2}input \d+: status 200 replayed, 201 served/);
});

t.test('a file that is not a recording of this ccsim is a usage error naming the line', async (t) => {
  writeFileSync(join(dir, 'not.ndjson'), '{"type":"ccsim-recording","format":1,"ccsim":"9.9.9"}\n');
  const r = await ccsim('replay', join(dir, 'not.ndjson'));
  t.equal(r.code, 2);
  t.match(r.err, /^ccsim: .*not\.ndjson: the recording cannot be replayed: line 1: a recording of ccsim 9\.9\.9; this is ccsim /);
  t.match((await ccsim('replay', join(dir, 'missing.ndjson'))).err, /cannot read the recording '.*missing\.ndjson' \(ENOENT\)/);
  const none = await ccsim('replay');
  t.equal(none.code, 2);
  t.match(none.err, /replay needs the recording FILE[\s\S]*Usage: ccsim replay FILE/);
  t.match((await ccsim('replay', '--help')).out, /^Usage: ccsim replay FILE \[flags\]/);
});

t.test('--to-scenario: the timeline entries, added to the recorded scenario, make the same changes at the same times', async (t) => {
  const served = await serveRecorded();
  const { base } = served;
  const post = (url: string, body: unknown) => http(base, 'POST', url, JSON.stringify(body));
  const advance = (seconds: number) => post('/__admin/clock/advance', { seconds });
  await advance(30);
  await post('/__admin/agents/alice/status', { status: 'on_break' });
  await advance(45);
  await post('/__admin/calls', { queue: 'sales', number: '+74950002222', patience: 40 });
  await advance(20);
  await http(base, 'PUT', '/api/agents/2/status', JSON.stringify({ agentStatus: 5 }));
  await post('/__admin/agents/carol/rest', { seconds: 300 });
  const fault = JSON.parse((await post('/__admin/faults', { match: { api: 'conpeek' }, fault: { kind: 'status', status: 503 } })).text);
  await advance(60);
  await http(base, 'DELETE', `/__admin/faults/${fault.id}`);
  await post('/__admin/agents/alice/status', { status: 'available' });
  await post('/__admin/reset', {});
  await advance(10);
  const text = (await http(base, 'GET', '/__admin/recording')).text;
  await served.close();
  const file = join(dir, 'timeline.ndjson');
  writeFileSync(file, text);

  const r = await ccsim('replay', file, '--to-scenario');
  t.equal(r.code, 0, r.err);
  t.match(r.out, /^# The world-changing inputs of .*timeline\.ndjson, a recording of scenario 'day' \(seed 11\)/);
  t.match(r.out, /# Left out \(no timeline entry expresses them\): .*1 resets/);
  const { timeline } = parse(r.out) as { timeline: Record<string, unknown>[] };
  t.same(timeline, [
    { at: 30, agent: 'alice', status: 'on_break' },
    { at: 75, call: { queue: 'sales', number: '+74950002222', patience: 40 } },
    { at: 95, agent: 'bob', status: 'on_break' },
    { at: 95, agent: 'carol', rest: 300 },
    { at: 95, fault: { match: { api: 'conpeek' }, fault: { kind: 'status', status: 503 } }, for: 60 },
    { at: 155, agent: 'alice', status: 'available' },
  ]);
  // Into the scenario: it loads, and its run makes each change at its time.
  const scenario = JSON.parse(DAY);
  scenario.scenarios.day.timeline = timeline;
  const events: Record<string, unknown>[] = [];
  const engine = new Engine(loadScenarioText(JSON.stringify(scenario), 'day.yaml', {}), { onEvent: (e) => events.push(e as unknown as Record<string, unknown>) });
  engine.runUntil(200_000);
  const has = (m: Record<string, unknown>) => events.some((e) => Object.entries(m).every(([k, v]) => e[k] === v));
  t.ok(has({ t: 30_000, type: 'agent.status', agent: 'alice', status: 'on_break' }));
  t.ok(has({ t: 75_000, type: 'call.arrived', queue: 'sales', number: '+74950002222' }));
  t.ok(has({ t: 95_000, type: 'agent.status', agent: 'bob', status: 'on_break' }));
  t.ok(has({ t: 95_000, type: 'agent.rest_requested', agent: 'carol', seconds: 300 }));
  t.ok(has({ t: 155_000, type: 'agent.status', agent: 'alice', status: 'available' }));
  t.same(JSON.parse((await ccsim('replay', file, '--to-scenario', '--json')).out).timeline, timeline, '--json gives the same entries');
});

t.test('serve --record, --record-bytes, --snapshots and --snapshot, from flags and the environment', async (t) => {
  const o = serveOptions(['--record', 'r.ndjson', '--record-bytes', '1000', '--snapshots', '3', '--snapshot', 's.ndjson'], {}, SWITCHABLE_AUTH);
  t.same(o.recording, { maxBytes: 1000, file: 'r.ndjson', maxSnapshots: 3 });
  t.equal(o.snapshot, 's.ndjson');
  const e = serveOptions([], { CCSIM_RECORD: 'e.ndjson', CCSIM_RECORD_BYTES: '0', CCSIM_SNAPSHOTS: '1' }, SWITCHABLE_AUTH);
  t.same(e.recording, { maxBytes: 0, file: 'e.ndjson', maxSnapshots: 1 });
  const bad = await ccsim('serve', '--record-bytes', 'lots');
  t.equal(bad.code, 2);
  t.match(bad.err, /--record-bytes must be a whole number from 0 to 1073741824 \(got 'lots'\)/);
  const missing = await ccsim('serve', '--snapshot', join(dir, 'nope.ndjson'), '--port', '0', '--log-level', 'silent');
  t.equal(missing.code, 2);
  t.match(missing.err, /cannot read --snapshot '.*nope\.ndjson' \(ENOENT\)/);
  const unwritable = await ccsim('serve', '--record', join(dir, 'no', 'such', 'dir.ndjson'), '--port', '0', '--log-level', 'silent');
  t.equal(unwritable.code, 2);
  t.match(unwritable.err, /cannot write the recording to --record '.*dir\.ndjson' \(ENOENT\)/);
});
