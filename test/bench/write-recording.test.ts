// bench:write-replay's recording: a load recorded and replayed into an empty database writes the
// graph the load wrote, property for property, against the real test server; only the chosen
// transactions are recorded, each once; a cut-off recording is an error, not a short replay.
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isIngestChunkTransaction, recordWrites, replayWrites } from '../../bench/write-recording.js';
import { cypher } from '../../src/graph-store/cypher-files.js';
import type { GraphStore } from '../../src/graph-store/neo4j-adapter.js';
import { applySchema, wipeDatabase } from '../../src/graph-store/schema.js';
import { ingestBatch } from '../../src/ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../../src/ingest/prompt-fingerprint/index.js';
import { benignBatch, syntheticEvents, temporaryDirectory, writeBatchParts } from '../support/batches.js';
import { openTestStore } from '../support/neo4j.js';

/** Every node and relationship of the loaded data, canonical and sorted; the commit time and the load's own bookkeeping left out. */
async function graphDump(store: GraphStore): Promise<string[]> {
  const rows = await store.read<{ kind: string[]; properties: Record<string, unknown> }>(cypher('test/read-all-properties'));
  return rows
    .filter((row) => !row.kind.includes('IngestBatch') && !row.kind.includes('Lock'))
    .map((row) => {
      const properties = Object.fromEntries(Object.entries(row.properties).filter(([key]) => key !== 'committed_at').sort(([first], [second]) => first.localeCompare(second)));
      return JSON.stringify([row.kind, properties]);
    })
    .sort();
}

describe('recordWrites and replayWrites', () => {
  let store: GraphStore;
  let batch: string;
  let recording: string;
  let loadedDump: string[];
  let recorded: { transactions: number; bytes: number };

  beforeAll(async () => {
    store = await openTestStore({ wipe: true });
    const directory = temporaryDirectory();
    const parts = benignBatch(30, Date.UTC(2026, 1, 1), ['tax law', 'compilers']);
    batch = writeBatchParts(directory, [{ ...parts, events: [...parts.events, ...syntheticEvents(12, 9)] }]);
    recording = join(temporaryDirectory(), 'writes.v8');
    const recorder = recordWrites(store, recording, isIngestChunkTransaction);
    // 40 rows a chunk: several chunk transactions per file.
    await ingestBatch(recorder.store, batch, { fingerprinter: createPromptFingerprinter(), chunkRows: 40 });
    recorded = recorder.close();
    loadedDump = await graphDump(store);
  });

  afterAll(async () => {
    await wipeDatabase(store);
    await store.close();
  });

  it('records each committed chunk transaction once and nothing else', async () => {
    const [chunks] = await store.read<{ chunks: number }>(cypher('test/count-ingest-chunks'));
    expect(recorded.transactions).toBeGreaterThan(3);
    expect(recorded.transactions).toBe(chunks?.chunks);
    expect(readFileSync(recording).length).toBe(recorded.bytes);
  });

  it('replays into an empty database the graph the load wrote', async () => {
    await wipeDatabase(store);
    await applySchema(store);
    expect(await graphDump(store)).toEqual([]);
    const progress: number[] = [];
    const replay = await replayWrites(store, recording, (done) => progress.push(done));
    expect(replay.transactions).toBe(recorded.transactions);
    expect(progress).toEqual(Array.from({ length: recorded.transactions }, (_unused, index) => index + 1));
    expect(Object.keys(replay.statementsMs)).toEqual(expect.arrayContaining(['merge-accounts', 'merge-ip-usage', 'merge-prompt-usage', 'create-ingest-chunk']));
    expect(Object.keys(replay.statementsMs)).not.toContain('acquire-lock');
    const replayedDump = await graphDump(store);
    expect(replayedDump.length).toBe(loadedDump.length);
    expect(replayedDump).toEqual(loadedDump);
  });

  it('rejects a recording cut off inside a record', async () => {
    const cut = join(temporaryDirectory(), 'cut.v8');
    writeFileSync(cut, readFileSync(recording));
    truncateSync(cut, recorded.bytes - 10);
    await wipeDatabase(store);
    await expect(replayWrites(store, cut)).rejects.toThrow(/ends inside a record/);
  });
});
