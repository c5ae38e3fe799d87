// The OpenAPI 3.1 document, generated from the zod schemas the routes validate with (schemas.ts),
// plus a small self-contained HTML page listing it for people (no CDN, no script).
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { z } from 'zod';
import * as schemas from './schemas.js';

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
const ROLE_EXTENSION = 'x-hydrascope-role';
const verdictProblems: Responses = {
  403: problem('the API key is a viewer key (verdicts need the analyst or admin role)'),
  413: problem('the body is larger than 8 kB'),
  415: problem('the body has an unsupported charset or content encoding'),
  ...withBadRequest,
};

export function buildOpenApiDocument(serverUrl = '/'): Record<string, unknown> {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'ApiKeyHeader', { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'API key (role viewer, analyst or admin)' });
  registry.registerComponent('securitySchemes', 'BearerKey', { type: 'http', scheme: 'bearer', description: 'the same API key as a bearer token' });

  registry.registerPath({
    method: 'get',
    path: '/api/v1/campaigns',
    operationId: 'listCampaigns',
    tags: ['campaigns'],
    summary: 'Suspected campaigns of the current result, filtered, sorted and paginated',
    security: secured,
    request: { query: schemas.listCampaignsQuery },
    responses: { 200: json(schemas.campaignListSchema, 'one page of campaigns'), ...withBadRequest },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/campaigns/{id}',
    operationId: 'getCampaign',
    tags: ['campaigns'],
    summary: 'A campaign’s explanation: signals, contributions, evidence and history',
    security: secured,
    request: { params: schemas.campaignIdParams },
    responses: { 200: json(schemas.campaignDetailSchema, 'the campaign'), 404: problem('no such campaign'), ...withBadRequest },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/campaigns/{id}/graph',
    operationId: 'getCampaignGraph',
    tags: ['campaigns'],
    summary: 'The campaign’s subgraph as graphology serialized JSON (default) or Cytoscape.js elements, most important nodes first',
    security: secured,
    request: { params: schemas.campaignIdParams, query: schemas.campaignGraphQuery },
    responses: { 200: json(schemas.campaignGraphSchema, 'the (possibly truncated) subgraph with totals'), 404: problem('no such current campaign'), ...withBadRequest },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/campaigns/{id}/accounts',
    operationId: 'listCampaignAccounts',
    tags: ['campaigns'],
    summary: 'Members of a campaign ranked by their own score, highest first, with their ties, paginated; `role=associated` lists the associated accounts instead; `Accept: text/csv` or `format=csv` streams the full list',
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
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/operations',
    operationId: 'listOperations',
    tags: ['campaigns'],
    summary: 'Operations of the current result: groups of campaigns sharing what only an operator shares, highest campaign score first, paginated',
    security: secured,
    request: { query: schemas.listOperationsQuery },
    responses: { 200: json(schemas.operationListSchema, 'one page of operations'), ...withBadRequest },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/operations/{id}',
    operationId: 'getOperation',
    tags: ['campaigns'],
    summary: 'An operation with its campaigns’ summaries; its last kept grouping (`current: false`) for one that left the current result',
    security: secured,
    request: { params: schemas.operationIdParams },
    responses: { 200: json(schemas.operationDetailSchema, 'the operation'), 404: problem('no such operation'), ...withBadRequest },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/accounts/{id}',
    operationId: 'getAccount',
    tags: ['accounts'],
    summary: 'An account’s campaign, activity summary and strongest links with their evidence',
    security: secured,
    request: { params: schemas.accountIdParams, query: schemas.accountQuery },
    responses: { 200: json(schemas.accountDetailSchema, 'the account'), 404: problem('no such account'), ...withBadRequest },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/v1/campaigns/{id}/verdict',
    operationId: 'putCampaignVerdict',
    tags: ['verdicts'],
    summary: 'Record a verdict on a campaign (analyst or admin): confirmed, dismissed or under_review, with a note; kept as history, clears the campaign’s open alerts',
    security: secured,
    [ROLE_EXTENSION]: 'analyst',
    request: { params: schemas.campaignIdParams, body: { required: true, content: { 'application/json': { schema: schemas.campaignVerdictBody } } } },
    responses: { 200: json(schemas.verdictRecordedSchema, 'the verdict recorded'), 404: problem('no such campaign'), ...verdictProblems },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/campaigns/{id}/verdicts',
    operationId: 'listCampaignVerdicts',
    tags: ['verdicts'],
    summary: 'A campaign’s verdict history, newest first: campaign and account verdicts, the analysts’ and the refreshes’',
    security: secured,
    request: { params: schemas.campaignIdParams, query: schemas.campaignVerdictsQuery },
    responses: { 200: json(schemas.verdictHistorySchema, 'one page of verdicts with the current one'), 404: problem('no such campaign'), ...withBadRequest },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/v1/accounts/{id}/verdict',
    operationId: 'putAccountVerdict',
    tags: ['verdicts'],
    summary: 'Record a verdict on an account in a campaign (analyst or admin): not_involved leaves it out of the campaign from the next refresh on, confirmed takes it back',
    security: secured,
    [ROLE_EXTENSION]: 'analyst',
    request: { params: schemas.accountIdParams, body: { required: true, content: { 'application/json': { schema: schemas.accountVerdictBody } } } },
    responses: { 200: json(schemas.verdictRecordedSchema, 'the verdict recorded'), 404: problem('no such account or campaign'), ...verdictProblems },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/alerts',
    operationId: 'listAlerts',
    tags: ['verdicts'],
    summary: 'What needs a look: new campaigns, reopened ones, new members of confirmed ones, big growth; newest first, open ones by default',
    security: secured,
    request: { query: schemas.listAlertsQuery },
    responses: { 200: json(schemas.alertListSchema, 'one page of alerts'), ...withBadRequest },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/runs',
    operationId: 'listRuns',
    tags: ['runs'],
    summary: 'Refresh history, newest first',
    security: secured,
    request: { query: schemas.listRunsQuery },
    responses: { 200: json(schemas.runListSchema, 'one page of refresh runs'), ...withBadRequest },
  });
  registry.registerPath({
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
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/runs/{id}',
    operationId: 'getRun',
    tags: ['runs'],
    summary: 'One refresh run with parameters, timings, counts and modularity',
    security: secured,
    request: { params: schemas.runIdParams },
    responses: { 200: json(schemas.runDetailSchema, 'the run'), 404: problem('no such run'), ...withBadRequest },
  });
  registry.registerPath({
    method: 'get',
    path: '/healthz',
    operationId: 'liveness',
    tags: ['operations'],
    summary: 'Liveness (no authentication)',
    responses: { 200: json(schemas.healthSchema, 'the process is alive'), ...unknownQuery },
  });
  registry.registerPath({
    method: 'get',
    path: '/readyz',
    operationId: 'readiness',
    tags: ['operations'],
    summary: 'Readiness: Neo4j reachable and schema present (no authentication)',
    responses: { 200: json(schemas.readinessSchema, 'ready'), ...unknownQuery, 500: problem('unexpected error'), 503: problem('not ready (with Retry-After)') },
  });
  registry.registerPath({
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
  });
  registry.registerPath({
    method: 'get',
    path: '/openapi.json',
    operationId: 'openapi',
    tags: ['operations'],
    summary: 'This document',
    responses: { 200: { description: 'OpenAPI 3.1 document', content: { 'application/json': { schema: { type: 'object' } } } }, ...unknownQuery },
  });
  registry.registerPath({
    method: 'get',
    path: '/docs',
    operationId: 'docs',
    tags: ['operations'],
    summary: 'This document as a readable HTML page',
    responses: { 200: { description: 'HTML', content: { 'text/html': { schema: { type: 'string' } } } }, ...unknownQuery },
  });

  const generator = new OpenApiGeneratorV31(registry.definitions);
  return generator.generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'hydrascope API',
      version: '1.0.0',
      description:
        'Read suspected distillation campaigns, the operations grouping them, their explanation, subgraph and members, accounts and refresh history; record analysts’ verdicts and read the alerts feed; start refreshes. Roles: viewer reads, analyst also records verdicts, admin may do everything. Errors are RFC 9457 problem details (application/problem+json).',
    },
    servers: [{ url: serverUrl }],
    tags: [{ name: 'campaigns' }, { name: 'accounts' }, { name: 'verdicts' }, { name: 'runs' }, { name: 'operations' }],
  }) as unknown as Record<string, unknown>;
}

