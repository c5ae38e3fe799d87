// The I/O edge of event deduplication: fills the event-id ledger from the chunks earlier loads
// committed, and decides per chunk which events are new. A hash hit is checked against the ids
// stored on the chunk it names (read from Neo4j, or remembered while this load wrote it), so an
// event is a duplicate only when its exact id was loaded before.
import { cypher } from '../graph-store/cypher-files.js';
import type { GraphStore } from '../graph-store/neo4j-adapter.js';
import type { FingerprintedEvent } from './event-aggregator.js';
import { EventIdLedger } from './event-id-ledger.js';

/** Event ids of recent chunks (including chunks still being written) and of stored chunks read on a hash hit. */
class ChunkIdCache {
  private readonly sets = new Map<string, Set<string>>();
  constructor(
    private readonly store: GraphStore,
    private readonly capacity: number,
  ) {}

  remember(chunkKey: string, ids: Iterable<string>): void {
    this.sets.delete(chunkKey);
    this.sets.set(chunkKey, new Set(ids));
    while (this.sets.size > this.capacity) this.sets.delete(this.sets.keys().next().value as string);
  }

  async idsOf(chunkKeys: Iterable<string>): Promise<Map<string, Set<string>>> {
    const wanted = [...new Set(chunkKeys)];
    const found = new Map<string, Set<string>>();
    const missing = wanted.filter((key) => !this.sets.has(key));
    if (missing.length > 0) {
      const rows = await this.store.read<{ chunk_key: string; event_ids: string[] }>(cypher('read-chunk-event-ids'), { chunkKeys: missing });
      for (const row of rows) this.remember(row.chunk_key, row.event_ids);
    }
    for (const key of wanted) {
      const ids = this.sets.get(key);
      if (ids) found.set(key, ids);
    }
    return found;
  }
}

export class EventDeduplicator {
  private readonly ledger = new EventIdLedger();
  private readonly recentChunks: ChunkIdCache;

  /** `recentChunks`: chunks whose ids stay in memory; must exceed the chunks in flight at once. */
  constructor(
    private readonly store: GraphStore,
    recentChunks = 32,
  ) {
    this.recentChunks = new ChunkIdCache(store, recentChunks);
  }

  /** Reads the hashes of every committed chunk's event ids (8 bytes per id, streamed). */
  async loadStoredIds(): Promise<number> {
    await this.store.stream<{ chunk_key: string; event_hashes: Int8Array }>(cypher('read-event-id-hashes'), {}, (row) => this.ledger.addHashes(row.chunk_key, row.event_hashes));
    return this.ledger.size;
  }

  /**
   * The events of a chunk not loaded before (same id earlier in the chunk, in an earlier chunk or
   * an earlier load), and their ids, which the ledger now remembers under `chunkKey`. Chunks must
   * be passed one at a time, in file order.
   */
  async deduplicate(rows: FingerprintedEvent[], chunkKey: string): Promise<{ fresh: FingerprintedEvent[]; eventIds: string[] }> {
    const seenIds = new Set<string>();
    const isDuplicate = new Uint8Array(rows.length);
    const suspects: Array<{ index: number; chunkKeys: string[] }> = [];
    rows.forEach((row, index) => {
      const eventId = row.event.event_id;
      if (eventId === null) return;
      if (seenIds.has(eventId)) {
        isDuplicate[index] = 1;
        return;
      }
      seenIds.add(eventId);
      const chunkKeys = this.ledger.suspects(eventId);
      if (chunkKeys.length > 0) suspects.push({ index, chunkKeys });
    });
    if (suspects.length > 0) {
      const stored = await this.recentChunks.idsOf(suspects.flatMap((suspect) => suspect.chunkKeys));
      for (const { index, chunkKeys } of suspects) {
        const eventId = (rows[index] as FingerprintedEvent).event.event_id as string;
        // A hash hit whose chunk does not hold the id is a hash collision: the event is new.
        if (chunkKeys.some((key) => stored.get(key)?.has(eventId))) isDuplicate[index] = 1;
      }
    }
    const fresh = rows.filter((_row, index) => isDuplicate[index] === 0);
    const eventIds = fresh.flatMap((row) => (row.event.event_id === null ? [] : [row.event.event_id]));
    this.ledger.addIds(chunkKey, eventIds);
    this.recentChunks.remember(chunkKey, eventIds);
    return { fresh, eventIds };
  }
}
