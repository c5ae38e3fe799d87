// Analysts' verdicts: on a campaign and on one account in a campaign (analyst or admin keys), and
// a campaign's verdict history (any key). A recorded verdict drops this process's cached answers,
// so the campaign list and detail show it at once (other processes within the cache's interval).
import express, { Router } from 'express';
import type { GraphStore } from '../../graph-store/neo4j-adapter.js';
import type { ResultCache } from '../result-cache.js';
import { sendJson } from '../respond.js';
import * as schemas from '../schemas.js';
import { listCampaignVerdicts, recordAccountVerdict, recordCampaignVerdict } from '../use-cases/verdicts.js';
import { on, ROUTES } from '../route-table.js';
import { parseInput } from '../validate.js';

/** Verdict bodies are small: a verdict and a note of at most 2,000 characters. */
const verdictBody = express.json({ limit: '8kb', strict: true });

export function verdictRoutes(store: GraphStore, cache: ResultCache): Router {
  const router = Router();

  on(router, ROUTES.putCampaignVerdict, verdictBody, async (request, response) => {
    const { id } = parseInput(schemas.campaignIdParams, request.params, 'path');
    parseInput(schemas.emptyQuery, request.query, 'query');
    const body = parseInput(schemas.campaignVerdictBody, request.body, 'body');
    const recorded = await recordCampaignVerdict(store, { campaignId: id, verdict: body.verdict, note: body.note, by: request.caller?.name ?? 'unknown' });
    cache.invalidate();
    sendJson(response, schemas.verdictRecordedSchema, recorded);
  });

  on(router, ROUTES.putAccountVerdict, verdictBody, async (request, response) => {
    const { id } = parseInput(schemas.accountIdParams, request.params, 'path');
    parseInput(schemas.emptyQuery, request.query, 'query');
    const body = parseInput(schemas.accountVerdictBody, request.body, 'body');
    const recorded = await recordAccountVerdict(store, { accountId: id, campaignId: body.campaign_id, verdict: body.verdict, note: body.note, by: request.caller?.name ?? 'unknown' });
    sendJson(response, schemas.verdictRecordedSchema, recorded);
  });

  on(router, ROUTES.listCampaignVerdicts, async (request, response) => {
    const { id } = parseInput(schemas.campaignIdParams, request.params, 'path');
    const query = parseInput(schemas.campaignVerdictsQuery, request.query, 'query');
    sendJson(response, schemas.verdictHistorySchema, await listCampaignVerdicts(store, id, query));
  });

  return router;
}
