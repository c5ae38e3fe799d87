// The campaign graph and the cached answers over a real refresh on a real Neo4j: the graph the
// refresh stores on a snapshot is exactly the one built from a query on request (for snapshots
// without one), for every limit and format; and the API's cached answers follow a newly promoted
// refresh, at once when this process ran it and after the check interval when another did.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectedGraph } from 'graphology';
import type { SerializedGraph } from 'graphology-types';
import { rankCampaignGraph, GRAPH_MEMBER_LIMIT, type RankedCampaignGraph } from '../../src/campaigns/campaign-graph.js';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { memberLinksOfRow, renderCampaignGraph, type AccountLinksRow } from '../../src/api/use-cases/campaign-graph.js';
import { loadRankedCampaignGraph } from '../../src/api/use-cases/campaigns.js';
import { cypher } from '../../src/graph-store/cypher-files.js';
import type { GraphStore } from '../../src/graph-store/neo4j-adapter.js';
import { ingestBatch } from '../../src/ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../../src/ingest/prompt-fingerprint/index.js';
import { runRefresh } from '../../src/jobs/refresh-job.js';
import { createLogger } from '../../src/shared/logger.js';
import { benignBatch, ringBatch, RING_PROXY_POOL, temporaryDirectory, writeBatchParts, type BatchParts } from '../support/batches.js';
import { ADMIN_KEY, VIEWER_KEY, testConfig } from './support.js';
import { useTestStore } from '../support/test-store.js';

const START = Date.UTC(2026, 1, 1);
const TOPICS = ['orbital mechanics', 'tax law', 'compilers', 'river ecology', 'jazz harmony', 'graph theory'];

/** A coordinated ring: one prepaid card, a small proxy pool (IPv4 and IPv6), templated extraction prompts, uneven activity. */
function ring(from: number, to: number): BatchParts {
  return ringBatch(from, to, START, TOPICS, {
    accountId: (index) => `ring-${String(index).padStart(2, '0')}`,
    country: (index) => (index % 3 === 0 ? 'NL' : 'DE'),
    plan: 'pro',
    // Two activity levels, so the ranking meets both ties and differences.
    events: (index) => (index % 2 === 0 ? 30 : 24),
    address: (index, event) => RING_PROXY_POOL[(index + event) % RING_PROXY_POOL.length] as string,
  });
}

async function ingest(store: GraphStore, parts: BatchParts[]): Promise<void> {
  await ingestBatch(store, writeBatchParts(temporaryDirectory('hydrascope-graph-'), parts), { fingerprinter: createPromptFingerprinter() });
}

/** The graph as the API builds it on request for a snapshot without a stored one. */
async function rankedOnRequest(store: GraphStore, campaignId: string): Promise<RankedCampaignGraph> {
  const rows = await store.read<AccountLinksRow & { members_total: number }>(cypher('read-campaign-graph'), { campaignId, memberLimit: GRAPH_MEMBER_LIMIT });
  return rankCampaignGraph(rows.map(memberLinksOfRow), rows[0]?.members_total ?? 0);
}

