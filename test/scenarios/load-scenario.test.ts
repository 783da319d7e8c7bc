/**
 * Scenario files: the shipped ones load, defaults follow seed 001, and every kind of mistake is reported
 * with the file, the line, the key path and what was expected, never as a crash.
 */
import t from 'tap';
import { ScenarioError, loadScenarioFile, loadScenarioText } from '../../src/scenarios/load-scenario.js';
import { DEFAULT_QUEUE_CONFIG, TELPHIN_QUEUE_PARAMS } from '../../src/scenarios/callcenter/queue-config.js';
import { durationMs } from '../../src/scenarios/duration.js';

const FILE = new URL('../../scenarios.yaml', import.meta.url).pathname;

function problems(yaml: string): string[] {
  try {
    loadScenarioText(yaml, 'bad.yaml');
  } catch (err) {
    if (err instanceof ScenarioError) return err.message.split('\n');
    throw err;
  }
  throw new Error('expected a ScenarioError');
}

const minimal = (extra: string) => `scenarios:\n  s:\n    queues:\n      - id: q\n${extra}`;

t.test('the shipped scenarios load', async (t) => {
  const d = loadScenarioFile(FILE);
  t.equal(d.name, 'default');
  t.equal(d.queues.length, 2, 'two queues');
  t.ok(d.agents.length >= 10 && d.agents.length <= 14, `about a dozen agents (${d.agents.length})`);
  t.equal(d.durationMs, 8 * 3600_000);
  t.equal(loadScenarioFile(FILE, { scenario: 'smoke' }).name, 'smoke');
});

t.test('queues get every seed-001 parameter with its documented default', async (t) => {
  const s = loadScenarioText(minimal(''), 'x.yaml');
  const cfg = s.queues[0].config;
  t.equal(TELPHIN_QUEUE_PARAMS.length, 32, 'seed 001 documents 32 queue parameters');
  for (const p of TELPHIN_QUEUE_PARAMS) t.ok(p in cfg, `has ${p}`);
  t.equal(cfg.strategy, 'round-robin');
  t.equal(cfg.tier_rules_apply, true);
  t.equal(cfg.tier_rule_wait_multiply_level, true);
  t.equal(cfg.exit_with_no_av_agents, true);
  t.equal(cfg.skip_busy_agents, true);
  t.equal(cfg.sound_type, 'music');
  t.equal(cfg.tier_rule_no_agent_no_wait, true, 'mod_callcenter default');
  t.equal(cfg.discard_abandoned_after, 60);
  t.equal(cfg.max_wait_time_with_no_agent_time_reached, 5);
  t.same(Object.keys(cfg).sort(), Object.keys(DEFAULT_QUEUE_CONFIG).sort());
});

t.test('sound_type: ring clears sound (seed 001)', async (t) => {
  const s = loadScenarioText(minimal('        sound_type: ring\n        sound: 36\n'), 'x.yaml');
  t.equal(s.queues[0].config.sound, null);
});

t.test('agent groups expand, positions follow the index', async (t) => {
  const s = loadScenarioText(minimal('    agents:\n      - count: 3\n        id_prefix: ag\n        queues: [{ queue: q, level: 2 }]\n'), 'x.yaml');
  t.same(s.agents.map((a) => a.id), ['ag-1', 'ag-2', 'ag-3']);
  t.same(s.agents.map((a) => a.tiers[0]), [1, 2, 3].map((position) => ({ queue: 'q', level: 2, position })));
});

t.test('durations', async (t) => {
  const table: [number | string, number][] = [[90, 90_000], ['90', 90_000], ['90s', 90_000], ['15m', 900_000], ['8h', 28_800_000], ['1d', 86_400_000], ['500ms', 500], ['1h30m', 5_400_000], [1.5, 1500]];
  for (const [input, ms] of table) t.equal(durationMs(input), ms, JSON.stringify(input));
  t.throws(() => durationMs('ten'));
});

