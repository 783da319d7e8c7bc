/**
 * MT19937 giving exactly the numbers of faker's twisters (@faker-js/faker 10): `Mersenne32` draws as
 * `generateMersenne32Randomizer` (one 32-bit word per float), `Mersenne53` as
 * `generateMersenne53Randomizer` (53-bit floats, faker's default). The state is 624 words of a shared
 * Uint32Array (a slab), where faker keeps a 624-slot array of doubles: re-seeding allocates nothing (the
 * CDR view re-seeds faker for every call) and a draw is a few integer operations (the engine draws
 * several per simulated call).
 * Words are stored modulo 2^32, where faker keeps the unreduced sums: the same numbers come out,
 * because every later use of a word is a bitwise operator, which reduces modulo 2^32 first.
 * mersenne.test.ts checks both against faker draw for draw.
 */
import type { Randomizer } from '@faker-js/faker';

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;

let INIT_BY_ARRAY: Uint32Array | null = null;
/** The state of a twister not seeded yet (a lazy seed): shared, never written. */
const UNSEEDED = new Uint32Array(0);

/** Twisters whose states share one array (160 KB). */
const SLAB_STATES = 64;
let slab = UNSEEDED;
let slabUsed = SLAB_STATES;

/**
 * A twister's 624 words: the next free slot of the current slab. Twisters' states lie side by side in
 * slabs instead of an array each, so a draw from one of thousands of agents' streams fetches the word
 * and the twister, not also an array object of its own (a slab is freed once all its twisters are).
 */
function stateSlot(): number {
  if (slabUsed === SLAB_STATES) {
    slab = new Uint32Array(SLAB_STATES * N);
    slabUsed = 0;
  }
  return slabUsed++ * N;
}

/**
 * The twister: seeding (a number or an array, as faker) and the next 32-bit word. A seed may also be given
 * as a function that makes it: then the state (2.5 KB) is made at the first draw, so a world of tens of
 * thousands of agents, each with its own streams, pays only for the streams it draws from.
 */
class MersenneTwister {
  /** The array holding the state, from `base` to `base + N`. */
  private mt: Uint32Array = UNSEEDED;
  private base = 0;
  /** Where the next word to temper is; at `end` (or past) the state must be twisted (or made) first. */
  private at = 0;
  private end = 0;
  private seedSource: (() => number | readonly number[]) | null;

  constructor(seed: number | readonly number[] | (() => number | readonly number[])) {
    if (typeof seed === 'function') this.seedSource = seed;
    else {
      this.seedSource = null;
      this.reseed(seed);
    }
  }

  protected reseed(seed: number | readonly number[]): void {
    this.seedSource = null;
    if (this.mt === UNSEEDED) {
      this.base = stateSlot();
      this.mt = slab;
      this.end = this.base + N;
    }
    if (typeof seed === 'number') initGenrand(this.mt, this.base, seed);
    else initByArray(this.mt, this.base, seed);
    twist(this.mt, this.base);
    this.at = this.base;
  }

