// Ingest benchmark: loads a generated scenario into an empty database and reports events/s,
// wall time, peak RSS of this process, Neo4j's heap and page cache, CPU used by this process and
// the local Neo4j, and where the time went. Writes bench/results/ingest.json (results of
// non-default settings are kept under their own key). Options: --help.
import { cypher } from '../src/graph-store/cypher-files.js';
import { wipeDatabase } from '../src/graph-store/schema.js';
import { DEFAULTS as INGEST_DEFAULTS, ingestBatch } from '../src/ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../src/ingest/prompt-fingerprint.js';
import { SCALE_CHOICES, flagOption, integerOption, megabytes, openBenchStore, readBenchArguments, sampleCpu, sampleMemory, scaleOption, scenarioFolder, writeResults, type BenchCommand } from './support.js';

// A freshly started Neo4j compiles its write path while it loads (its JIT threads doubled its CPU
// time in the first small load after a start, which took half again as long). Unless asked for a
// cold figure, an untimed tiny load comes first, so results compare the loader, not the server's age.
const WARM_UP_SCALE = 'tiny';
const WARM_UP_SEED = 2;

const INGEST_BENCH: BenchCommand = {
  name: 'bench:ingest',
  summary:
    'Wipes the database (NEO4J_* or the local server), loads a generated scenario (generated once under\n.hydrascope/bench) and reports events/s, wall time, peak RSS, CPU and where the time went.\nResults: bench/results/ingest.json.',
  options: {
    scale: { type: 'string', value: SCALE_CHOICES, description: 'scenario size (default small; seed is read gzipped)' },
    seed: { type: 'string', value: 'N', description: 'scenario seed (default 1)' },
    'write-concurrency': { type: 'string', value: 'N', description: `chunk transactions in Neo4j at once (default ${INGEST_DEFAULTS.writeConcurrency})` },
    'sketch-workers': { type: 'string', value: 'N', description: `prompt sketching worker threads (default ${INGEST_DEFAULTS.sketchWorkers})` },
    'chunk-rows': { type: 'string', value: 'N', description: `valid rows per transaction (default ${INGEST_DEFAULTS.chunkRows})` },
    'no-warm-up': { type: 'boolean', description: `measure a cold server: skip the untimed ${WARM_UP_SCALE} load that first warms Neo4j's JIT and caches` },
  },
};

async function main(): Promise<void> {
  const { scale, seed, writeConcurrency, sketchWorkers, chunkRows, warmUp } = readBenchArguments(INGEST_BENCH, (values) => {
    const given = (name: string) => (values[name] === undefined ? undefined : integerOption(values, name, 0));
    return { scale: scaleOption(values, 'small'), seed: integerOption(values, 'seed', 1, 0), writeConcurrency: given('write-concurrency'), sketchWorkers: given('sketch-workers'), chunkRows: given('chunk-rows'), warmUp: !flagOption(values, 'no-warm-up') };
  });
  const folder = await scenarioFolder(scale, seed, scale === 'seed');
  const store = await openBenchStore();
  try {
    if (warmUp) {
      process.stderr.write(`warming Neo4j up with an untimed ${WARM_UP_SCALE} load\n`);
      await wipeDatabase(store);
      await ingestBatch(store, await scenarioFolder(WARM_UP_SCALE, WARM_UP_SEED), { fingerprinter: createPromptFingerprinter() });
    }
    await wipeDatabase(store);
    const memory = sampleMemory();
    const cpu = await sampleCpu();
    const summary = await ingestBatch(store, folder, { fingerprinter: createPromptFingerprinter(), writeConcurrency, sketchWorkers, chunkRows });
    memory.stop();
    const cpuUse = cpu.stop(summary.seconds);
    const events = summary.files.find((file) => file.kind === 'events')?.loaded ?? 0;
    const memoryRows = await store.read<{ name: string; value: unknown }>(cypher('read-server-memory')).catch(() => []);
    // What the load wrote, for bench:write-floor's ceiling: its usage relationships.
    const [totals] = await store.read<{ ip_links: number; prompt_links: number }>(cypher('test/read-graph-totals'));
    const result = {
      scale,
      seed,
      events,
      rows: summary.totals.read,
      relationships: { usedIp: totals?.ip_links ?? 0, sentPrompt: totals?.prompt_links ?? 0 },
      warmUp,
      settings: { writeConcurrency: writeConcurrency ?? INGEST_DEFAULTS.writeConcurrency, sketchWorkers: sketchWorkers ?? INGEST_DEFAULTS.sketchWorkers, chunkRows: chunkRows ?? INGEST_DEFAULTS.chunkRows },
      seconds: Math.round(summary.seconds * 10) / 10,
      eventsPerSecond: Math.round(events / summary.seconds),
      peakRssMb: megabytes(memory.peakRssBytes()),
      neo4jMemory: Object.fromEntries(memoryRows.map((row) => [row.name, row.value])),
      cpu: cpuUse,
      profileMs: summary.profile,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    const settingsKey = writeConcurrency === undefined && sketchWorkers === undefined && chunkRows === undefined ? scale : `${scale}-write-${result.settings.writeConcurrency}-sketch-${result.settings.sketchWorkers}${chunkRows === undefined ? '' : `-chunk-${chunkRows}`}`;
    const key = warmUp ? settingsKey : `${settingsKey}-cold`;
    process.stdout.write(`results: ${await writeResults('ingest', key, result)}\n`);
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:ingest failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
