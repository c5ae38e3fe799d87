// Starts and stops the HTTP server. startServer assembles the app (opening the store with short
// timeouts when none is given, so a request never hangs on a dead database) and listens;
// stopServer stops accepting connections, lets in-flight requests finish (bounded), then closes
// the store when this module opened it.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HydrascopeConfig } from '../config/config.js';
import { HydrascopeError } from '../shared/errors.js';
import type { ConcurrencyLimitOptions } from '../graph-store/concurrency-limit.js';
import { resolveConnection } from '../graph-store/connect.js';
import { openGraphStore, type GraphStore } from '../graph-store/neo4j-adapter.js';
import { leaseOfSeconds } from '../graph-store/lease-lock.js';
import { createLogger, type Logger } from '../shared/logger.js';
import { addAcceptWatchers, NO_WATCHERS, type AcceptWatchers } from './accept-watchers.js';
import { createApp } from './app.js';
import { loadApiKeys, type ApiKey } from './auth.js';
import { createMetrics } from './metrics.js';
import { createBackgroundRefreshStarter, createRefreshRunner, type BackgroundRefreshOptions, type RefreshRunner, type RefreshStarter } from './refresh-starter.js';
import { createResultCache, type ResultCacheOptions } from './result-cache.js';
import { ACCOUNT_CACHE_BYTES, readAccountDataVersion } from './use-cases/accounts.js';
import { readResultVersion } from './use-cases/verdicts.js';
import { warmUpQueries } from './use-cases/warm-up.js';

/** The longest the API's start waits for its queries to be planned (use-cases/warm-up.ts). */
export const WARM_UP_TIMEOUT_MS = 10_000;

/**
 * Driver limits for serving: fail a request within seconds rather than retrying for half a minute,
 * and end a query Neo4j has not answered in 15 s. Without that limit a query whose client gave up
 * ran on for up to 10 minutes, competing with new requests (seen in the soak test under
 * overload). A cut query is a 503 with Retry-After.
 */
export const API_STORE_OPTIONS = { maxTransactionRetryTimeMs: 2_000, connectionAcquisitionTimeoutMs: 5_000, maxConnectionPoolSize: 100, transactionTimeoutMs: 15_000 };

export interface StartServerOptions {
  config: HydrascopeConfig;
  logger?: Logger;
  /** When absent, the server opens (and later closes) its own store. */
  store?: GraphStore;
  refreshStarter?: RefreshStarter;
  /** Keys accepted in addition to the configured ones (the development key of `hydrascope serve`). */
  extraApiKeys?: readonly ApiKey[];
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  clock?: () => Date;
  validateResponses?: boolean;
  /** How long in-flight requests get to finish on shutdown. */
  shutdownGraceMs?: number;
  /** How long a request may wait for its answer before it gets a 503 (default ANSWER_DEADLINE_MS). */
  answerDeadlineMs?: number;
  /** Settings of the cache of answers derived from the current refresh result. */
  resultCache?: Partial<ResultCacheOptions>;
  /** Query slots of the data routes, the run history and the cached answers' computations (defaults in app.ts). */
  queryConcurrency?: ConcurrencyLimitOptions;
  lookupConcurrency?: ConcurrencyLimitOptions;
  resultConcurrency?: ConcurrencyLimitOptions;
  /** Extra watchers on the listening socket (default: the configuration's; 0: none). */
  acceptWatchers?: number;
  /** Run every route's query once before listening (default true), so the first requests do not pay for planning. */
  warmUp?: boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  server: Server;
  /** The extra accept watchers on the server's socket. */
  acceptWatchers: AcceptWatchers;
  store: GraphStore;
  /** Runs one refresh to its end off the event loop (the built-in schedule of `serve`); LeaseHeldError when one runs. */
  runRefresh: RefreshRunner;
  close(): Promise<void>;
}

