/**
 * The pure routing functions as tables, each row derived from docs/routing.md:
 * strategies/order.ts (§4), tier-gate.ts (§3.2, §5), agent-states.ts (§3.3, §6).
 */
import t from 'tap';
import { orderCandidates, walksBefore, type CandidateRow, type Pointer } from '../../../src/scenarios/callcenter/strategies/order.js';
import { GATE_START, gateRow, waitForLevel, type GateState, type TierRules } from '../../../src/scenarios/callcenter/tier-gate.js';
import {
  isContactable,
  reachesMaxNoAnswer,
  ringFailureEffect,
  stateAfterRing,
  statusChangeEffect,
  timersClearAt,
  type AgentFacts,
  type AgentState,
  type AgentStatus,
  type RingFailCause,
  type RingFailureEffect,
  type StatusChangeEffect,
  type TierState,
} from '../../../src/scenarios/callcenter/agent-states.js';
import type { Strategy } from '../../../src/scenarios/callcenter/queue-config.js';

// ---- order.ts ---------------------------------------------------------------------------------------

interface Row extends CandidateRow {
  id: string;
}

/** What a row's spec may set besides its level and position (talkTime is the agent's talk_time counter). */
interface RowFacts {
  lastBridgeEnd: number;
  talkTime: number;
  callsAnswered: number;
  lastOfferedCall: number;
  lastOfferSeq: number;
  random: number;
}

/** Rows in the given (creation) order; `order` follows the list. */
function rows(...specs: [string, number, number, Partial<RowFacts>?][]): Row[] {
  return specs.map(([id, level, position, extra], i) => {
    const f = extra ?? {};
    const row: Row = {
      id,
      level,
      position,
      order: i,
      agent: {
        lastBridgeEnd: f.lastBridgeEnd ?? 0,
        talkTimeTotal: f.talkTime ?? 0,
        callsAnswered: f.callsAnswered ?? 0,
        lastOfferedCall: f.lastOfferedCall ?? 0,
        lastOfferSeq: f.lastOfferSeq ?? 0,
      },
    };
    if (f.random !== undefined) row.random = f.random;
    return row;
  });
}

const pointerRows = () => rows(['A', 1, 1], ['B', 1, 2], ['C', 2, 1], ['D', 1, 3], ['E', 0, 5]);