const mistakes: [string, string, RegExp][] = [
  ['an unknown strategy', minimal('        strategy: ring-al\n'), /^bad\.yaml:5:19: scenarios\.s\.queues\[0\]\.strategy: must be one of .*"ring-all".* \(got "ring-al"\)$/],
  ['a misspelt key', minimal('        max_wait_tme: 5\n'), /^bad\.yaml:5:\d+: scenarios\.s\.queues\[0\]\.max_wait_tme: unknown key 'max_wait_tme'$/],
  ['a negative number', minimal('        max_wait_time: -3\n'), /queues\[0\]\.max_wait_time: must be >= 0 \(got -3\)$/],
  ['a wrong type', minimal('        record_enabled: "yes"\n'), /queues\[0\]\.record_enabled: must be true or false \(got "yes"\)$/],
  ['a bad duration', minimal('    duration: 8 hours\n'), /scenarios\.s\.duration: must be a duration like/],
  ['an unknown queue in a tier', minimal('    agents:\n      - id: a\n        queues: [{ queue: nope }]\n'), /^bad\.yaml:7:\d+: scenarios\.s\.agents\[0\]\.queues\[0\]\.queue: unknown queue 'nope' \(queues: q\)$/],
  ['a duplicate agent id', minimal('    agents:\n      - id: a\n      - id: a\n'), /agents\[1\]\.id: duplicate agent id 'a'/],
  ['an agent with id and count', minimal('    agents:\n      - { id: a, count: 2 }\n'), /agents\[0\]: needs either 'id' \(one agent\) or 'count'/],
  ['a timeline entry for an unknown agent', minimal('    timeline:\n      - { at: 10, agent: ghost, status: on_break }\n'), /timeline\[0\]\.agent: unknown agent 'ghost'/],
  ['a timeline queue change with a bad value', minimal('    timeline:\n      - { at: 10, queue: q, set: { max_wait_time: "x" } }\n'), /timeline\[0\]\.set\.max_wait_time: 'max_wait_time' must be a non-negative integer/],
  ['a caller group for an unknown queue', minimal('    callers:\n      - { queue: zz, arrivals: { process: poisson, per_hour: 5 } }\n'), /callers\[0\]\.queue: unknown queue 'zz'/],
  ['arrivals missing what their process needs', minimal('    callers:\n      - { queue: q, arrivals: { process: burst, at: 5 } }\n'), /callers\[0\]\.arrivals: process 'burst' needs 'count'/],
  ['an answer spec with two reactions', minimal('    agents:\n      - { id: a, answer: { after: 1, busy_after: 2 } }\n'), /agents\[0\]\.answer: needs exactly one of after, busy_after or reject_after/],
  ['a warm-up longer than the run', minimal('    duration: 1h\n    warmup: 2h\n'), /scenarios\.s\.warmup: must be shorter than the duration/],
  ['a bad start', minimal('    start: yesterday\n'), /scenarios\.s\.start: must be an ISO 8601 date-time/],
  ['a scenario without queues', 'scenarios:\n  s:\n    seed: 1\n', /scenarios\.s: missing required key 'queues'/],
  ['not YAML at all', 'scenarios:\n  s:\n   queues: [\n', /^bad\.yaml:\d+:\d+: \(top level\): not valid YAML/],
  ['a file that is a list', '- 1\n- 2\n', /must be a mapping with a 'scenarios' key/],
  ['an empty file', '', /must be a mapping with a 'scenarios' key/],
  ['a duplicate key', 'scenarios:\n  s:\n    queues: [{ id: q }]\n  s:\n    queues: [{ id: q }]\n', /not valid YAML: Map keys must be unique/],
];

t.test('mistakes are reported with file, line, key path and what was expected', async (t) => {
  for (const [name, yaml, pattern] of mistakes) {
    const lines = problems(yaml);
    t.ok(lines.some((l) => pattern.test(l)), `${name}: ${lines.join(' | ')}`);
  }
});

t.test('an unknown scenario name lists the ones there are', async (t) => {
  t.throws(() => loadScenarioFile(FILE, { scenario: 'nope' }), /no scenario named 'nope' \(the file has: default, smoke\)/);
});

t.test('a missing file is a ScenarioError, not a crash', async (t) => {
  t.throws(() => loadScenarioFile('/nonexistent/scenarios.yaml'), ScenarioError);
});
