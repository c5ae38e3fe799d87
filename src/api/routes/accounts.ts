// /api/v1/accounts/{id}: an account's campaign, activity and strongest links, answered from a
// cache of prepared answers kept per account data version (the current run and the committed
// ingest chunks, see readAccountDataVersion): a refresh or a load is seen within a second.
import { Router } from 'express';
import type { GraphStore } from '../../graph-store/neo4j-adapter.js';
import type { ResultCache } from '../result-cache.js';
import { prepareJson, sendPrepared } from '../respond.js';
import * as schemas from '../schemas.js';
import { getAccount } from '../use-cases/accounts.js';
import { on, ROUTES } from '../route-table.js';
import { parseInput } from '../validate.js';

export function accountRoutes(store: GraphStore, cache: ResultCache): Router {
  const router = Router();
  on(router, ROUTES.getAccount, async (request, response) => {
    const { id } = parseInput(schemas.accountIdParams, request.params, 'path');
    const query = parseInput(schemas.accountQuery, request.query, 'query');
    const prepared = await cache.get(`account\u0000${id}\u0000${query.links}`, async () => prepareJson(response, schemas.accountDetailSchema, await getAccount(store, id, query)));
    sendPrepared(request, response, prepared);
  });
  return router;
}
