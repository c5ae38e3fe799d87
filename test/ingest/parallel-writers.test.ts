// Parallel writers against the real Neo4j: a batch loaded with two chunk transactions at once
// (small chunks, so concurrent chunks share accounts, addresses and prompt families and lock each
// other; a deadlock is retried) leaves exactly the graph one writer leaves: every usage
// relationship once, with the same counts, tokens and times, every account summary the same, and
// the files reconcile the same. And the default number of writers comes from the server's cores.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../../src/graph-store/cypher-files.js';
import type { GraphStore } from '../../src/graph-store/neo4j-adapter.js';
import { wipeDatabase } from '../../src/graph-store/schema.js';
import { ingestBatch, type IngestSummary } from '../../src/ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../../src/ingest/prompt-fingerprint/index.js';
import { chooseWriters, readServerCores, writersForCores } from '../../src/ingest/writers.js';
import { writeScenario } from '../../src/scenario/write-scenario.js';
import { useTestStore } from '../support/test-store.js';

/** Events taken from the generated tiny batch, in chunks of CHUNK_ROWS: about 25 chunks. */
const EVENTS = 3_600;
const CHUNK_ROWS = 150;

interface UsageRow {
  kind: string;
  account: string;
  key: string | null;
  counts: number[];
  times: string[];
  hours: number[] | null;
  days: number[] | null;
}

/** Everything the load wrote that a second writer could get wrong, in a fixed order. */
async function readIngestedGraph(store: GraphStore): Promise<{ totals: unknown; rows: string[] }> {
  const [totals] = await store.read(cypher('test/read-graph-totals'));
  const rows = (await store.read<UsageRow & Record<string, unknown>>(cypher('test/read-ingested-usage'))).map((row) =>
    JSON.stringify({ ...row, days: row.days ? [...row.days].sort((left, right) => left - right) : null }),
  );
  return { totals, rows: rows.sort() };
}

const counts = (summary: IngestSummary) => summary.files.map(({ file, read, loaded, rejected, duplicates }) => ({ file, read, loaded, rejected, duplicates }));

describe('ingest with parallel writers', () => {
  const store = useTestStore();
  let scenario: string;
  let batch: string;

  beforeAll(async () => {
    scenario = await mkdtemp(join(tmpdir(), 'hydrascope-writers-scenario-'));
    await writeScenario({ scale: 'tiny', seed: 5, outDir: scenario });
    batch = await mkdtemp(join(tmpdir(), 'hydrascope-writers-batch-'));
    for (const file of ['accounts.ndjson', 'payments.ndjson']) await writeFile(join(batch, file), await readFile(join(scenario, file)));
    const events = (await readFile(join(scenario, 'events.ndjson'), 'utf8')).split('\n').slice(0, EVENTS);
    // A few repeated events, some in later chunks, so deduplication runs while writes overlap.
    await writeFile(join(batch, 'events.ndjson'), `${[...events, ...events.slice(0, 40), ...events.slice(1_000, 1_040)].join('\n')}\n`);
  }, 120_000);

  afterAll(async () => {
    await rm(scenario, { recursive: true, force: true });
    await rm(batch, { recursive: true, force: true });
  });

  it('two writers leave exactly the graph one writer leaves', async () => {
    const load = async (writers: number) => {
      await wipeDatabase(store);
      const summary = await ingestBatch(store, batch, {
        fingerprinter: createPromptFingerprinter(),
        chunkRows: CHUNK_ROWS,
        writeConcurrency: writers,
        quarantinePath: join(batch, `quarantine-${writers}.ndjson`),
      });
      return { summary, graph: await readIngestedGraph(store) };
    };
    const one = await load(1);
    const two = await load(2);
    expect(one.summary.writers).toBe(1);
    expect(two.summary.writers).toBe(2);
    const events = one.summary.files.find((file) => file.file === 'events.ndjson');
    expect(events).toMatchObject({ read: EVENTS + 80, loaded: EVENTS, duplicates: 80, rejected: 0 });
    expect(counts(two.summary)).toEqual(counts(one.summary));
    expect(one.graph.rows.length).toBeGreaterThan(1_000);
    expect(two.graph.totals).toEqual(one.graph.totals);
    expect(two.graph.rows).toEqual(one.graph.rows);
    // Loading the batch again with two writers changes nothing: every chunk is known.
    const again = await ingestBatch(store, batch, { fingerprinter: createPromptFingerprinter(), chunkRows: CHUNK_ROWS, writeConcurrency: 2, quarantinePath: join(batch, 'quarantine-again.ndjson') });
    expect(again.totals.loaded).toBe(0);
    expect(await readIngestedGraph(store)).toEqual(two.graph);
  }, 240_000);

  it('by default writes with half the server’s processors, at least one', async () => {
    const cores = await readServerCores(store);
    expect(cores).toBeGreaterThanOrEqual(1);
    expect(await chooseWriters(store, undefined)).toEqual({ writers: writersForCores(cores), serverCores: cores });
    expect(await chooseWriters(store, 3)).toEqual({ writers: 3, serverCores: null });
    await expect(chooseWriters(store, 0)).rejects.toThrow(/at least 1/);
  });

  it.each([
    { cores: null, writers: 1 },
    { cores: 1, writers: 1 },
    { cores: 2, writers: 1 },
    { cores: 3, writers: 1 },
    { cores: 4, writers: 2 },
    { cores: 16, writers: 8 },
    { cores: 0, writers: 1 },
    { cores: Number.NaN, writers: 1 },
  ])('gives a server with $cores processors $writers writers', ({ cores, writers }) => {
    expect(writersForCores(cores)).toBe(writers);
  });
});