const orderCases: { name: string; strategy: Strategy; rows: Row[]; pointer?: Pointer | null; walk: string[] }[] = [
  {
    name: '§4.1 longest-idle: level, last_bridge_end, position',
    strategy: 'longest-idle-agent',
    rows: rows(['A', 1, 1, { lastBridgeEnd: 100 }], ['B', 1, 2, { lastBridgeEnd: 50 }], ['C', 1, 3], ['D', 2, 1], ['E', 1, 4, { lastBridgeEnd: 50 }]),
    walk: ['C', 'B', 'E', 'A', 'D'],
  },
  {
    name: '§4.2 least-talk-time: level, talk_time, position',
    strategy: 'agent-with-least-talk-time',
    rows: rows(['A', 1, 1, { talkTime: 300 }], ['B', 1, 2, { talkTime: 100 }], ['C', 1, 3, { talkTime: 100 }], ['D', 0, 9, { talkTime: 999 }]),
    walk: ['D', 'B', 'C', 'A'],
  },
  {
    name: '§4.3 fewest-calls: level, calls_answered, position',
    strategy: 'agent-with-fewest-calls',
    rows: rows(['A', 1, 3], ['B', 1, 1, { callsAnswered: 2 }], ['C', 1, 2, { callsAnswered: 2 }], ['D', 2, 0]),
    walk: ['A', 'B', 'C', 'D'],
  },
  {
    name: '§4.4 ring-all: level, position (idle time etc. play no part)',
    strategy: 'ring-all',
    rows: rows(['D', 2, 1], ['C', 1, 3], ['A', 1, 1, { lastBridgeEnd: 999, callsAnswered: 9 }], ['B', 1, 2]),
    walk: ['A', 'B', 'C', 'D'],
  },
  {
    name: '§4.9 ring-progressively: level, position',
    strategy: 'ring-progressively',
    rows: rows(['D', 2, 1], ['C', 1, 3], ['A', 1, 1, { talkTime: 999 }], ['B', 1, 2]),
    walk: ['A', 'B', 'C', 'D'],
  },
  {
    name: '§4.5 sequentially-by-agent-order: level, position, last_offered_call',
    strategy: 'sequentially-by-agent-order',
    rows: rows(['A', 1, 1, { lastOfferedCall: 50 }], ['B', 1, 1, { lastOfferedCall: 20 }], ['C', 1, 0, { lastOfferedCall: 90 }], ['D', 2, 0]),
    walk: ['C', 'B', 'A', 'D'],
  },
  {
    name: '§4.6 random: level first, then the random value',
    strategy: 'random',
    rows: rows(['A', 1, 1, { random: 0.9 }], ['B', 1, 2, { random: 0.1 }], ['C', 0, 5, { random: 0.99 }], ['D', 2, 1, { random: 0 }]),
    walk: ['C', 'B', 'A', 'D'],
  },
  {
    name: '§4.7 top-down, no pointer = (0,0): block 1 is level 0 after position 0, block 2 every level above 0',
    strategy: 'top-down',
    rows: rows(['A', 1, 1], ['B', 1, 2], ['C', 2, 1], ['Z', 0, 0], ['Y', 0, 3]),
    pointer: null,
    walk: ['Y', 'A', 'B', 'C'],
  },
  {
    name: '§4.7 top-down pointer (1,1): rows after it in level 1, then higher levels; nothing before it',
    strategy: 'top-down',
    rows: pointerRows(),
    pointer: { level: 1, position: 1 },
    walk: ['B', 'D', 'C'],
  },
  {
    name: '§4.7 top-down pointer at the last row: zero rows (the pointer then resets)',
    strategy: 'top-down',
    rows: pointerRows(),
    pointer: { level: 2, position: 1 },
    walk: [],
  },
  {
    name: '§4.7 top-down: inside a block, equal positions fall to last_offered_call',
    strategy: 'top-down',
    rows: rows(['B', 1, 1, { lastOfferedCall: 30 }], ['A', 1, 1, { lastOfferedCall: 10 }]),
    pointer: { level: 1, position: 0 },
    walk: ['A', 'B'],
  },
  {
    name: '§4.8 round-robin, never offered: all rows by level, position',
    strategy: 'round-robin',
    rows: pointerRows(),
    pointer: null,
    walk: ['E', 'A', 'B', 'D', 'C'],
  },
  {
    name: '§4.8 round-robin pointer (1,2): block 1 (level 1 after 2), then all rows again (duplicates are harmless)',
    strategy: 'round-robin',
    rows: pointerRows(),
    pointer: { level: 1, position: 2 },
    walk: ['D', 'E', 'A', 'B', 'D', 'C'],
  },
  {
    name: '§4.8 round-robin pointer at the end of level 1: wraps to the lowest level, not on to level 2',
    strategy: 'round-robin',
    rows: pointerRows(),
    pointer: { level: 1, position: 3 },
    walk: ['E', 'A', 'B', 'D', 'C'],
  },
  {
    name: '§4.8 round-robin pointer in level 2: the rest of level 2 first, then everything from the lowest level',
    strategy: 'round-robin',
    rows: rows(['A', 1, 1], ['B', 1, 2], ['C', 2, 1], ['F', 2, 2]),
    pointer: { level: 2, position: 1 },
    walk: ['F', 'A', 'B', 'C', 'F'],
  },
];

t.test('orderCandidates (§4)', async (t) => {
  for (const c of orderCases) {
    t.test(c.name, async (t) => {
      const input = c.rows.slice();
      const got = orderCandidates(c.strategy, c.rows, c.pointer ?? null).map((r) => r.id);
      t.same(got, c.walk);
      t.same(c.rows, input, 'the input is not reordered');
    });
  }
});

