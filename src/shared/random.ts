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
