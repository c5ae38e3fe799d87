// SimHash-64 (Charikar 2002; Manku et al. 2007) over weighted word 1- and 2-grams.
//
// SimHash accumulation. The textbook loop adds ±weight to 64 counters per feature. Here each
// nibble of a feature hash indexes a table that spreads its 4 bits over the 4 bytes of a 32-bit
// word, so one addition updates 4 counters at once (16 additions per feature instead of 64);
// the byte lanes are flushed into wide counters before they can overflow.
import { withDefaults } from '../../shared/options.js';
import { BIGRAM_SALT, HIGH_SEED, LOW_SEED, mix32, TRIGRAM_SALT } from './hashing.js';
import { foldCase, scanTokens, type TokenSink } from './normalise.js';
import { DEFAULTS, type SimhashOptions } from './options.js';

const SPREAD_NIBBLE = new Int32Array(16);
for (let nibble = 0; nibble < 16; nibble += 1) SPREAD_NIBBLE[nibble] = (nibble & 1) | ((nibble & 2) << 7) | ((nibble & 4) << 14) | ((nibble & 8) << 21);

export class SimhashAccumulator implements TokenSink {
  /** Packed byte counters: lanes[nibble] holds 4 bit counters of 8 bits. 0-7 low word, 8-15 high. */
  private readonly lanes = new Int32Array(16);
  private readonly ones = new Int32Array(64);
  private laneWeight = 0;
  private totalWeight = 0;
  private previous = 0;
  private beforePrevious = 0;
  private tokens = 0;
  private readonly flushAt: number;
  private readonly unigramWeight: number;
  private readonly bigramWeight: number;
  private readonly trigramWeight: number;

  constructor(options: SimhashOptions) {
    this.unigramWeight = options.unigramWeight | 0;
    this.bigramWeight = options.bigramWeight | 0;
    this.trigramWeight = options.trigramWeight | 0;
    const largest = Math.max(this.unigramWeight, this.bigramWeight, this.trigramWeight, 1);
    if (largest > 16) throw new RangeError('shingle weights must be small integers (at most 16)');
    this.flushAt = 255 - largest;
  }

  reset(): void {
    this.lanes.fill(0);
    this.ones.fill(0);
    this.laneWeight = 0;
    this.totalWeight = 0;
    this.tokens = 0;
  }

  /** Takes over another accumulator's state (the prefix sketch is the whole-text sketch after its first tokens). */
  copyFrom(other: SimhashAccumulator): void {
    this.lanes.set(other.lanes);
    this.ones.set(other.ones);
    this.laneWeight = other.laneWeight;
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
    // Int32 arithmetic throughout (| 0, Math.imul): values past 2^31 would turn into doubles.
    const low = mix32(feature ^ LOW_SEED);
    const high = mix32(feature ^ HIGH_SEED);
    const lanes = this.lanes;
    const spread = SPREAD_NIBBLE;
    lanes[0] = ((lanes[0] as number) + Math.imul(spread[low & 15] as number, weight)) | 0;
    lanes[1] = ((lanes[1] as number) + Math.imul(spread[(low >>> 4) & 15] as number, weight)) | 0;
    lanes[2] = ((lanes[2] as number) + Math.imul(spread[(low >>> 8) & 15] as number, weight)) | 0;
    lanes[3] = ((lanes[3] as number) + Math.imul(spread[(low >>> 12) & 15] as number, weight)) | 0;
    lanes[4] = ((lanes[4] as number) + Math.imul(spread[(low >>> 16) & 15] as number, weight)) | 0;
    lanes[5] = ((lanes[5] as number) + Math.imul(spread[(low >>> 20) & 15] as number, weight)) | 0;
    lanes[6] = ((lanes[6] as number) + Math.imul(spread[(low >>> 24) & 15] as number, weight)) | 0;
    lanes[7] = ((lanes[7] as number) + Math.imul(spread[(low >>> 28) & 15] as number, weight)) | 0;
    lanes[8] = ((lanes[8] as number) + Math.imul(spread[high & 15] as number, weight)) | 0;
    lanes[9] = ((lanes[9] as number) + Math.imul(spread[(high >>> 4) & 15] as number, weight)) | 0;
    lanes[10] = ((lanes[10] as number) + Math.imul(spread[(high >>> 8) & 15] as number, weight)) | 0;
    lanes[11] = ((lanes[11] as number) + Math.imul(spread[(high >>> 12) & 15] as number, weight)) | 0;
    lanes[12] = ((lanes[12] as number) + Math.imul(spread[(high >>> 16) & 15] as number, weight)) | 0;
    lanes[13] = ((lanes[13] as number) + Math.imul(spread[(high >>> 20) & 15] as number, weight)) | 0;
    lanes[14] = ((lanes[14] as number) + Math.imul(spread[(high >>> 24) & 15] as number, weight)) | 0;
    lanes[15] = ((lanes[15] as number) + Math.imul(spread[(high >>> 28) & 15] as number, weight)) | 0;
    this.laneWeight += weight;
    this.totalWeight += weight;
    if (this.laneWeight >= this.flushAt) this.flush();
  }

  private flush(): void {
    const lanes = this.lanes;
    const ones = this.ones;
    for (let nibble = 0; nibble < 16; nibble += 1) {
      const packed = lanes[nibble] as number;
      if (packed === 0) continue;
      const bit = nibble << 2; // bits 0-31 low word, 32-63 high word
      ones[bit] = (ones[bit] as number) + (packed & 255);
      ones[bit + 1] = (ones[bit + 1] as number) + ((packed >>> 8) & 255);
      ones[bit + 2] = (ones[bit + 2] as number) + ((packed >>> 16) & 255);
      ones[bit + 3] = (ones[bit + 3] as number) + (packed >>> 24);
      lanes[nibble] = 0;
    }
    this.laneWeight = 0;
  }

  /** Bit i is set when the features with bit i set outweigh those without. */
  finish(): { high: number; low: number } {
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
}

/** SimHash-64 of a prompt as two unsigned 32-bit halves. Empty prompts hash to 0. */
export function simhashPrompt(text: string, options: Partial<SimhashOptions> = {}): { high: number; low: number } {
  const settings = withDefaults(DEFAULTS, options);
  const accumulator = new SimhashAccumulator(settings);
  scanTokens(foldCase(text), settings.maxQuotedLength, accumulator);
  return accumulator.finish();
}
