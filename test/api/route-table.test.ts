// The route table is the one list of the API's routes: the routers register exactly its routes,
// the OpenAPI document lists exactly them, and the request metrics label a request by its route.
import type { Router } from 'express';
import { describe, expect, it } from 'vitest';
import { routeLabel } from '../../src/api/metrics.js';
import { buildOpenApiDocument } from '../../src/api/openapi.js';
import { API_PREFIX, metricLabel, ROLE_EXTENSION, ROUTES } from '../../src/api/route-table.js';
import { accountRoutes } from '../../src/api/routes/accounts.js';
import { alertRoutes } from '../../src/api/routes/alerts.js';
import { campaignOperationRoutes } from '../../src/api/routes/campaign-operations.js';
import { campaignRoutes } from '../../src/api/routes/campaigns.js';
import { operationRoutes } from '../../src/api/routes/operations.js';
import { runRoutes } from '../../src/api/routes/runs.js';
import { verdictRoutes } from '../../src/api/routes/verdicts.js';
import type { RefreshStarter } from '../../src/api/refresh-starter.js';
import { createMetrics } from '../../src/api/metrics.js';
import { createResultCache } from '../../src/api/result-cache.js';
import type { GraphStore } from '../../src/graph-store/neo4j-adapter.js';

interface Layer {
  route?: { path: string; methods: Record<string, boolean>; stack: Array<{ handle: (request: unknown, response: unknown, next: (error?: unknown) => void) => void }> };
}

/** `METHOD /full/path` of each route a router registers; building a router touches no store. */
function registered(router: Router, mountedAt: string): string[] {
  return (router.stack as Layer[]).flatMap((layer) => (layer.route ? Object.keys(layer.route.methods).map((method) => `${method.toUpperCase()} ${mountedAt}${layer.route?.path}`) : []));
}

describe('the route table', () => {
  const unused = {} as GraphStore;
  const cache = createResultCache(async () => 'version');
  const routers: Array<[Router, string]> = [
    [operationRoutes({ store: unused, metrics: createMetrics({ defaultMetrics: false }), clock: () => new Date(), openApiDocument: {}, docsPage: '', authenticated: [] }), ''],
    [campaignRoutes({ results: unused, pages: unused }, cache), API_PREFIX],
    [campaignOperationRoutes(unused, cache), API_PREFIX],
    [accountRoutes(unused, cache), API_PREFIX],
    [runRoutes(unused, {} as RefreshStarter), API_PREFIX],
    [verdictRoutes(unused, cache), API_PREFIX],
    [alertRoutes(unused), API_PREFIX],
  ];
  const table = Object.values(ROUTES).map((route) => `${route.method.toUpperCase()} ${metricLabel(route)}`);

  it('is what the routers register, each route once', () => {
    const routes = routers.flatMap(([router, mountedAt]) => registered(router, mountedAt));
    expect(routes.sort()).toEqual([...table].sort());
    expect(new Set(routes).size).toBe(routes.length);
  });

  it('is what the OpenAPI document lists, with the role each route needs', () => {
    const paths = buildOpenApiDocument()['paths'] as Record<string, Record<string, Record<string, unknown>>>;
    const documented = Object.entries(paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`));
    expect(documented.sort()).toEqual([...table].sort());
    expect(paths['/api/v1/runs']?.['post']?.[ROLE_EXTENSION]).toBe('admin');
    expect(paths['/api/v1/campaigns/{id}/verdict']?.['put']?.[ROLE_EXTENSION]).toBe('analyst');
  });

  it.each([
    [5, '/campaigns/:id/verdict', 'put', 'viewer', 403],
    [5, '/accounts/:id/verdict', 'put', 'viewer', 403],
    [4, '/runs', 'post', 'analyst', 403],
    [4, '/runs', 'post', 'admin', undefined],
  ])('puts the role check first on router %i %s %s: a %s key gets %s', (index, path, method, role, status) => {
    const router = routers[index]?.[0];
    const layer = (router?.stack as Layer[]).find((candidate) => candidate.route?.path === path && candidate.route.methods[method]);
    let passed: unknown = 'not called';
    layer?.route?.stack[0]?.handle({ caller: { name: 'k', role } }, {}, (error) => (passed = error));
    expect(passed).not.toBe('not called');
    expect((passed as { status?: number } | undefined)?.status).toBe(status);
  });

  // The labels dashboards already use: the table must keep giving these.
  it.each([
    ['/api/v1/campaigns', '/api/v1/campaigns'],
    ['/api/v1/campaigns/c-1', '/api/v1/campaigns/:id'],
    ['/api/v1/campaigns/c-1/graph', '/api/v1/campaigns/:id/graph'],
    ['/api/v1/campaigns/c-1/accounts', '/api/v1/campaigns/:id/accounts'],
    ['/api/v1/campaigns/c-1/verdict', '/api/v1/campaigns/:id/verdict'],
    ['/api/v1/campaigns/c-1/verdicts', '/api/v1/campaigns/:id/verdicts'],
    ['/api/v1/accounts/a-1', '/api/v1/accounts/:id'],
    ['/api/v1/accounts/a-1/verdict', '/api/v1/accounts/:id/verdict'],
    ['/api/v1/alerts', '/api/v1/alerts'],
    ['/api/v1/operations', '/api/v1/operations'],
    ['/api/v1/operations/o-1', '/api/v1/operations/:id'],
    ['/api/v1/runs', '/api/v1/runs'],
    ['/api/v1/runs/r-1/', '/api/v1/runs/:id'],
    ['/healthz', '/healthz'],
    ['/readyz', '/readyz'],
    ['/metrics', '/metrics'],
    ['/openapi.json', '/openapi.json'],
    ['/docs', '/docs'],
    ['/openapi-json', 'unmatched'],
    ['/api/v1/campaigns/c-1/members', 'unmatched'],
    ['/index.html', 'unmatched'],
  ])('labels a request for %s as %s', (path, label) => {
    expect(routeLabel(path)).toBe(label);
  });
});
