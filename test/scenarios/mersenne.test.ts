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
