/**
 * The kept history (history-log.ts) against the definition it replaces: every call record mapped to lines
 * (mapper.ts), filtered, sorted newest first, then tag, offset and limit. A busy center with missed rings,
 * calls finishing out of start order and a small retention is read over HTTP at many instants, with and
 * without filters, for the supervisor and for operators, and paged through by tag; every page must equal
 * the definition line for line, attribute for attribute. Also: lines of calls the world let go are gone.
 */
import t from 'tap';
import { buildApp } from '../../../src/app.js';
import { Simulation } from '../../../src/simulation.js';
import { loadScenarioText } from '../../../src/scenarios/load-scenario.js';
import { compareNewestFirst, matches, parseFilters } from '../../../src/simulators/arm-xml/history.js';
import { operatorHistory, supervisorHistory, type HistoryEntry, type Lookup } from '../../../src/simulators/arm-xml/mapper.js';
import { SCENARIO_FILE } from '../../helpers/app.js';
import { historyXml, parseOut } from './harness.js';

const SCENARIO = `
scenarios:
  busy:
    seed: 5
    duration: 1d
    queues:
      - { id: support, strategy: round-robin, tier_rules_apply: false }
      - { id: sales, strategy: longest-idle-agent, tier_rules_apply: false }
    agents:
      - { id: ann, number: "201", queues: [{ queue: support }], answer: { probability: 0.6, after: 3, otherwise: { reject_after: 2 } }, talk_time: { distribution: exponential, mean: 90 } }
      - { id: ben, number: "202", queues: [{ queue: support }, { queue: sales }], answer: { probability: 0.7, after: 4, otherwise: never }, call_timeout: 10, talk_time: { distribution: exponential, mean: 240 } }
      - { id: cat, number: "203", queues: [{ queue: sales }], answer: { after: 2 }, talk_time: { distribution: uniform, min: 5, max: 600 } }
      - { id: dan, number: "204", queues: [{ queue: support }, { queue: sales }], answer: { busy_after: 1 }, busy_delay_time: 30 }
    callers:
      - { queue: support, arrivals: { process: poisson, per_hour: 120 }, patience: { distribution: exponential, mean: 60 }, numbers: ["+70000000001", "+70000000002"] }
      - { queue: sales, arrivals: { process: poisson, per_hour: 60 }, patience: { distribution: exponential, mean: 120 } }
`;

const DOMAIN = 'ccsim.local';

async function setup(callLimit: number) {
  const sim = new Simulation({ scenario: loadScenarioText(SCENARIO, 'test.yaml', {}), clock: 'manual', speed: 1, callLimit });
  const app = await buildApp({ simulation: sim, scenarioFile: SCENARIO_FILE });
  await app.ready();
  const look: Lookup = {
    startMs: sim.scenario.startMs,
    operator: (id) => {
      const a = sim.engine.queries.agent(id);
      return a ? { id: a.number, name: a.name, groups: a.queues.map((x) => x.queue) } : null;
    },
    recordUrl: (call) => `/${DOMAIN}/records/${call.id}.wav`,
  };
  const login = await app.inject({ method: 'POST', url: `/${DOMAIN}/service/cc/arm/login`, payload: '<in><request agent_id="201"/></in>', headers: { 'content-type': 'text/xml' } });
  const cookies: Record<string, string> = {};
  for (const [agent, number] of [['ann', '201'], ['ben', '202'], ['cat', '203'], ['dan', '204']]) {
    const r = await app.inject({ method: 'POST', url: `/${DOMAIN}/service/cc/arm/login`, payload: `<in><request agent_id="${number}"/></in>`, headers: { 'content-type': 'text/xml' } });
    cookies[agent] = String(r.headers['set-cookie']).split(';')[0];
  }
  t.equal(login.statusCode, 200);
  /** The page the definition gives. */
  const expected = (agent: string | null, filters: Record<string, string | number>): HistoryEntry[] => {
    const q = sim.engine.queries;
    const scope = agent ? `op:${q.agent(agent)!.number}` : 'all';
    const f = parseFilters(Object.fromEntries(Object.entries(filters).map(([k, v]) => [k, String(v)])), scope);
    const calls = q.calls();
    const entries = agent ? operatorHistory(calls, q.agent(agent)!, look) : supervisorHistory(calls, look);
    let list = entries.filter((e) => matches(e, f, (x) => [x.a, x.b])).sort(compareNewestFirst);
    if (f.tag) {
      const after = f.tag;
      list = list.filter((e) => compareNewestFirst(after, e) < 0);
    }
    return list.slice(f.offset, f.offset + f.limit);
  };
  /** The page the server gives. */
  const served = async (agent: string | null, filters: Record<string, string | number>) => {
    const command = agent ? 'operator_call_history' : 'call_history';
    const r = await app.inject({ method: 'POST', url: `/${DOMAIN}/service/cc/arm/${command}`, payload: historyXml(filters), headers: { 'content-type': 'text/xml', ...(agent ? { cookie: cookies[agent] } : {}) } });
    const response = parseOut(r.body).response;
    if (!response || response.history === undefined) throw new Error(r.body);
    const h = response.history === '' ? {} : response.history;
    const lines = ((h.call_history ?? []) as Record<string, unknown>[]).map(({ url_list: _u, ...attrs }) => attrs);
    return { lines, tag: h.tag as string | undefined };
  };
  return { sim, app, expected, served };
}

