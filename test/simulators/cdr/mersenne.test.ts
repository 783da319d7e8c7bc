/**
 * The view's faker randomizer must give exactly the numbers of faker's default one (so the seeded
 * extras of every call, and so the dialogs, are what they were), draw for draw, across re-seeds and
 * beyond the twister's 624-word block.
 */
import t from 'tap';
import { generateMersenne53Randomizer } from '@faker-js/faker';
import { Mersenne53 } from '../../../src/simulators/cdr/mersenne.js';

t.test('same draws as faker’s Mersenne53 randomizer', async (t) => {
  const theirs = generateMersenne53Randomizer();
  const ours = new Mersenne53();
  const seeds: (number | number[])[] = [[1, 2, 3], [0xffffffff, 0, 0x80000000, 7, 9, 11, 13, 17], Array.from({ length: 700 }, (_, i) => (i * 2654435761) >>> 0), 42, 0, 2 ** 40 + 3, [5]];
  for (const seed of seeds) {
    theirs.seed(seed);
    ours.seed(seed);
    let same = 0;
    for (let i = 0; i < 1500; i++) if (theirs.next() === ours.next()) same++;
    t.equal(same, 1500, `seed ${JSON.stringify(seed).slice(0, 40)}: 1500 draws alike`);
  }
});
