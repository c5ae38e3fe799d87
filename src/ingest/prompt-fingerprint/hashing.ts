// Hashing. No hashing package is a declared dependency (xxhash-wasm is not installed and needs an
// async init), so token hashes are inline: FNV-1a over UTF-16 code units while scanning (no
// substring is built), then the murmur3 finalizer on two seeds gives the 2 x 32 bits. fmix32 is a
// bijection with full avalanche, so the two halves behave as independent 32-bit hashes; only
// 32 bits of token identity remain, and a collision merely merges two words.
import { PLACEHOLDERS, type Placeholder } from './options.js';

export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;
export const HIGH_SEED = 0x27d4eb2f;
export const LOW_SEED = 0x165667b1;
export const BIGRAM_SALT = 0x9e3779b1;
export const TRIGRAM_SALT = 0x7feb352d;

/** fmix32 kept in int32 range for the hot path (only the bits matter there). */
export function mix32(value: number): number {
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

export const PLACEHOLDER_HASH: Record<Placeholder, number> = Object.fromEntries(PLACEHOLDERS.map((name) => [name, hashString(name)])) as Record<Placeholder, number>;

/** Bits set in a 32-bit value (SWAR popcount). */
export function popcount32(value: number): number {
  let bits = value - ((value >>> 1) & 0x55555555);
  bits = (bits & 0x33333333) + ((bits >>> 2) & 0x33333333);
  return (Math.imul((bits + (bits >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) as number;
}

/**
 * Bits set in a 64-bit value given as its two 32-bit halves (e.g. the XOR of two simhashes):
 * popcount32's steps on each half, with the halves' byte counts added before the one multiply
 * that sums them (64 fits in a byte). The family search calls it for every candidate it probes.
 */
export function differingBits(high: number, low: number): number {
  let highBits = high - ((high >>> 1) & 0x55555555);
  let lowBits = low - ((low >>> 1) & 0x55555555);
  highBits = (highBits & 0x33333333) + ((highBits >>> 2) & 0x33333333);
  lowBits = (lowBits & 0x33333333) + ((lowBits >>> 2) & 0x33333333);
  const bytes = ((highBits + (highBits >>> 4)) & 0x0f0f0f0f) + ((lowBits + (lowBits >>> 4)) & 0x0f0f0f0f);
  return Math.imul(bytes, 0x01010101) >>> 24;
}

export function hammingDistance(firstHigh: number, firstLow: number, secondHigh: number, secondLow: number): number {
  return differingBits(firstHigh ^ secondHigh, firstLow ^ secondLow);
}

/** Character codes of the hex digits 0-f. */
const HEX_DIGIT = Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));
const hexDigit = (value: number, shift: number) => HEX_DIGIT[(value >>> shift) & 15] as number;

/** 16 lowercase hex digits, high half first (built in one call: one is made for every prompt). */
export function simhashToHex(high: number, low: number): string {
  return String.fromCharCode(
    hexDigit(high, 28),
    hexDigit(high, 24),
    hexDigit(high, 20),
    hexDigit(high, 16),
    hexDigit(high, 12),
    hexDigit(high, 8),
    hexDigit(high, 4),
    hexDigit(high, 0),
    hexDigit(low, 28),
    hexDigit(low, 24),
    hexDigit(low, 20),
    hexDigit(low, 16),
    hexDigit(low, 12),
    hexDigit(low, 8),
    hexDigit(low, 4),
    hexDigit(low, 0),
  );
}

/** Parses 16 hex digits (as written by `simhashToHex`); undefined for anything else. */
export function parseSimhash(hex: string): { high: number; low: number } | undefined {
  if (!/^[0-9a-fA-F]{16}$/.test(hex)) return undefined;
  return { high: Number.parseInt(hex.slice(0, 8), 16) >>> 0, low: Number.parseInt(hex.slice(8), 16) >>> 0 };
}
