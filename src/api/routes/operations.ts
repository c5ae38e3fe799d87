// Operational endpoints: liveness, readiness, Prometheus metrics, the OpenAPI document and its
// HTML page. Liveness, readiness and the documentation need no API key; metrics do.
import { Router, type RequestHandler } from 'express';
import type { GraphStore } from '../../graph-store/neo4j-adapter.js';
import type { ApiMetrics } from '../metrics.js';
import { sendJson } from '../respond.js';
import * as schemas from '../schemas.js';
import { checkReadiness } from '../use-cases/readiness.js';
import { on, ROUTES } from '../route-table.js';
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

  on(router, ROUTES.liveness, noQuery, (_request, response) => {
    sendJson(response, schemas.healthSchema, { status: 'ok', time: dependencies.clock().toISOString() });
  });

  on(router, ROUTES.readiness, noQuery, async (_request, response) => {
    sendJson(response, schemas.readinessSchema, await checkReadiness(dependencies.store));
  });

  on(router, ROUTES.metrics, ...dependencies.authenticated, noQuery, async (_request, response) => {
    response.type(dependencies.metrics.registry.contentType).send(await dependencies.metrics.registry.metrics());
  });

  on(router, ROUTES.openapi, noQuery, (_request, response) => {
    response.json(dependencies.openApiDocument);
  });

  on(router, ROUTES.docs, noQuery, (_request, response) => {
    response.type('text/html; charset=utf-8').send(dependencies.docsPage);
  });

  return router;
}
