// Ingest benchmark: loads a generated scenario into an empty database and reports events/s,
// wall time, peak RSS of this process, Neo4j's heap, resident memory and page cache, CPU used by
// this process and the local Neo4j, and where the time went. Writes bench/results/ingest.json
// (results of non-default settings are kept under their own key). --prepare-only runs the loader
// alone (parsing, validation, fingerprinting, aggregation, statement parameters; nothing written)
// to measure its CPU per event without a database's noise. Options: --help.
import { cypher } from '../src/graph-store/cypher-files.js';
import { recreateLocalDatabase } from '../src/graph-store/local-neo4j.js';
import type { GraphStore } from '../src/graph-store/neo4j-adapter.js';
import { wipeDatabase } from '../src/graph-store/schema.js';
import { DEFAULTS as INGEST_DEFAULTS, ingestBatch, prepareBatch, type IngestSummary } from '../src/ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../src/ingest/prompt-fingerprint/index.js';
import { sampleNeo4jMemory } from './neo4j-memory.js';
import {
  flagOption,
  integerOption,
  LOADED_SCENARIO_OPTIONS,
  loadedScenarioFolder,
  loadedScenarioOptions,
  localNeo4jBenchSettings,
  localNeo4jProcess,
  megabytes,
  openBenchStore,
  readBenchArguments,
  sampleCpu,
  sampleMemory,
  scenarioFolder,
  WARM_UP_SCALE,
  warmUpNeo4j,
  writeResults,
  type BenchCommand,
  type CpuUse,
} from './support.js';

const INGEST_BENCH: BenchCommand = {
  name: 'bench:ingest',
  summary:
    'Wipes the database (NEO4J_* or the local server), loads a generated scenario (generated once under\n' +
    ".hydrascope/bench) and reports events/s, wall time, peak RSS, CPU, Neo4j's heap, resident memory and\n" +
    'page cache, and where the time went. Results: bench/results/ingest.json.',
  options: {
    ...LOADED_SCENARIO_OPTIONS,
    'write-concurrency': { type: 'string', value: 'N', description: "chunk transactions in Neo4j at once, as hydrascope ingest --writers (default: half the server's processors, at least 1)" },
    'sketch-workers': { type: 'string', value: 'N', description: `prompt sketching worker threads (default ${INGEST_DEFAULTS.sketchWorkers})` },
    'chunk-rows': { type: 'string', value: 'N', description: `valid rows per transaction (default ${INGEST_DEFAULTS.chunkRows})` },
    'new-database': {
      type: 'boolean',
      description: 'local server: restart it on a new database instead of wiping (exact store size; the server starts cold)',
    },
    'no-warm-up': { type: 'boolean', description: `measure a cold server: skip the untimed ${WARM_UP_SCALE} load that first warms Neo4j's JIT and caches` },
    archetypes: { type: 'string', value: 'N', description: 'load the batch with campaign archetypes drawn from seed N instead of the three campaigns' },
    'prepare-only': {
      type: 'boolean',
      description: 'run the loader alone: parse, validate, fingerprint, aggregate and build every statement, write nothing (no database needed); reports loader CPU per event',
    },
  },
};

/** Microseconds of CPU per loaded event (all threads of this process: the sketch workers too). */
const microsecondsPerEvent = (cpuSeconds: number, events: number) => (events > 0 ? Math.round((cpuSeconds / events) * 1e7) / 10 : null);

/** The key a result is kept under: the scale, then whatever differs from a default load. */
function resultKey(scale: string, parts: { archetypes: number | undefined; settings: string | undefined; newDatabase: boolean; warmUp: boolean; prepareOnly: boolean }): string {
  return `${scale}${parts.archetypes === undefined ? '' : `-archetypes-${parts.archetypes}`}${parts.settings ?? ''}${parts.prepareOnly ? '-prepare-only' : ''}${parts.newDatabase ? '-new-database' : ''}${parts.warmUp || parts.prepareOnly ? '' : '-cold'}`;
}

