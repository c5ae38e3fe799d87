// I/O edge of the projection: runs its costliest part, the prompt similarity scan
// (prompt-similarity.ts), on worker threads. The scan layout is built once in shared memory, the
// sign-up ranks are cut into contiguous ranges of equal work, each worker fills a neighbour table
// for its range, and the tables merge into exactly the links one thread would find. Small inputs
// stay on the calling thread, where starting workers would cost more than it saves.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { compiledModuleUrl } from '../shared/project-paths.js';
import type { LinkageData } from './linkage-data.js';
import { DEFAULTS, projectLinkageGraph, type ProjectionOptions, type ProjectionResult } from './project-linkage-graph.js';
import { withDefaults } from '../shared/options.js';
import {
  buildPromptScanLayout,
  promptSimilarityLinks,
  linksFromTable,
  NeighborTable,
  scanAllOnThisThread,
  scanCostByRank,
  sharedArrays,
  type PromptLink,
  type PromptScanLayout,
  type PromptSimilarityOptions,
} from './prompt-similarity.js';
import type { SimilarityScanRequest, SimilarityScanResponse } from './prompt-similarity-worker.js';

export interface ParallelScanOptions {
  threads: number;
  /** Below this many multiply-adds the scan runs on the calling thread. */
  minWorkForThreads: number;
}

/** Every core by default: the result does not depend on the thread count. */
export const PARALLEL_DEFAULTS: ParallelScanOptions = { threads: availableParallelism(), minWorkForThreads: 20_000_000 };

/** Cuts [0, ranks) into `parts` contiguous ranges whose costs are as equal as prefix sums allow. */
export function splitByCost(cost: Float64Array, parts: number): Array<[number, number]> {
  let total = 0;
  for (const value of cost) total += value;
  const ranges: Array<[number, number]> = [];
  let from = 0;
  let running = 0;
  for (let rank = 0; rank < cost.length && ranges.length < parts - 1; rank += 1) {
    running += cost[rank] as number;
    if (running >= (total * (ranges.length + 1)) / parts) {
      ranges.push([from, rank + 1]);
      from = rank + 1;
    }
  }
  ranges.push([from, cost.length]);
  return ranges;
}

function scanInWorker(layout: PromptScanLayout, rankFrom: number, rankTo: number): Promise<NeighborTable> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(compiledModuleUrl(import.meta.url, './prompt-similarity-worker.js'), { workerData: { layout, rankFrom, rankTo } satisfies SimilarityScanRequest });
    let settled = false;
    worker.once('message', (response: SimilarityScanResponse) => {
      settled = true;
      if ('error' in response) reject(new Error(`prompt similarity worker failed: ${response.error}`));
      else resolve(new NeighborTable(layout.accountCount, layout.promptNeighbors, response));
      void worker.terminate();
    });
    worker.once('error', (error) => {
      if (!settled) reject(new Error(`prompt similarity worker failed: ${error.message}`));
      settled = true;
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`prompt similarity worker exited with code ${code} before answering`));
      settled = true;
    });
  });
}

/** All prompt similarity links, scanned by up to `threads` workers; identical to promptSimilarityLinks. */
export async function promptSimilarityLinksInParallel(data: LinkageData, settings: PromptSimilarityOptions, options: Partial<ParallelScanOptions> = {}): Promise<PromptLink[]> {
  const { threads, minWorkForThreads } = { ...PARALLEL_DEFAULTS, ...options };
  if (threads <= 1) return promptSimilarityLinks(data, settings);
  const layout = buildPromptScanLayout(data, settings, sharedArrays);
  const cost = scanCostByRank(layout);
  let work = 0;
  for (const value of cost) work += value;
  if (work < minWorkForThreads) return scanAllOnThisThread(layout);
  const tables = await Promise.all(splitByCost(cost, threads).map(([rankFrom, rankTo]) => scanInWorker(layout, rankFrom, rankTo)));
  const [merged, ...others] = tables as [NeighborTable, ...NeighborTable[]];
  for (const table of others) merged.mergeFrom(table);
  return linksFromTable(merged);
}

/** projectLinkageGraph with the prompt similarity scan on worker threads: the same graph, edge for edge. */
export async function projectLinkageGraphInParallel(data: LinkageData, options: Partial<ProjectionOptions> = {}, parallel: Partial<ParallelScanOptions> = {}): Promise<ProjectionResult> {
  const started = performance.now();
  const settings = withDefaults(DEFAULTS, options);
  const promptLinks = settings.promptLinks === 'similarity' ? await promptSimilarityLinksInParallel(data, settings, parallel) : undefined;
  const result = projectLinkageGraph(data, options, promptLinks);
  result.details.milliseconds = Math.round(performance.now() - started);
  return result;
}
