/**
 * ccsim's twisters must give exactly the numbers of faker's (so the engine's random streams, and the CDR
 * view's seeded extras, are what faker's randomizers would make), draw for draw, across re-seeds and
 * beyond the twister's 624-word block.
 */
import t from 'tap';
import { generateMersenne32Randomizer, generateMersenne53Randomizer } from '@faker-js/faker';
import { Mersenne32, Mersenne53 } from '../../src/scenarios/kernel/mersenne.js';

const SEEDS: (number | number[])[] = [[1, 2, 3], [0xffffffff, 0, 0x80000000, 7, 9, 11, 13, 17], Array.from({ length: 700 }, (_, i) => (i * 2654435761) >>> 0), 42, 0, 2 ** 40 + 3, [5], [-1, -(2 ** 31), 2 ** 32, 2 ** 32 - 1], [1.5, -3.25, 7], [2 ** 40 + 3, 9]];

t.test('same draws as faker’s Mersenne53 randomizer', async (t) => {
  const theirs = generateMersenne53Randomizer();
  const ours = new Mersenne53();
  for (const seed of SEEDS) {
    theirs.seed(seed);
    ours.seed(seed);
    let same = 0;
    for (let i = 0; i < 1500; i++) if (theirs.next() === ours.next()) same++;
    t.equal(same, 1500, `seed ${JSON.stringify(seed).slice(0, 40)}: 1500 draws alike`);
  }
});

t.test('same draws as faker’s Mersenne32 randomizer (the engine’s streams)', async (t) => {
  const theirs = generateMersenne32Randomizer();
  for (const seed of SEEDS) {
    theirs.seed(seed);
    const ours = new Mersenne32(seed);
    let same = 0;
    for (let i = 0; i < 1500; i++) if (theirs.next() === ours.next()) same++;
    t.equal(same, 1500, `seed ${JSON.stringify(seed).slice(0, 40)}: 1500 draws alike`);
  }
});

t.test('nextWords gives the words of the next draws, and the stream moves on as many draws would', async (t) => {
  const theirs = generateMersenne32Randomizer();
  // Runs that end inside a block, at its end, across one and across several (the dispatcher's `random`
  // takes one word per ready agent at every evaluation); a lazily seeded stream's first draw among them.
  const runs = [1, 5, 618, 1, 624, 0, 1300, 3, 2000, 624];
  for (const seed of SEEDS) {
    theirs.seed(seed);
    const ours = new Mersenne32(() => seed);
    const words = new Uint32Array(2000);
    let same = 0;
    let drawn = 0;
    for (const [i, n] of runs.entries()) {
      if (i % 2 === 1) {
        // Single draws in between: the two ways share the stream's position.
        for (let k = 0; k < n; k++, drawn++) if (theirs.next() === ours.next()) same++;
        continue;
      }
      const least = ours.nextWords(words, n);
      for (let k = 0; k < n; k++, drawn++) if (theirs.next() === words[k] * 2 ** -32) same++;
      const min = Math.min(...words.subarray(0, n));
      const once = n > 0 && words.subarray(0, n).filter((x) => x === min).length === 1;
      t.equal(least, once ? words.indexOf(min) : -1, `run of ${n}: the least word's index`);
    }
    t.equal(same, drawn, `seed ${JSON.stringify(seed).slice(0, 40)}: ${drawn} draws alike`);
  }
});
