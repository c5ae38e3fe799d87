// Refresh benchmark: with a scenario loaded (loads it first unless --no-load), runs the linkage
// refresh and reports each stage's time (read, project, Louvain, score, write) and peak RSS.
// Writes bench/results/refresh.json. Usage: node dist/bench/refresh.bench.js [--scale small|medium|seed] [--no-load]
import { wipeDatabase } from '../src/graph-store/schema.js';
import { ingestBatch } from '../src/ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../src/ingest/prompt-fingerprint.js';
import { runRefresh } from '../src/jobs/refresh-job.js';
import { isScaleName } from '../src/scenario/scales.js';
import { argument, megabytes, openBenchStore, sampleMemory, scenarioFolder, writeResults } from './support.js';

async function main(): Promise<void> {
  const scale = argument('--scale') ?? 'small';
  if (!isScaleName(scale)) throw new Error(`unknown scale ${scale}`);
  const seed = Number(argument('--seed') ?? 1);
  const store = await openBenchStore();
  try {
    if (!process.argv.includes('--no-load')) {
      const folder = await scenarioFolder(scale, seed, scale === 'seed');
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
