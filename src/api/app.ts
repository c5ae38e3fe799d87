// Builds the express app from injected dependencies (store, config, logger, refresh starter,
// clock), so tests and the server assemble the same app. Middleware order matters: request id
// and logging first, then security headers, CORS and metrics, the public operational routes,
// then authentication and the per-key rate limit in front of /api/v1, and last the one error
// middleware that answers every failure as application/problem+json.
import { randomUUID } from 'node:crypto';
import cors from 'cors';
import express, { type ErrorRequestHandler, type Express, type Request, type RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { HydrascopeConfig } from '../config/config.js';
import { GraphStoreError, isStoreUnavailable } from '../graph-store/errors.js';
import type { GraphStore } from '../graph-store/neo4j-adapter.js';
import type { Logger } from '../shared/logger.js';
import { authenticate, loadApiKeys, type ApiKey } from './auth.js';
import { createMetrics, type ApiMetrics } from './metrics.js';
import { buildOpenApiDocument, documentedMethods, renderDocsPage } from './openapi.js';
import { PROBLEM_CONTENT_TYPE, ProblemError, storeBusy, storeUnavailable } from './problem.js';
import type { RefreshStarter } from './refresh-starter.js';
import { accountRoutes } from './routes/accounts.js';
import { campaignRoutes } from './routes/campaigns.js';
import { operationRoutes } from './routes/operations.js';
import { runRoutes } from './routes/runs.js';
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
}

export const API_PREFIX = '/api/v1';

/** Route patterns for metric labels: bounded, unlike raw URLs. */
const ROUTE_PATTERNS: Array<[RegExp, string]> = [
  '/api/v1/campaigns',
  '/api/v1/campaigns/:id',
  '/api/v1/campaigns/:id/graph',
  '/api/v1/campaigns/:id/accounts',
  '/api/v1/accounts/:id',
  '/api/v1/runs',
  '/api/v1/runs/:id',
  '/healthz',
  '/readyz',
  '/metrics',
  '/openapi.json',
  '/docs',
].map((pattern) => [new RegExp(`^${pattern.replace(/\./g, '\\.').replace(/:id/g, '[^/]+')}/?$`), pattern]);

export const routeLabel = (path: string): string => ROUTE_PATTERNS.find(([pattern]) => pattern.test(path))?.[1] ?? 'unmatched';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Titles of the client errors body-parser raises before a route sees the request. */
const CLIENT_ERROR_TITLES: Record<number, string> = { 413: 'Request body too large', 415: 'Unsupported media type' };

function requestIdOf(request: Request): string | undefined {
  return typeof request.id === 'string' ? request.id : undefined;
}

