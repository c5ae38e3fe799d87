// Builds the express app from injected dependencies (store, config, logger, refresh starter,
// clock), so tests and the server assemble the same app. Middleware order matters: request id
// and logging first, then security headers, CORS and metrics, the public operational routes,
// then authentication (with a per-address limit on requests without a valid key) and the
// per-key rate limit in front of /api/v1, and last the one error middleware that answers every
// failure as application/problem+json.
import cors from 'cors';
import express, { type ErrorRequestHandler, type Express, type Request, type RequestHandler, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { HydrascopeConfig } from '../config/config.js';
import { limitReadConcurrency, type ConcurrencyLimitOptions } from '../graph-store/concurrency-limit.js';
import { GraphStoreError } from '../graph-store/errors.js';
import type { GraphStore } from '../graph-store/neo4j-adapter.js';
import type { Logger } from '../shared/logger.js';
import { accessLog } from './access-log.js';
import { identifyCaller, loadApiKeys, requireCaller, type ApiKey } from './auth.js';
import { createMetrics, routeLabel, type ApiMetrics } from './metrics.js';
import { buildOpenApiDocument, documentedMethods, renderDocsPage } from './openapi.js';
import { PROBLEM_CONTENT_TYPE, ProblemError, problemFor, storeUnavailable } from './problem.js';
import type { RefreshStarter } from './refresh-starter.js';
import { API_PREFIX } from './route-table.js';
import { createResultCache, type ResultCache } from './result-cache.js';
import { readResultVersion } from './use-cases/verdicts.js';
import { ACCOUNT_CACHE_BYTES, readAccountDataVersion } from './use-cases/accounts.js';
import { accountRoutes } from './routes/accounts.js';
import { alertRoutes } from './routes/alerts.js';
import { campaignOperationRoutes } from './routes/campaign-operations.js';
import { campaignRoutes } from './routes/campaigns.js';
import { operationRoutes } from './routes/operations.js';
import { runRoutes } from './routes/runs.js';
import { verdictRoutes } from './routes/verdicts.js';
import { explorerSite } from './static-site.js';

export interface AppDependencies {
  store: GraphStore;
  config: HydrascopeConfig;
  logger: Logger;
  refreshStarter: RefreshStarter;
  clock?: () => Date;
  metrics?: ApiMetrics;
  /** Keys to accept; defaults to the configured ones (HYDRASCOPE_API_KEYS / _FILE). */
  apiKeys?: readonly ApiKey[];
  /** Check every JSON response against its schema; defaults to on outside production. */
  validateResponses?: boolean;
  /** How long a request may wait for its answer before it gets a 503 (ANSWER_DEADLINE_MS). */
  answerDeadlineMs?: number;
  /** Answers derived from the current refresh result and the verdicts; defaults to a cache with default settings. */
  resultCache?: ResultCache;
  /** Cache of account pages (default: keyed by readAccountDataVersion, ACCOUNT_CACHE_BYTES). */
  accountCache?: ResultCache;
  /** How many Neo4j reads the data routes run at once, and how long one may wait for its turn. */
  queryConcurrency?: ConcurrencyLimitOptions;
  /** The same for the run history's small reads, which have a lane of their own. */
  lookupConcurrency?: ConcurrencyLimitOptions;
  /** The same for computing the cached answers (campaign list, detail, graph), also in a lane of their own. */
  resultConcurrency?: ConcurrencyLimitOptions;
}

/** A request unanswered this long gets a 503: a hung Neo4j must not hang every request (docs/decisions/answer-deadline.md). */
export const ANSWER_DEADLINE_MS = 5_000;

/** A few queries at a time keep Neo4j's answers in arrival order; a queue longer than 5 s is an overload (503). */
export const QUERY_CONCURRENCY_DEFAULTS: ConcurrencyLimitOptions = { maxConcurrent: 16, maxWaitMs: 5_000 };

/** The run history's small reads wait in a lane of their own, not behind account pages (docs/decisions/read-lanes.md). */
export const LOOKUP_CONCURRENCY_DEFAULTS: ConcurrencyLimitOptions = { maxConcurrent: 4, maxWaitMs: 5_000 };

/** Computing a cached answer waits only for other misses, in a lane of its own (docs/decisions/read-lanes.md). */
export const RESULT_CONCURRENCY_DEFAULTS: ConcurrencyLimitOptions = { maxConcurrent: 4, maxWaitMs: 5_000 };

function requestIdOf(request: Request): string | undefined {
  return typeof request.id === 'string' ? request.id : undefined;
}

function sendProblem(request: Request, response: Response, problem: ProblemError): void {
  response
    .status(problem.status)
    .set(problem.headers)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(problem.body(request.originalUrl.split('?')[0] ?? request.path, requestIdOf(request))));
}

