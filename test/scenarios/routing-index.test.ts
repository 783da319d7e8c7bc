/**
 * The dispatcher's index (routing-index.ts) against the scans it replaces: the rank keys order rows as
 * the strategies' comparators do, the chunked sorted list keeps exactly a sorted array's order, and in
 * busy randomized worlds (every strategy, tier rules, timers, busy/reject/no-answer scripts, status and
 * tier changes, config updates) every view the index keeps is what a scan of the queue's tiers finds,
 * and the tier it hands a caller is the one the scan over all tiers picks.
 */
import t from 'tap';
import { Sim } from '../helpers/sim.js';
import { EligibleTiers, agentReady, offerableAt, refresh, setIndexFrom } from '../../src/scenarios/callcenter/routing-index.js';
import { STRATEGY_ORDER, blockOf, compareRanks, walksBefore, writeRank, type CandidateRow, type Pointer, type RankKeys } from '../../src/scenarios/callcenter/strategies/order.js';
import { STRATEGIES, type Strategy } from '../../src/scenarios/callcenter/queue-config.js';
import { isAvailableStatus, isVisibleStatus } from '../../src/scenarios/callcenter/agent-states.js';
import type { Member, Queue, Tier } from '../../src/scenarios/callcenter/model.js';
import type { World } from '../../src/scenarios/callcenter/world.js';

/** A small seeded generator for the test's own choices (not the engine's streams). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const sign = (x: number) => (x < 0 ? -1 : x > 0 ? 1 : 0);

type RankedRow = CandidateRow & RankKeys;

function randomRow(r: () => number, order: number): RankedRow {
  // Small ranges, so that ties at every key are common.
  const small = () => Math.floor(r() * 3);
  return {
    level: small(),
    position: small(),
    order,
    agent: { lastBridgeEnd: small(), talkTimeTotal: small(), callsAnswered: small(), lastOfferedCall: small(), lastOfferSeq: small() },
    rankLevel: 0,
    rank1: 0,
    rank2: 0,
    rank3: 0,
  };
}

t.test('rank keys order rows as each strategy’s comparator does', async (t) => {
  const r = lcg(7);
  for (const strategy of STRATEGIES) {
    let disagreements = 0;
    for (let i = 0; i < 3000; i++) {
      const a = randomRow(r, i * 2);
      const b = randomRow(r, i * 2 + 1);
      writeRank(strategy, a, a);
      writeRank(strategy, b, b);
      // random's draws are made at each walk: its rank is the level, then creation order.
      const expected = strategy === 'random' ? sign(a.level - b.level || a.order - b.order) : sign(STRATEGY_ORDER[strategy](a, b));
      if (sign(compareRanks(a, b)) !== expected) disagreements++;
    }
    t.equal(disagreements, 0, strategy);
  }
});

/** Tier-like entries for the list on its own. */
function entry(r: () => number, order: number): Tier {
  const keys = { rankLevel: Math.floor(r() * 4), rank1: Math.floor(r() * 6), rank2: Math.floor(r() * 3), rank3: 0, order };
  return { ...keys, agent: { id: `a${order}` }, queue: { id: 'q' } } as unknown as Tier;
}

t.test('the chunked sorted list keeps a sorted array’s order through inserts and removals', async (t) => {
  const r = lcg(11);
  const list = new EligibleTiers();
  let reference: Tier[] = [];
  let order = 0;
  let checks = 0;
  let bad = 0;
  for (let step = 0; step < 20000; step++) {
    // Grow to a few hundred (many chunks), then shrink and grow again.
    const grow = reference.length < 20 || (r() < (step % 8000 < 5000 ? 0.6 : 0.35) && reference.length < 700);
    if (grow) {
      const e = entry(r, order++);
      list.insert(e);
      reference.push(e);
      reference.sort(compareRanks);
    } else {
      // Mostly the first (an offer), sometimes any.
      const i = r() < 0.5 ? 0 : Math.floor(r() * reference.length);
      list.remove(reference[i]);
      reference.splice(i, 1);
    }
    if (step % 7 === 0) {
      checks++;
      const level = Math.floor(r() * 5) - 1;
      const after = r() < 0.3 ? Number.NEGATIVE_INFINITY : Math.floor(r() * 7) - 1;
      const expectFirst = reference.find((e) => e.rankLevel > level || (e.rankLevel === level && e.rank1 > after)) ?? null;
      const collected: Tier[] = [];
      list.collectLevel(level, after, collected);
      const expectLevel = reference.filter((e) => e.rankLevel === level && e.rank1 > after);
      const same = (xs: Tier[], ys: Tier[]) => xs.length === ys.length && xs.every((x, k) => x === ys[k]);
      if (list.size !== reference.length || list.first() !== (reference[0] ?? null) || list.firstFrom(level, after) !== expectFirst || !same(collected, expectLevel) || !same(list.toArray(), reference)) bad++;
    }
  }
  t.ok(checks > 2000);
  t.equal(bad, 0, 'size, first, firstFrom, collectLevel and the whole order match the sorted array');
  reference = [];
});