const walksBeforeCases: { name: string; strategy: Strategy; a: Row; b: Row; pointer: Pointer | null; before: boolean }[] = (() => {
  const [A, B, C, D, E] = pointerRows();
  const [idleA, idleD] = rows(['A', 1, 1, { lastBridgeEnd: 100 }], ['D', 2, 1]);
  const [r1, r9] = rows(['r1', 1, 5, { random: 0.1 }], ['r9', 1, 1, { random: 0.9 }]);
  return [
    { name: '§4.1 lower level first, whatever the idle time', strategy: 'longest-idle-agent', a: idleA, b: idleD, pointer: null, before: true },
    { name: '§4.1 and not the other way round', strategy: 'longest-idle-agent', a: idleD, b: idleA, pointer: null, before: false },
    { name: '§4.6 random: the smaller draw first within a level', strategy: 'random', a: r1, b: r9, pointer: null, before: true },
    { name: '§4.8 round-robin (1,2): the row after the pointer comes before the top of level 1', strategy: 'round-robin', a: D, b: A, pointer: { level: 1, position: 2 }, before: true },
    { name: '§4.8 round-robin (1,2): level 0 comes before level 1 in the wrapped block', strategy: 'round-robin', a: E, b: A, pointer: { level: 1, position: 2 }, before: true },
    { name: '§4.8 round-robin (1,2): the top of level 1 is not before the row after the pointer', strategy: 'round-robin', a: A, b: D, pointer: { level: 1, position: 2 }, before: false },
    { name: '§4.7 top-down (1,1): the rest of level 1 before level 2', strategy: 'top-down', a: D, b: C, pointer: { level: 1, position: 1 }, before: true },
    { name: '§4.7 top-down (1,1): level 2 not before the rest of level 1', strategy: 'top-down', a: C, b: B, pointer: { level: 1, position: 1 }, before: false },
  ];
})();

t.test('walksBefore (§4)', async (t) => {
  for (const c of walksBeforeCases) t.equal(walksBefore(c.strategy, c.a, c.b, c.pointer), c.before, c.name);
  // The same relation as the full walk: for every two rows in it, walksBefore agrees with their first places.
  for (const c of orderCases) {
    const walk = orderCandidates(c.strategy, c.rows, c.pointer ?? null);
    const first = new Map<string, number>();
    walk.forEach((r, i) => first.has(r.id) || first.set(r.id, i));
    const inWalk = c.rows.filter((r) => first.has(r.id));
    let ok = true;
    for (const a of inWalk) for (const b of inWalk) if (a !== b && walksBefore(c.strategy, a, b, c.pointer ?? null) !== (first.get(a.id)! < first.get(b.id)!)) ok = false;
    t.ok(ok, `agrees with orderCandidates: ${c.name}`);
  }
});

// ---- tier-gate.ts -----------------------------------------------------------------------------------

const R = (over: Partial<TierRules> = {}): TierRules => ({ apply: true, waitSecond: 10, multiplyLevel: true, noAgentNoWait: true, ...over });

/** Walks rows of these levels (in walk order) through the gate; the list of `open` up to the first closed. */
function walkGate(rules: TierRules, levels: number[], elapsed: number): boolean[] {
  const out: boolean[] = [];
  let state: GateState = GATE_START;
  for (const level of levels) {
    const g = gateRow(rules, state, level, elapsed);
    out.push(g.open);
    if (!g.open) break;
    state = g.state;
  }
  return out;
}

