// Function words left out of the sketches. SimHash counts every token alike, so the words every
// prompt shares ("the", "to", "my", "what") push every prompt's bits the same way: measured on
// one render of each generated template, different templates sat 18.8 bits apart instead of
// about 32, and a quarter of their pairs fell within the family threshold. The list is the
// `stopword` package's English one; prompts in other languages keep all their words.
import { eng } from 'stopword';
import { wordHash } from './normalise.js';

/**
 * A fixed set of 32-bit token hashes in a small open-addressing table. Every token of every
 * prompt is looked up, and a Set of numbers boxes most hashes (those beyond the small-integer
 * range) on each lookup; typed arrays keep them unboxed and the table in the first-level cache.
 */
export class TokenHashSet {
  private readonly hashes: Uint32Array;
  /** 1 where a slot holds a hash (0 is a valid hash, so it cannot mark an empty slot). */
  private readonly filled: Uint8Array;
  private readonly shift: number;
  private readonly mask: number;

  constructor(members: Iterable<number>) {
    const unique = [...new Set(members)];
    // At most a quarter full: a miss, most lookups, ends after a slot or two.
    const bits = Math.max(4, Math.ceil(Math.log2(unique.length * 4)));
    this.hashes = new Uint32Array(1 << bits);
    this.filled = new Uint8Array(1 << bits);
    this.shift = 32 - bits;
    this.mask = (1 << bits) - 1;
    for (const hash of unique) {
      let slot = this.slotOf(hash);
      while (this.filled[slot] === 1) slot = (slot + 1) & this.mask;
      this.hashes[slot] = hash;
      this.filled[slot] = 1;
    }
  }

  has(hash: number): boolean {
    for (let slot = this.slotOf(hash); this.filled[slot] === 1; slot = (slot + 1) & this.mask) if (this.hashes[slot] === hash >>> 0) return true;
    return false;
  }

  /** Fibonacci hashing: the top bits of the product, well spread even for similar hashes. */
  private slotOf(hash: number): number {
    return Math.imul(hash, 0x9e3779b1) >>> this.shift;
  }
}

/** Token hashes (as the scanner computes them for lower-cased words) of the stop words. */
export const STOP_WORD_HASHES: TokenHashSet = new TokenHashSet(eng.map((word) => wordHash(word.toLowerCase(), 0, word.length)));