// ---- randomized worlds -------------------------------------------------------------------------------

const ANSWERS = [
  { after: 0 },
  { after: 2 },
  { after: { distribution: 'uniform', min: 0, max: 8 } },
  [{ probability: 0.7, after: 1 }, { busy_after: 0 }, { reject_after: 2 }],
  [{ after: 0 }, { busy_after: 1 }],
  { probability: 0.5, after: 3 },
];

function randomScenario(seed: number): string {
  const r = lcg(seed);
  const queues = ['q0', 'q1', 'q2'].map((id) => {
    const gated = r() < 0.4;
    return {
      id,
      strategy: pick(r, STRATEGIES),
      tier_rules_apply: gated,
      tier_rule_wait_second: gated ? pick(r, [0, 5, 20]) : 0,
      tier_rule_wait_multiply_level: r() < 0.5,
      tier_rule_no_agent_no_wait: r() < 0.5,
      skip_busy_agents: r() < 0.7,
      exit_with_no_av_agents: false,
      try_same_agent_time: r() < 0.3 ? 300 : 0,
      ring_progressively_delay: pick(r, [0, 3]),
    };
  });
  const agents = Array.from({ length: 24 }, (_, i) => {
    const tiers = ['q0', 'q1', 'q2'].filter(() => r() < 0.55);
    if (tiers.length === 0) tiers.push(pick(r, ['q0', 'q1', 'q2']));
    return {
      id: `a${i}`,
      status: pick(r, ['available', 'available', 'available', 'on_demand', 'on_break', 'logged_out']),
      queues: tiers.map((queue) => ({ queue, level: Math.floor(r() * 3), position: Math.floor(r() * 4) })),
      answer: pick(r, ANSWERS),
      talk_time: { distribution: 'exponential', mean: pick(r, [20, 60]) },
      wrap_up_time: pick(r, [0, 0, 2, 5]),
      busy_delay_time: pick(r, [0, 3]),
      reject_delay_time: pick(r, [0, 4]),
      no_answer_delay_time: pick(r, [0, 2]),
      call_timeout: pick(r, [0, 6]),
      max_no_answer: pick(r, [0, 3]),
    };
  });
  const callers = ['q0', 'q1', 'q2'].map((queue) => ({ queue, arrivals: { process: 'poisson', per_hour: pick(r, [300, 900]) }, patience: { distribution: 'exponential', mean: 60 }, numbers: ['+70000000001', '+70000000002', '+70000000003'] }));
  return JSON.stringify({ scenarios: { t: { seed, start: '2026-11-20T09:00:00Z', duration: '1h', queues, agents, callers } } });
}

/** The scan the index replaced: the first tier in walk order whose agent may be offered a call now. */
function scanBest(w: World, q: Queue, pointer: Pointer | null): Tier | null {
  const strategy = q.config.strategy;
  let best: Tier | null = null;
  for (const tier of q.ready) {
    if (!agentReady(tier.agent, w.nowSec(), w.now)) continue;
    if (strategy === 'top-down' && blockOf(strategy, tier, pointer) < 0) continue;
    if (best === null || walksBefore(strategy, tier, best, pointer)) best = tier;
  }
  return best;
}

/** The index's answer to the same question (routing.ts's scanReady and firstTopDown). */
function indexBest(q: Queue, pointer: Pointer | null): Tier | null {
  if (q.config.strategy === 'top-down') {
    const p = pointer ?? { level: 0, position: 0 };
    return q.eligible.firstFrom(p.level, p.position);
  }
  const first = q.eligible.first();
  if (first === null || pointer === null || q.config.strategy !== 'round-robin') return first;
  const after = q.eligible.firstFrom(pointer.level, pointer.position);
  return after !== null && after.rankLevel === pointer.level ? after : first;
}