/** The settings part of a result key: empty for the defaults. */
function settingsKey(writeConcurrency: number | undefined, sketchWorkers: number | undefined, chunkRows: number | undefined): string | undefined {
  if (writeConcurrency === undefined && sketchWorkers === undefined && chunkRows === undefined) return undefined;
  return `-write-${writeConcurrency ?? INGEST_DEFAULTS.writeConcurrency}-sketch-${sketchWorkers ?? INGEST_DEFAULTS.sketchWorkers}${chunkRows === undefined ? '' : `-chunk-${chunkRows}`}`;
}

const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null);

/**
 * The share of usage that is private (its entity used by one account only: it can never link two
 * accounts), per kind, by relationships and by the events they carry; networks by (account,
 * network) pair. Measured for the "write what can link" design (issue 24).
 */
async function readPrivateUsage(store: GraphStore): Promise<Record<string, { links: number; private: number; share: number | null; eventShare?: number | null }>> {
  const [row] = await store.read<Record<string, number>>(cypher('read-private-usage'));
  const value = (name: string) => Number(row?.[name] ?? 0);
  return {
    address: {
      links: value('ip_links'),
      private: value('private_ip_links'),
      share: share(value('private_ip_links'), value('ip_links')),
      eventShare: share(value('private_ip_events'), value('ip_events')),
    },
    network: { links: value('network_pairs'), private: value('private_network_pairs'), share: share(value('private_network_pairs'), value('network_pairs')) },
    promptFamily: {
      links: value('prompt_links'),
      private: value('private_prompt_links'),
      share: share(value('private_prompt_links'), value('prompt_links')),
      eventShare: share(value('private_prompt_events'), value('prompt_events')),
    },
    paymentMethod: { links: value('payment_links'), private: value('private_payment_links'), share: share(value('private_payment_links'), value('payment_links')) },
  };
}

const eventsOf = (summary: IngestSummary) => summary.files.find((file) => file.kind === 'events')?.loaded ?? 0;

