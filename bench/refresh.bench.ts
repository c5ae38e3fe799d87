// Refresh benchmark: with a scenario loaded (loads it first unless --no-load), runs the linkage
// refresh and reports each stage's time (read, project, Louvain, score, write), Node's peak RSS
// and Neo4j's heap. --engine gds runs the gds engine and then the graphology engine on the same
// data in the same run, each in a process of its own: a process's RSS does not shrink back, so
// in one process the second engine's peak would include the first's. Writes
// bench/results/refresh.json: `<scale>` for a graphology run alone; `<scale>-gds` and
// `<scale>-gds-graphology` for the two rows of a gds run. Options: --help.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { wipeDatabase } from '../src/graph-store/schema.js';
import { ingestBatch } from '../src/ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../src/ingest/prompt-fingerprint/index.js';
import { runRefresh } from '../src/jobs/refresh-job.js';
import type { RefreshEngine } from '../src/jobs/refresh-engines.js';
import type { GraphStore } from '../src/graph-store/neo4j-adapter.js';
import { sampleNeo4jMemory } from './neo4j-memory.js';
import {
  SCALE_CHOICES,
  flagOption,
  loadedScenarioFolder,
  loadedScenarioOptions,
  localNeo4jProcess,
  megabytes,
  openBenchStore,
  readBenchArguments,
  sampleMemory,
  stringOption,
  writeResults,
  type BenchCommand,
} from './support.js';

const REFRESH_BENCH: BenchCommand = {
  name: 'bench:refresh',
  summary:
    "Loads a generated scenario into a wiped database (unless --no-load), runs the linkage refresh and\nreports each stage's time (read, project, Louvain, score, write) and peak RSS.\nResults: bench/results/refresh.json.",
  options: {
    scale: { type: 'string', value: SCALE_CHOICES, description: 'scenario size (default small; also the results key)' },
    seed: { type: 'string', value: 'N', description: 'scenario seed (default 1)' },
    'no-load': { type: 'boolean', description: 'refresh what the database holds now (no wipe, no load)' },
    engine: { type: 'string', value: 'graphology|gds', description: 'gds: the gds engine, then graphology beside it in the same run (default graphology alone)' },
    'result-key': { type: 'string', value: 'KEY', description: 'internal: the results key of one engine of a gds run, measured in a process of its own' },
  },
};

async function measureRefresh(store: GraphStore, engine: RefreshEngine, scale: string, seed: number) {
  const local = await localNeo4jProcess();
  const memory = sampleMemory();
  const neo4jMemory = sampleNeo4jMemory(store, local);
  const summary = await runRefresh(store, { requestedBy: 'bench:refresh', engine });
  memory.stop();
  const neo4j = await neo4jMemory.stop();
  return {
    scale,
    seed,
    engine,
    timingsMs: summary.timings,
    peakRssMb: megabytes(Math.max(memory.peakRssBytes(), summary.peakRssBytes)),
    neo4jHeapUsedPeakMb: neo4j.used.heapUsedPeakMb,
    neo4jHeapMaxMb: neo4j.used.heapMaxMb,
    accounts: summary.counts.accounts,
    linkedAccounts: summary.counts.linkedAccounts,
    candidatePairs: summary.projection.candidatePairs,
    edges: summary.counts.edges,
    communities: summary.counts.communities,
    modularity: summary.modularity,
    campaigns: summary.counts.campaigns,
    campaignAccounts: summary.counts.campaignAccounts,
  };
}

/** Runs this benchmark again for one engine on what the database holds, in a new process, and waits for it. */
function measureInOwnProcess(engine: RefreshEngine, scale: string, seed: number, key: string): Promise<void> {
  const script = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, [...process.execArgv, script, '--scale', scale, '--seed', String(seed), '--no-load', '--engine', engine, '--result-key', key], { stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`the ${engine} engine's run stopped with ${signal ?? `exit code ${String(code)}`}`))));
  });
}

async function main(): Promise<void> {
  const { scale, seed, load, engine, resultKey } = readBenchArguments(REFRESH_BENCH, (values) => {
    const chosen = stringOption(values, 'engine', 'graphology');
    if (chosen !== 'graphology' && chosen !== 'gds') throw new Error(`--engine must be one of graphology, gds (got ${JSON.stringify(chosen)})`);
    const key = values['result-key'];
    return { ...loadedScenarioOptions(values), load: !flagOption(values, 'no-load'), engine: chosen as RefreshEngine, resultKey: typeof key === 'string' ? key : undefined };
  });
  const store = await openBenchStore();
  try {
    if (load) {
      const folder = await loadedScenarioFolder(scale, seed);
      await wipeDatabase(store);
      await ingestBatch(store, folder, { fingerprinter: createPromptFingerprinter() });
    }
    if (engine === 'gds' && resultKey === undefined) {
      // Beside a gds run, the graphology row goes under its own key: the plain `<scale>` row stays a plain run's.
      await measureInOwnProcess('gds', scale, seed, `${scale}-gds`);
      await measureInOwnProcess('graphology', scale, seed, `${scale}-gds-graphology`);
      return;
    }
    const result = await measureRefresh(store, engine, scale, seed);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`results: ${await writeResults('refresh', resultKey ?? scale, result)}\n`);
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:refresh failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
