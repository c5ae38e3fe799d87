// Prompt fingerprints: turns raw prompt text into a near-duplicate robust family id, so accounts
// sending prompts from one template (different slot content, a few paraphrased words) share a
// `PromptFingerprint` node. Pure core, no I/O; the raw text is never kept. Method and measured
// numbers: docs/prompt-fingerprints.md.
//
// 1. Normalisation (one hand-written pass, no regex chain): lowercase, NFKC, then numbers, URLs,
//    e-mails, hex/uuids, quoted strings and code-ish tokens become placeholders; punctuation goes.
// 2. SimHash-64 (Charikar 2002; Manku et al. 2007) over weighted word 1- and 2-grams.
// 3. Online families: the closest known family representative within `maxDistance` bits
//    (candidates from a 4 x 16-bit block index, pigeonhole LSH) gives the id; otherwise the prompt
//    founds a family `sp:<simhash hex>`. The index is LRU-bounded.
import { classifyPromptIntent, PROMPT_INTENTS, type PromptIntent } from './prompt-intent.js';
import { fmix32 } from '../shared/hash32.js';
import { withDefaults } from '../shared/options.js';

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
}

export const DEFAULTS: Readonly<PromptFingerprinterOptions> = Object.freeze({
  maxDistance: 10,
  maxFamilies: 500_000,
  probeRadius: 1,
  centroidMembers: 64,
  segmentTokens: 10,
  maxSegmentDistance: 6,
  unigramWeight: 1,
  bigramWeight: 0,
  trigramWeight: 0,
  maxQuotedLength: 400,
});

export type SimhashOptions = Pick<PromptFingerprinterOptions, 'unigramWeight' | 'bigramWeight' | 'trigramWeight' | 'maxQuotedLength'>;

