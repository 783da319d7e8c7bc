/**
 * The floor: the benchmark's M/M/c model written as tightly as plain JavaScript allows, with nothing of
 * the call center around it. One FIFO queue, c interchangeable agents, a binary heap of events in typed
 * arrays, and the one mod_callcenter rule that shapes the model's numbers: an agent freed by a call is
 * offered again only from the next whole second. There are no calls, queue rows, offers, tiers,
 * strategies, agent states, timers, KPIs or event log: a waiting caller is a timestamp, an agent an index.
 *
 * It answers "how fast can a discrete-event loop of ccsim's design go on this machine and this Node?",
 * so that ccsim's rate can be read against it. It is not ccsim and nothing in ccsim uses it.
 *
 * Usage: node floor.mjs [N] [SEED]
 * Prints one JSON line: {calls, wall_ms, calls_per_second, mean_wait_seconds}; wall_ms is the run only.
 */
import { generateMersenne32Randomizer } from '@faker-js/faker';

const N = Number(process.argv[2] ?? 1_000_000);
const SEED = Number(process.argv[3] ?? 1);
const AGENTS = 50;
const MEAN_GAP_MS = 4000; // 900 calls per hour
const MEAN_TALK_MS = 180_000;

const arrivals = generateMersenne32Randomizer();
arrivals.seed([SEED, 1]);
const talks = generateMersenne32Randomizer();
talks.seed([SEED, 2]);

// ---- the event heap: key = time × 4 + kind (ends first, then arrivals, then wake-ups), then sequence

const END = 0;
const ARRIVAL = 2;
const WAKE = 3;
let capacity = 1024;
let keys = new Float64Array(capacity);
let seqs = new Float64Array(capacity);
let payloads = new Int32Array(capacity);
let size = 0;
let nextSeq = 0;

function grow() {
  capacity *= 2;
  const k = new Float64Array(capacity);
  k.set(keys);
  keys = k;
  const s = new Float64Array(capacity);
  s.set(seqs);
  seqs = s;
  const p = new Int32Array(capacity);
  p.set(payloads);
  payloads = p;
}

function move(to, from) {
  keys[to] = keys[from];
  seqs[to] = seqs[from];
  payloads[to] = payloads[from];
}

function put(i, key, seq, payload) {
  keys[i] = key;
  seqs[i] = seq;
  payloads[i] = payload;
}

function schedule(t, kind, payload) {
  if (size === capacity) grow();
  const key = t * 4 + kind;
  const seq = nextSeq++;
  let i = size++;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (keys[parent] <= key) break;
    move(i, parent);
    i = parent;
  }
  put(i, key, seq, payload);
}

/** Removes the earliest event; its key and payload are left in poppedKey and poppedPayload. */
let poppedKey = 0;
let poppedPayload = 0;
function pop() {
  poppedKey = keys[0];
  poppedPayload = payloads[0];
  const n = --size;
  if (n === 0) return;
  const key = keys[n];
  const seq = seqs[n];
  const payload = payloads[n];
  let i = 0;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= n) break;
    const r = c + 1;
    if (r < n && (keys[r] < keys[c] || (keys[r] === keys[c] && seqs[r] < seqs[c]))) c = r;
    if (keys[c] > key || (keys[c] === key && seqs[c] > seq)) break;
    move(i, c);
    i = c;
  }
  put(i, key, seq, payload);
}

// ---- the model

// Free agents in the order they were freed: the head is the longest idle, since times only grow.
const freedSec = new Float64Array(AGENTS).fill(-1);
const freeRing = Int32Array.from({ length: AGENTS }, (_, i) => i);
let freeHead = 0;
let free = AGENTS;
const waitingSince = new Float64Array(N);
let waitHead = 0;
let waitTail = 0;
let arrived = 0;
let lastArrivalMs = 0;
let pendingWakeT = -1;
let answered = 0;
let waitSumMs = 0;

function scheduleArrival() {
  if (arrived === N) return;
  lastArrivalMs += -MEAN_GAP_MS * Math.log(1 - arrivals.next());
  schedule(Math.round(lastArrivalMs), ARRIVAL, 0);
}

function dispatch(now) {
  const nowSec = Math.floor(now / 1000);
  while (waitHead < waitTail && free > 0) {
    const agent = freeRing[freeHead];
    if (freedSec[agent] >= nowSec) {
      // Freed this very second: wait for the next one (no one freed later can go first).
      const wakeT = (nowSec + 1) * 1000;
      if (pendingWakeT !== wakeT) {
        pendingWakeT = wakeT;
        schedule(wakeT, WAKE, 0);
      }
      return;
    }
    freeHead = (freeHead + 1) % AGENTS;
    free--;
    waitSumMs += now - waitingSince[waitHead++];
    answered++;
    schedule(now + Math.round(-MEAN_TALK_MS * Math.log(1 - talks.next())), END, agent);
  }
}

const started = performance.now();
scheduleArrival();
while (size > 0) {
  const now = Math.floor(keys[0] / 4);
  do {
    pop();
    const kind = poppedKey - now * 4;
    if (kind === ARRIVAL) {
      arrived++;
      waitingSince[waitTail++] = now;
      scheduleArrival();
    } else if (kind === END) {
      freeRing[(freeHead + free) % AGENTS] = poppedPayload;
      free++;
      freedSec[poppedPayload] = Math.floor(now / 1000);
    }
  } while (size > 0 && Math.floor(keys[0] / 4) === now);
  dispatch(now);
}
const wallMs = performance.now() - started;

console.log(
  JSON.stringify({
    calls: answered,
    wall_ms: Math.round(wallMs),
    calls_per_second: Math.round(answered / (wallMs / 1000)),
    mean_wait_seconds: Number((waitSumMs / answered / 1000).toFixed(3)),
  }),
);
