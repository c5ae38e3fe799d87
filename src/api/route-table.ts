// The API's routes, each written once: method, path, operation, least role, request and
// responses. The routers register their handlers by it (on), the OpenAPI document is generated
// from it (openapi.ts) and the request metrics are labelled with its paths (metrics.ts).
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { RequestHandler, Router } from 'express';
import type { z } from 'zod';
import { requireRole } from './auth.js';
import * as schemas from './schemas.js';

export const API_PREFIX = '/api/v1';

type Responses = RouteConfig['responses'];

const json = (schema: z.ZodType, description: string): Responses[string] => ({ description, content: { 'application/json': { schema } } });
const problem = (description: string): Responses[string] => ({ description, content: { 'application/problem+json': { schema: schemas.problemSchema } } });

const commonProblems: Responses = {
  401: problem('missing or invalid API key'),
  429: problem('rate limit exceeded for this API key'),
  503: problem('Neo4j unavailable or busy (with Retry-After)'),
  500: problem('unexpected error'),
};
const withBadRequest: Responses = { 400: problem('invalid parameter (named in invalid-params)'), ...commonProblems };
// The operational routes take no query parameters and refuse unknown ones, like every route.
const unknownQuery: Responses = { 400: problem('unknown query parameter (named in invalid-params)') };
const secured: Array<Record<string, string[]>> = [{ ApiKeyHeader: [] }, { BearerKey: [] }];
/**
 * The least role an operation needs, as an extension of the operation (absent: viewer): the
 * security test reads it to check every role against every route.
 */
export const ROLE_EXTENSION = 'x-hydrascope-role';
const verdictProblems: Responses = {
  403: problem('the API key is a viewer key (verdicts need the analyst or admin role)'),
  413: problem('the body is larger than 8 kB'),
  415: problem('the body has an unsupported charset or content encoding'),
  ...withBadRequest,
};

export type ApiRoute = RouteConfig & { [ROLE_EXTENSION]?: 'analyst' | 'admin' };

