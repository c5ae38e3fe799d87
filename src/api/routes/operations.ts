// Operational endpoints: liveness, readiness, Prometheus metrics, the OpenAPI document and its
// HTML page. Liveness, readiness and the documentation need no API key; metrics do.
import { Router, type RequestHandler } from 'express';
import type { GraphStore } from '../../graph-store/neo4j-adapter.js';
import type { ApiMetrics } from '../metrics.js';
import { sendJson } from '../respond.js';
import * as schemas from '../schemas.js';
import { checkReadiness } from '../use-cases/readiness.js';
import { parseInput } from '../validate.js';

export interface OperationsDependencies {
  store: GraphStore;
  metrics: ApiMetrics;
  clock: () => Date;
  openApiDocument: Record<string, unknown>;
  docsPage: string;
  authenticated: RequestHandler[];
}

export function operationRoutes(dependencies: OperationsDependencies): Router {
  const router = Router();
  const noQuery: RequestHandler = (request, _response, next) => {
    parseInput(schemas.emptyQuery, request.query, 'query');
    next();
  };

  router.get('/healthz', noQuery, (_request, response) => {
    sendJson(response, schemas.healthSchema, { status: 'ok', time: dependencies.clock().toISOString() });
  });

  router.get('/readyz', noQuery, async (_request, response) => {
    sendJson(response, schemas.readinessSchema, await checkReadiness(dependencies.store));
  });

  router.get('/metrics', ...dependencies.authenticated, noQuery, async (_request, response) => {
    response.type(dependencies.metrics.registry.contentType).send(await dependencies.metrics.registry.metrics());
  });

  router.get('/openapi.json', noQuery, (_request, response) => {
    response.json(dependencies.openApiDocument);
  });

  router.get('/docs', noQuery, (_request, response) => {
    response.type('text/html; charset=utf-8').send(dependencies.docsPage);
  });

  return router;
}
