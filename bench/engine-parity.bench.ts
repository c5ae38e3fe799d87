// Engine parity benchmark: on the data loaded now (or a generated scenario it loads first), builds
// the linkage graph with both engines and compares them edge for edge: links only one engine has,
// by the kinds behind them, and the largest weight difference among the links both have. Writes
// bench/results/engine-parity.json under the scale. docs/gds-engine.md explains the differences.
import { wipeDatabase } from '../src/graph-store/schema.js';
import { ingestBatch } from '../src/ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../src/ingest/prompt-fingerprint/index.js';
import { compareLinkageGraphs, type LinkDifference } from '../src/linkage/compare-linkage-graphs.js';
import { dropGdsGraph, GDS_DEFAULTS, gdsGraphNames, projectLinkageGraphInGds, readGdsLinkageGraph } from '../src/linkage/gds-linkage-graph.js';
import { projectLinkageGraphInParallel } from '../src/linkage/parallel-projection.js';
import { DEFAULTS as PROJECTION_DEFAULTS } from '../src/linkage/project-linkage-graph.js';
import { readLinkageData } from '../src/linkage/read-linkage-data.js';
import { kindNames } from '../src/linkage/write-linkage-graph.js';
import { SCALE_CHOICES, flagOption, loadedScenarioFolder, loadedScenarioOptions, openBenchStore, readBenchArguments, writeResults, type BenchCommand } from './support.js';

const PARITY_BENCH: BenchCommand = {
  name: 'bench:parity',
  summary: 'Builds the linkage graph with the graphology and the gds engine on the same data and compares\nthem edge for edge. Results: bench/results/engine-parity.json.',
  options: {
    scale: { type: 'string', value: SCALE_CHOICES, description: 'scenario size (default small; also the results key)' },
    seed: { type: 'string', value: 'N', description: 'scenario seed (default 1)' },
    'no-load': { type: 'boolean', description: 'compare on what the database holds now (no wipe, no load)' },
  },
};

function byKinds(links: readonly LinkDifference[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const link of links) {
    const name = kindNames((link.left ?? link.right)?.kinds ?? 0);
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

async function main(): Promise<void> {
  const { scale, seed, load } = readBenchArguments(PARITY_BENCH, (values) => ({ ...loadedScenarioOptions(values), load: !flagOption(values, 'no-load') }));
  const store = await openBenchStore();
  const names = gdsGraphNames(`parity-${Date.now()}`);
  try {
    if (load) {
      await wipeDatabase(store);
      await ingestBatch(store, await loadedScenarioFolder(scale, seed), { fingerprinter: createPromptFingerprinter() });
    }
    const { data } = await readLinkageData(store);
    const graphology = await projectLinkageGraphInParallel(data, PROJECTION_DEFAULTS);
    const gds = await projectLinkageGraphInGds(store, data, names, PROJECTION_DEFAULTS, GDS_DEFAULTS);
    const comparison = compareLinkageGraphs(graphology.graph, await readGdsLinkageGraph(store, names.linkage), 1e-9);
    const result = {
      scale,
      seed: load ? seed : null,
      accounts: data.accounts.length,
      graphologyEdges: comparison.leftEdges,
      gdsEdges: comparison.rightEdges,
      common: comparison.common,
      onlyGraphology: comparison.onlyLeft.length,
      onlyGds: comparison.onlyRight.length,
      onlyGraphologyByKinds: byKinds(comparison.onlyLeft),
      onlyGdsByKinds: byKinds(comparison.onlyRight),
      differentWeightOrKinds: comparison.different.length,
      maxWeightDifference: comparison.maxWeightDifference,
      largestFingerprint: graphology.details.entities.prompt.largest,
      promptCandidateWindow: PROJECTION_DEFAULTS.promptCandidateWindow,
      gdsProjectMs: gds.details.milliseconds,
      graphologyProjectMs: graphology.details.milliseconds,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`results: ${await writeResults('engine-parity', scale, result)}\n`);
  } finally {
    await dropGdsGraph(store, names.linkage);
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:parity failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