const gateCases: { name: string; rules: TierRules; levels: number[]; elapsed: number; open: boolean[] }[] = [
  { name: '§3.2 rules off: everything passes', rules: R({ apply: false }), levels: [1, 2, 3], elapsed: 0, open: [true, true, true] },
  { name: '§3.2 no-wait: the first level passes at once, level 2 is gated', rules: R(), levels: [1, 1, 2], elapsed: 0, open: [true, true, false] },
  { name: '§3.2 multiply: level 2 opens at 2 × 10 = 20 (not at 19)', rules: R(), levels: [1, 2], elapsed: 19, open: [true, false] },
  { name: '§3.2 multiply: level 2 open at 20, level 3 still gated', rules: R(), levels: [1, 2, 3], elapsed: 20, open: [true, true, false] },
  { name: '§3.2 multiply: all open at 30', rules: R(), levels: [1, 2, 3], elapsed: 30, open: [true, true, true] },
  { name: '§3.2 no-wait helps only the first row: first rows at level 2 pass, level 3 waits for 30', rules: R(), levels: [2, 3], elapsed: 0, open: [true, false] },
  { name: '§3.2 level-0 rows first: level 1 is no longer the first row and waits', rules: R(), levels: [0, 1], elapsed: 0, open: [true, false] },
  { name: '§3.2 §8.2 no-wait off: level 1 waits for 1 × wait', rules: R({ noAgentNoWait: false }), levels: [1], elapsed: 9, open: [false] },
  { name: '§3.2 §8.2 no-wait off: level 1 open at 10', rules: R({ noAgentNoWait: false }), levels: [1], elapsed: 10, open: [true] },
  { name: '§3.2 level 0 is never gated, even with no-wait off', rules: R({ noAgentNoWait: false }), levels: [0, 0, 1], elapsed: 0, open: [true, true, false] },
  { name: '§3.2 without multiply every gated level opens at wait (14 s: closed)', rules: R({ multiplyLevel: false, waitSecond: 15 }), levels: [1, 2, 3], elapsed: 14, open: [true, false] },
  { name: '§3.2 without multiply every gated level opens at wait (15 s: all open)', rules: R({ multiplyLevel: false, waitSecond: 15 }), levels: [1, 2, 3], elapsed: 15, open: [true, true, true] },
  { name: '§3.2 gaps are measured on the absolute level: level 3 at 30 (29: closed)', rules: R(), levels: [1, 3], elapsed: 29, open: [true, false] },
  { name: '§3.2 gaps are measured on the absolute level: level 3 at 30', rules: R(), levels: [1, 3], elapsed: 30, open: [true, true] },
  { name: '§3.2 wait 0: every level open', rules: R({ waitSecond: 0, noAgentNoWait: false }), levels: [1, 2, 3], elapsed: 0, open: [true, true, true] },
];

t.test('gateRow walks (§3.2)', async (t) => {
  for (const c of gateCases) t.same(walkGate(c.rules, c.levels, c.elapsed), c.open, c.name);
});

const gateStateCases: { name: string; rules: TierRules; state: GateState; level: number; elapsed: number; open: boolean; after: GateState }[] = [
  { name: '§3.2 no-wait pass: current tier moves, the row is counted', rules: R(), state: { currentTier: 0, rowsInTier: 0 }, level: 1, elapsed: 0, open: true, after: { currentTier: 1, rowsInTier: 1 } },
  { name: '§3.2 same level: only counted', rules: R(), state: { currentTier: 1, rowsInTier: 1 }, level: 1, elapsed: 0, open: true, after: { currentTier: 1, rowsInTier: 2 } },
  { name: '§3.2 time pass: the counter restarts at this row', rules: R(), state: { currentTier: 1, rowsInTier: 3 }, level: 2, elapsed: 20, open: true, after: { currentTier: 2, rowsInTier: 1 } },
  { name: '§3.2 closed: the state is unchanged', rules: R(), state: { currentTier: 1, rowsInTier: 3 }, level: 2, elapsed: 19, open: false, after: { currentTier: 1, rowsInTier: 3 } },
  { name: '§3.2 a lower level than the current tier is just counted', rules: R(), state: { currentTier: 2, rowsInTier: 1 }, level: 1, elapsed: 0, open: true, after: { currentTier: 2, rowsInTier: 2 } },
];

t.test('gateRow state (§3.2)', async (t) => {
  for (const c of gateStateCases) t.same(gateRow(c.rules, c.state, c.level, c.elapsed), { open: c.open, state: c.after }, c.name);
});

const waitCases: { rules: TierRules; level: number; wait: number }[] = [
  { rules: R({ multiplyLevel: true, waitSecond: 10 }), level: 3, wait: 30 },
  { rules: R({ multiplyLevel: true, waitSecond: 10 }), level: 1, wait: 10 },
  { rules: R({ multiplyLevel: true, waitSecond: 10 }), level: 0, wait: 0 },
  { rules: R({ multiplyLevel: false, waitSecond: 10 }), level: 3, wait: 10 },
  { rules: R({ multiplyLevel: true, waitSecond: 300 }), level: 2, wait: 600 },
];

