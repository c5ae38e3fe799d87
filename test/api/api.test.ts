// The REST API over HTTP (port 0) on a real Neo4j holding a small fixture graph: every route,
// every auth outcome, parameter validation, 404/409/429/503, CORS, security headers and metrics.
// Every JSON response is checked against the served OpenAPI document.
import SwaggerParser from '@apidevtools/swagger-parser';
import { DirectedGraph } from 'graphology';
import type { SerializedGraph } from 'graphology-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { openGraphStore } from '../../src/graph-store/neo4j-adapter.js';
import { createLogger } from '../../src/shared/logger.js';
import { ADMIN_KEY, FIXTURE, VIEWER_KEY, loadFixture, requestApi, responseChecker, startTestApi, testConfig, testRefreshStarter, type ApiRequestOptions } from './support.js';
import { useTestStore } from '../support/test-store.js';

interface Reply {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

describe('the REST API', () => {
  const store = useTestStore();
  let api: RunningServer;
  let check: ReturnType<typeof responseChecker>;
  let document: Record<string, unknown>;

  /** Calls the API; when `documented` names the OpenAPI path, the response must match the document. */
  async function call(path: string, options: ApiRequestOptions & { documented?: string; server?: RunningServer } = {}): Promise<Reply> {
    const { status, headers, contentType, body, text } = await requestApi(options.server ?? api, path, options);
    if (options.documented) {
      expect(check((options.method ?? 'GET').toLowerCase(), options.documented, status, contentType, body), `${path} → ${status} matches the document`).toEqual([]);
    }
    return { status, headers, body, text };
  }

  const problem = (reply: Reply) => {
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = reply.body as { type: string; title: string; status: number; detail?: string; 'invalid-params'?: Array<{ name: string; in: string; reason: string }>; requestId?: string };
    expect(body.status).toBe(reply.status);
    expect(reply.text).not.toMatch(/\bat .+\.(ts|js):\d+/);
    return body;
  };

  beforeAll(async () => {
    await loadFixture(store);
    api = await startTestApi(store);
    document = (await (await fetch(`${api.url}/openapi.json`)).json()) as Record<string, unknown>;
    check = responseChecker(document);
  });
  afterAll(async () => {
    await api?.close();
  });

  describe('OpenAPI document and docs page', () => {
    it('is a valid OpenAPI 3.1 document covering every route', async () => {
      expect(document['openapi']).toBe('3.1.0');
      await SwaggerParser.validate(structuredClone(document) as never);
      expect(Object.keys(document['paths'] as object).sort()).toEqual(
        [
          '/api/v1/accounts/{id}',
          '/api/v1/accounts/{id}/verdict',
          '/api/v1/alerts',
          '/api/v1/campaigns',
          '/api/v1/campaigns/{id}',
          '/api/v1/campaigns/{id}/accounts',
          '/api/v1/campaigns/{id}/graph',
          '/api/v1/campaigns/{id}/graph/groups/{groupId}',
          '/api/v1/campaigns/{id}/verdict',
          '/api/v1/campaigns/{id}/verdicts',
          '/api/v1/operations',
          '/api/v1/operations/{id}',
          '/api/v1/runs',
          '/api/v1/runs/{id}',
          '/docs',
          '/healthz',
          '/metrics',
          '/openapi.json',
          '/readyz',
        ].sort(),
      );
    });

    it('serves a self-contained HTML page listing the operations', async () => {
      const reply = await call('/docs', { key: null });
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toMatch(/text\/html/);
      expect(reply.text).toContain('/api/v1/campaigns/{id}/graph');
      expect(reply.text).not.toMatch(/<script|https?:\/\/cdn/i);
    });
  });

  describe('operations', () => {
    it('answers liveness without a key, with a request id', async () => {
      const reply = await call('/healthz', { key: null, documented: '/healthz' });
      expect(reply.status).toBe(200);
      expect(reply.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      const echoed = await call('/healthz', { key: null, headers: { 'X-Request-Id': 'dashboard-123' } });
      expect(echoed.headers.get('x-request-id')).toBe('dashboard-123');
    });

    it('is ready when Neo4j answers and the schema is present', async () => {
      const reply = await call('/readyz', { key: null, documented: '/readyz' });
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ status: 'ready', neo4j: { reachable: true, schemaPresent: true }, refreshSchedule: null });
    });

    it('sets security headers and answers CORS only for configured origins', async () => {
      const allowed = await call('/api/v1/campaigns', { headers: { Origin: 'https://dashboard.example' } });
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://dashboard.example');
      expect(allowed.headers.get('x-content-type-options')).toBe('nosniff');
      expect(allowed.headers.get('content-security-policy')).toBeTruthy();
      expect(allowed.headers.get('x-powered-by')).toBeNull();
      const other = await call('/api/v1/campaigns', { headers: { Origin: 'https://evil.example' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      const preflight = await fetch(`${api.url}/api/v1/campaigns`, {
        method: 'OPTIONS',
        headers: { Origin: 'https://dashboard.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'x-api-key' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-headers')).toMatch(/X-API-Key/i);
    });

    it('exposes Prometheus metrics by route to an authenticated caller', async () => {
      await call('/api/v1/campaigns/camp-a');
      expect((await call('/metrics', { key: null, documented: '/metrics' })).status).toBe(401);
      const reply = await call('/metrics');
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toMatch(/text\/plain/);
      expect(reply.text).toMatch(/hydrascope_http_requests_total\{method="GET",route="\/api\/v1\/campaigns\/:id",status="200"\} \d+/);
      expect(reply.text).toContain('hydrascope_http_request_duration_seconds_bucket');
      expect(reply.text).toContain('hydrascope_refresh_duration_seconds');
      expect(reply.text).toContain('hydrascope_neo4j_errors_total');
    });

    it('answers unknown routes with a problem', async () => {
      const root = await call('/nope', { key: null });
      expect(root.status).toBe(404);
      expect(problem(root).type).toBe('urn:hydrascope:problem:not-found');
      const api404 = await call('/api/v1/nope');
      expect(api404.status).toBe(404);
      expect(problem(api404).requestId).toBe(api404.headers.get('x-request-id'));
    });
  });

  describe('authentication', () => {
    it('refuses a request without a key or with a wrong key (401)', async () => {
      const missing = await call('/api/v1/campaigns', { key: null, documented: '/api/v1/campaigns' });
      expect(missing.status).toBe(401);
      expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(problem(missing).type).toBe('urn:hydrascope:problem:unauthorized');
      expect((await call('/api/v1/campaigns', { key: 'not-a-valid-key-at-all' })).status).toBe(401);
      expect((await call('/api/v1/campaigns', { key: null, headers: { Authorization: 'Basic abc' } })).status).toBe(401);
    });

    it('accepts a key as X-API-Key or as a bearer token', async () => {
      expect((await call('/api/v1/campaigns')).status).toBe(200);
      expect((await call('/api/v1/campaigns', { key: null, headers: { Authorization: `Bearer ${VIEWER_KEY}` } })).status).toBe(200);
    });

    it('refuses a viewer on an admin route (403)', async () => {
      const reply = await call('/api/v1/runs', { method: 'POST', documented: '/api/v1/runs' });
      expect(reply.status).toBe(403);
      expect(problem(reply).type).toBe('urn:hydrascope:problem:forbidden');
    });
  });

  describe('GET /api/v1/campaigns', () => {
    const ids = (reply: Reply) => (reply.body as { items: Array<{ id: string }> }).items.map((item) => item.id);

    it('lists current campaigns, highest score first, with their summary', async () => {
      const reply = await call('/api/v1/campaigns', { documented: '/api/v1/campaigns' });
      expect(reply.status).toBe(200);
      const body = reply.body as { items: Array<Record<string, unknown>>; total: number; nextCursor: string | null };
      expect(ids(reply)).toEqual(['camp-a', 'camp-b']);
      expect(body.total).toBe(2);
      expect(body.nextCursor).toBeNull();
      expect(body.items[0]).toMatchObject({
        id: 'camp-a',
        score: 0.82,
        size: 5,
        status: 'grew',
        topSignals: ['shared_payment', 'extraction_prompts'],
        runId: 'run-2',
        firstActivityAt: '2025-01-02T00:00:00.000Z',
      });
    });

    it('filters by score, size, status and activity', async () => {
      expect(ids(await call('/api/v1/campaigns?minScore=0.7', { documented: '/api/v1/campaigns' }))).toEqual(['camp-a']);
      expect(ids(await call('/api/v1/campaigns?minSize=3'))).toEqual(['camp-a']);
      expect(ids(await call('/api/v1/campaigns?status=new'))).toEqual(['camp-b']);
      expect(ids(await call('/api/v1/campaigns?status=new,grew&sort=id'))).toEqual(['camp-a', 'camp-b']);
      expect(ids(await call('/api/v1/campaigns?activeSince=2025-01-15T00:00:00Z'))).toEqual(['camp-a']);
      // The same instant with a zone offset Neo4j itself refuses (beyond ±18:00), found by fuzzing.
      expect(ids(await call('/api/v1/campaigns?activeSince=2025-01-15T23:00:00%2B23:00'))).toEqual(['camp-a']);
      const none = await call('/api/v1/campaigns?minScore=0.99', { documented: '/api/v1/campaigns' });
      expect(none.body).toMatchObject({ items: [], total: 0, nextCursor: null });
    });

    it('sorts by a whitelisted key in either direction', async () => {
      expect(ids(await call('/api/v1/campaigns?sort=size'))).toEqual(['camp-b', 'camp-a']);
      expect(ids(await call('/api/v1/campaigns?sort=-last_activity'))).toEqual(['camp-a', 'camp-b']);
      expect(ids(await call('/api/v1/campaigns?sort=first_activity'))).toEqual(['camp-a', 'camp-b']);
      expect(ids(await call('/api/v1/campaigns?sort=score'))).toEqual(['camp-b', 'camp-a']);
    });

    it('pages with an opaque cursor in a stable order', async () => {
      const first = await call('/api/v1/campaigns?limit=1', { documented: '/api/v1/campaigns' });
      const cursor = (first.body as { nextCursor: string }).nextCursor;
      expect(ids(first)).toEqual(['camp-a']);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      const second = await call(`/api/v1/campaigns?limit=1&cursor=${cursor}`);
      expect(ids(second)).toEqual(['camp-b']);
      expect((second.body as { nextCursor: string | null }).nextCursor).toBeNull();
      const otherSort = await call(`/api/v1/campaigns?limit=1&sort=size&cursor=${cursor}`, { documented: '/api/v1/campaigns' });
      expect(otherSort.status).toBe(400);
      expect(problem(otherSort)['invalid-params']?.[0]?.name).toBe('cursor');
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['limit=ten', 'limit'],
      ['minScore=2', 'minScore'],
      ['minScore=high', 'minScore'],
      ['minSize=1.5', 'minSize'],
      ['status=dormant', 'status'],
      ['activeSince=yesterday', 'activeSince'],
      ['sort=name', 'sort'],
      ['cursor=not*a*cursor', 'cursor'],
      ['cursor=Zm9v', 'cursor'],
      ['colour=red', 'colour'],
      ['limit=1&limit=2', 'limit'],
    ])('rejects %s naming the parameter', async (query, name) => {
      const reply = await call(`/api/v1/campaigns?${query}`, { documented: '/api/v1/campaigns' });
      expect(reply.status).toBe(400);
      const body = problem(reply);
      expect(body.type).toBe('urn:hydrascope:problem:invalid-parameters');
      expect(body['invalid-params']?.map((parameter) => parameter.name)).toContain(name);
      expect(body.detail).toContain(name);
    });
  });

  describe('GET /api/v1/campaigns/{id}', () => {
    it('explains a campaign: signals by contribution, evidence and history', async () => {
      const reply = await call('/api/v1/campaigns/camp-a', { documented: '/api/v1/campaigns/{id}' });
      expect(reply.status).toBe(200);
      const body = reply.body as {
        current: boolean;
        threshold: number;
        signals: Array<{ name: string; contribution: number }>;
        evidence: unknown[];
        history: Array<{ change: string; related: string[] }>;
      };
      expect(body.current).toBe(true);
      expect(body.threshold).toBe(0.5);
      expect(body.signals.map((signal) => signal.name)).toEqual(['shared_payment', 'extraction_prompts', 'creation_burst']);
      expect(body.evidence).toEqual([{ kind: 'payment', key: 'card-x-fingerprint', members: 2, accounts: 2, detail: 'card 411111' }]);
      expect(body.history.map((entry) => entry.change)).toEqual(['new', 'grew']);
      expect(body.history[1]?.related).toEqual(['camp-c']);
    });

    it('returns the last snapshot of a campaign that left the current result', async () => {
      const reply = await call('/api/v1/campaigns/camp-c', { documented: '/api/v1/campaigns/{id}' });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ id: 'camp-c', current: false, runId: 'run-1' });
    });

    it('answers 404 for an unknown campaign and 400 for a bad id or parameter', async () => {
      const missing = await call('/api/v1/campaigns/camp-zzz', { documented: '/api/v1/campaigns/{id}' });
      expect(missing.status).toBe(404);
      expect(problem(missing).detail).toContain('camp-zzz');
      const badId = await call(`/api/v1/campaigns/${'x'.repeat(300)}`, { documented: '/api/v1/campaigns/{id}' });
      expect(badId.status).toBe(400);
      expect(problem(badId)['invalid-params']?.[0]).toMatchObject({ name: 'id', in: 'path' });
      const extra = await call('/api/v1/campaigns/camp-a?verbose=1');
      expect(problem(extra)['invalid-params']?.[0]).toMatchObject({ name: 'verbose', in: 'query', reason: 'unknown parameter' });
    });
  });

  describe('GET /api/v1/campaigns/{id}/graph', () => {
    it('returns graphology serialized JSON a dashboard can import, with totals', async () => {
      const reply = await call('/api/v1/campaigns/camp-a/graph', { documented: '/api/v1/campaigns/{id}/graph' });
      expect(reply.status).toBe(200);
      const body = reply.body as { format: string; graph: SerializedGraph; totals: { nodes: number; edges: number }; truncated: boolean };
      expect(body.format).toBe('graphology');
      // 5 accounts + 2 addresses + 1 card + 1 fingerprint; 6 USED_IP + 2 PAID_WITH + 5 SENT_PROMPT.
      expect(body.totals).toEqual({ nodes: 9, edges: 13, members: 5 });
      expect(body.truncated).toBe(false);
      const graph = new DirectedGraph();
      graph.import(body.graph);
      expect(graph.order).toBe(9);
      expect(graph.size).toBe(13);
      expect(graph.type).toBe('directed');
      expect(graph.getNodeAttribute('prompt:fp-0000000000000001', 'degree')).toBe(5);
      expect(graph.getEdgeAttributes('account:acc-01->ip:10.0.0.1')).toEqual({ type: 'USED_IP', weight: 30 });
      expect(graph.getEdgeAttribute('account:acc-01->payment:card-x-fingerprint', 'weight')).toBe(1);
    });

    it('cuts a large graph to the most important nodes and says so', async () => {
      const reply = await call('/api/v1/campaigns/camp-a/graph?limit=3', { documented: '/api/v1/campaigns/{id}/graph' });
      const body = reply.body as { graph: { nodes: Array<{ key: string }>; edges: Array<{ source: string; target: string }> }; totals: object; returned: object; truncated: boolean };
      expect(body.truncated).toBe(true);
      expect(body.totals).toEqual({ nodes: 9, edges: 13, members: 5 });
      expect(body.returned).toEqual({ nodes: 3, edges: 2 });
      // Degree first (5, 4, 4), then events (120 on the address, 100 for the account).
      expect(body.graph.nodes.map((node) => node.key)).toEqual(['prompt:fp-0000000000000001', 'ip:10.0.0.1', 'account:acc-01']);
      expect(body.graph.edges.every((edge) => edge.source === 'account:acc-01')).toBe(true);
    });

    it('offers Cytoscape.js elements', async () => {
      const reply = await call('/api/v1/campaigns/camp-b/graph?format=cytoscape', { documented: '/api/v1/campaigns/{id}/graph' });
      const body = reply.body as { format: string; elements: { nodes: Array<{ data: { id: string; kind: string } }>; edges: Array<{ data: { source: string; target: string } }> } };
      expect(body.format).toBe('cytoscape');
      expect(body.elements.nodes.map((node) => node.data.id).sort()).toEqual(['account:acc-06', 'account:acc-07', 'ip:192.168.1.1', 'payment:card-y-fingerprint', 'prompt:fp-0000000000000002']);
      expect(body.elements.edges).toHaveLength(5);
    });

    it('answers 404 for a campaign outside the current result and 400 for a bad limit', async () => {
      expect((await call('/api/v1/campaigns/camp-c/graph', { documented: '/api/v1/campaigns/{id}/graph' })).status).toBe(404);
      expect((await call('/api/v1/campaigns/nope/graph')).status).toBe(404);
      const tooMany = await call('/api/v1/campaigns/camp-a/graph?limit=2001', { documented: '/api/v1/campaigns/{id}/graph' });
      expect(problem(tooMany)['invalid-params']?.[0]?.name).toBe('limit');
      expect(problem(await call('/api/v1/campaigns/camp-a/graph?format=dot'))['invalid-params']?.[0]?.name).toBe('format');
    });
  });

  describe('GET /api/v1/campaigns/{id}/accounts', () => {
    it('pages through the members, highest own score first', async () => {
      const first = await call('/api/v1/campaigns/camp-a/accounts?limit=2', { documented: '/api/v1/campaigns/{id}/accounts' });
      const body = first.body as { total: number; items: Array<{ accountId: string; membershipScore: number }>; nextCursor: string };
      expect(body.total).toBe(5);
      expect(body.items.map((item) => item.accountId)).toEqual(['acc-02', 'acc-01']);
      expect(body.items[0]?.membershipScore).toBe(0.5);
      const rest: string[] = [];
      let cursor: string | null = body.nextCursor;
      while (cursor) {
        const page = (await call(`/api/v1/campaigns/camp-a/accounts?limit=2&cursor=${cursor}`)).body as { items: Array<{ accountId: string }>; nextCursor: string | null };
        rest.push(...page.items.map((item) => item.accountId));
        cursor = page.nextCursor;
      }
      expect(rest).toEqual(['acc-03', 'acc-04', 'acc-05']);
    });

    it('streams the full list as CSV with Accept: text/csv or format=csv', async () => {
      for (const reply of [
        await call('/api/v1/campaigns/camp-a/accounts?limit=1', { headers: { Accept: 'text/csv' }, documented: '/api/v1/campaigns/{id}/accounts' }),
        await call('/api/v1/campaigns/camp-a/accounts?format=csv'),
      ]) {
        expect(reply.status).toBe(200);
        expect(reply.headers.get('content-type')).toMatch(/^text\/csv/);
        expect(reply.headers.get('content-disposition')).toBe('attachment; filename="campaign-camp-a-accounts.csv"');
        const lines = reply.text.trim().split('\r\n');
        expect(lines[0]).toBe('account_id,membership_score,created_at,email_domain,country,plan,org_id,event_count,first_event_at,last_event_at');
        expect(lines).toHaveLength(6);
        // Highest own score first, like the JSON pages.
        expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(['acc-02', 'acc-01', 'acc-03', 'acc-04', 'acc-05']);
        expect(lines[2]).toMatch(/^acc-01,0\.45,2025-01-01T00:00:00\.000Z,mail\.example,NL,pro,,100,/);
        // A cell a spreadsheet would run as a formula is neutralised.
        expect(lines[5]).toContain(",'=cmd|calc,");
      }
    });

    it('answers 404 (as a problem, also for CSV) for an unknown campaign', async () => {
      const reply = await call('/api/v1/campaigns/nope/accounts?format=csv', { documented: '/api/v1/campaigns/{id}/accounts' });
      expect(reply.status).toBe(404);
      problem(reply);
      expect(problem(await call('/api/v1/campaigns/camp-a/accounts?limit=1001'))['invalid-params']?.[0]?.name).toBe('limit');
    });
  });

  describe('GET /api/v1/accounts/{id}', () => {
    it('shows the campaign, activity and strongest links with evidence', async () => {
      const reply = await call('/api/v1/accounts/acc-01', { documented: '/api/v1/accounts/{id}' });
      expect(reply.status).toBe(200);
      const body = reply.body as {
        campaign: { id: string; membershipScore: number };
        activity: { eventCount: number; ipAddresses: number; paymentMethods: number; promptFingerprints: number; activeDays: number; hourHistogram: number[] };
        links: Array<{ accountId: string; strength: number; campaignId: string; shared: Record<string, number>; evidence: Array<{ kind: string; key: string; sharedBy: number }> }>;
      };
      expect(body.campaign).toMatchObject({ id: 'camp-a', membershipScore: 0.45, size: 5, status: 'grew' });
      expect(body.activity).toMatchObject({ eventCount: 100, ipAddresses: 2, paymentMethods: 1, promptFingerprints: 1, activeDays: 3 });
      expect(body.activity.hourHistogram).toHaveLength(24);
      expect(body.links[0]).toMatchObject({ accountId: 'acc-02', campaignId: 'camp-a', shared: { ip: 1, payment: 1, prompt: 1 } });
      expect(body.links[0]?.evidence[0]).toMatchObject({ kind: 'payment', key: 'card-x-fingerprint', sharedBy: 2 });
      expect(body.links.map((link) => link.accountId).sort()).toEqual(['acc-02', 'acc-03', 'acc-04', 'acc-05']);
      const strengths = body.links.map((link) => link.strength);
      expect([...strengths].sort((a, b) => b - a)).toEqual(strengths);
    });

    it('shows an account outside any campaign and limits links', async () => {
      const reply = await call('/api/v1/accounts/acc-08?links=1', { documented: '/api/v1/accounts/{id}' });
      const body = reply.body as { campaign: null; links: Array<{ accountId: string; campaignId: string | null }> };
      expect(body.campaign).toBeNull();
      expect(body.links).toHaveLength(1);
      expect(body.links[0]).toMatchObject({ accountId: 'acc-06', campaignId: 'camp-b' });
      expect(((await call('/api/v1/accounts/acc-08?links=0')).body as { links: unknown[] }).links).toEqual([]);
    });

    it('answers 404 for an unknown account and 400 for bad parameters', async () => {
      expect((await call('/api/v1/accounts/acc-99', { documented: '/api/v1/accounts/{id}' })).status).toBe(404);
      expect(problem(await call('/api/v1/accounts/acc-01?links=101', { documented: '/api/v1/accounts/{id}' }))['invalid-params']?.[0]?.name).toBe('links');
    });
  });

  describe('refresh runs', () => {
    it('lists runs newest first with parameters, timings, counts and modularity', async () => {
      const reply = await call('/api/v1/runs', { documented: '/api/v1/runs' });
      const body = reply.body as { items: Array<{ id: string; runId: string; modularity: number | null; durationMs: number | null; parameters: object; timings: object; status: string }> };
      expect(body.items.map((run) => run.id)).toEqual(['run-2', 'run-1', 'run-0']);
      // runId: the deprecated alias of id, kept for dashboards written before runs had id.
      expect(body.items.map((run) => run.runId)).toEqual(['run-2', 'run-1', 'run-0']);
      const runSchema = (document['components'] as { schemas: Record<string, { properties: Record<string, { deprecated?: boolean }> }> }).schemas['RefreshRun'];
      expect(runSchema?.properties['runId']?.deprecated).toBe(true);
      expect(body.items[0]).toMatchObject({ status: 'succeeded', modularity: 0.52, durationMs: 3_600_000, parameters: { resolution: 1, seed: 42 }, timings: { total: 1500 } });
      expect(((await call('/api/v1/runs?status=failed')).body as { items: Array<{ runId: string; error: string }> }).items).toMatchObject([{ runId: 'run-0', error: 'Neo4j went away' }]);
    });

    it('pages runs with a cursor', async () => {
      const first = (await call('/api/v1/runs?limit=2')).body as { items: Array<{ runId: string }>; nextCursor: string };
      expect(first.items.map((run) => run.runId)).toEqual(['run-2', 'run-1']);
      const second = (await call(`/api/v1/runs?limit=2&cursor=${first.nextCursor}`, { documented: '/api/v1/runs' })).body as { items: Array<{ runId: string }>; nextCursor: string | null };
      expect(second.items.map((run) => run.runId)).toEqual(['run-0']);
      expect(second.nextCursor).toBeNull();
    });

    it('shows one run with its Louvain details, 404 for an unknown one', async () => {
      const reply = await call('/api/v1/runs/run-1', { documented: '/api/v1/runs/{id}' });
      expect(reply.body).toMatchObject({ id: 'run-1', runId: 'run-1', louvain: { modularity: 0.41 }, watermark: { batches: ['batch-1'] }, counts: { campaigns: 2 } });
      expect((await call('/api/v1/runs/run-9', { documented: '/api/v1/runs/{id}' })).status).toBe(404);
      expect(problem(await call('/api/v1/runs?status=paused', { documented: '/api/v1/runs' }))['invalid-params']?.[0]?.name).toBe('status');
    });

    it('validates the body of POST /runs', async () => {
      const headers = { 'Content-Type': 'application/json' };
      const negative = await call('/api/v1/runs', { method: 'POST', key: ADMIN_KEY, headers, body: '{"resolution":-1}', documented: '/api/v1/runs' });
      expect(negative.status).toBe(400);
      expect(problem(negative)['invalid-params']?.[0]).toMatchObject({ name: 'resolution', in: 'body' });
      expect(problem(await call('/api/v1/runs', { method: 'POST', key: ADMIN_KEY, headers, body: '{"seed":1.5}' }))['invalid-params']?.[0]?.name).toBe('seed');
      expect(problem(await call('/api/v1/runs', { method: 'POST', key: ADMIN_KEY, headers, body: '{"force":true}' }))['invalid-params']?.[0]?.name).toBe('force');
      const malformed = await call('/api/v1/runs', { method: 'POST', key: ADMIN_KEY, headers, body: '{"seed":' });
      expect(malformed.status).toBe(400);
      expect(problem(malformed)['invalid-params']?.[0]?.name).toBe('body');
    });

    it('starts a refresh for an admin (202) and answers 409 with the running run while it runs', async () => {
      const headers = { 'Content-Type': 'application/json' };
      const started = await call('/api/v1/runs', { method: 'POST', key: ADMIN_KEY, headers, body: '{"resolution":1.5,"seed":7}', documented: '/api/v1/runs' });
      expect(started.status).toBe(202);
      const { runId } = started.body as { runId: string };
      expect(started.headers.get('location')).toBe(`/api/v1/runs/${runId}`);
      const again = await call('/api/v1/runs', { method: 'POST', key: ADMIN_KEY, documented: '/api/v1/runs' });
      expect(again.status).toBe(409);
      expect(problem(again)).toMatchObject({ type: 'urn:hydrascope:problem:refresh-already-running', runningRunId: runId });
      const run = await call(`/api/v1/runs/${runId}`, { documented: '/api/v1/runs/{id}' });
      expect(run.body).toMatchObject({ runId, status: 'running', requestedBy: 'api:ops', parameters: { resolution: 1.5, seed: 7 } });
    });
  });

  describe('limits and failures', () => {
    it('rate-limits per API key (429 with Retry-After)', async () => {
      const limited = await startTestApi(store, { HYDRASCOPE_RATE_LIMIT_PER_MINUTE: '3' });
      try {
        for (let index = 0; index < 3; index += 1) expect((await call('/api/v1/runs?limit=1', { server: limited })).status).toBe(200);
        const refused = await call('/api/v1/runs?limit=1', { server: limited, documented: '/api/v1/runs' });
        expect(refused.status).toBe(429);
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(problem(refused).type).toBe('urn:hydrascope:problem:rate-limited');
        // Another key has its own budget.
        expect((await call('/api/v1/runs?limit=1', { server: limited, key: ADMIN_KEY })).status).toBe(200);
      } finally {
        await limited.close();
      }
    });

    it('answers 503 with Retry-After when Neo4j is unreachable, and is not ready', async () => {
      const deadStore = openGraphStore({ uri: 'bolt://127.0.0.1:1', user: 'neo4j', password: 'x', database: undefined }, { maxTransactionRetryTimeMs: 500, connectionAcquisitionTimeoutMs: 2000 });
      const broken = await startServer({ config: testConfig(), store: deadStore, logger: createLogger('silent'), refreshStarter: testRefreshStarter(deadStore), port: 0, host: '127.0.0.1' });
      try {
        const started = Date.now();
        const reply = await call('/api/v1/campaigns', { server: broken, documented: '/api/v1/campaigns' });
        expect(reply.status).toBe(503);
        expect(reply.headers.get('retry-after')).toBe('5');
        expect(problem(reply).type).toBe('urn:hydrascope:problem:neo4j-unavailable');
        expect(reply.text).not.toContain('127.0.0.1:1');
        expect(Date.now() - started).toBeLessThan(10_000);
        const ready = await call('/readyz', { server: broken, key: null, documented: '/readyz' });
        expect(ready.status).toBe(503);
        expect(ready.headers.get('retry-after')).toBe('5');
        expect((await call('/healthz', { server: broken, key: null })).status).toBe(200);
        const metrics = await call('/metrics', { server: broken });
        expect(metrics.text).toMatch(/hydrascope_neo4j_errors_total\{kind="unavailable"\} [1-9]/);
      } finally {
        await broken.close();
        await deadStore.close();
      }
    });

    it('refuses to start in production mode without API keys, with a clear message', async () => {
      const config = testConfig({ HYDRASCOPE_MODE: 'production', HYDRASCOPE_API_KEYS: '' });
      await expect(startServer({ config, store, logger: createLogger('silent'), refreshStarter: testRefreshStarter(store), port: 0 })).rejects.toThrow(expect.objectContaining({ kind: 'bad-input' }));
      await expect(startServer({ config, store, logger: createLogger('silent'), refreshStarter: testRefreshStarter(store), port: 0 })).rejects.toThrow(
        /HYDRASCOPE_MODE=production needs API keys: set HYDRASCOPE_API_KEYS/,
      );
    });

    it('lets in-flight requests finish on shutdown and closes a store it opened', async () => {
      const own = await startServer({ config: testConfig(), logger: createLogger('silent'), refreshStarter: testRefreshStarter(store), port: 0, host: '127.0.0.1' });
      const inFlight = fetch(`${own.url}/api/v1/campaigns/camp-a/accounts?format=csv`, { headers: { 'X-API-Key': VIEWER_KEY } });
      await new Promise((resolve) => setTimeout(resolve, 5));
      await own.close();
      const response = await inFlight;
      expect(response.status).toBe(200);
      expect((await response.text()).split('\r\n')).toHaveLength(7);
      await expect(fetch(`${own.url}/healthz`)).rejects.toThrow();
      await expect(own.store.read({ name: 'probe', text: 'RETURN 1 AS one' })).rejects.toThrow();
    });
  });

  it('keeps the fixture as loaded (sanity)', () => {
    expect(FIXTURE.campaigns.filter((campaign) => campaign.current)).toHaveLength(2);
  });
});
