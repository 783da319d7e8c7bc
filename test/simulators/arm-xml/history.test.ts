/**
 * operator_call_history and call_history over HTTP against a scripted scenario: an operator's lines are
 * the world's records for that agent (count, durations, directions, release side), every filter selects
 * what it says, and paging by offset/limit and by tag returns every line once.
 */
import t from 'tap';
import { armHarness, historyXml, parseOut, validateAll } from './harness.js';

const SCENARIO = JSON.stringify({
  scenarios: {
    hist: {
      seed: 7,
      start: '2026-11-20T09:00:00Z',
      duration: '2h',
      apis: { arm: { domain: 'cc.example' } },
      queues: [
        { id: 'line', strategy: 'round-robin', tier_rules_apply: false },
        { id: 'vip', strategy: 'longest-idle-agent', tier_rules_apply: false },
      ],
      agents: [
        { id: 'op1', name: 'Olga Petrova', number: '101', queues: [{ queue: 'line', level: 1 }], call_timeout: 8, wrap_up_time: 3, answer: { probability: 0.6, after: 2, otherwise: 'never' }, talk_time: { distribution: 'uniform', min: 20, max: 90 } },
        { id: 'op2', name: 'Ivan Sidorov', number: '102', queues: [{ queue: 'line', level: 1 }, { queue: 'vip', level: 1 }], call_timeout: 8, wrap_up_time: 3, answer: { after: 3 }, talk_time: { distribution: 'uniform', min: 20, max: 60 } },
      ],
      callers: [
        { queue: 'line', arrivals: { process: 'poisson', per_hour: 60 }, patience: { distribution: 'exponential', mean: 90 }, releases_first: 0.5 },
        { queue: 'vip', arrivals: { process: 'poisson', per_hour: 10 } },
      ],
      timeline: [
        { at: 300, agent: 'op1', external_call: 45, direction: 'outbound', number: '5550001' },
        { at: 900, agent: 'op1', external_call: 30, direction: 'inbound', number: '5550002' },
      ],
    },
  },
});

const ts = (ms: number) => {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
};