/**
 * The methods each documented path answers (HEAD wherever GET is, as Express serves it), so a
 * request with another method on a known path gets 405 with an Allow header instead of a 404.
 */
export function documentedMethods(document: Record<string, unknown>): (path: string) => string[] | undefined {
  const entries = Object.entries(document['paths'] as Record<string, Record<string, unknown>>).map(([path, operations]) => {
    const pattern = new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}/?$`);
    const methods = Object.keys(operations).map((method) => method.toUpperCase());
    if (methods.includes('GET')) methods.push('HEAD');
    return { pattern, methods: methods.sort() };
  });
  return (path) => entries.find((entry) => entry.pattern.test(path))?.methods;
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

interface OperationLike {
  summary?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; description?: string; schema?: Record<string, unknown> }>;
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: { $ref?: string } }> }>;
  security?: unknown[];
}

function schemaSummary(schema: Record<string, unknown> | undefined): string {
  if (!schema) return '';
  const parts = [String(schema['type'] ?? (schema['enum'] ? 'enum' : ''))];
  if (Array.isArray(schema['enum'])) parts.push(`(${(schema['enum'] as unknown[]).join(' | ')})`);
  if (schema['default'] !== undefined) parts.push(`default ${JSON.stringify(schema['default'])}`);
  if (schema['minimum'] !== undefined || schema['maximum'] !== undefined) parts.push(`${String(schema['minimum'] ?? '')}..${String(schema['maximum'] ?? '')}`);
  return parts.filter(Boolean).join(' ');
}

/** A plain HTML rendering of the document: paths, parameters, responses and component schemas. */
export function renderDocsPage(document: Record<string, unknown>): string {
  const paths = document['paths'] as Record<string, Record<string, OperationLike>>;
  const components = (document['components'] as { schemas?: Record<string, unknown> } | undefined)?.schemas ?? {};
  const sections: string[] = [];
  for (const [path, operations] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const parameters = (operation.parameters ?? [])
        .map((parameter) => `<tr><td><code>${escapeHtml(parameter.name)}</code></td><td>${parameter.in}</td><td>${parameter.required ? 'yes' : ''}</td><td>${escapeHtml(schemaSummary(parameter.schema))}</td><td>${escapeHtml(parameter.description ?? '')}</td></tr>`)
        .join('');
      const responses = Object.entries(operation.responses ?? {})
        .map(([status, response]) => {
          const types = Object.entries(response.content ?? {})
            .map(([type, media]) => `${escapeHtml(type)}${media.schema?.$ref ? ` → <a href="#${escapeHtml(media.schema.$ref.split('/').pop() ?? '')}">${escapeHtml(media.schema.$ref.split('/').pop() ?? '')}</a>` : ''}`)
            .join(', ');
          return `<li><b>${status}</b> ${escapeHtml(response.description ?? '')}${types ? ` — ${types}` : ''}</li>`;
        })
        .join('');
      sections.push(
        `<section><h3><span class="method">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code>${operation.security ? ' <small>(API key)</small>' : ''}</h3><p>${escapeHtml(operation.summary ?? '')}</p>` +
          (parameters ? `<table><tr><th>parameter</th><th>in</th><th>required</th><th>schema</th><th>description</th></tr>${parameters}</table>` : '') +
          `<ul>${responses}</ul></section>`,
      );
    }
  }
  const schemaBlocks = Object.entries(components)
    .map(([name, schema]) => `<section id="${escapeHtml(name)}"><h3>${escapeHtml(name)}</h3><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></section>`)
    .join('');
  const info = document['info'] as { title: string; version: string; description?: string };
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(info.title)}</title>
<style>body{font:14px/1.5 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}code,pre{font-family:ui-monospace,monospace}pre{background:#f6f6f6;padding:.8em;overflow:auto}table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:.2em .5em;text-align:left}.method{background:#333;color:#fff;padding:0 .4em;border-radius:3px}section{border-bottom:1px solid #eee;padding-bottom:.5em}</style></head>
<body><h1>${escapeHtml(info.title)} <small>${escapeHtml(info.version)}</small></h1><p>${escapeHtml(info.description ?? '')}</p><p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Authenticate with <code>X-API-Key: &lt;key&gt;</code> or <code>Authorization: Bearer &lt;key&gt;</code>.</p>
<h2>Operations</h2>${sections.join('\n')}<h2>Schemas</h2>${schemaBlocks}</body></html>`;
}
