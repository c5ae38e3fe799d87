// /api/v1/operations: groups of current campaigns that are one operation, and one operation with
// its campaigns' summaries. Both depend only on the current refresh result and the verdicts (the
// campaign summaries carry theirs), so they are answered from the result cache like the campaign
// list. (The operational endpoints, /healthz and friends, are routes/operations.ts.)
import { Router } from 'express';
import type { GraphStore } from '../../graph-store/neo4j-adapter.js';
import type { ResultCache } from '../result-cache.js';
import { prepareJson, sendPrepared } from '../respond.js';
import * as schemas from '../schemas.js';
import { getOperation, listOperations } from '../use-cases/campaign-operations.js';
import { on, ROUTES } from '../route-table.js';
import { parseInput } from '../validate.js';

export function campaignOperationRoutes(store: GraphStore, cache: ResultCache): Router {
  const router = Router();

  on(router, ROUTES.listOperations, async (request, response) => {
    const query = parseInput(schemas.listOperationsQuery, request.query, 'query');
    const prepared = await cache.get(`operations?${JSON.stringify([query.limit, query.cursor ?? null])}`, async () =>
      prepareJson(response, schemas.operationListSchema, await listOperations(store, query)),
    );
    sendPrepared(request, response, prepared);
  });

  on(router, ROUTES.getOperation, async (request, response) => {
    const { id } = parseInput(schemas.operationIdParams, request.params, 'path');
    parseInput(schemas.emptyQuery, request.query, 'query');
    const prepared = await cache.get(`operation?${JSON.stringify(id)}`, async () => prepareJson(response, schemas.operationDetailSchema, await getOperation(store, id)));
    sendPrepared(request, response, prepared);
  });

  return router;
}