describe('campaign graphs and cached answers over a real refresh', () => {
  const store = useTestStore();
  let api: RunningServer;
  let now = Date.now();
  let campaignId: string;

  const get = async <T>(path: string, key = VIEWER_KEY): Promise<{ status: number; body: T; headers: Headers }> => {
    const response = await fetch(`${api.url}${path}`, { headers: { 'X-API-Key': key } });
    return { status: response.status, body: (await response.json()) as T, headers: response.headers };
  };
  const listed = async () => (await get<{ items: Array<{ id: string; size: number; runId: string }> }>('/api/v1/campaigns')).body.items;

  beforeAll(async () => {
    await ingest(store, [ring(0, 12), benignBatch(40, START, TOPICS)]);
    const refresh = await runRefresh(store, { requestedBy: 'test' });
    expect(refresh.campaigns).toHaveLength(1);
    campaignId = refresh.campaigns[0]?.campaignId as string;
    // No refresh starter given: the server runs refreshes itself, as `hydrascope serve` does.
    api = await startServer({
      config: testConfig(),
      store,
      logger: createLogger('silent'),
      host: '127.0.0.1',
      port: 0,
      validateResponses: true,
      resultCache: { checkIntervalMs: 60_000, now: () => now },
    });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('stores a graph with the refresh that equals the one built on request', async () => {
    const stored = await loadRankedCampaignGraph(store, campaignId);
    expect(stored.stored).toBe(true);
    expect(stored.graph).toEqual(await rankedOnRequest(store, campaignId));
    // 12 accounts, 6 addresses, the card and the prompt fingerprints they share.
    expect(stored.graph.totals.members).toBe(12);
    expect(stored.graph.nodes.filter((node) => node[0] === 'account')).toHaveLength(12);
    expect(
      stored.graph.nodes
        .filter((node) => node[0] === 'ip')
        .map((node) => node[4])
        .sort(),
    ).toEqual(['198.51.100.0/24', '2001:db8:5::/48', '2001:db8:5::/48', '203.0.113.0/24', '203.0.113.0/24', '203.0.113.0/24']);
    expect(stored.graph.nodes.find((node) => node[0] === 'payment')).toEqual(['payment', 'prepaid-ring-card', 12, 12, 'prepaid', null]);
  });

  it.each([
    [1, 'graphology'],
    [5, 'graphology'],
    [300, 'graphology'],
    [7, 'cytoscape'],
  ] as const)('serves limit %i as %s exactly as the graph built on request renders it', async (limit, format) => {
    const reply = await get<{ format: string; graph?: SerializedGraph; truncated: boolean }>(`/api/v1/campaigns/${campaignId}/graph?limit=${limit}&format=${format}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(renderCampaignGraph(campaignId, await rankedOnRequest(store, campaignId), { limit, format }));
    if (reply.body.graph) {
      const graph = new DirectedGraph();
      graph.import(reply.body.graph);
      expect(graph.order).toBe(Math.min(limit, (await rankedOnRequest(store, campaignId)).totals.nodes));
    }
  });

  it('answers an unchanged cached result with 304 to a caller that has it', async () => {
    // (fetch would add Cache-Control: no-cache to a conditional request, which forbids a 304.)
    const first = await fetch(`${api.url}/api/v1/campaigns/${campaignId}/graph`, { headers: { 'X-API-Key': VIEWER_KEY } });
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/"/);
    const again = await fetch(`${api.url}/api/v1/campaigns/${campaignId}/graph`, { headers: { 'X-API-Key': VIEWER_KEY, 'If-None-Match': etag as string, 'Cache-Control': 'max-age=0' } });
    expect(again.status).toBe(304);
  });

  it('answers from a refresh the API ran as soon as it is promoted', async () => {
    const before = await listed();
    expect(before).toEqual([expect.objectContaining({ id: campaignId, size: 12 })]);
    await ingest(store, [ring(12, 18)]);
    const started = await fetch(`${api.url}/api/v1/runs`, { method: 'POST', headers: { 'X-API-Key': ADMIN_KEY, 'Content-Type': 'application/json' }, body: '{}' });
    expect(started.status).toBe(202);
    const { runId } = (await started.json()) as { runId: string };
    for (;;) {
      const run = await get<{ status: string }>(`/api/v1/runs/${runId}`);
      if (run.body.status !== 'running') {
        expect(run.body.status).toBe('succeeded');
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // The check interval (a minute of a clock that does not move) has not passed: only the refresh's own invalidation explains this.
    expect(await listed()).toEqual([expect.objectContaining({ id: campaignId, size: 18, runId })]);
    const graph = await get<{ totals: { members: number } }>(`/api/v1/campaigns/${campaignId}/graph`);
    expect(graph.body.totals.members).toBe(18);
  });

  it('answers from a refresh another process ran once the check interval has passed', async () => {
    const before = await listed();
    await ingest(store, [ring(18, 22)]);
    const refresh = await runRefresh(store, { requestedBy: 'test' });
    expect(refresh.campaigns[0]).toMatchObject({ campaignId, size: 22 });
    // Within the interval the previous result is still served, whole.
    expect(await listed()).toEqual(before);
    now += 60_000;
    expect(await listed()).toEqual([expect.objectContaining({ id: campaignId, size: 22, runId: refresh.runId })]);
    expect((await get<{ size: number }>(`/api/v1/campaigns/${campaignId}`)).body.size).toBe(22);
  });
});
