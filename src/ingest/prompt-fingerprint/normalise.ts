// Normalisation: one hand-written pass, no regex chain. Lowercase, NFKC, then numbers, URLs,
// e-mails, hex/uuids, quoted strings and code-ish tokens become placeholders; punctuation goes.
//
// Character classes, one table lookup per UTF-16 code unit. ASCII is filled eagerly; anything else
// is classified on first sight with Unicode property regexes and cached.
import { fmix32 } from '../../shared/hash32.js';
import { FNV_OFFSET, FNV_PRIME, PLACEHOLDER_HASH } from './hashing.js';
import { DEFAULTS, type Placeholder } from './options.js';

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
export interface TokenSink {
  token(hash: number, start: number, end: number, placeholder: Placeholder | undefined): void;
}

/** Lowercase + NFKC. Pure ASCII (most prompts) skips NFKC, which would leave it unchanged. */
export function foldCase(text: string): string {
  // eslint-disable-next-line no-control-regex
  const folded = /^[\u0000-\u007f]*$/.test(text) ? text : text.normalize('NFKC');
  return folded.toLowerCase();
}

/**
 * The single normalisation pass. Calls `sink.token` for every normalized token of `text`, which
 * must already be case-folded (`foldCase`).
 */
export function scanTokens(text: string, maxQuotedLength: number, sink: TokenSink): void {
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
      // Most chunks are a plain word: scanned (and hashed) once here instead of twice below.
      if (code >= 0x61 && code <= 0x7a) {
        const end = plainChunkEnd(text, index);
        if (end > 0) {
          sink.token(plainWord.hash, index, plainWord.end, undefined);
          index = end;
          continue;
        }
      }
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

/** The word of the plain chunk plainChunkEnd last found: its hash (wordHash of it) and where it ends. */
const plainWord = { hash: 0, end: 0 };

/**
 * Where a plain chunk ends (at white space or the end of the text), or -1 when the chunk is not
 * plain; its word's hash and end are left in `plainWord`. A plain chunk is lowercase ASCII letters
 * (apostrophes between letters allowed: "don't"), then only , . ? ! up to ASCII white space or the
 * end. The general path below gives such a chunk exactly one token, the word's hash (no chunk flag
 * can be set, the punctuation is dropped): what the caller emits. One pass finds the word, folds
 * its hash in (as wordHash would) and finds the chunk's end.
 */
function plainChunkEnd(text: string, start: number): number {
  const length = text.length;
  let hash = Math.imul(FNV_OFFSET ^ text.charCodeAt(start), FNV_PRIME);
  let end = start + 1;
  for (; end < length; end += 1) {
    const code = text.charCodeAt(end);
    if (code >= 0x61 && code <= 0x7a) {
      hash = Math.imul(hash ^ code, FNV_PRIME);
      continue;
    }
    if (code === APOSTROPHE && end + 1 < length) {
      const next = text.charCodeAt(end + 1);
      if (next >= 0x61 && next <= 0x7a) {
        hash = Math.imul(hash ^ code, FNV_PRIME);
        continue;
      }
    }
    break;
  }
  for (let index = end; index < length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 0x2c || code === 0x2e || code === 0x3f || code === 0x21) continue;
    if (code >= 128 || characterClass[code] !== SPACE) return -1;
    plainWord.hash = hash >>> 0;
    plainWord.end = end;
    return index;
  }
  plainWord.hash = hash >>> 0;
  plainWord.end = end;
  return length;
}

/** FNV-1a over the code units of text[start, end): a word token's hash, as scanWordOrNumber folds it in. */
export function wordHash(text: string, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let index = start; index < end; index += 1) hash = Math.imul(hash ^ text.charCodeAt(index), FNV_PRIME);
  return hash >>> 0;
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
    while (
      end + 1 < length &&
      (text.charCodeAt(end) === 0x2c || text.charCodeAt(end) === 0x2e || text.charCodeAt(end) === 0x3a || text.charCodeAt(end) === 0x2d || text.charCodeAt(end) === 0x2f) &&
      classOf(text.charCodeAt(end + 1)) === DIGIT
    ) {
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