/** Refuses to start without keys, with the fix in the message (production must configure them). */
export function resolveApiKeys(config: HydrascopeConfig, extra: readonly ApiKey[] = []): ApiKey[] {
  const keys = [...loadApiKeys(config), ...extra];
  if (keys.length === 0) {
    throw new HydrascopeError(
      'bad-input',
      config.mode === 'production'
        ? 'HYDRASCOPE_MODE=production needs API keys: set HYDRASCOPE_API_KEYS=name:role:key[,...] (role viewer, analyst or admin) or HYDRASCOPE_API_KEYS_FILE=<file>'
        : 'no API keys configured: set HYDRASCOPE_API_KEYS or HYDRASCOPE_API_KEYS_FILE (`hydrascope serve` generates a development key)',
    );
  }
  return keys;
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const apiKeys = resolveApiKeys(config, options.extraApiKeys);
  const ownsStore = options.store === undefined;
  const connection = ownsStore ? await resolveConnection(config, (message) => logger.info(message)) : undefined;
  const store = options.store ?? openGraphStore(connection as NonNullable<typeof connection>, API_STORE_OPTIONS);
  const metrics = createMetrics();
  // Keyed by the current run and the verdicts' counter: a verdict shows on cached campaign answers too.
  const resultCache = createResultCache(() => readResultVersion(store), options.resultCache);
  // Keyed by the current run and the committed ingest chunks: a load shows on account pages too.
  const accountCache = createResultCache(() => readAccountDataVersion(store), { maxBytes: ACCOUNT_CACHE_BYTES, ...options.resultCache });
  // With the connection at hand, refreshes run in worker threads with their own connections, so
  // neither a refresh nor a flood of requests starves the other; the built-in schedule of `serve`
  // runs its refreshes the same way. Only a server given a store (tests) refreshes on it in-thread.
  const refreshOptions: BackgroundRefreshOptions = {
    logger,
    ...(connection ? { connection, nice: config.batchNice } : {}),
    lease: leaseOfSeconds(config.refreshLeaseSeconds),
    onFinished: ({ status, seconds }) => metrics.refreshDuration.observe({ status }, seconds),
    // A refresh this process promoted: answer from the new result at once, not after the next check.
    onPromoted: () => {
      resultCache.invalidate();
      accountCache.invalidate();
    },
  };
  const refreshStarter = options.refreshStarter ?? createBackgroundRefreshStarter(store, refreshOptions);
  const runRefreshJob = createRefreshRunner(store, refreshOptions);
  const app = createApp({
    store,
    config,
    logger,
    refreshStarter,
    metrics,
    apiKeys,
    resultCache,
    accountCache,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.validateResponses === undefined ? {} : { validateResponses: options.validateResponses }),
    ...(options.answerDeadlineMs === undefined ? {} : { answerDeadlineMs: options.answerDeadlineMs }),
    ...(options.queryConcurrency ? { queryConcurrency: options.queryConcurrency } : {}),
    ...(options.lookupConcurrency ? { lookupConcurrency: options.lookupConcurrency } : {}),
    ...(options.resultConcurrency ? { resultConcurrency: options.resultConcurrency } : {}),
  });
  if (options.warmUp ?? true) {
    const warmUp = await warmUpQueries(store, { timeoutMs: WARM_UP_TIMEOUT_MS });
    logger.debug({ ...warmUp }, "planned the routes' queries before listening");
    if (warmUp.stoppedBecause) logger.warn({ ...warmUp }, 'query warm-up stopped early; the first requests may be slow');
  }
  const server = createServer(app);
  // Keep-alive slightly above common load balancer idle timeouts, so they close first.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 60_000;
  server.listen(options.port ?? config.api.port, options.host ?? config.api.host);
  try {
    await once(server, 'listening');
  } catch (error) {
    if (ownsStore) await store.close();
    throw error;
  }
  const acceptWatchers = await addAcceptWatchers(server, options.acceptWatchers ?? config.api.acceptWatchers).catch((error: unknown) => {
    logger.warn({ err: (error as Error).message }, 'the API accepts one new connection per event-loop turn (no extra accept watchers)');
    return NO_WATCHERS;
  });
  logger.debug({ acceptWatchers: acceptWatchers.count }, 'extra accept watchers on the listening socket');
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const running: RunningServer = {
    url: `http://${host}:${address.port}`,
    port: address.port,
    server,
    acceptWatchers,
    store,
    runRefresh: runRefreshJob,
    close: () => stopServer(running, { closeStore: ownsStore, graceMs: options.shutdownGraceMs ?? 10_000 }),
  };
  return running;
}

/** Graceful stop: no new connections, in-flight requests finish (up to graceMs), then the store closes. */
export async function stopServer(running: Pick<RunningServer, 'server' | 'store' | 'acceptWatchers'>, options: { closeStore: boolean; graceMs?: number } = { closeStore: false }): Promise<void> {
  const { server } = running;
  const closed = Promise.all([new Promise<void>((resolve) => server.close(() => resolve())), running.acceptWatchers.close()]);
  // A keep-alive connection turns idle when its in-flight request finishes: close it then.
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  const timer = setTimeout(() => server.closeAllConnections(), options.graceMs ?? 10_000);
  timer.unref();
  await closed;
  clearInterval(sweep);
  clearTimeout(timer);
  if (options.closeStore) await running.store.close();
}