/** What the index must hold for queue `q`, found by scanning; a list of what differs. */
function differences(w: World, q: Queue, r: () => number): string[] {
  const out: string[] = [];
  refresh(w, q);
  const strategy = q.config.strategy as Strategy;
  const nowSec = w.nowSec();
  const ready = q.ready;
  const eligible = ready.filter((x) => agentReady(x.agent, nowSec, w.now));
  const order = strategy === 'random' ? (a: Tier, b: Tier) => a.level - b.level || a.order - b.order : (a: Tier, b: Tier) => STRATEGY_ORDER[strategy](a, b);
  const expectEligible = eligible.slice().sort(order);
  const got = q.eligible.toArray();
  if (got.length !== expectEligible.length || got.some((x, i) => x !== expectEligible[i])) out.push(`eligible ${got.map((x) => x.agent.id)} ≠ ${expectEligible.map((x) => x.agent.id)}`);
  const held = ready.filter((x) => !agentReady(x.agent, nowSec, w.now));
  if (q.held.length !== held.length || held.some((x) => !q.held.includes(x))) out.push('held tiers differ');
  for (const x of q.held) if (x.heldAt !== offerableAt(w, x.agent)) out.push(`held ${x.agent.id} keyed ${x.heldAt}, clears ${offerableAt(w, x.agent)}`);
  for (let i = 1; i < q.held.length; i++) if (q.held[(i - 1) >> 1].heldAt > q.held[i].heldAt) out.push('held is not a heap');
  const visible = q.tiers.filter((x) => isVisibleStatus(x.agent.status)).sort((a, b) => a.level - b.level || a.position - b.position || a.order - b.order);
  if (q.visible.length !== visible.length || visible.some((x, i) => x !== q.visible[i])) out.push('visible rows differ');
  // Round-robin's pointer: the queue's agent with the latest last_offered_call (a scan of every tier).
  let last: Tier | null = null;
  for (const x of q.tiers) {
    const a = x.agent;
    if (a.lastOfferedCall <= 0) continue;
    if (!last || a.lastOfferedCall > last.agent.lastOfferedCall || (a.lastOfferedCall === last.agent.lastOfferedCall && a.lastOfferSeq > last.agent.lastOfferSeq)) last = x;
  }
  if (q.lastOffered !== last) out.push(`last offered ${q.lastOffered?.agent.id} ≠ ${last?.agent.id}`);
  if (q.availableAgents !== q.tiers.filter((x) => isAvailableStatus(x.agent.status)).length) out.push('available count');
  // The queue's callers from the live calls, in the order they are served (higher score, then first come).
  const callers = w.liveCalls
    .map((c) => c.member)
    .filter((m): m is Member => m !== null && m.queue === q && (m.state === 'waiting' || m.state === 'trying'))
    .sort((a, b) => b.sortKey - a.sortKey || a.seq - b.seq);
  // Every caller is pending (in that order) but for hunting offers under way that a pass moved aside.
  const ring = q.config.strategy === 'ring-all' || q.config.strategy === 'ring-progressively';
  const offered = new Set(q.offered);
  const pending = callers.filter((m) => !offered.has(m));
  if (pending.length !== q.pending.length || pending.some((m, i) => m !== q.pending[i])) out.push('pending list');
  if (q.offered.some((m, i) => m.queue !== q || m.state !== 'trying' || ring || m.listIndex !== i || m.listed !== 2)) out.push('offered list');
  const routable = w.routableOf(q);
  if (routable.length !== callers.length || routable.some((m, i) => m !== callers[i])) out.push('routable callers');
  const open = !q.special && callers.length > 0 && q.eligible.size > 0;
  if (open !== w.openList.includes(q)) out.push(`open ${!open}, should be ${open}`);
  if (strategy !== 'random') {
    // The pick under no pointer, the queue's own pointer, and pointers anywhere.
    const pointers: (Pointer | null)[] = [null, q.lastOffered ? { level: q.lastOffered.level, position: q.lastOffered.position } : null];
    for (let i = 0; i < 4; i++) pointers.push({ level: Math.floor(r() * 4) - 1, position: Math.floor(r() * 5) - 1 });
    for (const p of pointers) {
      const pointer = strategy === 'round-robin' || strategy === 'top-down' ? p : null;
      if (scanBest(w, q, pointer) !== indexBest(q, pointer)) out.push(`pick under pointer ${JSON.stringify(pointer)}`);
    }
  }
  return out;
}

