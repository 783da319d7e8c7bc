const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;
let INIT_BY_ARRAY = null;
/** The twister: seeding (a number or an array, as faker) and the next 32-bit word. */
class MersenneTwister {
    mt = new Uint32Array(N);
    index = 0;
    constructor(seed) {
        this.reseed(seed);
    }
    reseed(seed) {
        if (typeof seed === 'number')
            this.initGenrand(seed);
        else
            this.initByArray(seed);
        this.twist();
        this.index = 0;
    }
    nextU32() {
        let y = this.mt[this.index];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        if (++this.index >= N) {
            this.twist();
            this.index = 0;
        }
        return y >>> 0;
    }
    initGenrand(s) {
        const mt = this.mt;
        mt[0] = Math.trunc(s);
        for (let i = 1; i < N; i++) {
            const p = mt[i - 1] ^ (mt[i - 1] >>> 30);
            mt[i] = Math.imul(1812433253, p) + i;
        }
    }
    initByArray(key) {
        const mt = this.mt;
        // Every array seed starts from the same state: computed once.
        if (INIT_BY_ARRAY === null) {
            this.initGenrand(19650218);
            INIT_BY_ARRAY = mt.slice();
        }
        else
            mt.set(INIT_BY_ARRAY);
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
            if (j >= key.length)
                j = 0;
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
    twist() {
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
    next() {
        return this.nextU32() * 23283064365386963e-26;
    }
}
/** Faker's `generateMersenne53Randomizer`, its default: a float in [0, 1) with 53 random bits. */
export class Mersenne53 extends MersenneTwister {
    constructor(seed = 0) {
        super(seed);
    }
    // Arrow properties: faker calls `next` detached from the object (`const { next } = randomizer`).
    seed = (seed) => this.reseed(seed);
    next = () => {
        const a = this.nextU32() >>> 5;
        const b = this.nextU32() >>> 6;
        return (a * 67108864 + b) * 11102230246251565e-32;
    };
}