/** The loader alone: no database, nothing written; its CPU per event is the figure. */
async function prepareOnly(
  folder: string,
  scale: string,
  seed: number,
  archetypes: number | undefined,
  settings: { writeConcurrency?: number; sketchWorkers?: number; chunkRows?: number },
): Promise<void> {
  const memory = sampleMemory();
  const cpu = sampleCpu({ neo4jPid: null });
  const summary = await prepareBatch(folder, { fingerprinter: createPromptFingerprinter(), ...settings });
  memory.stop();
  const cpuUse: CpuUse = cpu.stop(summary.seconds);
  const events = eventsOf(summary);
  const result = {
    scale,
    seed,
    ...(archetypes === undefined ? {} : { archetypes }),
    prepareOnly: true,
    events,
    rows: summary.totals.read,
    settings: {
      writeConcurrency: settings.writeConcurrency ?? INGEST_DEFAULTS.writeConcurrency,
      sketchWorkers: settings.sketchWorkers ?? INGEST_DEFAULTS.sketchWorkers,
      chunkRows: settings.chunkRows ?? INGEST_DEFAULTS.chunkRows,
    },
    seconds: Math.round(summary.seconds * 10) / 10,
    eventsPerSecond: Math.round(events / summary.seconds),
    peakRssMb: megabytes(memory.peakRssBytes()),
    cpu: cpuUse,
    loaderCpuMicrosecondsPerEvent: microsecondsPerEvent(cpuUse.nodeSeconds, events),
    profileMs: summary.profile,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  const key = resultKey(scale, { archetypes, settings: settingsKey(settings.writeConcurrency, settings.sketchWorkers, settings.chunkRows), newDatabase: false, warmUp: true, prepareOnly: true });
  process.stdout.write(`results: ${await writeResults('ingest', key, result)}\n`);
}

async function main(): Promise<void> {
  const { scale, seed, writeConcurrency, sketchWorkers, chunkRows, warmUp, newDatabase, archetypes, prepare } = readBenchArguments(INGEST_BENCH, (values) => {
    const given = (name: string) => (values[name] === undefined ? undefined : integerOption(values, name, 0));
    return {
      ...loadedScenarioOptions(values),
      writeConcurrency: given('write-concurrency'),
      sketchWorkers: given('sketch-workers'),
      chunkRows: given('chunk-rows'),
      warmUp: !flagOption(values, 'no-warm-up'),
      newDatabase: flagOption(values, 'new-database'),
      archetypes: values.archetypes === undefined ? undefined : integerOption(values, 'archetypes', 0, 0),
      prepare: flagOption(values, 'prepare-only'),
    };
  });
  const folder = archetypes === undefined ? await loadedScenarioFolder(scale, seed) : await scenarioFolder(scale, seed, scale === 'seed', { archetypeSeed: archetypes });
  if (prepare) {
    if (newDatabase) throw new Error('--prepare-only uses no database; leave out --new-database');
    await prepareOnly(folder, scale, seed, archetypes, { writeConcurrency, sketchWorkers, chunkRows });
    return;
  }
  if (newDatabase) {
    const local = localNeo4jBenchSettings();
    if (!local) throw new Error('--new-database needs the local Neo4j (it restarts it); unset NEO4J_URI');
    process.stderr.write('restarting the local Neo4j on a new database\n');
    await recreateLocalDatabase(local, (message) => process.stderr.write(`${message}\n`));
  }
  const store = await openBenchStore();
  try {
    if (warmUp) await warmUpNeo4j(store);
    else await wipeDatabase(store);
    const local = await localNeo4jProcess();
    const memory = sampleMemory();
    const cpu = sampleCpu({ neo4jPid: local?.pid ?? null });
    const neo4jMemory = sampleNeo4jMemory(store, local);
    const summary = await ingestBatch(store, folder, { fingerprinter: createPromptFingerprinter(), writeConcurrency, sketchWorkers, chunkRows });
    memory.stop();
    const cpuUse = cpu.stop(summary.seconds);
    const neo4jMemoryReport = await neo4jMemory.stop();
    const events = eventsOf(summary);
    // What the load wrote: its usage relationships (private addresses' uses are kept on their IP
    // nodes instead: docs/decisions/private-addresses.md), and how much of the usage is private.
    const [totals] = await store.read<{ ip_relationships: number; private_ip_uses: number; prompt_links: number }>(cypher('test/read-graph-totals'));
    const privateUsage = await readPrivateUsage(store);
    const result = {
      scale,
      seed,
      ...(archetypes === undefined ? {} : { archetypes }),
      events,
      rows: summary.totals.read,
      relationships: { usedIp: totals?.ip_relationships ?? 0, sentPrompt: totals?.prompt_links ?? 0 },
      privateIpUsesOnNodes: totals?.private_ip_uses ?? 0,
      privateUsage,
      warmUp,
      newDatabase,
      settings: { writeConcurrency: summary.writers, sketchWorkers: sketchWorkers ?? INGEST_DEFAULTS.sketchWorkers, chunkRows: chunkRows ?? INGEST_DEFAULTS.chunkRows },
      seconds: Math.round(summary.seconds * 10) / 10,
      eventsPerSecond: Math.round(events / summary.seconds),
      peakRssMb: megabytes(memory.peakRssBytes()),
      neo4jMemory: neo4jMemoryReport.settings,
      neo4jMemoryUsed: neo4jMemoryReport.used,
      cpu: cpuUse,
      loaderCpuMicrosecondsPerEvent: microsecondsPerEvent(cpuUse.nodeSeconds, events),
      neo4jCpuMicrosecondsPerEvent: cpuUse.neo4jSeconds === null ? null : microsecondsPerEvent(cpuUse.neo4jSeconds, events),
      profileMs: summary.profile,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    const key = resultKey(scale, { archetypes, settings: settingsKey(writeConcurrency, sketchWorkers, chunkRows), newDatabase, warmUp, prepareOnly: false });
    process.stdout.write(`results: ${await writeResults('ingest', key, result)}\n`);
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:ingest failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