function randomCommand(sim: Sim, r: () => number): void {
  const agent = `a${Math.floor(r() * 24)}`;
  const queue = pick(r, ['q0', 'q1', 'q2']);
  try {
    sim.engine.command((c) => {
      const x = r();
      if (x < 0.3) c.setAgentStatus(agent, pick(r, ['available', 'on_demand', 'on_break', 'logged_out']));
      else if (x < 0.45) c.updateTier(queue, agent, { level: Math.floor(r() * 3), position: Math.floor(r() * 4) });
      else if (x < 0.55) c.updateAgent(agent, { config: { wrap_up_time: pick(r, [0, 1, 7]), busy_delay_time: pick(r, [0, 5]) } });
      else if (x < 0.63) c.setTierJoined(queue, agent, r() < 0.5);
      else if (x < 0.7) c.updateQueue(queue, { strategy: pick(r, STRATEGIES) });
      else if (x < 0.75) c.updateQueue(queue, { skip_busy_agents: r() < 0.5 });
      else if (x < 0.82) c.addTier(queue, agent, Math.floor(r() * 3), Math.floor(r() * 4));
      else if (x < 0.87) c.removeTier(queue, agent);
      else if (x < 0.93) c.startExternalCall(agent, 30);
      else c.setAgentState(agent, pick(r, ['waiting', 'idle']));
    });
  } catch (err) {
    // Commands the world refuses (an unknown tier, an agent already in the queue) change nothing.
    if (!(err instanceof Error) || !('code' in err)) throw err;
  }
}

t.test('in busy randomized worlds the index holds what a scan of the tiers finds, and picks as the scan does', async (t) => {
  // Every queue indexed, however small.
  setIndexFrom(0);
  t.teardown(() => setIndexFrom(null));
  const seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  let checks = 0;
  for (const seed of seeds) {
    const sim = new Sim(randomScenario(seed));
    t.ok(sim.engine.world.queueList.every((q) => q.indexed), 'indexed');
    const r = lcg(seed * 31);
    const w = sim.engine.world;
    const problems: string[] = [];
    for (let step = 1; step <= 300 && problems.length === 0; step++) {
      sim.at(step * 7 + Math.floor(r() * 5));
      if (r() < 0.6) randomCommand(sim, r);
      for (const q of w.queueList) {
        checks++;
        for (const d of differences(w, q, r)) problems.push(`seed ${seed} t=${sim.t} ${q.id} (${q.config.strategy}): ${d}`);
      }
    }
    t.same(problems.slice(0, 5), [], `seed ${seed}: ${sim.of('call.offered').length} offers`);
  }
  t.ok(checks > 10000);
});

/** A randomized world's event log with its commands, with queues indexed from `indexFrom` tiers (null: the defaults). */
function story(seed: number, indexFrom: number | null): string[] {
  setIndexFrom(indexFrom);
  const sim = new Sim(randomScenario(seed));
  const r = lcg(seed * 17);
  for (let step = 1; step <= 250; step++) {
    sim.at(step * 9 + Math.floor(r() * 4));
    if (r() < 0.6) randomCommand(sim, r);
  }
  setIndexFrom(null);
  return sim.events.map((e) => JSON.stringify(e));
}

t.test('indexed queues and scanned ones tell the same story, event for event', async (t) => {
  for (const seed of [21, 22, 23, 24, 25, 26, 27, 28]) {
    const scanned = story(seed, 1_000_000);
    t.ok(scanned.length > 500, `seed ${seed}: ${scanned.length} events`);
    // Every queue indexed; and the defaults, under which a queue is indexed or not as its strategy changes.
    for (const [name, from] of [['indexed', 0], ['by strategy', null]] as const) {
      const indexed = story(seed, from);
      const first = scanned.findIndex((e, i) => e !== indexed[i]);
      t.equal(first === -1 && scanned.length === indexed.length ? -1 : first, -1, `seed ${seed}, ${name}: first difference at ${first}: ${scanned[first]} / ${indexed[first]}`);
    }
  }
});
