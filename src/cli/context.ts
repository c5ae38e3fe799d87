// What every CLI command shares: the validated configuration, the logger, a store opened on
// demand (and closed after), and the mapping of failures to documented exit codes.
import { ConfigError, readConfig, type HydrascopeConfig } from '../config/config.js';
import { connectGraphStore } from '../graph-store/connect.js';
import { GraphStoreError, isStoreUnavailable } from '../graph-store/errors.js';
import { LocalNeo4jError } from '../graph-store/local-neo4j.js';
import type { GraphStore } from '../graph-store/neo4j-adapter.js';
import { lowerThreadPriority } from '../shared/cpu-priority.js';
import { createLogger, humanLogDestination, type LogFormat, type Logger } from '../shared/logger.js';
import { EXIT_CODES } from './exit-codes.js';

/** A failure the user caused or can fix, printed as one line with its exit code. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT_CODES.failure,
  ) {
    super(message);
  }
}

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
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof ConfigError) return EXIT_CODES.badInput;
  if (error instanceof LocalNeo4jError) return EXIT_CODES.neo4jUnavailable;
  if (isStoreUnavailable(error)) return EXIT_CODES.neo4jUnavailable;
  if (error instanceof GraphStoreError) return EXIT_CODES.failure;
  return EXIT_CODES.failure;
}
