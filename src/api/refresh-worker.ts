// A refresh started by the API, run in a worker thread: the refresh reads and projects the whole
// linkage graph and runs Louvain, seconds of synchronous work that would otherwise stall every
// request the API is serving. The worker opens its own Neo4j connections (job retry settings,
// its own pool) and reports to the refresh starter (refresh-starter.ts) by message: each stage,
// then success or the error, described so the starter can rebuild it.
import { parentPort, workerData } from 'node:worker_threads';
import type { Neo4jConnectionConfig } from '../config/config.js';
import { GraphStoreError } from '../graph-store/errors.js';
import { openGraphStore } from '../graph-store/neo4j-adapter.js';
import type { LeaseOptions } from '../graph-store/lease-lock.js';
import { runRefresh, type RefreshStage } from '../jobs/refresh-job.js';
import { lowerThreadPriority } from '../shared/cpu-priority.js';
import { HydrascopeError, LeaseHeldError, type ErrorKind } from '../shared/errors.js';

export interface RefreshWorkerInput {
  connection: Neo4jConnectionConfig;
  runId: string;
  requestedBy: string;
  resolution?: number;
  seed?: number;
  lease?: LeaseOptions;
  /** Nice steps this thread (and the scan threads it starts) yields to the API thread. */
  nice?: number;
}

export type RefreshWorkerError =
  | { name: 'LeaseHeldError'; runningRunId: string | null; message: string }
  | { name: 'GraphStoreError'; reason: GraphStoreError['reason']; retriable: boolean; code: string | undefined; message: string }
  | { name: 'HydrascopeError'; kind: ErrorKind; message: string }
  | { name: 'Error'; message: string };

export type RefreshWorkerMessage =
  { type: 'priority'; nice: number | null } | { type: 'stage'; stage: RefreshStage } | { type: 'promoted' } | { type: 'succeeded'; campaigns: number } | { type: 'failed'; error: RefreshWorkerError };

function describe(error: unknown): RefreshWorkerError {
  if (error instanceof LeaseHeldError) return { name: 'LeaseHeldError', runningRunId: error.runningRunId, message: error.message };
  if (error instanceof GraphStoreError) return { name: 'GraphStoreError', reason: error.reason, retriable: error.retriable, code: error.code, message: error.message };
  if (error instanceof HydrascopeError) return { name: 'HydrascopeError', kind: error.kind, message: error.message };
  return { name: 'Error', message: error instanceof Error ? error.message : String(error) };
}

async function main(port: NonNullable<typeof parentPort>, input: RefreshWorkerInput): Promise<void> {
  const post = (message: RefreshWorkerMessage) => port.postMessage(message);
  if (input.nice) post({ type: 'priority', nice: lowerThreadPriority(input.nice)?.after ?? null });
  const store = openGraphStore(input.connection);
  try {
    const summary = await runRefresh(store, {
      runId: input.runId,
      requestedBy: input.requestedBy,
      ...(input.resolution === undefined ? {} : { resolution: input.resolution }),
      ...(input.seed === undefined ? {} : { seed: input.seed }),
      ...(input.lease ? { lease: input.lease } : {}),
      onStage: (stage) => post({ type: 'stage', stage }),
      onPromoted: () => post({ type: 'promoted' }),
    });
    post({ type: 'succeeded', campaigns: summary.counts.campaigns });
  } catch (error) {
    post({ type: 'failed', error: describe(error) });
  } finally {
    await store.close();
  }
}

if (parentPort) void main(parentPort, workerData as RefreshWorkerInput);
