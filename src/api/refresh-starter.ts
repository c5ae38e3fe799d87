// How the API starts a refresh: through this small interface, so the route does not depend on the
// job's internals and tests can supply their own implementation. The job-backed starter answers
// as soon as the run holds the lease and is recorded (or refused), and lets it finish in the
// background; its outcome goes to the log and the refresh duration metric.
import { randomUUID } from 'node:crypto';
import type { GraphStore } from '../graph-store/neo4j-adapter.js';
import type { LeaseOptions } from '../jobs/lease-lock.js';
import { runRefresh } from '../jobs/refresh-job.js';
import type { Logger } from '../shared/logger.js';

export interface RefreshParameters {
  resolution?: number;
  seed?: number;
  requestedBy: string;
}

export interface RefreshStarter {
  /** Resolves with the run id once the run is recorded; throws RefreshAlreadyRunningError when one runs. */
  start(parameters: RefreshParameters): Promise<{ runId: string }>;
}

export interface BackgroundRefreshOptions {
  logger: Logger;
  /** The refresh lease (HYDRASCOPE_REFRESH_LEASE_SECONDS); the job's default when absent. */
  lease?: LeaseOptions;
  onFinished?: (outcome: { runId: string; status: 'succeeded' | 'failed'; seconds: number }) => void;
  /** The run's result became current (the run still prunes older snapshots before it finishes). */
  onPromoted?: (runId: string) => void;
}

export function createBackgroundRefreshStarter(store: GraphStore, options: BackgroundRefreshOptions): RefreshStarter & { idle(): Promise<void> } {
  const running = new Set<Promise<unknown>>();
  return {
    start(parameters) {
      const runId = `refresh-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
      const started = performance.now();
      return new Promise<{ runId: string }>((resolve, reject) => {
        let answered = false;
        const job = runRefresh(store, {
          runId,
          requestedBy: parameters.requestedBy,
          ...(options.lease ? { lease: options.lease } : {}),
          ...(parameters.resolution === undefined ? {} : { resolution: parameters.resolution }),
          ...(parameters.seed === undefined ? {} : { seed: parameters.seed }),
          ...(options.onPromoted ? { onPromoted: options.onPromoted } : {}),
          // The first stage begins after the lease is taken and the run is recorded.
          onStage: (stage) => {
            if (!answered) {
              answered = true;
              resolve({ runId });
            }
            options.logger.info({ runId, stage }, 'refresh stage');
          },
        }).then(
          (summary) => {
            const seconds = (performance.now() - started) / 1000;
            options.logger.info({ runId, campaigns: summary.counts.campaigns, seconds }, 'refresh succeeded');
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
