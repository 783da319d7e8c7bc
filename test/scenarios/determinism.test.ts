/**
 * Determinism: the same scenario, seed and commands at the same virtual times give a byte-identical
 * event log; another seed gives another. Two engines in one process never affect each other.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { Engine } from '../../src/scenarios/engine.js';
import { loadScenarioFile } from '../../src/scenarios/load-scenario.js';
import type { WorldEvent } from '../../src/scenarios/callcenter/world.js';

const FILE = new URL('../../scenarios.yaml', import.meta.url).pathname;

/** Runs a scenario to its end with a few commands at fixed virtual times; returns the NDJSON log. */
function runLog(scenario: string, seed?: number, withCommands = true): string {
  const lines: string[] = [];
  const engine = new Engine(loadScenarioFile(FILE, { scenario, seed }), { onEvent: (e: WorldEvent) => lines.push(JSON.stringify(e)) });
  if (withCommands) {
    engine.runUntil(600_000);
    engine.command((c) => c.setAgentStatus('support-1', 'on_break'));
    engine.command((c) => c.injectCaller({ queue: 'support', number: '+74950000001' }));
    engine.runUntil(1_200_000);
    engine.command((c) => c.setAgentStatus('support-1', 'available'));
    engine.command((c) => c.updateQueue('sales', { strategy: 'round-robin' }));
  }
  engine.runToEnd();
  return lines.join('\n') + '\n';
}

t.test('the same scenario, seed and commands give a byte-identical event log', async (t) => {
  const a = runLog('default');
  const b = runLog('default');
  t.ok(a.length > 100_000, `a real day's log (${a.length} bytes)`);
  t.equal(a, b);
});

t.test('another seed gives another event log', async (t) => {
  t.not(runLog('default', 1), runLog('default', 2));
});

t.test('the --seed override replaces the file seed, and nothing else changes', async (t) => {
  const fileSeed = loadScenarioFile(FILE, { scenario: 'default' }).seed;
  t.equal(runLog('default', fileSeed), runLog('default'));
});

t.test('two engines in one process, stepped in turns, each give what they give alone', async (t) => {
  const alone = (scenario: string, seed: number) => {
    const lines: string[] = [];
    const e = new Engine(loadScenarioFile(FILE, { scenario, seed }), { onEvent: (ev) => lines.push(JSON.stringify(ev)) });
    e.runToEnd();
    return { log: lines.join('\n'), kpis: JSON.stringify(e.report()) };
  };
  const expectedA = alone('default', 5);
  const expectedB = alone('default', 6);
  const logA: string[] = [];
  const logB: string[] = [];
  const a = new Engine(loadScenarioFile(FILE, { scenario: 'default', seed: 5 }), { onEvent: (ev) => logA.push(JSON.stringify(ev)) });
  const b = new Engine(loadScenarioFile(FILE, { scenario: 'default', seed: 6 }), { onEvent: (ev) => logB.push(JSON.stringify(ev)) });
  for (let t = 0; t <= 8 * 3600_000; t += 7 * 60_000) {
    a.runUntil(t);
    b.runUntil(t + 3 * 60_000);
  }
  a.runToEnd();
  b.runToEnd();
  t.equal(logA.join('\n'), expectedA.log, 'engine A unaffected by B');
  t.equal(logB.join('\n'), expectedB.log, 'engine B unaffected by A');
  t.equal(JSON.stringify(a.report()), expectedA.kpis);
  t.equal(JSON.stringify(b.report()), expectedB.kpis);
  t.not(expectedA.log, expectedB.log, 'and the two really differ');
});

t.test('the event log carries seq, t and type first, numbered without gaps', async (t) => {
  const lines = runLog('smoke', undefined, false).trim().split('\n').map((l) => JSON.parse(l) as WorldEvent);
  t.same(Object.keys(lines[0]).slice(0, 3), ['seq', 't', 'type']);
  t.same(lines.map((e) => e.seq), lines.map((_, i) => i + 1));
  t.ok(lines.every((e, i) => i === 0 || e.t >= lines[i - 1].t), 'time never goes back');
  const types = new Set<string>(lines.map((e) => e.type));
  for (const type of ['call.arrived', 'call.offered', 'call.answered', 'call.ended', 'agent.state']) t.ok(types.has(type), `has ${type}`);
});

t.test('domain code never reads the wall clock or Math.random', async (t) => {
  const { execSync } = await import('node:child_process');
  const hits = execSync(`grep -rnE "Math\\.random|Date\\.now|new Date\\(\\)|performance\\.now|process\\.hrtime" src/scenarios || true`, { cwd: new URL('../..', import.meta.url).pathname }).toString();
  // The pacer is the one module allowed a wall clock, and only as the injectable default.
  const isComment = (l: string) => /^[^:]+:\d+:\s*(\*|\/\/)/.test(l);
  const offending = hits.split('\n').filter((l) => l && !isComment(l) && !l.startsWith('src/scenarios/kernel/pacer.ts'));
  t.same(offending, []);
  t.ok(readFileSync(new URL('../../src/scenarios/kernel/pacer.ts', import.meta.url), 'utf8').includes('clock: WallClock = systemClock'));
});

t.test('a listener that throws does not half-apply a change; the error surfaces afterwards', async (t) => {
  let fail = true;
  const engine = new Engine(loadScenarioFile(FILE, { scenario: 'smoke' }), {
    onEvent: (e) => {
      if (fail && e.type === 'agent.status') throw new Error('disk full');
    },
  });
  t.throws(() => engine.command((c) => c.setAgentStatus('agent-1', 'on_break')), /disk full/);
  fail = false;
  t.equal(engine.queries.agent('agent-1')?.status, 'on_break', 'the change was applied whole');
  engine.command((c) => c.setAgentStatus('agent-1', 'available'));
  t.equal(engine.queries.agent('agent-1')?.status, 'available', 'and the engine goes on');
});
