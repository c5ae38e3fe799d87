import { describe, expect, it } from 'vitest';
import { derivedSeed, seededRandom } from '../../src/shared/random.js';

describe('seededRandom', () => {
  it('repeats its numbers for one seed and differs between seeds', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, seededRandom(seed));
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw(42).every((value) => value >= 0 && value < 1)).toBe(true);
  });
});

describe('derivedSeed', () => {
  it('gives one item the same seed every time and different items, or parents, different seeds', () => {
    expect(derivedSeed(7, [1, 2, 3])).toBe(derivedSeed(7, Int32Array.from([1, 2, 3])));
    const seeds = new Set([derivedSeed(7, [1, 2, 3]), derivedSeed(7, [1, 2, 4]), derivedSeed(7, [3, 2, 1]), derivedSeed(7, [1, 2]), derivedSeed(8, [1, 2, 3]), derivedSeed(7, [])]);
    expect(seeds.size).toBe(6);
  });

  it('spreads neighbouring identities over the whole 32-bit range', () => {
    const seeds = Array.from({ length: 1000 }, (_, index) => derivedSeed(1, [index]) >>> 0);
    const highBitSet = seeds.filter((seed) => seed >= 2 ** 31).length;
    expect(highBitSet).toBeGreaterThan(400);
    expect(highBitSet).toBeLessThan(600);
  });
});
