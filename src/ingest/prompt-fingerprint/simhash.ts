// SimHash-64 (Charikar 2002; Manku et al. 2007) over weighted word 1- and 2-grams.
//
// SimHash accumulation. The textbook loop adds ±weight to 64 counters per feature. Here the
// counters are bit-sliced: plane p holds bit p of all 32 counters of a half, so adding a feature
// half is a ripple-carry addition of one 32-bit word into the planes (a few word operations,
// usually stopping after two or three planes) instead of 32 counter updates. Eight planes count
// to 255; before they could overflow they are flushed into wide counters (prompts of more than
// about 250 tokens). The result is the same integer count per bit as counting one by one.
import { BIGRAM_SALT, HIGH_SEED, LOW_SEED, mix32, TRIGRAM_SALT } from './hashing.js';
import type { TokenSink } from './normalise.js';
import type { SimhashOptions } from './options.js';

/** Bit planes per half: counts up to 2^PLANES - 1 between flushes. */
const PLANES = 8;
const PLANE_LIMIT = (1 << PLANES) - 1;

export class SimhashAccumulator implements TokenSink {
  /** Bit-sliced counters: planes 0-7 the low word's 32 counters, 8-15 the high word's. */
  private readonly planes = new Int32Array(2 * PLANES);
  /** Wide counters (0-31 low word, 32-63 high) holding what flushes took out of the planes. */
  private readonly ones = new Int32Array(64);
  /** Weight added to the planes since the last flush: no counter in them exceeds it. */
  private planeWeight = 0;
  private totalWeight = 0;
  private flushed = false;
  private previous = 0;
  private beforePrevious = 0;
  private tokens = 0;
  private readonly unigramWeight: number;
  private readonly bigramWeight: number;
  private readonly trigramWeight: number;

  constructor(options: SimhashOptions) {
    this.unigramWeight = options.unigramWeight | 0;
    this.bigramWeight = options.bigramWeight | 0;
    this.trigramWeight = options.trigramWeight | 0;
    const largest = Math.max(this.unigramWeight, this.bigramWeight, this.trigramWeight, 1);
    if (largest > 16) throw new RangeError('shingle weights must be small integers (at most 16)');
  }

  reset(): void {
    this.planes.fill(0);
    if (this.flushed) this.ones.fill(0);
    this.flushed = false;
    this.planeWeight = 0;
    this.totalWeight = 0;
    this.tokens = 0;
  }

  /** Takes over another accumulator's state (the prefix sketch is the whole-text sketch after its first tokens). */
  copyFrom(other: SimhashAccumulator): void {
    this.planes.set(other.planes);
    if (this.flushed || other.flushed) this.ones.set(other.ones);
    this.flushed = other.flushed;
    this.planeWeight = other.planeWeight;
    this.totalWeight = other.totalWeight;
    this.previous = other.previous;
    this.beforePrevious = other.beforePrevious;
    this.tokens = other.tokens;
  }

  token(hash: number): void {
    if (this.unigramWeight > 0) this.add(hash, this.unigramWeight);
    if (this.bigramWeight > 0 && this.tokens >= 1) this.add(Math.imul(this.previous, BIGRAM_SALT) ^ hash, this.bigramWeight);
    if (this.trigramWeight > 0 && this.tokens >= 2) this.add(Math.imul(this.beforePrevious, TRIGRAM_SALT) ^ Math.imul(this.previous, BIGRAM_SALT) ^ hash, this.trigramWeight);
    this.beforePrevious = this.previous;
    this.previous = hash;
    this.tokens += 1;
  }

  private add(feature: number, weight: number): void {
    if (this.planeWeight + weight > PLANE_LIMIT) this.flush();
    const low = mix32(feature ^ LOW_SEED);
    const high = mix32(feature ^ HIGH_SEED);
    // Weight w adds the word once at each plane where w has a bit (weight 1: at plane 0).
    for (let plane = 0; plane < PLANES; plane += 1) {
      if (((weight >>> plane) & 1) === 0) continue;
      this.addWord(0, plane, low);
      this.addWord(PLANES, plane, high);
      if (weight >>> (plane + 1) === 0) break;
    }
    this.planeWeight += weight;
    this.totalWeight += weight;
  }

  /** Ripple-carry addition of `word` (one at each set bit) into the planes from `base + plane` up. */
  private addWord(base: number, plane: number, word: number): void {
    const planes = this.planes;
    let carry = word;
    // The planes never overflow (flushed before 255), so the carry dies out by the last plane.
    for (let index = base + plane; carry !== 0; index += 1) {
      const counter = planes[index] as number;
      planes[index] = counter ^ carry;
      carry = counter & carry;
    }
  }

  /** Moves the planes' counts into the wide counters. */
  private flush(): void {
    const planes = this.planes;
    const ones = this.ones;
    for (let half = 0; half < 2; half += 1) {
      for (let plane = 0; plane < PLANES; plane += 1) {
        const word = planes[half * PLANES + plane] as number;
        if (word === 0) continue;
        const value = 1 << plane;
        for (let bit = 0; bit < 32; bit += 1) if ((word >>> bit) & 1) ones[half * 32 + bit] = (ones[half * 32 + bit] as number) + value;
        planes[half * PLANES + plane] = 0;
      }
    }
    this.planeWeight = 0;
    this.flushed = true;
  }

  /** Bit i is set when the features with bit i set outweigh those without. */
  finish(): { high: number; low: number } {
    if (!this.flushed) {
      // Every count is still in the planes (at most 255): compared with half the weight bit-sliced.
      // A count c beats half the total weight w exactly when c > floor(w / 2).
      const threshold = Math.floor(this.totalWeight / 2);
      return { high: this.greaterThan(PLANES, threshold) >>> 0, low: this.greaterThan(0, threshold) >>> 0 };
    }
    this.flush();
    let low = 0;
    let high = 0;
    const half = this.totalWeight / 2;
    for (let bit = 0; bit < 32; bit += 1) {
      if ((this.ones[bit] as number) > half) low |= 1 << bit;
      if ((this.ones[bit + 32] as number) > half) high |= 1 << bit;
    }
    return { high: high >>> 0, low: low >>> 0 };
  }

  /** The bits whose counter (in the planes from `base`) exceeds `threshold` (below 2^PLANES). */
  private greaterThan(base: number, threshold: number): number {
    let greater = 0;
    let equal = -1;
    for (let plane = PLANES - 1; plane >= 0; plane -= 1) {
      const counter = this.planes[base + plane] as number;
      if ((threshold >>> plane) & 1) equal &= counter;
      else {
        greater |= equal & counter;
        equal &= ~counter;
      }
    }
    return greater;
  }
}