export function createApp(dependencies: AppDependencies): Express {
  const { store, config, logger, refreshStarter } = dependencies;
  const clock = dependencies.clock ?? (() => new Date());
  const metrics = dependencies.metrics ?? createMetrics();
  const apiKeys = dependencies.apiKeys ?? loadApiKeys(config);
  const openApiDocument = buildOpenApiDocument();
  const docsPage = renderDocsPage(openApiDocument);
  const methodsOf = documentedMethods(openApiDocument);

  const app = express();
  app.disable('x-powered-by');
  app.set('validateResponses', dependencies.validateResponses ?? config.mode !== 'production');

  app.use(
    pinoHttp({
      logger,
      // A caller's X-Request-Id is kept when it is a plain token, so ids follow a request across services.
      genReqId: (request, response) => {
        const incoming = request.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        response.setHeader('X-Request-Id', id);
        return id;
      },
      // Only what is needed to follow a request: never headers (API keys) or bodies.
      serializers: {
        req: (request: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({ id: request.id, method: request.method, url: request.url, remoteAddress: request.remoteAddress }),
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
      customProps: (request) => ({ apiKeyName: (request as Request).caller?.name }),
      customLogLevel: (_request, response, error) => (error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info'),
    }),
  );
  app.use(helmet());
  app.use(
    cors({
      origin: config.api.corsOrigins.includes('*') ? '*' : config.api.corsOrigins.length > 0 ? config.api.corsOrigins : false,
      methods: ['GET', 'POST'],
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

  const authenticated: RequestHandler[] = [
    authenticate(apiKeys),
    rateLimit({
      windowMs: 60_000,
      limit: config.api.rateLimitPerMinute,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      // Per API key: authentication runs first, so every request here has a caller.
      keyGenerator: (request) => `key:${request.caller?.name ?? ''}`,
      handler: (request, _response, next) => {
        const resetTime = (request as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
        const seconds = Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now() + 60_000) - Date.now()) / 1000));
        next(new ProblemError(429, 'rate-limited', 'Too many requests', `more than ${config.api.rateLimitPerMinute} requests per minute with this API key`, { retryAfterSeconds: seconds }, { 'Retry-After': String(seconds) }));
      },
    }),
  ];

  app.use(operationRoutes({ store, metrics, clock, openApiDocument, docsPage, authenticated }));
  app.use(API_PREFIX, ...authenticated, campaignRoutes(store), accountRoutes(store), runRoutes(store, refreshStarter));
  app.use(explorerSite(config));

  // A known path asked with a method it does not have: 405 naming the ones it has (RFC 9110).
  app.use((request, _response, next) => {
    const allowed = methodsOf(request.path);
    if (!allowed) return next();
    throw new ProblemError(405, 'method-not-allowed', 'Method not allowed', `${request.method} is not supported on ${request.path}; use ${allowed.join(', ')}`, {}, { Allow: allowed.join(', ') });
  });
  app.use((request) => {
    throw new ProblemError(404, 'not-found', 'Not found', `no route ${request.method} ${request.path}`);
  });

  const problemMiddleware: ErrorRequestHandler = (error: unknown, request, response, _next) => {
    let problem: ProblemError;
    if (error instanceof ProblemError) {
      problem = error;
    } else if (error instanceof GraphStoreError) {
      metrics.neo4jErrors.inc({ kind: error.kind });
      if (isStoreUnavailable(error)) {
        request.log.warn({ kind: error.kind, code: error.code }, error.kind === 'busy' ? 'Neo4j busy: no free connection' : 'Neo4j unavailable');
        problem = error.kind === 'busy' ? storeBusy() : storeUnavailable();
      } else {
        request.log.error({ err: error }, 'Neo4j query failed');
        problem = new ProblemError(500, 'internal', 'Internal server error', 'the request failed; quote the request id when reporting it');
      }
    } else if (isClientHttpError(error)) {
      // body-parser's own errors: malformed JSON, a body too large, an unsupported charset.
      problem =
        error.type === 'entity.parse.failed'
          ? new ProblemError(400, 'invalid-parameters', 'Invalid request body', 'the body is not valid JSON', { 'invalid-params': [{ name: 'body', in: 'body', reason: 'not valid JSON' }] })
          : new ProblemError(error.status, 'bad-request', CLIENT_ERROR_TITLES[error.status] ?? 'Bad request', error.expose ? error.message : undefined);
    } else {
      request.log.error({ err: error }, 'request failed');
      problem = new ProblemError(500, 'internal', 'Internal server error', 'the request failed; quote the request id when reporting it');
    }
    if (response.headersSent) {
      // A streamed CSV that failed half way: cut the connection so the client sees it incomplete.
      request.log.error({ err: error }, 'response failed after its headers were sent');
      response.destroy();
      return;
    }
    response
      .status(problem.status)
      .set(problem.headers)
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify(problem.body(request.originalUrl.split('?')[0] ?? request.path, requestIdOf(request))));
  };
  app.use(problemMiddleware);
  return app;
}

function isClientHttpError(error: unknown): error is { status: number; type?: string; expose?: boolean; message: string } {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}