export function createApp(dependencies: AppDependencies): Express {
  const { store, config, logger, refreshStarter } = dependencies;
  const clock = dependencies.clock ?? (() => new Date());
  const metrics = dependencies.metrics ?? createMetrics();
  const apiKeys = dependencies.apiKeys ?? loadApiKeys(config);
  const resultCache = dependencies.resultCache ?? createResultCache(() => readResultVersion(store));
  // Account pages change with ingest too: their own cache, keyed by the account data version.
  const accountCache = dependencies.accountCache ?? createResultCache(() => readAccountDataVersion(store), { maxBytes: ACCOUNT_CACHE_BYTES });
  // The routes' reads queue for a slot, the run history and the cached answers' computations each
  // in their own lane; the cache's run id check and readiness do not wait behind any of them.
  const routeStore = limitReadConcurrency(store, dependencies.queryConcurrency ?? QUERY_CONCURRENCY_DEFAULTS);
  const lookupStore = limitReadConcurrency(store, dependencies.lookupConcurrency ?? LOOKUP_CONCURRENCY_DEFAULTS);
  const resultStore = limitReadConcurrency(store, dependencies.resultConcurrency ?? RESULT_CONCURRENCY_DEFAULTS);
  const openApiDocument = buildOpenApiDocument();
  const docsPage = renderDocsPage(openApiDocument);
  const methodsOf = documentedMethods(openApiDocument);

  const app = express();
  app.disable('x-powered-by');
  app.set('validateResponses', dependencies.validateResponses ?? config.mode !== 'production');

  app.use(accessLog(logger));
  app.use(helmet());
  app.use(
    cors({
      origin: config.api.corsOrigins.includes('*') ? '*' : config.api.corsOrigins.length > 0 ? config.api.corsOrigins : false,
      methods: ['GET', 'POST', 'PUT'],
      allowedHeaders: ['X-API-Key', 'Authorization', 'Content-Type', 'Accept', 'X-Request-Id'],
      exposedHeaders: ['X-Request-Id', 'Retry-After', 'Location', 'RateLimit', 'RateLimit-Policy', 'Content-Disposition'],
      maxAge: 600,
    }),
  );
  app.use((request, response, next) => {
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      const labels = { method: request.method, route: routeLabel(request.originalUrl.split('?')[0] ?? ''), status: String(response.statusCode) };
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  });
  const answerDeadlineMs = dependencies.answerDeadlineMs ?? ANSWER_DEADLINE_MS;
  app.use((request, response, next) => {
    const timer = setTimeout(() => {
      // A CSV download already streaming is not cut off; its rows are arriving.
      if (response.headersSent) return;
      request.log.warn({ deadlineMs: answerDeadlineMs }, 'no answer in time: Neo4j slow or hung');
      metrics.neo4jErrors.inc({ kind: 'no-answer' });
      sendProblem(request, response, storeUnavailable('the graph database did not answer in time; try again shortly'));
    }, answerDeadlineMs);
    timer.unref();
    const clear = () => clearTimeout(timer);
    response.once('finish', clear);
    response.once('close', clear);
    next();
  });

  const tooManyRequests = (request: Request, property: string, detail: string): ProblemError => {
    const resetTime = (request as Request & Record<string, { resetTime?: Date } | undefined>)[property]?.resetTime;
    const seconds = Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now() + 60_000) - Date.now()) / 1000));
    return new ProblemError('rate-limited', 'rate-limited', 'Too many requests', detail, { retryAfterSeconds: seconds }, { 'Retry-After': String(seconds) });
  };
  const authenticated: RequestHandler[] = [
    identifyCaller(apiKeys),
    // Requests without a valid key are limited per client address, so keys cannot be guessed at
    // line speed; a caller with a valid key skips this limit and is never locked out by others.
    rateLimit({
      windowMs: 60_000,
      limit: config.api.authFailuresPerMinute,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      requestPropertyName: 'authenticationRateLimit',
      skip: (request) => request.caller !== undefined,
      handler: (request, _response, next) =>
        next(tooManyRequests(request, 'authenticationRateLimit', `more than ${config.api.authFailuresPerMinute} requests per minute without a valid API key from this address`)),
    }),
    requireCaller(),
    rateLimit({
      windowMs: 60_000,
      limit: config.api.rateLimitPerMinute,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      // Per API key: every request here has a caller.
      keyGenerator: (request) => `key:${request.caller?.name ?? ''}`,
      handler: (request, _response, next) => next(tooManyRequests(request, 'rateLimit', `more than ${config.api.rateLimitPerMinute} requests per minute with this API key`)),
    }),
  ];

  app.use(operationRoutes({ store, metrics, clock, openApiDocument, docsPage, authenticated }));
  app.use(
    API_PREFIX,
    ...authenticated,
    campaignRoutes({ results: resultStore, pages: routeStore }, resultCache),
    campaignOperationRoutes(resultStore, resultCache),
    accountRoutes(routeStore, accountCache),
    runRoutes(lookupStore, refreshStarter),
    verdictRoutes(routeStore, resultCache),
    alertRoutes(routeStore),
  );
  app.use(explorerSite(config));

  // A known path asked with a method it does not have: 405 naming the ones it has (RFC 9110).
  app.use((request, _response, next) => {
    const allowed = methodsOf(request.path);
    if (!allowed) return next();
    throw new ProblemError(
      'method-not-allowed',
      'method-not-allowed',
      'Method not allowed',
      `${request.method} is not supported on ${request.path}; use ${allowed.join(', ')}`,
      {},
      { Allow: allowed.join(', ') },
    );
  });
  app.use((request) => {
    throw new ProblemError('not-found', 'not-found', 'Not found', `no route ${request.method} ${request.path}`);
  });

  const problemMiddleware: ErrorRequestHandler = (error: unknown, request, response, _next) => {
    if (response.writableEnded) {
      // Answered already (the answer deadline passed): the late outcome has nowhere to go.
      request.log.debug({ err: error }, 'late outcome of a request answered at its deadline');
      return;
    }
    const problem = problemFor(error);
    if (error instanceof GraphStoreError) {
      metrics.neo4jErrors.inc({ kind: error.reason });
      if (error.kind === 'unavailable') request.log.warn({ kind: error.reason, code: error.code, reason: error.message }, 'Neo4j unavailable');
      else if (error.kind === 'busy') request.log.warn({ kind: error.reason, code: error.code }, 'Neo4j busy');
      else request.log.error({ err: error }, 'Neo4j query failed');
    } else if (problem.status >= 500 && !(error instanceof ProblemError)) {
      request.log.error({ err: error }, 'request failed');
    }
    if (response.headersSent) {
      // A streamed CSV that failed half way: cut the connection so the client sees it incomplete.
      request.log.error({ err: error }, 'response failed after its headers were sent');
      response.destroy();
      return;
    }
    sendProblem(request, response, problem);
  };
  app.use(problemMiddleware);
  return app;
}
