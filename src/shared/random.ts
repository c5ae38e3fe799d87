// Seeded random numbers (xoroshiro128+ from pure-rand) as the `() => number` functions that
// graphology's algorithms and our generators take, so runs with one seed repeat exactly.
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export type RandomSource = () => number;

export function seededRandom(seed: number): RandomSource {
  const generator = xoroshiro128plus(seed | 0);
  // The first outputs of a small seed are poorly mixed (seed 42 starts at 0.9999993...).
  for (let warmUp = 0; warmUp < 8; warmUp += 1) uniformFloat64(generator);
  return () => uniformFloat64(generator);
}

/**
 * A seed for one item's own stream, mixed from a parent seed and the item's identity (e.g. a
 * group's sorted member indices), so what one item draws never depends on how many numbers other
 * items drew before it. FNV-1a over 32-bit words, then a murmur3 finaliser for the avalanche.
 */
export function derivedSeed(seed: number, identity: ArrayLike<number>): number {
  let hash = (0x811c9dc5 ^ (seed | 0)) >>> 0;
  for (let at = 0; at < identity.length; at += 1) {
    hash = Math.imul(hash ^ ((identity[at] as number) | 0), 0x01000193) >>> 0;
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35) >>> 0;
  hash ^= hash >>> 16;
  return hash | 0;
}
