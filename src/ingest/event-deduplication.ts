// The I/O edge of event deduplication: fills the event-id ledger from the chunks earlier loads
// committed, and decides per chunk which events are new. A hash hit is checked against the ids
// stored on the chunk it names (read from Neo4j, or remembered while this load wrote it), so an
// event is a duplicate only when its exact id was loaded before. Duplicates of what an earlier
// load committed from another file are counted apart: a new batch made mostly of them is a
// producer that reuses event ids, which the load reports.
import { cypher } from '../graph-store/cypher-files.js';
import type { GraphStore } from '../graph-store/neo4j-adapter.js';
import type { FingerprintedEvent } from './event-aggregator.js';
import { EventIdLedger } from './event-id-ledger.js';

/**
 * Event ids of recent chunks (including chunks still being written) and of stored chunks read on a
 * hash hit. A chunk's ids are kept as the list it came with; the set to look them up in is built
 * only when a suspect asks for that chunk (rare: a repeated id), not for every chunk.
 */
class ChunkIdCache {
  private readonly chunks = new Map<string, { ids: readonly string[]; set: Set<string> | undefined }>();
  constructor(
    private readonly store: GraphStore,
    private readonly capacity: number,
  ) {}

  remember(chunkKey: string, ids: readonly string[]): void {
    this.chunks.delete(chunkKey);
    this.chunks.set(chunkKey, { ids, set: undefined });
    while (this.chunks.size > this.capacity) this.chunks.delete(this.chunks.keys().next().value as string);
  }

  async idsOf(chunkKeys: Iterable<string>): Promise<Map<string, Set<string>>> {
    const wanted = [...new Set(chunkKeys)];
    const found = new Map<string, Set<string>>();
    const missing = wanted.filter((key) => !this.chunks.has(key));
    if (missing.length > 0) {
      const rows = await this.store.read<{ chunk_key: string; event_ids: string[] }>(cypher('read-chunk-event-ids'), { chunkKeys: missing });
      for (const row of rows) this.remember(row.chunk_key, row.event_ids);
    }
    for (const key of wanted) {
      const chunk = this.chunks.get(key);
      if (chunk) found.set(key, (chunk.set ??= new Set(chunk.ids)));
    }
    return found;
  }
}

/** A chunk's key: the digest of its file's bytes and its index in the file. */
export function chunkKeyOf(fileDigest: string, index: number): string {
  return `${fileDigest}:${index}`;
}

function fileDigestOf(chunkKey: string): string {
  return chunkKey.slice(0, chunkKey.lastIndexOf(':'));
}

export interface DeduplicatedChunk {
  fresh: FingerprintedEvent[];
  /** Ids of the fresh events, which the ledger now remembers under the chunk's key. */
  eventIds: string[];
  /** Their hashes as the IngestChunk node keeps them (encodeEventIdHashes), computed once here. */
  eventHashes: Int8Array;
  /**
   * Events dropped because an earlier load committed their id from another file: an earlier
   * batch (the same file loaded again, or resumed after a kill, does not count).
   */
  earlierBatchDuplicates: number;
}

/**
 * The row index of each event id's first occurrence in a chunk: an open-addressing table on the
 * id's hash (already computed for the ledger), every hit confirmed by comparing the ids, so two
 * ids are the same exactly when their strings are (as a Map keyed by id would tell). The table
 * keeps each id's high hash half too: a slot taken by another id (about one probe in four) is
 * passed over on it, without reaching for that row's id string.
 */
class FirstOccurrences {
  /** Row index + 1 of the id filed in each slot; 0 = empty. */
  private readonly slots: Int32Array;
  /** The high hash half of the id filed in each slot. */
  private readonly highs: Uint32Array;
  private readonly mask: number;

  constructor(rows: number) {
    const size = 2 ** Math.ceil(Math.log2(Math.max(16, rows * 2)));
    this.slots = new Int32Array(size);
    this.highs = new Uint32Array(size);
    this.mask = size - 1;
  }

  /** The first row with this id; `index` itself (and remembered) when it is the first. */
  firstOf(eventId: string, high: number, low: number, index: number, rows: readonly FingerprintedEvent[]): number {
    const { slots, highs, mask } = this;
    for (let slot = (low ^ Math.imul(high, 0x9e3779b1)) & mask; ; slot = (slot + 1) & mask) {
      const filed = slots[slot] as number;
      if (filed === 0) {
        slots[slot] = index + 1;
        highs[slot] = high;
        return index;
      }
      if (highs[slot] === high && (rows[filed - 1] as FingerprintedEvent).event.event_id === eventId) return filed - 1;
    }
  }
}