t.test('an operator\'s history is the world\'s records for its agent, and pages return every line once', async (t) => {
  const h = await armHarness(SCENARIO);
  t.teardown(() => h.close());
  await h.runUntil(1800);
  const cookie = await h.loginHttp('101');
  const get = async (filters: Record<string, string | number | boolean>) => {
    const r = await h.http('operator_call_history', historyXml(filters), cookie);
    t.equal(r.status, 200);
    const out = parseOut(r.xml);
    if (out.error) throw new Error(`error: ${JSON.stringify(out.error)}`);
    return { lines: (out.response.history.call_history ?? []) as Record<string, string>[], tag: out.response.history.tag as string | undefined, xml: r.xml };
  };

  // What the world says, computed here from the records directly.
  const startMs = h.sim.scenario.startMs;
  const calls = h.sim.engine.queries.calls();
  const sec = (tms: number) => Math.floor((startMs + tms) / 1000);
  const answered = calls.filter((c) => c.agent === 'op1' && c.endedT !== null && c.answeredT !== null);
  const missed = calls.flatMap((c) => c.offers.filter((o) => o.agent === 'op1' && o.outcome !== 'answered' && o.endT !== null).map((o) => ({ c, o })));
  t.ok(answered.length >= 5, `op1 answered ${answered.length} calls`);
  t.ok(missed.length >= 2, `op1 missed ${missed.length} rings`);
  t.ok(answered.some((c) => c.kind === 'external' && c.direction === 'outbound'));

  const all = await get({ offset: 0, limit: 1000 });
  t.equal(all.lines.length, answered.length + missed.length, 'one line per answered call and per missed ring');
  const byRef = new Map(all.lines.map((l) => [l.call_ref, l]));
  t.equal(byRef.size, all.lines.length, 'call_refs are unique');
  for (const c of answered) {
    const l = byRef.get(c.id);
    if (!t.ok(l, `line for ${c.id}`) || !l) continue;
    const talk = sec(c.endedT!) - sec(c.answeredT!);
    const direction = c.direction === 'inbound' ? 'in' : 'out';
    const remoteSide = direction === 'in' ? 'released_by_a' : 'released_by_b';
    const agentSide = direction === 'in' ? 'released_by_b' : 'released_by_a';
    t.match(l, {
      direction,
      start_time: ts(startMs + c.arrivedT),
      answer_time: ts(startMs + c.answeredT!),
      release_time: ts(startMs + c.endedT!),
      talk_duration: String(talk),
      duration: String(talk),
      waiting_duration: String(sec(c.answeredT!) - sec(c.arrivedT)),
      total_duration: String(sec(c.endedT!) - sec(c.arrivedT)),
      queue_id: c.queue ?? '',
      digits: '101',
      display_name: 'Olga Petrova',
      remote_digits: c.number,
      release_reason: c.releasedBy === 'caller' ? remoteSide : c.releasedBy === 'agent' ? agentSide : 'released_by_system',
    });
  }
  for (const { c, o } of missed) {
    const l = all.lines.find((x) => x.call_ref.startsWith(`${c.id}#`) && x.release_time === ts(startMs + o.endT!));
    if (!t.ok(l, `line for the missed ring of ${c.id}`) || !l) continue;
    t.match(l, { answer_time: '', talk_duration: '0', duration: '0', direction: 'in', queue_id: 'line', waiting_duration: String(sec(o.endT!) - sec(c.arrivedT)) });
    t.equal(l.release_reason, o.outcome === 'cancel' && o.reason === 'caller_left' && c.releasedBy === 'caller' ? 'released_by_a' : 'released_by_system');
  }
  // Newest first.
  const starts = all.lines.map((l) => l.start_time);
  t.same(starts, [...starts].sort().reverse(), 'newest first');

  // offset/limit pages: every line once, in order.
  const paged: string[] = [];
  for (let offset = 0; ; offset += 4) {
    const p = await get({ offset, limit: 4 });
    paged.push(...p.lines.map((l) => l.call_ref));
    if (p.lines.length < 4) break;
  }
  t.same(paged, all.lines.map((l) => l.call_ref), 'offset/limit pages cover the history once');

  // tag pages resume after the last line, even when newer calls arrive in between.
  const first = await get({ offset: 0, limit: 3 });
  t.ok(first.tag, 'a page has a tag');
  await h.runUntil(2400);
  const tagged = first.lines.map((l) => l.call_ref);
  let tag = first.tag;
  for (let guard = 0; tag && guard < 100; guard++) {
    const p = await get({ offset: 0, limit: 3, tag });
    tagged.push(...p.lines.map((l) => l.call_ref));
    tag = p.tag;
  }
  t.same(tagged, all.lines.map((l) => l.call_ref), 'tag pages cover the history as it was, once, despite newer calls');
  const later = await get({ offset: 0, limit: 1000 });
  t.ok(later.lines.length > all.lines.length, 'newer calls are in the history afterwards');

  // Filters.
  const complete = await get({ offset: 0, limit: 1000, skip_incomplete: true });
  t.equal(complete.lines.length, h.sim.engine.queries.calls().filter((c) => c.agent === 'op1' && c.endedT !== null && c.answeredT !== null).length, 'skip_incomplete drops missed rings');
  const out = await get({ offset: 0, limit: 1000, direction: 'out' });
  t.same(out.lines.map((l) => l.remote_digits), ['5550001'], 'direction=out: the dial-out');
  t.same((await get({ offset: 0, limit: 1000, number: '5550002' })).lines.map((l) => l.direction), ['in'], 'number matches either side');
  t.same((await get({ offset: 0, limit: 1000, from_number: '101' })).lines.map((l) => l.remote_digits), ['5550001'], 'from_number: the operator called');
  t.equal((await get({ offset: 0, limit: 1000, to_number: '101' })).lines.length, later.lines.length - 1, 'to_number: every inbound line');
  const win = later.lines.slice(5, 9);
  const windowed = await get({ offset: 0, limit: 1000, from_date: win[win.length - 1].start_time, to_date: win[0].start_time });
  t.ok(windowed.lines.every((l) => l.start_time >= win[win.length - 1].start_time && l.start_time <= win[0].start_time));
  t.ok(windowed.lines.length >= win.length, 'from_date/to_date are inclusive');
  t.equal((await get({ offset: 0, limit: 1000, cc_agent_id: '101' })).lines.length, later.lines.length, 'cc_agent_id of the operator: all');
  t.equal((await get({ offset: 0, limit: 1000, cc_agent_a_id: '101' })).lines.length, 1, 'cc_agent_a_id: only where the operator called');
  t.equal((await get({ offset: 0, limit: 1000, cc_agent_b_id: '102' })).lines.length, 0, 'another operator is on no line');
  t.equal((await get({ offset: 0, limit: 1000, cc_agent_b_group: 'line' })).lines.length, later.lines.length - 1, 'cc_agent_b_group: the operator on side B');
  t.equal((await get({ offset: 0, limit: 1000, cc_agent_group: 'vip' })).lines.length, 0, 'a group the operator is not in');
  t.equal((await get({ offset: 0, limit: 1000, display_name: 'olga' })).lines.length, later.lines.length, 'display_name by substring, any case');
  t.equal((await get({ offset: 0, limit: 1000, display_name_a: 'Olga' })).lines.length, 1);
  t.equal((await get({ offset: 0, limit: 1000, display_name_b: 'Olga' })).lines.length, later.lines.length - 1);

  t.same(await validateAll(h.sent), [], 'every response validates against its XSD');
});