t.test('waitForLevel (§5)', async (t) => {
  for (const c of waitCases) t.equal(waitForLevel(c.rules, c.level), c.wait, `§5 multiply=${c.rules.multiplyLevel} wait=${c.rules.waitSecond} level ${c.level}`);
});

// ---- agent-states.ts --------------------------------------------------------------------------------

const delays = { busy_delay_time: 3, reject_delay_time: 5, no_answer_delay_time: 7 };
const failureCases: { cause: RingFailCause; effect: RingFailureEffect }[] = [
  { cause: 'cancel', effect: { delay: 0, countsAsNoAnswer: false, tierState: 'ready' } },
  { cause: 'busy', effect: { delay: 3, countsAsNoAnswer: false, tierState: 'ready' } },
  { cause: 'reject', effect: { delay: 5, countsAsNoAnswer: false, tierState: 'ready' } },
  { cause: 'no_answer', effect: { delay: 7, countsAsNoAnswer: true, tierState: 'no_answer' } },
];

t.test('ringFailureEffect (§6.3 table)', async (t) => {
  for (const c of failureCases) t.same(ringFailureEffect(c.cause, delays), c.effect, `§6.3 ${c.cause}`);
  t.same(ringFailureEffect('no_answer', { busy_delay_time: 0, reject_delay_time: 0, no_answer_delay_time: 0 }), { delay: 0, countsAsNoAnswer: true, tierState: 'no_answer' }, '§6.3 no delay configured');
});

const maxNoAnswerCases: [count: number, max: number, reached: boolean][] = [
  [1, 0, false],
  [99, 0, false],
  [1, 1, true],
  [1, 2, false],
  [2, 2, true],
  [3, 2, true],
];

t.test('reachesMaxNoAnswer (§6.3 step 3)', async (t) => {
  for (const [count, max, reached] of maxNoAnswerCases) t.equal(reachesMaxNoAnswer(count, max), reached, `count ${count}, max_no_answer ${max}`);
});

const afterRingCases: [bridged: boolean, status: AgentStatus, state: AgentState][] = [
  [true, 'on_demand', 'idle'],
  [false, 'on_demand', 'waiting'],
  [true, 'available', 'waiting'],
  [false, 'available', 'waiting'],
  [true, 'on_break', 'waiting'],
];

t.test('stateAfterRing (§6.4, §8.14)', async (t) => {
  for (const [bridged, status, state] of afterRingCases) t.equal(stateAfterRing(bridged, status), state, `bridged=${bridged}, status at offer ${status}`);
});

const statusCases: [from: AgentStatus, to: AgentStatus, effect: StatusChangeEffect][] = [
  ['available', 'available', { noop: true, resetsCounters: false, cancelsHuntingRing: false }],
  ['on_break', 'available', { noop: false, resetsCounters: true, cancelsHuntingRing: false }],
  ['logged_out', 'available', { noop: false, resetsCounters: true, cancelsHuntingRing: false }],
  ['on_demand', 'available', { noop: false, resetsCounters: true, cancelsHuntingRing: false }],
  ['available', 'on_break', { noop: false, resetsCounters: false, cancelsHuntingRing: true }],
  ['available', 'logged_out', { noop: false, resetsCounters: false, cancelsHuntingRing: true }],
  ['available', 'on_demand', { noop: false, resetsCounters: false, cancelsHuntingRing: true }],
  ['on_break', 'on_demand', { noop: false, resetsCounters: false, cancelsHuntingRing: true }],
];

t.test('statusChangeEffect (§6.5, §8.9)', async (t) => {
  for (const [from, to, effect] of statusCases) t.same(statusChangeEffect(from, to), effect, `${from} -> ${to}`);
});

const NOW = 1_000_000;
const facts = (over: Partial<AgentFacts> = {}, wrap = 0): AgentFacts => ({
  state: 'waiting',
  status: 'available',
  wrapUpFrom: 0,
  readyTime: 0,
  externalCalls: 0,
  config: { wrap_up_time: wrap },
  ...over,
});

