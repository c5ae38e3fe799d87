// Refresh benchmark: with a scenario loaded (loads it first unless --no-load), runs the linkage
// refresh and reports each stage's time (read, project, Louvain, score, write) and peak RSS.
// Writes bench/results/refresh.json. Options: --help.
import { wipeDatabase } from '../src/graph-store/schema.js';
import { ingestBatch } from '../src/ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../src/ingest/prompt-fingerprint/index.js';
import { runRefresh } from '../src/jobs/refresh-job.js';
import { SCALE_CHOICES, flagOption, loadedScenarioFolder, loadedScenarioOptions, megabytes, openBenchStore, readBenchArguments, sampleMemory, writeResults, type BenchCommand } from './support.js';

const REFRESH_BENCH: BenchCommand = {
  name: 'bench:refresh',
  summary:
    'Loads a generated scenario into a wiped database (unless --no-load), runs the linkage refresh and\nreports each stage\'s time (read, project, Louvain, score, write) and peak RSS.\nResults: bench/results/refresh.json.',
  options: {
    scale: { type: 'string', value: SCALE_CHOICES, description: 'scenario size (default small; also the results key)' },
    seed: { type: 'string', value: 'N', description: 'scenario seed (default 1)' },
    'no-load': { type: 'boolean', description: 'refresh what the database holds now (no wipe, no load)' },
  },
};

async function main(): Promise<void> {
  const { scale, seed, load } = readBenchArguments(REFRESH_BENCH, (values) => ({ ...loadedScenarioOptions(values), load: !flagOption(values, 'no-load') }));
  const store = await openBenchStore();
  try {
    if (load) {
      const folder = await loadedScenarioFolder(scale, seed);
      await wipeDatabase(store);
      await ingestBatch(store, folder, { fingerprinter: createPromptFingerprinter() });
    }
    const memory = sampleMemory();
    const summary = await runRefresh(store, { requestedBy: 'bench:refresh' });
    memory.stop();
    const result = {
      scale,
      seed,
      timingsMs: summary.timings,
      peakRssMb: megabytes(Math.max(memory.peakRssBytes(), summary.peakRssBytes)),
      accounts: summary.counts.accounts,
      linkedAccounts: summary.counts.linkedAccounts,
      candidatePairs: summary.projection.candidatePairs,
      edges: summary.counts.edges,
      communities: summary.counts.communities,
      modularity: summary.modularity,
      campaigns: summary.counts.campaigns,
      campaignAccounts: summary.counts.campaignAccounts,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`results: ${await writeResults('refresh', scale, result)}\n`);
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:refresh failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
