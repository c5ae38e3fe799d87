// /api/v1/alerts: what the refreshes raised for an analyst to look at, newest first.
import { Router } from 'express';
import type { GraphStore } from '../../graph-store/neo4j-adapter.js';
import { sendJson } from '../respond.js';
import * as schemas from '../schemas.js';
import { listAlerts } from '../use-cases/alerts.js';
import { on, ROUTES } from '../route-table.js';
import { parseInput } from '../validate.js';

export function alertRoutes(store: GraphStore): Router {
  const router = Router();
  on(router, ROUTES.listAlerts, async (request, response) => {
    const query = parseInput(schemas.listAlertsQuery, request.query, 'query');
    sendJson(response, schemas.alertListSchema, await listAlerts(store, query));
  });
  return router;
}
