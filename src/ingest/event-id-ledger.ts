// The memory of every event id already loaded, so a re-sent event counts as a duplicate and is
// never added twice. Pure core, no I/O.
//
// Why not one Event node per id: creating millions of indexed nodes was a quarter of Neo4j's
// ingest work. Instead each committed chunk keeps the ids it loaded (a string list and their
// 64-bit hashes as one byte array) on its IngestChunk node, in the same transaction as its data.
// At the start of a load the hashes are read back into this open-addressing table, which maps a
// hash to the chunks holding an id with that hash. A hash hit is only a suspect: the caller
// compares the id with the named chunk's stored ids, so a hash collision can never drop an event.
// Memory: 12 bytes per slot, at most 1/0.7 slots per id (about 370 MB for 21.5M ids).

import { fmix32 } from '../shared/hash32.js';

export interface EventIdHash {
  high: number;
  low: number;
}

const EMPTY = -1;
const NO_SUSPECTS: readonly string[] = Object.freeze([]);
const MAX_LOAD = 0.7;

/** Two independently seeded 32-bit multiplicative hashes over the UTF-16 code units, finalized. */
export function hashEventId(id: string): EventIdHash {
  let high = 0x9747b28c ^ id.length;
  let low = 0x3c6ef372 ^ id.length;
  for (let index = 0; index < id.length; index += 1) {
    const code = id.charCodeAt(index);
    high = Math.imul(high ^ code, 0x5bd1e995);
    high ^= high >>> 15;
    low = Math.imul(low ^ code, 0x01000193);
    low ^= low >>> 13;
  }
  return { high: fmix32(high), low: fmix32(low ^ 0x27d4eb2f) };
}

/** The hashes of `ids`, 8 bytes each (high then low, little-endian), as Neo4j stores a byte array. */
export function encodeEventIdHashes(ids: readonly string[]): Int8Array {
  const bytes = new Int8Array(ids.length * 8);
  const view = new DataView(bytes.buffer);
  ids.forEach((id, index) => {
    const { high, low } = hashEventId(id);
    view.setUint32(index * 8, high, true);
    view.setUint32(index * 8 + 4, low, true);
  });
  return bytes;
}

export class EventIdLedger {
  private highs: Uint32Array;
  private lows: Uint32Array;
  private chunks: Int32Array;
  private used = 0;
  private readonly chunkKeys: string[] = [];
  private readonly chunkNumbers = new Map<string, number>();

  /** `hash` is replaceable so tests can force collisions; stored hashes must come from the same function. */
  constructor(
    initialCapacity = 1 << 16,
    private readonly hash: (id: string) => EventIdHash = hashEventId,
  ) {
    const capacity = 2 ** Math.ceil(Math.log2(Math.max(16, initialCapacity)));
    this.highs = new Uint32Array(capacity);
    this.lows = new Uint32Array(capacity);
    this.chunks = new Int32Array(capacity).fill(EMPTY);
  }

  /** Ids remembered (one per id and chunk). */
  get size(): number {
    return this.used;
  }

  /** The chunk keys that may hold `id` (same 64-bit hash); empty means certainly new. */
  suspects(id: string): readonly string[] {
    const { high, low } = this.hash(id);
    return this.suspectsOfHash(high, low);
  }

  /** The hash this ledger files `id` under. */
  hashOf(id: string): EventIdHash {
    return this.hash(id);
  }

  /** suspects() for an id whose hash the caller has (from hashOf). */
  suspectsOfHash(high: number, low: number): readonly string[] {
    let found: string[] | undefined;
    const mask = this.chunks.length - 1;
    for (let slot = this.slotOf(high, low); this.chunks[slot] !== EMPTY; slot = (slot + 1) & mask) {
      if (this.highs[slot] === high && this.lows[slot] === low) (found ??= []).push(this.chunkKeys[this.chunks[slot] as number] as string);
    }
    return found ?? NO_SUSPECTS;
  }

  /** Remembers ids loaded by a chunk. */
  addIds(chunkKey: string, ids: readonly string[]): void {
    const chunk = this.chunkNumber(chunkKey);
    for (const id of ids) {
      const { high, low } = this.hash(id);
      this.insert(high, low, chunk);
    }
  }

  /** Remembers a stored chunk's ids from their encoded hashes (see encodeEventIdHashes). */
  addHashes(chunkKey: string, bytes: Int8Array): void {
    const chunk = this.chunkNumber(chunkKey);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let offset = 0; offset + 8 <= bytes.byteLength; offset += 8) this.insert(view.getUint32(offset, true), view.getUint32(offset + 4, true), chunk);
  }

  private chunkNumber(chunkKey: string): number {
    let number = this.chunkNumbers.get(chunkKey);
    if (number === undefined) {
      number = this.chunkKeys.length;
      this.chunkKeys.push(chunkKey);
      this.chunkNumbers.set(chunkKey, number);
    }
    return number;
  }

  private slotOf(high: number, low: number): number {
    return (low ^ Math.imul(high, 0x9e3779b1)) & (this.chunks.length - 1);
  }

  private insert(high: number, low: number, chunk: number): void {
    if (this.used + 1 > this.chunks.length * MAX_LOAD) this.grow();
    const mask = this.chunks.length - 1;
    let slot = this.slotOf(high, low);
    while (this.chunks[slot] !== EMPTY) {
      // The same id from the same chunk once is enough.
      if (this.chunks[slot] === chunk && this.highs[slot] === high && this.lows[slot] === low) return;
      slot = (slot + 1) & mask;
    }
    this.highs[slot] = high;
    this.lows[slot] = low;
    this.chunks[slot] = chunk;
    this.used += 1;
  }

  private grow(): void {
    const { highs, lows, chunks } = this;
    const capacity = chunks.length * 2;
    this.highs = new Uint32Array(capacity);
    this.lows = new Uint32Array(capacity);
    this.chunks = new Int32Array(capacity).fill(EMPTY);
    this.used = 0;
    for (let slot = 0; slot < chunks.length; slot += 1) {
      if (chunks[slot] !== EMPTY) this.insert(highs[slot] as number, lows[slot] as number, chunks[slot] as number);
    }
  }
}
