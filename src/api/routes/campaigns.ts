// /api/v1/campaigns: list, explanation, subgraph and members (JSON pages or a full CSV stream).
import { Router, type Request, type Response } from 'express';
import type { GraphStore } from '../../graph-store/neo4j-adapter.js';
import { sendJson } from '../respond.js';
import * as schemas from '../schemas.js';
import { getCampaign, getCampaignGraph, listCampaignMembers, listCampaigns, requireCurrentCampaign, streamCampaignMembers, type MemberRow } from '../use-cases/campaigns.js';
import { parseInput } from '../validate.js';

/** RFC 4180 quoting; text cells that a spreadsheet would run as a formula get a leading quote. */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const csvLine = (row: MemberRow): string =>
  [row.account_id, row.membership_score, row.created_at, row.email_domain, row.country, row.plan, row.org_id, row.event_count, row.first_event_at, row.last_event_at].map(csvCell).join(',') + '\r\n';

function wantsCsv(request: Request, format: 'json' | 'csv' | undefined): boolean {
  if (format !== undefined) return format === 'csv';
  return request.accepts(['application/json', 'text/csv']) === 'text/csv';
}

async function streamMembersCsv(store: GraphStore, campaignId: string, response: Response): Promise<void> {
  await requireCurrentCampaign(store, campaignId);
  const fileName = `campaign-${campaignId.replace(/[^A-Za-z0-9._-]/g, '_')}-accounts.csv`;
  response.status(200).type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="${fileName}"`);
  // Rows are batched into larger writes: one write per row costs more than the query.
  let pending = `${schemas.MEMBER_CSV_COLUMNS.join(',')}\r\n`;
  await streamCampaignMembers(store, campaignId, (row) => {
    pending += csvLine(row);
    if (pending.length >= 1 << 16) {
      response.write(pending);
      pending = '';
    }
  });
  response.end(pending);
}

export function campaignRoutes(store: GraphStore): Router {
  const router = Router();

  router.get('/campaigns', async (request, response) => {
    const query = parseInput(schemas.listCampaignsQuery, request.query, 'query');
    sendJson(response, schemas.campaignListSchema, await listCampaigns(store, query));
  });

  router.get('/campaigns/:id', async (request, response) => {
    const { id } = parseInput(schemas.campaignIdParams, request.params, 'path');
    parseInput(schemas.emptyQuery, request.query, 'query');
    sendJson(response, schemas.campaignDetailSchema, await getCampaign(store, id));
  });

  router.get('/campaigns/:id/graph', async (request, response) => {
    const { id } = parseInput(schemas.campaignIdParams, request.params, 'path');
    const query = parseInput(schemas.campaignGraphQuery, request.query, 'query');
    sendJson(response, schemas.campaignGraphSchema, await getCampaignGraph(store, id, query));
  });

  router.get('/campaigns/:id/accounts', async (request, response) => {
    const { id } = parseInput(schemas.campaignIdParams, request.params, 'path');
    const query = parseInput(schemas.campaignMembersQuery, request.query, 'query');
    if (wantsCsv(request, query.format)) return streamMembersCsv(store, id, response);
    sendJson(response, schemas.memberListSchema, await listCampaignMembers(store, id, query));
  });

  return router;
}
