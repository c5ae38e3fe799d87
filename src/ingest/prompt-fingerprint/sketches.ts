// Segment sketches. A template's slot content often makes up a third or more of a prompt, which
// puts two renders of one template 12-20 bits apart on the whole-text SimHash: too far for a safe
// threshold. Its fixed opening or closing words, however, are usually intact, so the SimHash of
// the first and of the last `segmentTokens` tokens matches almost exactly. A prompt joins a family
// when its whole-text sketch is within `maxDistance` or one of its segment sketches is within
// `maxSegmentDistance` of the family's.
import { withDefaults } from '../../shared/options.js';
import { foldCase, scanTokens, type TokenSink } from './normalise.js';
import { DEFAULTS, PLACEHOLDERS, type Placeholder, type PromptFingerprinterOptions, type SimhashOptions } from './options.js';
import { SimhashAccumulator } from './simhash.js';
import { STOP_WORD_HASHES, type TokenHashSet } from './stop-words.js';

const PLACEHOLDER_BIT = Object.fromEntries(PLACEHOLDERS.map((name, index) => [name, 1 << index])) as Record<Placeholder, number>;

export const WHOLE = 0;
export const PREFIX = 1;
export const SUFFIX = 2;
export const SKETCH_KINDS = 3;

export interface PromptSketches {
  whole: { high: number; low: number };
  /** Undefined when the prompt has fewer tokens than segmentTokens (the whole text covers it). */
  prefix: { high: number; low: number } | undefined;
  suffix: { high: number; low: number } | undefined;
  tokens: number;
}

export class PromptSketcher implements TokenSink {
  private readonly whole: SimhashAccumulator;
  private readonly prefix: SimhashAccumulator;
  private readonly suffix: SimhashAccumulator;
  private readonly recent: Uint32Array;
  private tokens = 0;
  private readonly stopWords: TokenHashSet | undefined;
  /** Placeholder kinds already counted in this prompt (one bit each). */
  private placeholdersSeen = 0;

  constructor(private readonly options: SimhashOptions & { segmentTokens: number }) {
    this.stopWords = options.skipStopWords ? STOP_WORD_HASHES : undefined;
    this.whole = new SimhashAccumulator(options);
    this.prefix = new SimhashAccumulator(options);
    this.suffix = new SimhashAccumulator(options);
    this.recent = new Uint32Array(Math.max(1, options.segmentTokens));
  }

  token(hash: number, _start?: number, _end?: number, placeholder?: Placeholder): void {
    if (this.stopWords !== undefined) {
      if (placeholder !== undefined) {
        const bit = PLACEHOLDER_BIT[placeholder];
        if (this.placeholdersSeen & bit) return;
        this.placeholdersSeen |= bit;
      } else if (this.stopWords.has(hash)) return;
    }
    this.whole.token(hash);
    this.recent[this.tokens % this.recent.length] = hash;
    this.tokens += 1;
    // The opening segment's sketch is the whole text's after its first segmentTokens tokens.
    if (this.tokens === this.options.segmentTokens) this.prefix.copyFrom(this.whole);
  }

  sketch(text: string): PromptSketches {
    this.whole.reset();
    this.prefix.reset();
    this.suffix.reset();
    this.tokens = 0;
    this.placeholdersSeen = 0;
    scanTokens(text, this.options.maxQuotedLength, this);
    const segments = this.options.segmentTokens > 0 && this.tokens > this.options.segmentTokens;
    if (segments) {
      const size = this.recent.length;
      for (let index = this.tokens - size; index < this.tokens; index += 1) this.suffix.token(this.recent[index % size] as number);
    }
    return { whole: this.whole.finish(), prefix: segments ? this.prefix.finish() : undefined, suffix: segments ? this.suffix.finish() : undefined, tokens: this.tokens };
  }
}

/** The whole-text and segment sketches of a prompt (exposed for measurement and tests). */
export function sketchPrompt(text: string, options: Partial<PromptFingerprinterOptions> = {}): PromptSketches {
  return new PromptSketcher(withDefaults(DEFAULTS, options)).sketch(foldCase(text));
}

/** SimHash-64 of a prompt (the whole-text sketch the fingerprinter compares) as two unsigned 32-bit halves. Empty prompts hash to 0. */
export function simhashPrompt(text: string, options: Partial<PromptFingerprinterOptions> = {}): { high: number; low: number } {
  return sketchPrompt(text, options).whole;
}

/** Numbers per prompt in a packed sketch array: whole, prefix and suffix (high, low), segment flag. */
export const PACKED_SKETCH_SIZE = 7;

/** Sketches many prompts into one flat array (cheap to send between threads). */
export function sketchPromptsPacked(texts: readonly string[], options: Partial<PromptFingerprinterOptions> = {}): Uint32Array {
  const sketcher = new PromptSketcher(withDefaults(DEFAULTS, options));
  const packed = new Uint32Array(texts.length * PACKED_SKETCH_SIZE);
  texts.forEach((text, index) => {
    const { whole, prefix, suffix } = sketcher.sketch(foldCase(text));
    const offset = index * PACKED_SKETCH_SIZE;
    packed[offset] = whole.high;
    packed[offset + 1] = whole.low;
    if (prefix && suffix) {
      packed[offset + 2] = prefix.high;
      packed[offset + 3] = prefix.low;
      packed[offset + 4] = suffix.high;
      packed[offset + 5] = suffix.low;
      packed[offset + 6] = 1;
    }
  });
  return packed;
}

/** The sketches of prompt `index` in a packed array (token count is not packed: 0). */
export function unpackSketches(packed: Uint32Array, index: number): PromptSketches {
  const offset = index * PACKED_SKETCH_SIZE;
  const segments = packed[offset + 6] === 1;
  return {
    whole: { high: packed[offset] as number, low: packed[offset + 1] as number },
    prefix: segments ? { high: packed[offset + 2] as number, low: packed[offset + 3] as number } : undefined,
    suffix: segments ? { high: packed[offset + 4] as number, low: packed[offset + 5] as number } : undefined,
    tokens: 0,
  };
}
