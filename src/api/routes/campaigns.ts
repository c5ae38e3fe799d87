// /api/v1/campaigns: list, explanation, subgraph and members or associated accounts, ranked by
// their own score (JSON pages or a full CSV stream).
// The list, the explanation and the subgraph depend only on the current refresh result, so they
// are answered from the result cache (prepared bytes per run); members carry account data that
// ingest keeps changing and are read every time.
import { Router, type Request, type Response } from 'express';
import type { GraphStore } from '../../graph-store/neo4j-adapter.js';
import type { ResultCache } from '../result-cache.js';
import { prepareJson, sendJson, sendPrepared } from '../respond.js';
import * as schemas from '../schemas.js';
import { groupAccountsPage, renderAggregatedGraph, renderCampaignGraph } from '../use-cases/campaign-graph.js';
import {
  getCampaign,
  listCampaignMembers,
  listCampaigns,
  loadAggregatedCampaignGraph,
  loadRankedCampaignGraph,
  requireCurrentCampaign,
  streamCampaignMembers,
  type MemberRow,
} from '../use-cases/campaigns.js';
import { on, ROUTES } from '../route-table.js';
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

async function streamMembersCsv(store: GraphStore, campaignId: string, role: schemas.CampaignAccountRole, response: Response): Promise<void> {
  await requireCurrentCampaign(store, campaignId);
  const fileName = `campaign-${campaignId.replace(/[^A-Za-z0-9._-]/g, '_')}-${role === 'member' ? 'accounts' : 'associated-accounts'}.csv`;
  response.status(200).type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="${fileName}"`);
  // Rows are batched into larger writes: one write per row costs more than the query.
  let pending = `${schemas.MEMBER_CSV_COLUMNS.join(',')}\r\n`;
  await streamCampaignMembers(
    store,
    campaignId,
    (row) => {
      pending += csvLine(row);
      if (pending.length >= 1 << 16) {
        response.write(pending);
        pending = '';
      }
    },
    role,
  );
  response.end(pending);
}

/** The same filters in any parameter order are one cache entry. */
const cacheKey = (route: string, parameters: Record<string, unknown>) =>
  `${route}?${JSON.stringify(
    Object.entries(parameters)
      .filter(([, value]) => value !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : 1)),
  )}`;

/**
 * `results` computes the cached answers (list, detail, graph), `pages` reads member pages; each
 * is its own queue of Neo4j slots (app.ts).
 */
export function campaignRoutes(stores: { results: GraphStore; pages: GraphStore }, cache: ResultCache): Router {
  const router = Router();
  const { results, pages } = stores;

  on(router, ROUTES.listCampaigns, async (request, response) => {
    const query = parseInput(schemas.listCampaignsQuery, request.query, 'query');
    const prepared = await cache.get(cacheKey('campaigns', query), async () => prepareJson(response, schemas.campaignListSchema, await listCampaigns(results, query)));
    sendPrepared(request, response, prepared);
  });

  on(router, ROUTES.getCampaign, async (request, response) => {
    const { id } = parseInput(schemas.campaignIdParams, request.params, 'path');
    parseInput(schemas.emptyQuery, request.query, 'query');
    const prepared = await cache.get(cacheKey('campaign', { id }), async () => prepareJson(response, schemas.campaignDetailSchema, await getCampaign(results, id)));
    sendPrepared(request, response, prepared);
  });

  on(router, ROUTES.getCampaignGraph, async (request, response) => {
    const { id } = parseInput(schemas.campaignIdParams, request.params, 'path');
    const query = parseInput(schemas.campaignGraphQuery, request.query, 'query');
    // The aggregated view ignores limit: one cache entry whatever limit asks.
    const parameters = query.view === 'aggregated' ? { id, format: query.format, view: query.view } : { id, ...query };
    const prepared = await cache.get(cacheKey('campaign-graph', parameters), async () => {
      if (query.view === 'aggregated') {
        const { aggregate } = await cache.get(cacheKey('aggregated-graph', { id }), () => loadAggregatedCampaignGraph(results, id));
        return prepareJson(response, schemas.campaignGraphSchema, renderAggregatedGraph(id, aggregate, query));
      }
      // The ranked graph is cached on its own: other limits and formats are slices of it.
      const { graph } = await cache.get(cacheKey('ranked-graph', { id }), () => loadRankedCampaignGraph(results, id));
      return prepareJson(response, schemas.campaignGraphSchema, renderCampaignGraph(id, graph, query));
    });
    sendPrepared(request, response, prepared);
  });

  on(router, ROUTES.getCampaignGroupAccounts, async (request, response) => {
    const { id, groupId } = parseInput(schemas.campaignGroupParams, request.params, 'path');
    const query = parseInput(schemas.campaignGroupQuery, request.query, 'query');
    // The same aggregate the aggregated graph was drawn from, so its group ids resolve here.
    const { aggregate } = await cache.get(cacheKey('aggregated-graph', { id }), () => loadAggregatedCampaignGraph(results, id));
    sendJson(response, schemas.campaignGroupAccountsSchema, groupAccountsPage(id, aggregate, groupId, query));
  });

  on(router, ROUTES.listCampaignAccounts, async (request, response) => {
    const { id } = parseInput(schemas.campaignIdParams, request.params, 'path');
    const query = parseInput(schemas.campaignMembersQuery, request.query, 'query');
    if (wantsCsv(request, query.format)) return streamMembersCsv(pages, id, query.role, response);
    sendJson(response, schemas.memberListSchema, await listCampaignMembers(pages, id, query));
  });

  return router;
}
