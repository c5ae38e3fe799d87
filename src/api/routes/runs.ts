// /api/v1/runs: refresh history, one run, and starting a refresh (admin only).
import express, { Router } from 'express';
import type { GraphStore } from '../../graph-store/neo4j-adapter.js';
import type { RefreshStarter } from '../refresh-starter.js';
import { sendJson } from '../respond.js';
import * as schemas from '../schemas.js';
import { getRun, listRuns, startRun } from '../use-cases/runs.js';
import { API_PREFIX, on, ROUTES } from '../route-table.js';
import { parseInput } from '../validate.js';

export function runRoutes(store: GraphStore, refreshStarter: RefreshStarter): Router {
  const router = Router();

  on(router, ROUTES.listRuns, async (request, response) => {
    const query = parseInput(schemas.listRunsQuery, request.query, 'query');
    sendJson(response, schemas.runListSchema, await listRuns(store, query));
  });

  on(router, ROUTES.getRun, async (request, response) => {
    const { id } = parseInput(schemas.runIdParams, request.params, 'path');
    parseInput(schemas.emptyQuery, request.query, 'query');
    sendJson(response, schemas.runDetailSchema, await getRun(store, id));
  });

  on(router, ROUTES.startRun, express.json({ limit: '8kb', strict: true }), async (request, response) => {
    parseInput(schemas.emptyQuery, request.query, 'query');
    const body = parseInput(schemas.startRunBody, request.body, 'body');
    const { runId } = await startRun(refreshStarter, { ...body, requestedBy: `api:${request.caller?.name ?? 'unknown'}` });
    const location = `${API_PREFIX}/runs/${encodeURIComponent(runId)}`;
    response.set('Location', location);
    sendJson(response, schemas.runAcceptedSchema, { runId, status: 'running', location }, 202);
  });

  return router;
}