  protected nextU32(): number {
    if (this.at >= this.end) this.refill();
    let y = this.mt[this.at++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** The next 624 words: the state twisted, or made from a lazy seed at the first draw. */
  private refill(): void {
    if (this.seedSource !== null) {
      this.reseed(this.seedSource());
      return;
    }
    twist(this.mt, this.base);
    this.at = this.base;
  }
}

// The state functions below work on the N words of `mt` from `b` on.

function initGenrand(mt: Uint32Array, b: number, s: number): void {
  mt[b] = Math.trunc(s);
  for (let i = 1; i < N; i++) {
    const p = mt[b + i - 1] ^ (mt[b + i - 1] >>> 30);
    mt[b + i] = Math.imul(1812433253, p) + i;
  }
}

function initByArray(mt: Uint32Array, b: number, key: readonly number[]): void {
  // Every array seed starts from the same state: computed once.
  if (INIT_BY_ARRAY === null) {
    INIT_BY_ARRAY = new Uint32Array(N);
    initGenrand(INIT_BY_ARRAY, 0, 19650218);
  }
  mt.set(INIT_BY_ARRAY, b);
  if (key.every(isWord)) mixWords(mt, b, key);
  else mixNumbers(mt, b, key);
  mt[b] = UPPER;
}

function twist(mt: Uint32Array, b: number): void {
  let k = b;
  const last = b + N - 1;
  for (; k < b + N - M; k++) {
    const y = (mt[k] & UPPER) | (mt[k + 1] & LOWER);
    mt[k] = mt[k + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
  }
  for (; k < last; k++) {
    const y = (mt[k] & UPPER) | (mt[k + 1] & LOWER);
    mt[k] = mt[k + M - N] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
  }
  const y = (mt[last] & UPPER) | (mt[b] & LOWER);
  mt[last] = mt[b + M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
}

/** Whether a seed word is an integer of at most 32 bits, sign aside (what seeds are; mixWords needs it). */
function isWord(x: number): boolean {
  return Number.isInteger(x) && Math.abs(x) <= 0x100000000;
}

/**
 * init_by_array's two mixing passes for a key of 32-bit words, in int32 arithmetic: a store into the
 * Uint32Array reduces modulo 2^32, so sums may wrap, and the word just written (`prev`) stays in a
 * register. Three to four times faster than mixNumbers, which matters since every agent has streams of
 * its own to seed; the same words come out (mersenne.test.ts).
 */
function mixWords(mt: Uint32Array, b: number, key: readonly number[]): void {
  const n = key.length;
  let i = 1;
  let j = 0;
  let prev = mt[b] | 0;
  for (let k = Math.max(N, n); k !== 0; k--) {
    const p = prev ^ (prev >>> 30);
    prev = ((((mt[b + i] ^ Math.imul(p, 1664525)) + (key[j] | 0)) | 0) + j) | 0;
    mt[b + i] = prev;
    i++;
    j++;
    if (i >= N) {
      mt[b] = prev;
      i = 1;
    }
    if (j >= n) j = 0;
  }
  for (let k = N - 1; k !== 0; k--) {
    const p = prev ^ (prev >>> 30);
    prev = ((mt[b + i] ^ Math.imul(p, 1566083941)) - i) | 0;
    mt[b + i] = prev;
    i++;
    if (i >= N) {
      mt[b] = prev;
      i = 1;
    }
  }
}

/** The same passes for any numbers (as faker: sums in doubles, truncated), for keys mixWords does not take. */
function mixNumbers(mt: Uint32Array, b: number, key: readonly number[]): void {
  let i = 1;
  let j = 0;
  for (let k = Math.max(N, key.length); k !== 0; k--) {
    const p = mt[b + i - 1] ^ (mt[b + i - 1] >>> 30);
    mt[b + i] = Math.trunc((mt[b + i] ^ Math.imul(p, 1664525)) + key[j] + j);
    i++;
    j++;
    if (i >= N) {
      mt[b] = mt[b + N - 1];
      i = 1;
    }
    if (j >= key.length) j = 0;
  }
  for (let k = N - 1; k !== 0; k--) {
    const p = mt[b + i - 1] ^ (mt[b + i - 1] >>> 30);
    mt[b + i] = (mt[b + i] ^ Math.imul(p, 1566083941)) - i;
    i++;
    if (i >= N) {
      mt[b] = mt[b + N - 1];
      i = 1;
    }
  }
}

/** Faker's `generateMersenne32Randomizer`: a float in [0, 1) from one 32-bit word per draw. */
export class Mersenne32 extends MersenneTwister {
  next(): number {
    return this.nextU32() * 23283064365386963e-26;
  }
}

/** Faker's `generateMersenne53Randomizer`, its default: a float in [0, 1) with 53 random bits. */
export class Mersenne53 extends MersenneTwister implements Randomizer {
  constructor(seed: number | number[] = 0) {
    super(seed);
  }

  // Arrow properties: faker calls `next` detached from the object (`const { next } = randomizer`).
  readonly seed = (seed: number | number[]): void => this.reseed(seed);

  readonly next = (): number => {
    const a = this.nextU32() >>> 5;
    const b = this.nextU32() >>> 6;
    return (a * 67108864 + b) * 11102230246251565e-32;
  };
}
