// Worker thread of the prompt similarity scan: scans its range of sign-up ranks over the shared
// layout and sends back its neighbour table (transferred, not copied). One range per worker.
import { parentPort, workerData } from 'node:worker_threads';
import { NeighborTable, scanPromptSimilarities, type PromptScanLayout } from './prompt-similarity.js';

export interface SimilarityScanRequest {
  layout: PromptScanLayout;
  rankFrom: number;
  rankTo: number;
}

export type SimilarityScanResponse = { members: Int32Array; scores: Float64Array; sizes: Int32Array } | { error: string };

const { layout, rankFrom, rankTo } = workerData as SimilarityScanRequest;
try {
  const table = new NeighborTable(layout.accountCount, layout.promptNeighbors);
  scanPromptSimilarities(layout, rankFrom, rankTo, table);
  const response: SimilarityScanResponse = { members: table.members, scores: table.scores, sizes: table.sizes };
  parentPort?.postMessage(response, [table.members.buffer as ArrayBuffer, table.scores.buffer as ArrayBuffer, table.sizes.buffer as ArrayBuffer]);
} catch (error) {
  parentPort?.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies SimilarityScanResponse);
}