export class EventDeduplicator {
  private readonly ledger = new EventIdLedger();
  private readonly recentChunks: ChunkIdCache;
  /** Chunks committed before this load started (the ones loadStoredIds read). */
  private readonly storedChunks = new Set<string>();

  /** `recentChunks`: chunks whose ids stay in memory; must exceed the chunks in flight at once. */
  constructor(
    private readonly store: GraphStore,
    recentChunks = 32,
  ) {
    this.recentChunks = new ChunkIdCache(store, recentChunks);
  }

  /** Reads the hashes of every committed chunk's event ids (8 bytes per id, streamed). */
  async loadStoredIds(): Promise<number> {
    await this.store.stream<{ chunk_key: string; event_hashes: Int8Array }>(cypher('read-event-id-hashes'), {}, (row) => {
      this.storedChunks.add(row.chunk_key);
      this.ledger.addHashes(row.chunk_key, row.event_hashes);
    });
    return this.ledger.size;
  }

  /**
   * The events of a chunk not loaded before (same id earlier in the chunk, in an earlier chunk or
   * an earlier load), and their ids, which the ledger now remembers under `chunkKey` (see
   * chunkKeyOf). Chunks must be passed one at a time, in file order.
   */
  async deduplicate(rows: FingerprintedEvent[], chunkKey: string): Promise<DeduplicatedChunk> {
    const repeats: Array<{ index: number; first: number }> = [];
    const isDuplicate = new Uint8Array(rows.length);
    const isEarlierBatch = new Uint8Array(rows.length);
    const suspects: Array<{ index: number; chunkKeys: readonly string[] }> = [];
    // Each id is hashed once: for finding repeats within the chunk, the ledger's lookup, its
    // memory and the chunk's stored hashes.
    const highs = new Uint32Array(rows.length);
    const lows = new Uint32Array(rows.length);
    const firsts = new FirstOccurrences(rows.length);
    rows.forEach((row, index) => {
      const eventId = row.event.event_id;
      if (eventId === null) return;
      const { high, low } = this.ledger.hashOf(eventId);
      const first = firsts.firstOf(eventId, high, low, index, rows);
      if (first !== index) {
        isDuplicate[index] = 1;
        repeats.push({ index, first });
        return;
      }
      highs[index] = high;
      lows[index] = low;
      const chunkKeys = this.ledger.suspectsOfHash(high, low);
      if (chunkKeys.length > 0) suspects.push({ index, chunkKeys });
    });
    if (suspects.length > 0) {
      const stored = await this.recentChunks.idsOf(suspects.flatMap((suspect) => suspect.chunkKeys));
      const file = fileDigestOf(chunkKey);
      for (const { index, chunkKeys } of suspects) {
        const eventId = (rows[index] as FingerprintedEvent).event.event_id as string;
        // A hash hit whose chunk does not hold the id is a hash collision: the event is new.
        const holder = chunkKeys.find((key) => stored.get(key)?.has(eventId));
        if (holder === undefined) continue;
        isDuplicate[index] = 1;
        if (this.storedChunks.has(holder) && fileDigestOf(holder) !== file) isEarlierBatch[index] = 1;
      }
    }
    // A repeat within the chunk of an id an earlier batch loaded repeats that batch too.
    for (const { index, first } of repeats) isEarlierBatch[index] = isEarlierBatch[first] as number;
    const fresh: FingerprintedEvent[] = [];
    const eventIds: string[] = [];
    const freshIdRows: number[] = [];
    rows.forEach((row, index) => {
      if (isDuplicate[index] === 1) return;
      fresh.push(row);
      if (row.event.event_id === null) return;
      eventIds.push(row.event.event_id);
      freshIdRows.push(index);
    });
    const eventHashes = new Int8Array(eventIds.length * 8);
    const view = new DataView(eventHashes.buffer);
    freshIdRows.forEach((index, position) => {
      view.setUint32(position * 8, highs[index] as number, true);
      view.setUint32(position * 8 + 4, lows[index] as number, true);
    });
    this.ledger.addHashes(chunkKey, eventHashes);
    this.recentChunks.remember(chunkKey, eventIds);
    return { fresh, eventIds, eventHashes, earlierBatchDuplicates: isEarlierBatch.reduce((sum, flag) => sum + flag, 0) };
  }
}
