// The fingerprinter's settings and what it returns: the options every stage reads (with their
// defaults) and the placeholders normalisation puts in for variable content.
import type { PromptIntent } from '../prompt-intent.js';

export interface PromptFingerprint {
  /** Family id shared by near-duplicate prompts: `sp:` + the founding prompt's SimHash. */
  fingerprint: string;
  /** This prompt's own SimHash, 16 hex digits. */
  simhash: string;
  intent: PromptIntent;
}

export interface PromptFingerprinterOptions {
  /** A prompt joins the closest family whose representative is at most this many bits away. */
  maxDistance: number;
  /** Families kept in the index; the least recently used one is evicted beyond it. */
  maxFamilies: number;
  /**
   * Block keys probed per block: 0 = exact block only (finds every family within 3 bits),
   * 1 = also the 16 one-bit neighbours of each block (finds every family within 7 bits).
   */
  probeRadius: 0 | 1;
  /**
   * A family's representative is the bitwise majority of its first `centroidMembers` members
   * (then frozen): the centroid sits closer to every member than members sit to each other.
   * 1 = the founding prompt stays the representative.
   */
  centroidMembers: number;
  /** Tokens in the opening and closing segment sketches; 0 = whole text only. */
  segmentTokens: number;
  /** A prompt also joins a family whose opening or closing segment sketch is this close. */
  maxSegmentDistance: number;
  /** SimHash weights of word unigrams, bigrams and trigrams (small integers, 0 = unused). */
  unigramWeight: number;
  bigramWeight: number;
  trigramWeight: number;
  /** Quoted spans longer than this are read as text, not as one quoted placeholder. */
  maxQuotedLength: number;
  /** Sketch content words only: function words left out, each placeholder kind counted once per prompt (see stop-words.ts). */
  skipStopWords: boolean;
}

export const DEFAULTS: Readonly<PromptFingerprinterOptions> = Object.freeze({
  maxDistance: 14,
  maxFamilies: 500_000,
  probeRadius: 1,
  centroidMembers: 64,
  segmentTokens: 10,
  maxSegmentDistance: 8,
  unigramWeight: 1,
  bigramWeight: 0,
  trigramWeight: 0,
  maxQuotedLength: 400,
  skipStopWords: true,
});

/**
 * Names how a prompt's stored SimHash was computed (the settings it depends on). Families are
 * warmed only from nodes of the same scheme: a SimHash of another definition is not comparable,
 * and matching it would join unrelated prompts.
 */
export function sketchScheme(options: Pick<PromptFingerprinterOptions, 'skipStopWords' | 'unigramWeight' | 'bigramWeight' | 'trigramWeight' | 'maxQuotedLength'>): string {
  return `simhash64/${options.skipStopWords ? 'content-words' : 'all-words'}/ngrams-${options.unigramWeight}-${options.bigramWeight}-${options.trigramWeight}/quoted-${options.maxQuotedLength}`;
}

export type SimhashOptions = Pick<PromptFingerprinterOptions, 'unigramWeight' | 'bigramWeight' | 'trigramWeight' | 'maxQuotedLength' | 'skipStopWords'>;

export const PLACEHOLDERS = ['<num>', '<url>', '<email>', '<hex>', '<id>', '<str>', '<code>', '<handle>'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
