// How the API starts a refresh (a small interface tests implement too): answered once the run
// holds the lease and is recorded, finished in the background in a worker thread so its seconds
// of graph work do not stall the API (docs/decisions/refresh-worker-thread.md).
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { Neo4jConnectionConfig } from '../config/config.js';
import { GraphStoreError } from '../graph-store/errors.js';
import type { GraphStore } from '../graph-store/neo4j-adapter.js';
import type { LeaseOptions } from '../graph-store/lease-lock.js';
import { runRefresh, type RefreshStage } from '../jobs/refresh-job.js';
import { HydrascopeError, LeaseHeldError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { compiledModuleUrl } from '../shared/project-paths.js';
import type { RefreshWorkerError, RefreshWorkerInput, RefreshWorkerMessage } from './refresh-worker.js';

export interface RefreshParameters {
  resolution?: number;
  seed?: number;
  requestedBy: string;
}

export interface RefreshStarter {
  /** Resolves with the run id once the run is recorded; throws LeaseHeldError when one runs. */
  start(parameters: RefreshParameters): Promise<{ runId: string }>;
}

/** Runs one refresh to its end, the way the starter runs them (the built-in schedule of `serve` uses it). */
export type RefreshRunner = (parameters: RefreshParameters) => Promise<{ runId: string; campaigns: number }>;

export interface BackgroundRefreshOptions {
  logger: Logger;
  /** The refresh lease (HYDRASCOPE_REFRESH_LEASE_SECONDS); the job's default when absent. */
  lease?: LeaseOptions;
  onFinished?: (outcome: { runId: string; status: 'succeeded' | 'failed'; seconds: number }) => void;
  /** The run's result became current (the run still prunes older snapshots before it finishes). */
  onPromoted?: (runId: string) => void;
  /** Run each refresh in a worker thread with its own connections to this Neo4j; without it, in this thread on `store`. */
  connection?: Neo4jConnectionConfig;
  /** Nice steps the worker thread yields to the API thread (HYDRASCOPE_BATCH_NICE); none when absent. */
  nice?: number;
}

/** The compiled refresh worker (from dist/ under the test runner). */
export function refreshWorkerUrl(): URL {
  return compiledModuleUrl(import.meta.url, './refresh-worker.js');
}

/** The worker's error as the API knows it: 409 for a held lease, 503 for an unavailable store. */
function rebuildError(error: RefreshWorkerError): Error {
  if (error.name === 'LeaseHeldError') return new LeaseHeldError(error.message, error.runningRunId);
  if (error.name === 'GraphStoreError') return new GraphStoreError(error.message, error.reason, error.retriable, error.code);
  if (error.name === 'HydrascopeError') return new HydrascopeError(error.kind, error.message);
  return new Error(error.message);
}

/** Runs one refresh in a worker thread; settles when the thread has ended, with the campaign count. */
function refreshInWorker(input: RefreshWorkerInput, logger: Logger, onStage: (stage: RefreshStage) => void, onPromoted?: () => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(refreshWorkerUrl(), { workerData: input });
    let outcome: { campaigns: number } | { error: Error } | undefined;
    worker.on('message', (message: RefreshWorkerMessage) => {
      if (message.type === 'priority')
        logger.debug({ runId: input.runId, nice: message.nice }, message.nice === null ? 'the refresh worker could not lower its CPU priority' : 'the refresh worker runs at a lower CPU priority');
      else if (message.type === 'stage') onStage(message.stage);
      else if (message.type === 'promoted') onPromoted?.();
      else if (message.type === 'succeeded') outcome = { campaigns: message.campaigns };
      else outcome = { error: rebuildError(message.error) };
    });
    worker.on('error', (error) => {
      outcome ??= { error };
    });
    worker.on('exit', (code) => {
      const settled = outcome ?? { error: new Error(`the refresh worker exited with code ${code} before it finished`) };
      if ('error' in settled) reject(settled.error);
      else resolve(settled.campaigns);
    });
  });
}

const newRunId = () => `refresh-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;

function tuningOf(parameters: RefreshParameters, options: BackgroundRefreshOptions) {
  return {
    ...(parameters.resolution === undefined ? {} : { resolution: parameters.resolution }),
    ...(parameters.seed === undefined ? {} : { seed: parameters.seed }),
    ...(options.lease ? { lease: options.lease } : {}),
  };
}

/** One refresh, in a worker thread when the options carry the connection, else in this thread on `store`. */
function runOneRefresh(store: GraphStore, options: BackgroundRefreshOptions, runId: string, parameters: RefreshParameters, onStage: (stage: RefreshStage) => void): Promise<number> {
  const tuning = tuningOf(parameters, options);
  return options.connection
    ? refreshInWorker(
        { connection: options.connection, runId, requestedBy: parameters.requestedBy, ...tuning, ...(options.nice ? { nice: options.nice } : {}) },
        options.logger,
        onStage,
        options.onPromoted ? () => options.onPromoted?.(runId) : undefined,
      )
    : runRefresh(store, { runId, requestedBy: parameters.requestedBy, ...tuning, onStage, ...(options.onPromoted ? { onPromoted: options.onPromoted } : {}) }).then(
        (summary) => summary.counts.campaigns,
      );
}

/** Runs each refresh to its end, off the API's event loop when given the connection; throws LeaseHeldError when one runs. */
export function createRefreshRunner(store: GraphStore, options: BackgroundRefreshOptions): RefreshRunner {
  return async (parameters) => {
    const runId = newRunId();
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const campaigns = await runOneRefresh(store, options, runId, parameters, (stage) => options.logger.info({ runId, stage }, 'refresh stage'));
      options.onFinished?.({ runId, status: 'succeeded', seconds: seconds() });
      return { runId, campaigns };
    } catch (error) {
      // A refusal (another run holds the lease) is not a failed refresh.
      if (!(error instanceof LeaseHeldError)) options.onFinished?.({ runId, status: 'failed', seconds: seconds() });
      throw error;
    }
  };
}

export function createBackgroundRefreshStarter(store: GraphStore, options: BackgroundRefreshOptions): RefreshStarter & { idle(): Promise<void> } {
  const running = new Set<Promise<unknown>>();
  return {
    start(parameters) {
      const runId = newRunId();
      const started = performance.now();
      return new Promise<{ runId: string }>((resolve, reject) => {
        let answered = false;
        // The first stage begins after the lease is taken and the run is recorded.
        const onStage = (stage: RefreshStage) => {
          if (!answered) {
            answered = true;
            resolve({ runId });
          }
          options.logger.info({ runId, stage }, 'refresh stage');
        };
        const job = runOneRefresh(store, options, runId, parameters, onStage).then(
          (campaigns) => {
            const seconds = (performance.now() - started) / 1000;
            options.logger.info({ runId, campaigns, seconds }, 'refresh succeeded');
            options.onFinished?.({ runId, status: 'succeeded', seconds });
          },
          (error: unknown) => {
            if (!answered) {
              answered = true;
              reject(error);
              return;
            }
            const seconds = (performance.now() - started) / 1000;
            options.logger.error({ runId, err: error instanceof Error ? error.message : String(error) }, 'refresh failed');
            options.onFinished?.({ runId, status: 'failed', seconds });
          },
        );
        running.add(job);
        void job.finally(() => running.delete(job));
      });
    },
    /** Waits for background refreshes (graceful shutdown). */
    async idle() {
      await Promise.allSettled([...running]);
    },
  };
}