t.test('bad filters and a missing login are ECSS errors', async (t) => {
  const h = await armHarness(SCENARIO);
  t.teardown(() => h.close());
  await h.runUntil(600);
  const noLogin = await h.http('operator_call_history', historyXml({ limit: 5 }));
  t.equal(noLogin.status, 403);
  t.match(parseOut(noLogin.xml).error, { type: 'not_logged_in' });
  const cookie = await h.loginHttp('101');
  const other = await h.loginHttp('102');
  const page = parseOut((await h.http('operator_call_history', historyXml({ limit: 1 }), other)).xml).response.history;
  const cases: [Record<string, string | number>, RegExp][] = [
    [{ offset: 0 }, /limit: is required/],
    [{ limit: 'x' }, /limit: must be a non-negative integer/],
    [{ limit: -1 }, /limit: must be a non-negative integer/],
    [{ limit: 5, direction: 'sideways' }, /direction: must be in or out/],
    [{ limit: 5, from_date: '2026-11-20' }, /from_date: must be YYYY\/MM\/DD/],
    [{ limit: 5, to_date: '2026/02/31' }, /to_date: must be YYYY\/MM\/DD/],
    [{ limit: 5, from_date: '2026/11/21', to_date: '2026/11/20' }, /from_date: is after to_date/],
    [{ limit: 5, skip_incomplete: 'maybe' }, /skip_incomplete: must be true or false/],
    [{ limit: 5, colour: 'red' }, /colour: is not a filter/],
    [{ limit: 5, tag: 'bm90IGEgdGFn' }, /tag: is not a tag this server returned/],
    [{ limit: 5, tag: page.tag }, /tag: was returned for another history/],
  ];
  for (const [filters, reason] of cases) {
    const r = await h.http('operator_call_history', historyXml(filters), cookie);
    t.equal(r.status, 200, JSON.stringify(filters));
    t.match(parseOut(r.xml).error, { type: 'invalid_request', reason }, JSON.stringify(filters));
  }
  t.match(parseOut((await h.http('operator_call_history', '<in><request/></in>', cookie)).xml).error, { type: 'invalid_request', reason: /filters/ });
  t.same(await validateAll(h.sent), []);
});

t.test('call_history (supervisor) shows every finished call once, sides A and B', async (t) => {
  const h = await armHarness(SCENARIO);
  t.teardown(() => h.close());
  await h.runUntil(1800);
  const r = await h.http('call_history', historyXml({ offset: 0, limit: 10000 }));
  const lines = parseOut(r.xml).response.history.call_history as Record<string, string>[];
  const finished = h.sim.engine.queries.calls().filter((c) => c.endedT !== null);
  t.equal(lines.length, finished.length);
  t.same(new Set(lines.map((l) => l.call_ref)), new Set(finished.map((c) => c.id)));
  const abandoned = finished.find((c) => c.exitReason === 'abandoned');
  if (abandoned) t.match(lines.find((l) => l.call_ref === abandoned.id), { digits_a: abandoned.number, digits_b: '', agent_b_id: '', release_reason: 'released_by_a', answer_time: '' });
  const dialOut = finished.find((c) => c.kind === 'external' && c.direction === 'outbound')!;
  t.match(lines.find((l) => l.call_ref === dialOut.id), { direction: 'out', digits_a: '101', agent_a_id: '101', display_name_a: 'Olga Petrova', digits_b: '5550001', queue_id: '' });
  const byOp2 = await h.http('call_history', historyXml({ limit: 10000, cc_agent_id: '102' }));
  t.equal((parseOut(byOp2.xml).response.history.call_history ?? []).length, finished.filter((c) => c.agent === 'op2').length);
  t.same(await validateAll(h.sent), []);
});