const contactCases: { name: string; tier?: TierState; facts: AgentFacts; now?: number; skip?: boolean; ok: boolean }[] = [
  { name: 'a fresh Available, Waiting agent', facts: facts(), ok: true },
  { name: 'rule 1: tier No Answer is contactable', tier: 'no_answer', facts: facts(), ok: true },
  { name: 'rule 1: tier Offering is not', tier: 'offering', facts: facts(), ok: false },
  { name: 'rule 1: tier Standby is not', tier: 'standby', facts: facts(), ok: false },
  { name: 'rule 1: tier Active Inbound is not', tier: 'active_inbound', facts: facts(), ok: false },
  { name: 'rule 2: state Receiving', facts: facts({ state: 'receiving' }), ok: false },
  { name: 'rule 2: state In a queue call', facts: facts({ state: 'in_queue_call' }), ok: false },
  { name: 'rule 2: state Idle', facts: facts({ state: 'idle' }), ok: false },
  { name: 'rule 3: wrap 0 blocks the second the call ended', facts: facts({ wrapUpFrom: NOW }), ok: false },
  { name: 'rule 3: wrap 0, one second later', facts: facts({ wrapUpFrom: NOW - 1 }), ok: true },
  { name: 'rule 3: wrap 10 at end + 10 (strict: not yet)', facts: facts({ wrapUpFrom: NOW - 10 }, 10), ok: false },
  { name: 'rule 3: wrap 10 at end + 11', facts: facts({ wrapUpFrom: NOW - 11 }, 10), ok: true },
  { name: 'rule 3: wrap-up ended early (wrapUpFrom 0) lets the agent in at once', facts: facts({ wrapUpFrom: 0 }, 600), ok: true },
  { name: 'rule 4: ready_time now (non-strict)', facts: facts({ readyTime: NOW }), ok: true },
  { name: 'rule 4: ready_time a second ahead', facts: facts({ readyTime: NOW + 1 }), ok: false },
  { name: 'rule 5: On Break', facts: facts({ status: 'on_break' }), ok: false },
  { name: 'rule 5: On Demand is contactable', facts: facts({ status: 'on_demand' }), ok: true },
  { name: '§3.1: Logged Out is no row at all', facts: facts({ status: 'logged_out' }), ok: false },
  { name: 'rule 6: external call with skip', facts: facts({ externalCalls: 1 }), skip: true, ok: false },
  { name: 'rule 6: external call without skip', facts: facts({ externalCalls: 1 }), skip: false, ok: true },
];

t.test('isContactable (§3.3)', async (t) => {
  for (const c of contactCases) t.equal(isContactable(c.tier ?? 'ready', c.facts, c.now ?? NOW, c.skip ?? true), c.ok, `§3.3 ${c.name}`);
});

const clearCases: { name: string; wrapUpFrom: number; wrap: number; readyTime: number; at: number }[] = [
  { name: 'wrap 0: the next second', wrapUpFrom: 1000, wrap: 0, readyTime: 0, at: 1001 },
  { name: 'wrap 5: end + 5 + 1', wrapUpFrom: 1000, wrap: 5, readyTime: 0, at: 1006 },
  { name: 'a later ready_time wins', wrapUpFrom: 1000, wrap: 5, readyTime: 1010, at: 1010 },
  { name: 'ready_time is non-strict', wrapUpFrom: 1000, wrap: 0, readyTime: 1001, at: 1001 },
  { name: 'ready_time equal to the call end: wrap-up decides', wrapUpFrom: 1000, wrap: 0, readyTime: 1000, at: 1001 },
  { name: 'never bridged: only ready_time', wrapUpFrom: 0, wrap: 30, readyTime: 500, at: 500 },
];

t.test('timersClearAt (§3.3, §8.11)', async (t) => {
  for (const c of clearCases) {
    t.equal(timersClearAt(c.wrapUpFrom, c.wrap, c.readyTime), c.at, c.name);
    // Consistent with isContactable: not contactable the second before, contactable at that second.
    const f = facts({ wrapUpFrom: c.wrapUpFrom, readyTime: c.readyTime }, c.wrap);
    t.ok(isContactable('ready', f, c.at, true), `${c.name}: contactable at ${c.at}`);
    t.notOk(isContactable('ready', f, c.at - 1, true), `${c.name}: not at ${c.at - 1}`);
  }
});
