/**
 * MT19937 giving exactly the numbers of faker's twisters (@faker-js/faker 10): `Mersenne32` draws as
 * `generateMersenne32Randomizer` (one 32-bit word per float), `Mersenne53` as
 * `generateMersenne53Randomizer` (53-bit floats, faker's default). The state is one Uint32Array, where
 * faker keeps a 624-slot array of doubles: seeding allocates nothing (the CDR view re-seeds faker for
 * every call) and a draw is a few integer operations (the engine draws several per simulated call).
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

/**
 * The twister: seeding (a number or an array, as faker) and the next 32-bit word. A seed may also be given
 * as a function that makes it: then the state (2.5 KB) is made at the first draw, so a world of tens of
 * thousands of agents, each with its own streams, pays only for the streams it draws from.
 */
class MersenneTwister {
  private mt: Uint32Array = UNSEEDED;
  /** The next word to temper; N (or more) when the state must be twisted (or made) first. */
  private index = N;
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
    if (this.mt === UNSEEDED) this.mt = new Uint32Array(N);
    if (typeof seed === 'number') this.initGenrand(seed);
    else this.initByArray(seed);
    this.twist();
    this.index = 0;
  }

  protected nextU32(): number {
    if (this.index >= N) this.refill();
    let y = this.mt[this.index++];
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
    this.twist();
    this.index = 0;
  }

  private initGenrand(s: number): void {
    const mt = this.mt;
    mt[0] = Math.trunc(s);
    for (let i = 1; i < N; i++) {
      const p = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = Math.imul(1812433253, p) + i;
    }
  }

  private initByArray(key: readonly number[]): void {
    const mt = this.mt;
    // Every array seed starts from the same state: computed once.
    if (INIT_BY_ARRAY === null) {
      this.initGenrand(19650218);
      INIT_BY_ARRAY = mt.slice();
    } else mt.set(INIT_BY_ARRAY);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k !== 0; k--) {
      const p = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = Math.trunc((mt[i] ^ Math.imul(p, 1664525)) + key[j] + j);
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k !== 0; k--) {
      const p = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (mt[i] ^ Math.imul(p, 1566083941)) - i;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
    }
    mt[0] = UPPER;
  }

  private twist(): void {
    const mt = this.mt;
    let k = 0;
    for (; k < N - M; k++) {
      const y = (mt[k] & UPPER) | (mt[k + 1] & LOWER);
      mt[k] = mt[k + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    for (; k < N - 1; k++) {
      const y = (mt[k] & UPPER) | (mt[k + 1] & LOWER);
      mt[k] = mt[k + M - N] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    const y = (mt[N - 1] & UPPER) | (mt[0] & LOWER);
    mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
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