export const PLACEHOLDERS = ['<num>', '<url>', '<email>', '<hex>', '<id>', '<str>', '<code>', '<handle>'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

// ---------------------------------------------------------------------------------------------
// Hashing. No hashing package is a declared dependency (xxhash-wasm is not installed and needs an
// async init), so token hashes are inline: FNV-1a over UTF-16 code units while scanning (no
// substring is built), then the murmur3 finalizer on two seeds gives the 2 x 32 bits. fmix32 is a
// bijection with full avalanche, so the two halves behave as independent 32-bit hashes; only
// 32 bits of token identity remain, and a collision merely merges two words.

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const HIGH_SEED = 0x27d4eb2f;
const LOW_SEED = 0x165667b1;
const BIGRAM_SALT = 0x9e3779b1;
const TRIGRAM_SALT = 0x7feb352d;

/** fmix32 kept in int32 range for the hot path (only the bits matter there). */
function mix32(value: number): number {
  let hash = value;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}

function hashString(text: string): number {
  let hash = FNV_OFFSET;
  for (let index = 0; index < text.length; index += 1) hash = Math.imul(hash ^ text.charCodeAt(index), FNV_PRIME);
  return hash >>> 0;
}

const PLACEHOLDER_HASH: Record<Placeholder, number> = Object.fromEntries(PLACEHOLDERS.map((name) => [name, hashString(name)])) as Record<Placeholder, number>;

/** Bits set in a 32-bit value (SWAR popcount). */
export function popcount32(value: number): number {
  let bits = value - ((value >>> 1) & 0x55555555);
  bits = (bits & 0x33333333) + ((bits >>> 2) & 0x33333333);
  return (Math.imul((bits + (bits >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) as number;
}

export function hammingDistance(firstHigh: number, firstLow: number, secondHigh: number, secondLow: number): number {
  return popcount32((firstHigh ^ secondHigh) >>> 0) + popcount32((firstLow ^ secondLow) >>> 0);
}

export function simhashToHex(high: number, low: number): string {
  return (high >>> 0).toString(16).padStart(8, '0') + (low >>> 0).toString(16).padStart(8, '0');
}

/** Parses 16 hex digits (as written by `simhashToHex`); undefined for anything else. */
export function parseSimhash(hex: string): { high: number; low: number } | undefined {
  if (!/^[0-9a-fA-F]{16}$/.test(hex)) return undefined;
  return { high: Number.parseInt(hex.slice(0, 8), 16) >>> 0, low: Number.parseInt(hex.slice(8), 16) >>> 0 };
}

// ---------------------------------------------------------------------------------------------
// Character classes, one table lookup per UTF-16 code unit. ASCII is filled eagerly; anything else
// is classified on first sight with Unicode property regexes and cached.

const OTHER = 0;
const SPACE = 1;
const LETTER = 2;
const DIGIT = 3;
/** Han, kana: scripts written without spaces, so each character is a word of its own. */
const IDEOGRAPH = 4;
/** Combining marks continue the word they follow. */
const MARK = 5;
const UNCLASSIFIED = 255;

const characterClass = new Uint8Array(65536).fill(UNCLASSIFIED);
for (let code = 0; code < 128; code += 1) {
  const character = String.fromCharCode(code);
  characterClass[code] = /\s/.test(character) ? SPACE : /[a-zA-Z]/.test(character) ? LETTER : /[0-9]/.test(character) ? DIGIT : OTHER;
}

function classOf(code: number): number {
  const cached = characterClass[code] as number;
  if (cached !== UNCLASSIFIED) return cached;
  const character = String.fromCharCode(code);
  let computed = OTHER;
  if (/\s/u.test(character)) computed = SPACE;
  else if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(character)) computed = IDEOGRAPH;
  else if (/\p{L}/u.test(character)) computed = LETTER;
  else if (/\p{Nd}/u.test(character)) computed = DIGIT;
  else if (/\p{M}/u.test(character)) computed = MARK;
  // Surrogate halves (emoji, rare CJK) stay OTHER: dropped like punctuation.
  characterClass[code] = computed;
  return computed;
}

const APOSTROPHE = 0x27;
const RIGHT_SINGLE_QUOTE = 0x2019;
const BACKTICK = 0x60;
/** Opening quote → closing quote. ASCII ' is handled apart (it is also an apostrophe). */
const QUOTE_PAIRS = new Map<number, number>([
  [0x22, 0x22], // "
  [0x201c, 0x201d], // “ ”
  [0x201e, 0x201c], // „ “
  [0xab, 0xbb], // « »
  [0x300c, 0x300d], // 「 」
  [0x300e, 0x300f], // 『 』
  [0x2018, 0x2019], // ‘ ’
]);

const isHexCode = (code: number) => (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x66);
const isWordCode = (code: number) => {
  const kind = classOf(code);
  return kind === LETTER || kind === DIGIT || kind === MARK;
};

// Chunk flags gathered while finding a white-space delimited chunk's end: they decide in one
// look whether the chunk is a URL, an e-mail, a handle or code, without a regex per chunk.
const FLAG_AT = 1;
const FLAG_CODE = 2;
const FLAG_COLON_SLASHES = 4;
const FLAG_DOTTED_WORDS = 8;
const FLAG_SLASH = 16;
/** ASCII roles in the chunk scan: 0 ordinary, 1 white space (ends the chunk), 2 look closer. */
const CHUNK_ROLE = new Uint8Array(128);
for (let code = 0; code < 128; code += 1) CHUNK_ROLE[code] = characterClass[code] === SPACE ? 1 : '@_{}=;<>\\|([:./'.includes(String.fromCharCode(code)) ? 2 : 0;

/** Receives the normalized token stream: a token hash, and its text when text is wanted. */
interface TokenSink {
  token(hash: number, start: number, end: number, placeholder: Placeholder | undefined): void;
}

/** Lowercase + NFKC. Pure ASCII (most prompts) skips NFKC, which would leave it unchanged. */
function foldCase(text: string): string {
  // eslint-disable-next-line no-control-regex
  const folded = /^[\u0000-\u007f]*$/.test(text) ? text : text.normalize('NFKC');
  return folded.toLowerCase();
}

/**
 * The single normalisation pass. Calls `sink.token` for every normalized token of `text`, which
 * must already be case-folded (`foldCase`).
 */
function scanTokens(text: string, maxQuotedLength: number, sink: TokenSink): void {
  const length = text.length;
  let index = 0;
  while (index < length) {
    const code = text.charCodeAt(index);
    const kind = classOf(code);
    if (kind === SPACE) {
      index += 1;
      continue;
    }

    // Chunk-level tokens (URL, e-mail, handle, code) are recognised at a chunk's first character.
    if (index === 0 || classOf(text.charCodeAt(index - 1)) === SPACE) {
      let end = index;
      let flags = 0;
      let previous = -1;
      for (; end < length; end += 1) {
        const current = text.charCodeAt(end);
        if (current < 128) {
          const role = CHUNK_ROLE[current];
          if (role === 0) {
            previous = current;
            continue;
          }
          if (role === 1) break;
          switch (current) {
            case 0x40: // @
              flags |= FLAG_AT;
              break;
            case 0x5f: // _
            case 0x7b: // {
            case 0x7d: // }
            case 0x3d: // =
            case 0x3b: // ;
            case 0x3c: // <
            case 0x3e: // >
            case 0x5c: // \
            case 0x7c: // |
              flags |= FLAG_CODE;
              break;
            case 0x28: // ( or [ right after a word character: a call or an index
            case 0x5b:
              if (previous >= 0 && isWordCode(previous)) flags |= FLAG_CODE;
              break;
            case 0x3a: // :
              if (text.charCodeAt(end + 1) === 0x2f && text.charCodeAt(end + 2) === 0x2f) flags |= FLAG_COLON_SLASHES;
              else if (previous === 0x3a) flags |= FLAG_CODE;
              break;
            case 0x2e: // . between two letters: a dotted name (os.path, example.com)
              if (previous >= 0 && classOf(previous) === LETTER && end + 1 < length && classOf(text.charCodeAt(end + 1)) === LETTER) flags |= FLAG_DOTTED_WORDS;
              break;
            case 0x2f: // /
              flags |= FLAG_SLASH;
              break;
          }
        } else if (classOf(current) === SPACE) break;
        previous = current;
      }
      const placeholder = classifyChunk(text, index, end, flags);
      if (placeholder !== undefined) {
        sink.token(PLACEHOLDER_HASH[placeholder], index, end, placeholder);
        index = end;
        continue;
      }
    }

    if (kind === LETTER || kind === DIGIT) {
      index = scanWordOrNumber(text, index, sink);
      continue;
    }

    if (code === BACKTICK) {
      // ``` fences and `inline code` both become <code>; an unclosed fence runs to the end.
      const fence = text.startsWith('```', index);
      const close = fence ? text.indexOf('```', index + 3) : text.indexOf('`', index + 1);
      if (fence || (close > index && close - index <= maxQuotedLength)) {
        const end = close < 0 ? length : close + (fence ? 3 : 1);
        sink.token(PLACEHOLDER_HASH['<code>'], index, end, '<code>');
        index = end;
        continue;
      }
      index += 1;
      continue;
    }

    const closing = QUOTE_PAIRS.get(code) ?? (code === APOSTROPHE && (index === 0 || !isWordCode(text.charCodeAt(index - 1))) ? APOSTROPHE : undefined);
    if (closing !== undefined) {
      const close = findClosingQuote(text, index + 1, closing, maxQuotedLength);
      if (close > index) {
        sink.token(PLACEHOLDER_HASH['<str>'], index, close + 1, '<str>');
        index = close + 1;
        continue;
      }
      index += 1;
      continue;
    }

    if (kind === IDEOGRAPH) {
      sink.token(fmix32(code), index, index + 1, undefined);
      index += 1;
      continue;
    }

    index += 1; // punctuation, symbols, lone marks
  }
}

function classifyChunk(text: string, start: number, end: number, flags: number): Placeholder | undefined {
  if (flags === 0) return undefined;
  // Leading brackets and quotes do not belong to a URL or an address.
  let from = start;
  while (from < end && !isWordCode(text.charCodeAt(from)) && text.charCodeAt(from) !== 0x2f && text.charCodeAt(from) !== 0x40 && text.charCodeAt(from) !== 0x7b) from += 1;
  if (flags & FLAG_COLON_SLASHES || text.startsWith('www.', from)) return '<url>';
  if (flags & FLAG_AT) {
    const at = text.indexOf('@', from);
    if (at === from) return '<handle>';
    if (at > from && at < end && text.indexOf('.', at) > at && text.indexOf('.', at) < end - 1) return '<email>';
  }
  if (flags & FLAG_CODE) return '<code>';
  if (flags & FLAG_DOTTED_WORDS) {
    // "e.g." and "u.s." end on a dot; os.path.join and example.com do not.
    let last = end - 1;
    while (last > from && !isWordCode(text.charCodeAt(last)) && text.charCodeAt(last) !== 0x2e) last -= 1;
    if (text.charCodeAt(last) !== 0x2e) return '<code>';
  }
  // A path: /usr/bin, ./src/main.ts, a/b/c (but not "and/or").
  if (flags & FLAG_SLASH) {
    let slashes = 0;
    for (let index = from; index < end; index += 1) if (text.charCodeAt(index) === 0x2f) slashes += 1;
    if (text.charCodeAt(from) === 0x2f || text.startsWith('./', from) || text.startsWith('~/', from) || slashes >= 2) return '<code>';
  }
  return undefined;
}

function findClosingQuote(text: string, from: number, closing: number, maxQuotedLength: number): number {
  const limit = Math.min(text.length, from + maxQuotedLength);
  for (let index = from; index < limit; index += 1) {
    if (text.charCodeAt(index) !== closing) continue;
    // An ASCII ' inside a word is an apostrophe ("don't"), not the closing quote.
    if (closing === APOSTROPHE && index + 1 < text.length && isWordCode(text.charCodeAt(index + 1))) continue;
    return index;
  }
  return -1;
}

/**
 * A run of letters and digits: a word, a number (1,200.50, 2024-01-02, 10:30), a hex string or
 * uuid, an identifier (letters mixed with 3+ digits), or letters and numbers split apart (gpt4).
 * Returns the index after the run. ASCII takes a branch-light path with the hash folded in.
 */
function scanWordOrNumber(text: string, start: number, sink: TokenSink): number {
  const length = text.length;
  let end = start;
  let digits = 0;
  let letters = 0;
  let nonHexLetters = 0;
  let hash = FNV_OFFSET;
  while (end < length) {
    let code = text.charCodeAt(end);
    if (code >= 0x61 && code <= 0x7a) {
      letters += 1;
      if (code > 0x66) nonHexLetters += 1;
    } else if (code >= 0x30 && code <= 0x39) digits += 1;
    else if ((code === APOSTROPHE || code === RIGHT_SINGLE_QUOTE) && letters > 0 && end + 1 < length && classOf(text.charCodeAt(end + 1)) === LETTER) {
      code = APOSTROPHE; // don't, it's: the apostrophe stays inside the word
    } else if (code >= 128) {
      const kind = classOf(code);
      if (kind === LETTER || kind === MARK) {
        letters += 1;
        nonHexLetters += 1;
      } else if (kind === DIGIT) digits += 1;
      else break;
    } else break;
    hash = Math.imul(hash ^ code, FNV_PRIME);
    end += 1;
  }

  if (digits === 0) {
    sink.token(hash >>> 0, start, end, undefined);
    return end;
  }
  // 0x1f, deadbeef42, and uuids (hex groups joined by dashes).
  if (nonHexLetters === 0 || (nonHexLetters === 1 && text.charCodeAt(start) === 0x30 && text.charCodeAt(start + 1) === 0x78 && end - start > 2)) {
    let hexEnd = end;
    let hexDigits = end - start;
    while (text.charCodeAt(hexEnd) === 0x2d && isHexCode(text.charCodeAt(hexEnd + 1))) {
      let groupEnd = hexEnd + 1;
      while (groupEnd < length && isHexCode(text.charCodeAt(groupEnd))) groupEnd += 1;
      hexDigits += groupEnd - hexEnd - 1;
      hexEnd = groupEnd;
    }
    const prefixed = nonHexLetters === 1;
    if ((prefixed || (hexDigits >= 8 && letters > 0)) && (hexEnd >= length || !isWordCode(text.charCodeAt(hexEnd)))) {
      sink.token(PLACEHOLDER_HASH['<hex>'], start, hexEnd, '<hex>');
      return hexEnd;
    }
  }
  if (letters === 0 || isOrdinal(text, start, end, digits)) {
    // Absorb separators between digit groups so 1,200.50 or 2024-01-02 is one number.
    while (end + 1 < length && (text.charCodeAt(end) === 0x2c || text.charCodeAt(end) === 0x2e || text.charCodeAt(end) === 0x3a || text.charCodeAt(end) === 0x2d || text.charCodeAt(end) === 0x2f) && classOf(text.charCodeAt(end + 1)) === DIGIT) {
      end += 1;
      while (end < length && classOf(text.charCodeAt(end)) === DIGIT) end += 1;
    }
    sink.token(PLACEHOLDER_HASH['<num>'], start, end, '<num>');
    return end;
  }
  if (digits >= 3) {
    sink.token(PLACEHOLDER_HASH['<id>'], start, end, '<id>');
    return end;
  }
  // gpt4, h2o, 3d: letter runs stay words, digit runs become <num>.
  let index = start;
  while (index < end) {
    const runIsDigits = classOf(text.charCodeAt(index)) === DIGIT;
    let runEnd = index + 1;
    while (runEnd < end && (classOf(text.charCodeAt(runEnd)) === DIGIT) === runIsDigits) runEnd += 1;
    if (runIsDigits) sink.token(PLACEHOLDER_HASH['<num>'], index, runEnd, '<num>');
    else {
      let runHash = FNV_OFFSET;
      for (let position = index; position < runEnd; position += 1) runHash = Math.imul(runHash ^ text.charCodeAt(position), FNV_PRIME);
      sink.token(runHash >>> 0, index, runEnd, undefined);
    }
    index = runEnd;
  }
  return end;
}

/** 1st, 22nd, 3rd, 4th: a number. */
function isOrdinal(text: string, start: number, end: number, digits: number): boolean {
  if (end - start !== digits + 2) return false;
  const suffix = text.slice(start + digits, end);
  return classOf(text.charCodeAt(start)) === DIGIT && (suffix === 'st' || suffix === 'nd' || suffix === 'rd' || suffix === 'th');
}

/**
 * The normalized text the fingerprint is computed from: lowercase, NFKC, placeholders for
 * numbers, URLs, e-mails, handles, hex/uuids, identifiers, quoted strings and code; no
 * punctuation; single spaces.
 */
export function normalizePrompt(text: string): string {
  const folded = foldCase(text);
  const tokens: string[] = [];
  scanTokens(folded, DEFAULTS.maxQuotedLength, {
    token(_hash, start, end, placeholder) {
      tokens.push(placeholder ?? folded.slice(start, end).replaceAll('\u2019', "'"));
    },
  });
  return tokens.join(' ');
}

// ---------------------------------------------------------------------------------------------
// SimHash accumulation. The textbook loop adds ±weight to 64 counters per feature. Here each
// nibble of a feature hash indexes a table that spreads its 4 bits over the 4 bytes of a 32-bit
// word, so one addition updates 4 counters at once (16 additions per feature instead of 64);
// the byte lanes are flushed into wide counters before they can overflow.

const SPREAD_NIBBLE = new Int32Array(16);
for (let nibble = 0; nibble < 16; nibble += 1) SPREAD_NIBBLE[nibble] = (nibble & 1) | ((nibble & 2) << 7) | ((nibble & 4) << 14) | ((nibble & 8) << 21);

class SimhashAccumulator implements TokenSink {
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

// ---------------------------------------------------------------------------------------------
// Segment sketches. A template's slot content often makes up a third or more of a prompt, which
// puts two renders of one template 12-20 bits apart on the whole-text SimHash: too far for a safe
// threshold. Its fixed opening or closing words, however, are usually intact, so the SimHash of
// the first and of the last `segmentTokens` tokens matches almost exactly. A prompt joins a family
// when its whole-text sketch is within `maxDistance` or one of its segment sketches is within
// `maxSegmentDistance` of the family's.

const WHOLE = 0;
const PREFIX = 1;
const SUFFIX = 2;
const SKETCH_KINDS = 3;

export interface PromptSketches {
  whole: { high: number; low: number };
  /** Undefined when the prompt has fewer tokens than segmentTokens (the whole text covers it). */
  prefix: { high: number; low: number } | undefined;
  suffix: { high: number; low: number } | undefined;
  tokens: number;
}

class PromptSketcher implements TokenSink {
  private readonly whole: SimhashAccumulator;
  private readonly prefix: SimhashAccumulator;
  private readonly suffix: SimhashAccumulator;
  private readonly recent: Uint32Array;
  private tokens = 0;

  constructor(private readonly options: SimhashOptions & { segmentTokens: number }) {
    this.whole = new SimhashAccumulator(options);
    this.prefix = new SimhashAccumulator(options);
    this.suffix = new SimhashAccumulator(options);
    this.recent = new Uint32Array(Math.max(1, options.segmentTokens));
  }

  token(hash: number): void {
    this.whole.token(hash);
    if (this.tokens < this.options.segmentTokens) this.prefix.token(hash);
    this.recent[this.tokens % this.recent.length] = hash;
    this.tokens += 1;
  }

  sketch(text: string): PromptSketches {
    this.whole.reset();
    this.prefix.reset();
    this.suffix.reset();
    this.tokens = 0;
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

// ---------------------------------------------------------------------------------------------
// Online families.

export interface PromptFingerprinterCounters {
  prompts: number;
  familiesCreated: number;
  /** Prompts that joined an existing family, in total and by the sketch that matched. */
  hits: number;
  wholeHits: number;
  segmentHits: number;
  evictions: number;
  /** Families preloaded by `warm`. */
  warmed: number;
}

const BLOCKS = 4;
const BUCKETS = 65536;
const NONE = -1;
const INITIAL_SLOTS = 1024;

/**
 * Assigns prompts to families online. Deterministic: the same sequence of calls (warm, then
 * prompts) gives the same ids. Memory is bounded by `maxFamilies` (about 150 bytes of typed
 * arrays per family plus its id string, so about 100 MB at 500,000); beyond it the least recently
 * matched family is evicted, and a later prompt of that template founds a new family.
 */
export class PromptFingerprinter {
  readonly options: Readonly<PromptFingerprinterOptions>;
  private readonly sketcher: PromptSketcher;
  private readonly counters: PromptFingerprinterCounters = { prompts: 0, familiesCreated: 0, hits: 0, wholeHits: 0, segmentHits: 0, evictions: 0, warmed: 0 };

  // Families live in slots of parallel typed arrays, grown by doubling up to maxFamilies.
  private slots = 0;
  private used = 0;
  /** Sketches by kind (whole, prefix, suffix); `present` says which segment sketches a family has. */
  private high: Uint32Array[] = [];
  private low: Uint32Array[] = [];
  private present = new Uint8Array(0);
  private ids: string[] = [];
  // Centroid votes of the whole-text sketch: members per family and, per family and bit,
  // members with that bit set.
  private members = new Uint8Array(0);
  /** Family intent as 1 + its index in PROMPT_INTENTS; 0 = not classified yet (warmed). */
  private intents = new Uint8Array(0);
  private votes = new Uint8Array(0);
  // Least recently used order: a doubly linked list through the slots, head = most recent.
  private newer = new Int32Array(0);
  private older = new Int32Array(0);
  private mostRecent = NONE;
  private leastRecent = NONE;
  // The block index, one table per sketch kind and 16-bit block: buckets of slots whose block has
  // that value, as doubly linked lists through the slots.
  private readonly bucketHeads: Int32Array[] = [];
  private bucketNext: Int32Array[] = [];
  private bucketPrevious: Int32Array[] = [];

  constructor(options: Partial<PromptFingerprinterOptions> = {}) {
    this.options = Object.freeze(withDefaults(DEFAULTS, options));
    if (!(this.options.maxFamilies >= 1)) throw new RangeError('maxFamilies must be at least 1');
    if (!(this.options.centroidMembers >= 1 && this.options.centroidMembers <= 255)) throw new RangeError('centroidMembers must be within 1..255');
    if (!(this.options.maxDistance >= 0 && this.options.maxDistance <= 64)) throw new RangeError('maxDistance must be within 0..64');
    this.sketcher = new PromptSketcher(this.options);
    for (let table = 0; table < SKETCH_KINDS * BLOCKS; table += 1) this.bucketHeads.push(new Int32Array(BUCKETS).fill(NONE));
  }

  get size(): number {
    return this.used;
  }

  stats(): PromptFingerprinterCounters & { families: number } {
    return { ...this.counters, families: this.used };
  }

  /**
   * The family, SimHash and intent of one prompt. The intent is the family's: classified on the
   * prompt that founds it (or the first one after a warm start) and reused for every member, so
   * one fingerprint never carries two intents and most campaign prompts skip the rule scan.
   */
  fingerprint(text: string): PromptFingerprint {
    const folded = foldCase(text);
    return this.fingerprintSketched(this.sketcher.sketch(folded), folded, true);
  }

  /**
   * The same as `fingerprint(text)` for a prompt sketched elsewhere (a worker thread, with the
   * same options): only the family assignment, which depends on every prompt before it, runs here.
   * The text is read only when the family's intent is not known yet.
   */
  fingerprintSketched(sketches: PromptSketches, text: string, textIsFolded = false): PromptFingerprint {
    this.counters.prompts += 1;
    const slot = this.assign(sketches);
    let intent = this.intents[slot] as number;
    if (intent === 0) {
      intent = PROMPT_INTENTS.indexOf(classifyPromptIntent(textIsFolded ? text : foldCase(text))) + 1;
      this.intents[slot] = intent;
    }
    return { fingerprint: this.ids[slot] as string, simhash: simhashToHex(sketches.whole.high, sketches.whole.low), intent: PROMPT_INTENTS[intent - 1] as PromptIntent };
  }

  /** The family slot for a prompt's sketches: the closest family within the thresholds, or a new one. */
  private assign(sketches: PromptSketches): number {
    const { whole, prefix, suffix } = sketches;
    let found = this.closest(WHOLE, whole.high, whole.low, this.options.maxDistance);
    const byWhole = found.slot !== NONE;
    if (!byWhole) {
      // Segment matches rank by distance; the prefix wins ties (instructions usually come first).
      const byPrefix = prefix ? this.closest(PREFIX, prefix.high, prefix.low, this.options.maxSegmentDistance) : { slot: NONE, distance: 65 };
      const bySuffix = suffix ? this.closest(SUFFIX, suffix.high, suffix.low, this.options.maxSegmentDistance) : { slot: NONE, distance: 65 };
      found = bySuffix.distance < byPrefix.distance ? bySuffix : byPrefix;
    }
    if (found.slot !== NONE) {
      const slot = found.slot;
      this.counters.hits += 1;
      if (byWhole) this.counters.wholeHits += 1;
      else this.counters.segmentHits += 1;
      this.touch(slot);
      if ((this.members[slot] as number) < this.options.centroidMembers) this.vote(slot, whole.high, whole.low);
      // A warmed family learns its segment sketches from its first member.
      const present = this.present[slot] as number;
      if (prefix && !(present & (1 << PREFIX))) this.setSketch(slot, PREFIX, prefix.high, prefix.low);
      if (suffix && !(present & (1 << SUFFIX))) this.setSketch(slot, SUFFIX, suffix.high, suffix.low);
      return slot;
    }
    const id = `sp:${simhashToHex(whole.high, whole.low)}`;
    const slot = this.allocate(id);
    this.setSketch(slot, WHOLE, whole.high, whole.low);
    if (prefix) this.setSketch(slot, PREFIX, prefix.high, prefix.low);
    if (suffix) this.setSketch(slot, SUFFIX, suffix.high, suffix.low);
    this.counters.familiesCreated += 1;
    return slot;
  }

  /**
   * Preloads known families (for example from the graph on an ingest restart), most important
   * first: when there are more than maxFamilies, the first ones are kept and end up the most
   * recently used. Only the whole-text sketch is known; a family learns its segment sketches
   * from its first member. Malformed simhashes and repeated fingerprints are skipped.
   */
  warm(families: ReadonlyArray<{ fingerprint: string; simhash: string }>): void {
    const seen = new Set<string>();
    const accepted: Array<{ fingerprint: string; high: number; low: number }> = [];
    for (const family of families) {
      if (accepted.length >= this.options.maxFamilies) break;
      const parsed = parseSimhash(family.simhash);
      if (!parsed || seen.has(family.fingerprint)) continue;
      seen.add(family.fingerprint);
      accepted.push({ fingerprint: family.fingerprint, ...parsed });
    }
    for (let index = accepted.length - 1; index >= 0; index -= 1) {
      const family = accepted[index] as { fingerprint: string; high: number; low: number };
      this.setSketch(this.allocate(family.fingerprint), WHOLE, family.high, family.low);
      this.counters.warmed += 1;
    }
  }

  private closest(kind: number, high: number, low: number, maxDistance: number): { slot: number; distance: number } {
    const probes = this.options.probeRadius === 1 ? 17 : 1;
    const highs = this.high[kind] as Uint32Array;
    const lows = this.low[kind] as Uint32Array;
    let best = NONE;
    let bestDistance = maxDistance + 1;
    for (let block = 0; block < BLOCKS; block += 1) {
      const table = kind * BLOCKS + block;
      const key = blockOf(high, low, block);
      const heads = this.bucketHeads[table] as Int32Array;
      const next = this.bucketNext[table] as Int32Array;
      for (let probe = 0; probe < probes; probe += 1) {
        const probeKey = probe === 0 ? key : key ^ (1 << (probe - 1));
        for (let slot = heads[probeKey] as number; slot !== NONE; slot = next[slot] as number) {
          const distance = hammingDistance(high, low, highs[slot] as number, lows[slot] as number);
          // Ties go to the smallest id: independent of slot reuse and recency order.
          if (distance < bestDistance || (distance === bestDistance && best !== NONE && (this.ids[slot] as string) < (this.ids[best] as string))) {
            best = slot;
            bestDistance = distance;
          }
        }
      }
      if (bestDistance === 0) break;
    }
    return { slot: best, distance: best === NONE ? 65 : bestDistance };
  }

  /** A free slot (evicting the least recently used family when full), linked as most recent. */
  private allocate(id: string): number {
    let slot: number;
    if (this.used < this.options.maxFamilies) {
      if (this.used === this.slots) this.grow();
      slot = this.used;
      this.used += 1;
    } else {
      slot = this.leastRecent;
      this.unlinkRecency(slot);
      for (let kind = 0; kind < SKETCH_KINDS; kind += 1) {
        if (!((this.present[slot] as number) & (1 << kind))) continue;
        for (let block = 0; block < BLOCKS; block += 1) this.unlinkBucket(slot, kind, block);
      }
      this.counters.evictions += 1;
    }
    this.ids[slot] = id;
    this.present[slot] = 0;
    this.members[slot] = 0;
    this.intents[slot] = 0;
    this.linkMostRecent(slot);
    return slot;
  }

  private setSketch(slot: number, kind: number, high: number, low: number): void {
    (this.high[kind] as Uint32Array)[slot] = high;
    (this.low[kind] as Uint32Array)[slot] = low;
    this.present[slot] = (this.present[slot] as number) | (1 << kind);
    for (let block = 0; block < BLOCKS; block += 1) this.linkBucket(slot, kind, block);
    if (kind !== WHOLE) return;
    this.members[slot] = 1;
    const votes = this.votes;
    const base = slot * 64;
    for (let bit = 0; bit < 32; bit += 1) {
      votes[base + bit] = (low >>> bit) & 1;
      votes[base + 32 + bit] = (high >>> bit) & 1;
    }
  }

  /** Adds a member's bits to its family's votes and moves the representative to the majority. */
  private vote(slot: number, high: number, low: number): void {
    const members = (this.members[slot] as number) + 1;
    this.members[slot] = members;
    const votes = this.votes;
    const base = slot * 64;
    const highs = this.high[WHOLE] as Uint32Array;
    const lows = this.low[WHOLE] as Uint32Array;
    const oldHigh = highs[slot] as number;
    const oldLow = lows[slot] as number;
    let newLow = 0;
    let newHigh = 0;
    for (let bit = 0; bit < 32; bit += 1) {
      const lowVotes = (votes[base + bit] as number) + ((low >>> bit) & 1);
      const highVotes = (votes[base + 32 + bit] as number) + ((high >>> bit) & 1);
      votes[base + bit] = lowVotes;
      votes[base + 32 + bit] = highVotes;
      // A tie keeps the current bit, so a representative does not flicker.
      const lowBit = lowVotes * 2 > members ? 1 : lowVotes * 2 < members ? 0 : (oldLow >>> bit) & 1;
      const highBit = highVotes * 2 > members ? 1 : highVotes * 2 < members ? 0 : (oldHigh >>> bit) & 1;
      newLow |= lowBit << bit;
      newHigh |= highBit << bit;
    }
    newLow >>>= 0;
    newHigh >>>= 0;
    if (newLow === oldLow && newHigh === oldHigh) return;
    const changed: number[] = [];
    for (let block = 0; block < BLOCKS; block += 1) {
      if (blockOf(oldHigh, oldLow, block) === blockOf(newHigh, newLow, block)) continue;
      this.unlinkBucket(slot, WHOLE, block);
      changed.push(block);
    }
    highs[slot] = newHigh;
    lows[slot] = newLow;
    for (const block of changed) this.linkBucket(slot, WHOLE, block);
  }

  private linkBucket(slot: number, kind: number, block: number): void {
    const table = kind * BLOCKS + block;
    const key = blockOf((this.high[kind] as Uint32Array)[slot] as number, (this.low[kind] as Uint32Array)[slot] as number, block);
    const heads = this.bucketHeads[table] as Int32Array;
    const next = this.bucketNext[table] as Int32Array;
    const previous = this.bucketPrevious[table] as Int32Array;
    const head = heads[key] as number;
    next[slot] = head;
    previous[slot] = NONE;
    if (head !== NONE) previous[head] = slot;
    heads[key] = slot;
  }

  private unlinkBucket(slot: number, kind: number, block: number): void {
    const table = kind * BLOCKS + block;
    const next = this.bucketNext[table] as Int32Array;
    const previous = this.bucketPrevious[table] as Int32Array;
    const after = next[slot] as number;
    const before = previous[slot] as number;
    if (before === NONE) (this.bucketHeads[table] as Int32Array)[blockOf((this.high[kind] as Uint32Array)[slot] as number, (this.low[kind] as Uint32Array)[slot] as number, block)] = after;
    else next[before] = after;
    if (after !== NONE) previous[after] = before;
  }

  private touch(slot: number): void {
    if (slot === this.mostRecent) return;
    this.unlinkRecency(slot);
    this.linkMostRecent(slot);
  }

  private linkMostRecent(slot: number): void {
    this.newer[slot] = NONE;
    this.older[slot] = this.mostRecent;
    if (this.mostRecent !== NONE) this.newer[this.mostRecent] = slot;
    this.mostRecent = slot;
    if (this.leastRecent === NONE) this.leastRecent = slot;
  }

  private unlinkRecency(slot: number): void {
    const newer = this.newer[slot] as number;
    const older = this.older[slot] as number;
    if (newer === NONE) this.mostRecent = older;
    else this.older[newer] = older;
    if (older === NONE) this.leastRecent = newer;
    else this.newer[older] = newer;
  }

  private grow(): void {
    const slots = Math.min(this.options.maxFamilies, Math.max(INITIAL_SLOTS, this.slots * 2));
    const resize = <T extends Uint8Array | Uint32Array | Int32Array>(array: T | undefined, make: (size: number) => T, size = slots): T => {
      const bigger = make(size);
      if (array) bigger.set(array);
      return bigger;
    };
    const uint32 = (size: number) => new Uint32Array(size);
    const int32 = (size: number) => new Int32Array(size);
    const uint8 = (size: number) => new Uint8Array(size);
    this.high = Array.from({ length: SKETCH_KINDS }, (_, kind) => resize(this.high[kind], uint32));
    this.low = Array.from({ length: SKETCH_KINDS }, (_, kind) => resize(this.low[kind], uint32));
    this.present = resize(this.present, uint8);
    this.members = resize(this.members, uint8);
    this.intents = resize(this.intents, uint8);
    this.votes = resize(this.votes, uint8, slots * 64);
    this.newer = resize(this.newer, int32);
    this.older = resize(this.older, int32);
    this.bucketNext = Array.from({ length: SKETCH_KINDS * BLOCKS }, (_, table) => resize(this.bucketNext[table], int32));
    this.bucketPrevious = Array.from({ length: SKETCH_KINDS * BLOCKS }, (_, table) => resize(this.bucketPrevious[table], int32));
    this.slots = slots;
  }
}

function blockOf(high: number, low: number, block: number): number {
  switch (block) {
    case 0:
      return high >>> 16;
    case 1:
      return high & 0xffff;
    case 2:
      return low >>> 16;
    default:
      return low & 0xffff;
  }
}

/** Synchronous: the inline hash needs no initialisation. Kept as the factory ingest calls. */
export function createPromptFingerprinter(options: Partial<PromptFingerprinterOptions> = {}): PromptFingerprinter {
  return new PromptFingerprinter(options);
}
