// /api/v1/accounts/{id}: an account's campaign, activity and strongest links.
import { Router } from 'express';
import type { GraphStore } from '../../graph-store/neo4j-adapter.js';
import { sendJson } from '../respond.js';
import * as schemas from '../schemas.js';
import { getAccount } from '../use-cases/accounts.js';
import { parseInput } from '../validate.js';

export function accountRoutes(store: GraphStore): Router {
  const router = Router();
  router.get('/accounts/:id', async (request, response) => {
    const { id } = parseInput(schemas.accountIdParams, request.params, 'path');
    const query = parseInput(schemas.accountQuery, request.query, 'query');
    sendJson(response, schemas.accountDetailSchema, await getAccount(store, id, query));
  });
  return router;
}
