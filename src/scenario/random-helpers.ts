// Small draws on one seeded random source (src/shared/random.ts): every helper takes the `rng`
// so the whole scenario consumes a single stream and the same seed repeats byte for byte.
import type { RandomSource } from '../shared/random.js';

export type { RandomSource };

export function pick<T>(items: readonly T[], rng: RandomSource): T {
  return items[Math.floor(rng() * items.length)] as T;
}

/** Integer in [low, high], both ends included. */
export function integerBetween(low: number, high: number, rng: RandomSource): number {
  return low + Math.floor(rng() * (high - low + 1));
}

export function chance(probability: number, rng: RandomSource): boolean {
  return rng() < probability;
}

export function standardNormal(rng: RandomSource): number {
  // Box-Muller; 1 - u keeps the logarithm away from zero.
  const radius = Math.sqrt(-2 * Math.log(1 - rng()));
  return radius * Math.cos(2 * Math.PI * rng());
}

export function logNormal(median: number, sigma: number, rng: RandomSource): number {
  return median * Math.exp(sigma * standardNormal(rng));
}

/** Fisher-Yates in place. */
export function shuffleInPlace<T>(items: T[], rng: RandomSource): T[] {
  for (let index = items.length - 1; index > 0; index -= 1) {
    const other = Math.floor(rng() * (index + 1));
    const held = items[index] as T;
    items[index] = items[other] as T;
    items[other] = held;
  }
  return items;
}

/** `count` distinct items (or all of them when there are fewer). */
export function sampleDistinct<T>(items: readonly T[], count: number, rng: RandomSource): T[] {
  if (count >= items.length) return shuffleInPlace([...items], rng);
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(Math.floor(rng() * items.length));
  return [...chosen].map((index) => items[index] as T);
}

/** Cumulative weights for repeated weighted draws with `pickWeighted`. */
export function cumulativeWeights(weights: readonly number[]): Float64Array {
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((weight, index) => {
    total += weight;
    cumulative[index] = total;
  });
  return cumulative;
}

/** Index drawn with probability proportional to its weight (binary search on the cumulative sums). */
export function pickWeighted(cumulative: Float64Array, rng: RandomSource): number {
  const target = rng() * (cumulative[cumulative.length - 1] ?? 0);
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((cumulative[middle] ?? 0) > target) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * Splits `total` into integers proportional to `weights` that add up to `total` exactly
 * (cumulative rounding), so scale targets are met to the event rather than on average.
 */
export function allocateExactly(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((accumulated, weight) => accumulated + weight, 0);
  const counts: number[] = [];
  let cumulative = 0;
  let previous = 0;
  for (const weight of weights) {
    cumulative += weight;
    const rounded = sum > 0 ? Math.round((cumulative / sum) * total) : 0;
    counts.push(rounded - previous);
    previous = rounded;
  }
  return counts;
}

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';

export function randomToken(length: number, rng: RandomSource, alphabet = BASE36): string {
  let token = '';
  for (let index = 0; index < length; index += 1) token += alphabet[Math.floor(rng() * alphabet.length)];
  return token;
}

export function randomHex(length: number, rng: RandomSource): string {
  return randomToken(length, rng, '0123456789abcdef');
}