const FILTER_SETS: Record<string, string | number>[] = [
  { limit: 50 },
  { offset: 7, limit: 13 },
  { limit: 40, skip_incomplete: 'true' },
  { limit: 40, direction: 'in' },
  { limit: 40, number: '+70000000001' },
  { limit: 40, cc_agent_group: 'sales' },
  { limit: 40, cc_agent_id: '202' },
  { limit: 40, display_name: 'a' },
  { limit: 0 },
];

t.test('pages equal the definition at every instant, for the supervisor and each operator, with and without filters', async (t) => {
  const { sim, app, expected, served } = await setup(Number.POSITIVE_INFINITY);
  let compared = 0;
  for (let step = 1; step <= 16; step++) {
    sim.advance(step * 397);
    for (const agent of [null, 'ann', 'ben', 'cat', 'dan']) {
      for (const filters of FILTER_SETS) {
        const want = expected(agent, filters).map((e) => e.attrs);
        const got = (await served(agent, filters)).lines;
        t.same(got, want, `t=${sim.now()} ${agent ?? 'supervisor'} ${JSON.stringify(filters)}`);
        compared += want.length;
      }
    }
  }
  t.ok(compared > 2000, `compared ${compared} lines`);
  await app.close();
});

t.test('paging by tag walks the whole history once, newest first, while calls keep finishing', async (t) => {
  const { sim, app, expected, served } = await setup(Number.POSITIVE_INFINITY);
  sim.advance(6 * 3600);
  for (const agent of [null, 'ben']) {
    const all = expected(agent, { limit: 10000 }).map((e) => e.attrs.call_ref);
    const seen: string[] = [];
    let tag: string | undefined;
    for (;;) {
      const page = await served(agent, tag ? { limit: 9, tag } : { limit: 9 });
      seen.push(...page.lines.map((l) => l.call_ref as string));
      if (!page.tag) break;
      tag = page.tag;
      // Newer calls finishing meanwhile do not shift the pages.
      sim.advance(20);
    }
    t.ok(all.length > 50, `${agent ?? 'supervisor'}: ${all.length} lines`);
    t.same(seen, all, `${agent ?? 'supervisor'}: every line once, in order`);
  }
  await app.close();
});

t.test('with a retention of 40 calls, the history holds exactly the lines of the calls the world keeps', async (t) => {
  const { sim, app, expected, served } = await setup(40);
  for (let step = 1; step <= 8; step++) {
    sim.advance(1800);
    t.equal(sim.engine.queries.retention().next - sim.engine.queries.retention().oldest, 40, 'the world keeps 40 finished calls');
    for (const agent of [null, 'ben']) {
      for (const filters of [{ limit: 10000 }, { offset: 36, limit: 10 }, { limit: 40, skip_incomplete: "true" }] as Record<string, string | number>[]) {
        const want = expected(agent, filters).map((e) => e.attrs);
        const got = (await served(agent, filters)).lines;
        t.same(got, want, `t=${sim.now()} ${agent ?? 'supervisor'} ${JSON.stringify(filters)}`);
      }
    }
    const sup = (await served(null, { limit: 10000 })).lines;
    t.equal(sup.length, 40, 'one supervisor line per kept call');
    // Small pages by tag: a call kept while later-started ones were let go sits among them.
    let tag: string | undefined;
    do {
      const filters: Record<string, string | number> = tag ? { limit: 3, tag } : { limit: 3 };
      const page = await served(null, filters);
      t.same(page.lines, expected(null, filters).map((e) => e.attrs), `t=${sim.now()} page ${JSON.stringify(filters)}`);
      tag = page.tag;
    } while (tag);
  }
  await app.close();
});
