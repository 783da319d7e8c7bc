// What it costs to touch one of N records, as a call touches its agent: N objects shaped like ccsim's
// agent records (40 fields, a tier and a twister-like state word each), visited in the order a
// longest-idle queue offers them (each one again only after all the others), reading and writing a
// dozen fields of the record, its tier and its state. The work per visit is the same for every N; only
// how many records take turns changes, so the time per visit shows what the memory costs (every size is
// measured twice, the second time after the others: the better is shown): bench/engine/README.md, "Scale".
//
// Usage: node bench/engine/touch-records.mjs [sizes=50,500,5000,50000] [visits=2000000]
const sizes = (process.argv[2] ?? '50,500,5000,50000').split(',').map(Number);
const visits = Number(process.argv[3] ?? 2_000_000);

class Tier {
  constructor(agent, order) {
    this.state = 'ready';
    this.joined = true;
    this.readyIndex = -1;
    this.place = 0;
    this.heldIndex = -1;
    this.heldAt = 0;
    this.rankLevel = 0;
    this.rank1 = 0;
    this.rank2 = 0;
    this.rank3 = 0;
    this.order = order;
    this.agent = agent;
  }
}

function makeAgent(i, slab) {
  const a = { id: `a-${i}`, index: i, status: 'available', state: 'waiting', lastBridgeStart: 0, lastBridgeEnd: 0, wrapUpFrom: 0, lastOfferedCall: 0, lastOfferSeq: 0, readyTime: 0, retryAfterT: 0, noAnswerCount: 0, callsAnswered: 0, talkTimeTotal: 0, offers: 0, leg: null, call: null, stateSinceT: 0, statusSinceT: 0, wrapUpEndT: null, rest: null, externalCalls: 0, f0: 0, f1: 0, f2: 0, f3: 0, f4: 0, f5: 0, f6: 0, f7: 0, f8: 0, f9: 0, f10: 0, f11: 0, f12: 0, f13: 0, tiers: [], slab, at: (i % 64) * 624 };
  a.tiers.push(new Tier(a, i));
  return a;
}

function measure(n) {
  const slabs = [];
  const agents = [];
  for (let i = 0; i < n; i++) {
    if (i % 64 === 0) slabs.push(new Uint32Array(64 * 624).fill(i));
    agents.push(makeAgent(i, slabs[slabs.length - 1]));
  }
  // A shuffled order, as agents come back from calls of random length, then visited round and round.
  const order = agents.map((_, i) => i);
  let seed = 12345;
  for (let i = n - 1; i > 0; i--) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    const j = seed % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  let sink = 0;
  const once = (count) => {
    for (let v = 0; v < count; v++) {
      const a = agents[order[v % n]];
      // An offer, an answer and an end: the agent's counters and state, its tier, one draw of its stream.
      a.statusAtOffer = a.status;
      a.lastOfferedCall = v;
      a.lastOfferSeq = v;
      const t = a.tiers[0];
      t.state = 'offering';
      t.place = 0;
      a.state = 'receiving';
      a.lastBridgeStart = v;
      a.callsAnswered++;
      a.offers++;
      sink += a.slab[a.at++ % (64 * 624)];
      a.lastBridgeEnd = v + 180;
      a.wrapUpFrom = v + 180;
      a.talkTimeTotal += 180;
      t.state = 'ready';
      t.heldAt = v;
      a.state = 'waiting';
    }
  };
  once(Math.min(visits, 200_000)); // warm up
  const t0 = process.hrtime.bigint();
  once(visits);
  const ns = Number(process.hrtime.bigint() - t0) / visits;
  return { n, ns, sink };
}

const best = new Map();
for (let round = 0; round < 2; round++) {
  for (const n of sizes) {
    const r = measure(n);
    if (r.sink < 0) console.log('');
    best.set(n, Math.min(best.get(n) ?? Infinity, r.ns));
  }
}
console.log('records taking turns   ns per visit (the same work each)');
for (const n of sizes) console.log(`${String(n).padStart(8)}   ${best.get(n).toFixed(1).padStart(8)}`);