export const ROUTES = {
  listCampaigns: {
    method: 'get',
    path: '/api/v1/campaigns',
    operationId: 'listCampaigns',
    tags: ['campaigns'],
    summary: 'Suspected campaigns of the current result, filtered, sorted and paginated',
    security: secured,
    request: { query: schemas.listCampaignsQuery },
    responses: { 200: json(schemas.campaignListSchema, 'one page of campaigns'), ...withBadRequest },
  },
  getCampaign: {
    method: 'get',
    path: '/api/v1/campaigns/{id}',
    operationId: 'getCampaign',
    tags: ['campaigns'],
    summary: 'A campaign’s explanation: signals, contributions, evidence and history',
    security: secured,
    request: { params: schemas.campaignIdParams },
    responses: { 200: json(schemas.campaignDetailSchema, 'the campaign'), 404: problem('no such campaign'), ...withBadRequest },
  },
  getCampaignGraph: {
    method: 'get',
    path: '/api/v1/campaigns/{id}/graph',
    operationId: 'getCampaignGraph',
    tags: ['campaigns'],
    summary: 'The campaign’s subgraph as graphology serialized JSON (default) or Cytoscape.js elements, most important nodes first',
    security: secured,
    request: { params: schemas.campaignIdParams, query: schemas.campaignGraphQuery },
    responses: {
      200: json(schemas.campaignGraphSchema, 'the (possibly truncated) subgraph with totals, or with `view=aggregated` its hubs and account groups'),
      404: problem('no such current campaign'),
      ...withBadRequest,
    },
  },
  getCampaignGroupAccounts: {
    method: 'get',
    path: '/api/v1/campaigns/{id}/graph/groups/{groupId}',
    operationId: 'getCampaignGroupAccounts',
    tags: ['campaigns'],
    summary: 'One group of the aggregated campaign graph expanded: its accounts, most active first, each with the hubs it ties to, paginated',
    security: secured,
    request: { params: schemas.campaignGroupParams, query: schemas.campaignGroupQuery },
    responses: {
      200: json(schemas.campaignGroupAccountsSchema, 'one page of the group’s accounts'),
      404: problem('no such current campaign, or no such group in its aggregated graph'),
      ...withBadRequest,
    },
  },
  listCampaignAccounts: {
    method: 'get',
    path: '/api/v1/campaigns/{id}/accounts',
    operationId: 'listCampaignAccounts',
    tags: ['campaigns'],
    summary:
      'Members of a campaign ranked by their own score, highest first, with their ties, paginated; `role=associated` lists the associated accounts instead; `Accept: text/csv` or `format=csv` streams the full list',
    security: secured,
    request: { params: schemas.campaignIdParams, query: schemas.campaignMembersQuery },
    responses: {
      200: {
        description: 'one page of members or associated accounts (JSON), or all of them (CSV)',
        content: {
          'application/json': { schema: schemas.memberListSchema },
          'text/csv': { schema: { type: 'string', description: `columns: ${schemas.MEMBER_CSV_COLUMNS.join(', ')}` } },
        },
      },
      404: problem('no such current campaign'),
      ...withBadRequest,
    },
  },
  listOperations: {
    method: 'get',
    path: '/api/v1/operations',
    operationId: 'listOperations',
    tags: ['campaigns'],
    summary: 'Operations of the current result: groups of campaigns sharing what only an operator shares, highest campaign score first, paginated',
    security: secured,
    request: { query: schemas.listOperationsQuery },
    responses: { 200: json(schemas.operationListSchema, 'one page of operations'), ...withBadRequest },
  },
  getOperation: {
    method: 'get',
    path: '/api/v1/operations/{id}',
    operationId: 'getOperation',
    tags: ['campaigns'],
    summary: 'An operation with its campaigns’ summaries; its last kept grouping (`current: false`) for one that left the current result',
    security: secured,
    request: { params: schemas.operationIdParams },
    responses: { 200: json(schemas.operationDetailSchema, 'the operation'), 404: problem('no such operation'), ...withBadRequest },
  },
  getAccount: {
    method: 'get',
    path: '/api/v1/accounts/{id}',
    operationId: 'getAccount',
    tags: ['accounts'],
    summary: 'An account’s campaign, activity summary and strongest links with their evidence',
    security: secured,
    request: { params: schemas.accountIdParams, query: schemas.accountQuery },
    responses: { 200: json(schemas.accountDetailSchema, 'the account'), 404: problem('no such account'), ...withBadRequest },
  },
  putCampaignVerdict: {
    method: 'put',
    path: '/api/v1/campaigns/{id}/verdict',
    operationId: 'putCampaignVerdict',
    tags: ['verdicts'],
    summary: 'Record a verdict on a campaign (analyst or admin): confirmed, dismissed or under_review, with a note; kept as history, clears the campaign’s open alerts',
    security: secured,
    [ROLE_EXTENSION]: 'analyst',
    request: { params: schemas.campaignIdParams, body: { required: true, content: { 'application/json': { schema: schemas.campaignVerdictBody } } } },
    responses: { 200: json(schemas.verdictRecordedSchema, 'the verdict recorded'), 404: problem('no such campaign'), ...verdictProblems },
  },
  listCampaignVerdicts: {
    method: 'get',
    path: '/api/v1/campaigns/{id}/verdicts',
    operationId: 'listCampaignVerdicts',
    tags: ['verdicts'],
    summary: 'A campaign’s verdict history, newest first: campaign and account verdicts, the analysts’ and the refreshes’',
    security: secured,
    request: { params: schemas.campaignIdParams, query: schemas.campaignVerdictsQuery },
    responses: { 200: json(schemas.verdictHistorySchema, 'one page of verdicts with the current one'), 404: problem('no such campaign'), ...withBadRequest },
  },
  putAccountVerdict: {
    method: 'put',
    path: '/api/v1/accounts/{id}/verdict',
    operationId: 'putAccountVerdict',
    tags: ['verdicts'],
    summary: 'Record a verdict on an account in a campaign (analyst or admin): not_involved leaves it out of the campaign from the next refresh on, confirmed takes it back',
    security: secured,
    [ROLE_EXTENSION]: 'analyst',
    request: { params: schemas.accountIdParams, body: { required: true, content: { 'application/json': { schema: schemas.accountVerdictBody } } } },
    responses: { 200: json(schemas.verdictRecordedSchema, 'the verdict recorded'), 404: problem('no such account or campaign'), ...verdictProblems },
  },
  listAlerts: {
    method: 'get',
    path: '/api/v1/alerts',
    operationId: 'listAlerts',
    tags: ['verdicts'],
    summary: 'What needs a look: new campaigns, reopened ones, new members of confirmed ones, big growth; newest first, open ones by default',
    security: secured,
    request: { query: schemas.listAlertsQuery },
    responses: { 200: json(schemas.alertListSchema, 'one page of alerts'), ...withBadRequest },
  },
  listRuns: {
    method: 'get',
    path: '/api/v1/runs',
    operationId: 'listRuns',
    tags: ['runs'],
    summary: 'Refresh history, newest first',
    security: secured,
    request: { query: schemas.listRunsQuery },
    responses: { 200: json(schemas.runListSchema, 'one page of refresh runs'), ...withBadRequest },
  },
  startRun: {
    method: 'post',
    path: '/api/v1/runs',
    operationId: 'startRun',
    tags: ['runs'],
    summary: 'Start a refresh (admin only)',
    security: secured,
    [ROLE_EXTENSION]: 'admin',
    request: { body: { required: false, content: { 'application/json': { schema: schemas.startRunBody } } } },
    responses: {
      202: { ...json(schemas.runAcceptedSchema, 'the refresh started'), headers: { Location: { schema: { type: 'string' }, description: 'the run resource' } } },
      403: problem('the API key is not an admin key'),
      409: problem('a refresh is already running (runningRunId names it)'),
      413: problem('the body is larger than 8 kB'),
      415: problem('the body has an unsupported charset or content encoding'),
      ...withBadRequest,
    },
  },
  getRun: {
    method: 'get',
    path: '/api/v1/runs/{id}',
    operationId: 'getRun',
    tags: ['runs'],
    summary: 'One refresh run with parameters, timings, counts and modularity',
    security: secured,
    request: { params: schemas.runIdParams },
    responses: { 200: json(schemas.runDetailSchema, 'the run'), 404: problem('no such run'), ...withBadRequest },
  },
  liveness: {
    method: 'get',
    path: '/healthz',
    operationId: 'liveness',
    tags: ['operations'],
    summary: 'Liveness (no authentication)',
    responses: { 200: json(schemas.healthSchema, 'the process is alive'), ...unknownQuery },
  },
  readiness: {
    method: 'get',
    path: '/readyz',
    operationId: 'readiness',
    tags: ['operations'],
    summary: 'Readiness: Neo4j reachable and schema present (no authentication)',
    responses: { 200: json(schemas.readinessSchema, 'ready'), ...unknownQuery, 500: problem('unexpected error'), 503: problem('not ready (with Retry-After)') },
  },
  metrics: {
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    tags: ['operations'],
    summary: 'Prometheus metrics (text exposition format)',
    security: secured,
    responses: {
      200: { description: 'metrics', content: { 'text/plain': { schema: { type: 'string' } } } },
      ...unknownQuery,
      401: problem('missing or invalid API key'),
      429: problem('rate limit exceeded for this API key'),
      500: problem('unexpected error'),
    },
  },
  openapi: {
    method: 'get',
    path: '/openapi.json',
    operationId: 'openapi',
    tags: ['operations'],
    summary: 'This document',
    responses: { 200: { description: 'OpenAPI 3.1 document', content: { 'application/json': { schema: { type: 'object' } } } }, ...unknownQuery },
  },
  docs: {
    method: 'get',
    path: '/docs',
    operationId: 'docs',
    tags: ['operations'],
    summary: 'This document as a readable HTML page',
    responses: { 200: { description: 'HTML', content: { 'text/html': { schema: { type: 'string' } } } }, ...unknownQuery },
  },
} satisfies Record<string, ApiRoute>;

/** The route's path as Express writes it (`:id` for `{id}`), relative to API_PREFIX for the API's own routes. */
export function expressPath(route: ApiRoute, mountedAt = route.path.startsWith(`${API_PREFIX}/`) ? API_PREFIX : ''): string {
  return route.path.slice(mountedAt.length).replace(/\{(\w+)\}/g, ':$1');
}

/** The route's path as the request metrics label it: bounded, unlike raw URLs. */
export const metricLabel = (route: ApiRoute): string => route.path.replace(/\{(\w+)\}/g, ':$1');

/**
 * Registers a route's handlers on a router mounted at API_PREFIX (API routes) or at the root
 * (operational ones), behind the role check when the route needs more than a viewer key.
 */
export function on(router: Router, route: ApiRoute, ...handlers: RequestHandler[]): void {
  const role = route[ROLE_EXTENSION];
  router[route.method as 'get' | 'put' | 'post'](expressPath(route), ...(role ? [requireRole(role)] : []), ...handlers);
}
