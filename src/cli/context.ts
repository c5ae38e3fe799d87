// What every CLI command shares: the validated configuration, the logger, a store opened on
// demand (and closed after), and the exit code of a failure (kind → code: src/shared/errors.ts).
import { readConfig, type HydrascopeConfig } from '../config/config.js';
import { connectGraphStore } from '../graph-store/connect.js';
import type { GraphStore } from '../graph-store/neo4j-adapter.js';
import { lowerThreadPriority } from '../shared/cpu-priority.js';
import { exitCodeOf } from '../shared/errors.js';
import { createLogger, humanLogDestination, type LogFormat, type Logger } from '../shared/logger.js';

export interface CliContext {
  config(): HydrascopeConfig;
  logger(): Logger;
  /** How logs are written: JSON lines (default) or short lines for a person (`start`). Set before the first logger() call. */
  useLogFormat?(format: LogFormat): void;
  withStore<R>(work: (store: GraphStore) => Promise<R>): Promise<R>;
  /** Batch commands (ingest, refresh, watch, schedule) yield the CPU to the API and Neo4j: HYDRASCOPE_BATCH_NICE. */
  runAsBatchJob(): void;
}

export function createCliContext(environment: NodeJS.ProcessEnv = process.env): CliContext {
  let config: HydrascopeConfig | undefined;
  let logger: Logger | undefined;
  let logFormat: LogFormat = 'json';
  const context: CliContext = {
    config() {
      config ??= readConfig(environment);
      return config;
    },
    logger() {
      logger ??= createLogger(context.config().logLevel, 'hydrascope', logFormat === 'text' ? humanLogDestination() : undefined);
      return logger;
    },
    useLogFormat(format) {
      if (logger && format !== logFormat) throw new Error('useLogFormat must be called before the logger is first used');
      logFormat = format;
    },
    runAsBatchJob() {
      const steps = context.config().batchNice;
      if (steps === 0) return;
      const change = lowerThreadPriority(steps);
      if (change) context.logger().debug(change, 'batch job runs at a lower CPU priority');
      else context.logger().debug({ steps }, 'could not lower the CPU priority; running at the current one');
    },
    async withStore(work) {
      const store = await connectGraphStore(context.config(), (message) => context.logger().info(message));
      try {
        return await work(store);
      } finally {
        await store.close();
      }
    },
  };
  return context;
}

export function exitCodeFor(error: unknown): number {
  return exitCodeOf(error);
}
