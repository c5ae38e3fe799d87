// Ingest benchmark: loads a generated scenario into an empty database and reports events/s,
// wall time, peak RSS of this process, Neo4j's heap and page cache, CPU used by this process and
// the local Neo4j, and where the time went.
// Writes bench/results/ingest.json. Usage: node dist/bench/ingest.bench.js [--scale small|medium|seed] [--seed N]
// [--write-concurrency N] [--sketch-workers N] [--chunk-rows N] (results of non-default settings are kept under their own key)
import { cypher } from '../src/graph-store/cypher-files.js';
import { wipeDatabase } from '../src/graph-store/schema.js';
import { DEFAULTS as INGEST_DEFAULTS, ingestBatch } from '../src/ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../src/ingest/prompt-fingerprint.js';
import { isScaleName } from '../src/scenario/scales.js';
import { argument, megabytes, openBenchStore, sampleCpu, sampleMemory, scenarioFolder, writeResults } from './support.js';

async function main(): Promise<void> {
  const scale = argument('--scale') ?? 'small';
  if (!isScaleName(scale)) throw new Error(`unknown scale ${scale}`);
  const seed = Number(argument('--seed') ?? 1);
  const folder = await scenarioFolder(scale, seed, scale === 'seed');
  const store = await openBenchStore();
  try {
    await wipeDatabase(store);
    const memory = sampleMemory();
    const cpu = await sampleCpu();
    const writeConcurrency = argument('--write-concurrency') === undefined ? undefined : Number(argument('--write-concurrency'));
    const sketchWorkers = argument('--sketch-workers') === undefined ? undefined : Number(argument('--sketch-workers'));
    const chunkRows = argument('--chunk-rows') === undefined ? undefined : Number(argument('--chunk-rows'));
    const summary = await ingestBatch(store, folder, { fingerprinter: createPromptFingerprinter(), writeConcurrency, sketchWorkers, chunkRows });
    memory.stop();
    const cpuUse = cpu.stop(summary.seconds);
    const events = summary.files.find((file) => file.kind === 'events')?.loaded ?? 0;
    const memoryRows = await store.read<{ name: string; value: unknown }>(cypher('read-server-memory')).catch(() => []);
    const result = {
      scale,
      seed,
      events,
      rows: summary.totals.read,
      settings: { writeConcurrency: writeConcurrency ?? INGEST_DEFAULTS.writeConcurrency, sketchWorkers: sketchWorkers ?? INGEST_DEFAULTS.sketchWorkers, chunkRows: chunkRows ?? INGEST_DEFAULTS.chunkRows },
      seconds: Math.round(summary.seconds * 10) / 10,
      eventsPerSecond: Math.round(events / summary.seconds),
      peakRssMb: megabytes(memory.peakRssBytes()),
      neo4jMemory: Object.fromEntries(memoryRows.map((row) => [row.name, row.value])),
      cpu: cpuUse,
      profileMs: summary.profile,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    const key = writeConcurrency === undefined && sketchWorkers === undefined && chunkRows === undefined ? scale : `${scale}-write-${result.settings.writeConcurrency}-sketch-${result.settings.sketchWorkers}${chunkRows === undefined ? '' : `-chunk-${chunkRows}`}`;
    process.stdout.write(`results: ${await writeResults('ingest', key, result)}\n`);
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:ingest failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
