// The aggregated campaign graph over a real refresh on a real Neo4j: GET …/graph?view=aggregated
// draws the campaign's shared entities as hubs with their member counts and its members grouped
// by the hubs they tie to (counts reconcile with the campaign and with the full graph), and
// GET …/graph/groups/{groupId} expands a group into its accounts page by page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { loadRankedCampaignGraph } from '../../src/api/use-cases/campaigns.js';
import type { GraphStore } from '../../src/graph-store/neo4j-adapter.js';
import { ingestBatch } from '../../src/ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../../src/ingest/prompt-fingerprint/index.js';
import { runRefresh } from '../../src/jobs/refresh-job.js';
import { createLogger } from '../../src/shared/logger.js';
import { benignBatch, ringBatch, RING_PROXY_POOL, temporaryDirectory, writeBatchParts, type BatchParts } from '../support/batches.js';
import { useTestStore } from '../support/test-store.js';
import { VIEWER_KEY, testConfig } from './support.js';

const START = Date.UTC(2026, 1, 1);
const TOPICS = ['orbital mechanics', 'tax law', 'compilers', 'river ecology', 'jazz harmony', 'graph theory'];
const CARDS = ['prepaid-ring-card-a', 'prepaid-ring-card-b'];
const RING_SIZE = 14;

/** A coordinated ring paying with two prepaid cards (by parity), a small proxy pool and templated extraction prompts. */
function ringOfTwoCards(): BatchParts {
  return ringBatch(0, RING_SIZE, START, TOPICS, {
    accountId: (index) => `ring-${String(index).padStart(2, '0')}`,
    card: (index) => CARDS[index % 2] as string,
    country: () => 'NL',
    plan: 'pro',
    events: (index) => 24 + (index % 3) * 4,
    address: (index, event) => RING_PROXY_POOL[(index + event) % RING_PROXY_POOL.length] as string,
  });
}

type Attributes = Record<string, unknown> & { kind: string; members: number };
type Aggregated = {
  format: string;
  view: 'aggregated';
  totals: { members: number; hubs: number; groups: number };
  returned: { nodes: number; edges: number; hubs: number; groups: number };
  truncated: boolean;
  hubsOutsideKeys: number;
  graph: {
    nodes: Array<{ key: string; attributes: Attributes & { groupId?: string; keyHubs?: string[]; accountsInAll?: number } }>;
    edges: Array<{ key: string; source: string; target: string; attributes: { type: string; accounts: number; all: boolean; weight: number } }>;
  };
};
type GroupPage = { groupId: string; keyHubs: string[]; total: number; items: Array<{ accountId: string; hubs: string[] }>; nextCursor: string | null };

describe('the aggregated campaign graph over a real refresh', () => {
  const store: GraphStore = useTestStore();
  let api: RunningServer;
  let campaignId: string;
  let campaignSize: number;

  const get = async <T>(path: string): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${api.url}${path}`, { headers: { 'X-API-Key': VIEWER_KEY } });
    return { status: response.status, body: (await response.json()) as T };
  };

  beforeAll(async () => {
    await ingestBatch(store, writeBatchParts(temporaryDirectory('hydrascope-aggregate-'), [ringOfTwoCards(), benignBatch(40, START, TOPICS)]), { fingerprinter: createPromptFingerprinter() });
    const refresh = await runRefresh(store, { requestedBy: 'test' });
    expect(refresh.campaigns).toHaveLength(1);
    campaignId = refresh.campaigns[0]?.campaignId as string;
    campaignSize = refresh.campaigns[0]?.size as number;
    api = await startServer({ config: testConfig(), store, logger: createLogger('silent'), host: '127.0.0.1', port: 0, validateResponses: true });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('draws the shared entities as hubs with their member counts and the members in groups that sum to the campaign', async () => {
    const reply = await get<Aggregated>(`/api/v1/campaigns/${campaignId}/graph?view=aggregated`);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    const { body } = reply;
    expect(body).toMatchObject({ format: 'graphology', view: 'aggregated', truncated: false });
    expect(body.totals.members).toBe(campaignSize);
    const groups = body.graph.nodes.filter((node) => node.attributes.kind === 'group');
    const hubs = body.graph.nodes.filter((node) => node.attributes.kind !== 'group');
    expect(groups.reduce((sum, group) => sum + group.attributes.members, 0)).toBe(campaignSize);
    expect(body.returned).toEqual({ nodes: hubs.length + groups.length, edges: body.graph.edges.length, hubs: hubs.length, groups: groups.length });

    // Each hub's member count is the number of members tied to it in the full graph (which holds every member here).
    const full = (await loadRankedCampaignGraph(store, campaignId)).graph;
    const membersOf = new Map(full.nodes.filter((node) => node[0] !== 'account').map((node) => [`${node[0]}:${node[1]}`, node[2]]));
    for (const hub of hubs) {
      expect(hub.attributes.members, hub.key).toBe(membersOf.get(hub.key));
      expect(hub.attributes.members).toBeGreaterThanOrEqual(2);
      expect(hub.attributes.accountsInAll).toBeGreaterThanOrEqual(hub.attributes.members);
      // Edges to a hub carry how many of each group's accounts tie to it; they sum to its members.
      const tied = body.graph.edges.filter((edge) => edge.target === hub.key).reduce((sum, edge) => sum + edge.attributes.accounts, 0);
      expect(tied, hub.key).toBe(hub.attributes.members);
    }
    // Both cards are hubs of six or seven members; no account pays with both, so they split the members.
    const cards = CARDS.map((card) => hubs.find((hub) => hub.key === `payment:${card}`));
    expect(cards.map((card) => card?.attributes.members)).toEqual([RING_SIZE / 2, RING_SIZE / 2]);
    for (const group of groups) {
      const keyHubs = group.attributes.keyHubs ?? [];
      expect(keyHubs.filter((key) => key.startsWith('payment:')).length, group.key).toBeLessThanOrEqual(1);
      for (const key of keyHubs) expect(body.graph.edges.find((edge) => edge.source === group.key && edge.target === key)?.attributes).toMatchObject({ accounts: group.attributes.members, all: true });
    }

    // The same aggregate as Cytoscape elements.
    const cytoscape = await get<{ elements: { nodes: Array<{ data: { id: string } }>; edges: unknown[] } }>(`/api/v1/campaigns/${campaignId}/graph?view=aggregated&format=cytoscape`);
    expect(cytoscape.body.elements.nodes.map((node) => node.data.id)).toEqual(body.graph.nodes.map((node) => node.key));
    expect(cytoscape.body.elements.edges).toHaveLength(body.graph.edges.length);
  });

  it('expands each group into its accounts page by page, with the hubs each ties to', async () => {
    const { body } = await get<Aggregated>(`/api/v1/campaigns/${campaignId}/graph?view=aggregated`);
    const hubKeys = new Set(body.graph.nodes.filter((node) => node.attributes.kind !== 'group').map((node) => node.key));
    const members = await get<{ items: Array<{ accountId: string }> }>(`/api/v1/campaigns/${campaignId}/accounts?limit=1000`);
    const seen: string[] = [];
    for (const group of body.graph.nodes.filter((node) => node.attributes.kind === 'group')) {
      const pages: GroupPage[] = [];
      let cursor: string | null = null;
      do {
        const reply: { status: number; body: GroupPage } = await get<GroupPage>(`/api/v1/campaigns/${campaignId}/graph/groups/${group.attributes.groupId}?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
        expect(reply.status).toBe(200);
        pages.push(reply.body);
        cursor = reply.body.nextCursor;
      } while (cursor);
      const accounts = pages.flatMap((page) => page.items);
      expect(pages.map((page) => page.items.length)).toEqual(pages.map((_page, index) => Math.min(4, group.attributes.members - index * 4)));
      expect(accounts).toHaveLength(group.attributes.members);
      for (const account of accounts) {
        for (const key of group.attributes.keyHubs ?? []) expect(account.hubs).toContain(key);
        for (const key of account.hubs) expect(hubKeys.has(key)).toBe(true);
      }
      // The edges drawn to a group count exactly the ties of its expanded accounts.
      for (const edge of body.graph.edges.filter((candidate) => candidate.source === group.key))
        expect(accounts.filter((account) => account.hubs.includes(edge.target)).length).toBe(edge.attributes.accounts);
      seen.push(...accounts.map((account) => account.accountId));
    }
    expect(seen.sort()).toEqual(members.body.items.map((member) => member.accountId).sort());
  });

  it('refuses unknown groups, malformed group ids and a cursor made for another group', async () => {
    const { body } = await get<Aggregated>(`/api/v1/campaigns/${campaignId}/graph?view=aggregated`);
    expect((await get(`/api/v1/campaigns/${campaignId}/graph/groups/0123456789abcdef`)).status).toBe(404);
    expect((await get(`/api/v1/campaigns/no-such-campaign/graph/groups/0123456789abcdef`)).status).toBe(404);
    expect((await get(`/api/v1/campaigns/${campaignId}/graph/groups/not-a-group`)).status).toBe(400);
    expect((await get(`/api/v1/campaigns/${campaignId}/graph?view=hairball`)).status).toBe(400);
    const groups = body.graph.nodes.filter((node) => node.attributes.kind === 'group' && node.attributes.members > 1);
    expect(groups.length).toBeGreaterThanOrEqual(2);
    const first = await get<GroupPage>(`/api/v1/campaigns/${campaignId}/graph/groups/${groups[0]?.attributes.groupId}?limit=1`);
    expect(first.body.nextCursor).not.toBeNull();
    expect((await get(`/api/v1/campaigns/${campaignId}/graph/groups/${groups[1]?.attributes.groupId}?cursor=${first.body.nextCursor}`)).status).toBe(400);
  });

  it('describes the view and the group route in the OpenAPI document', async () => {
    const document = (await (await fetch(`${api.url}/openapi.json`)).json()) as { paths: Record<string, { get?: { parameters?: Array<{ name: string }> } }> };
    expect(document.paths['/api/v1/campaigns/{id}/graph/groups/{groupId}']?.get?.parameters?.map((parameter) => parameter.name)).toEqual(expect.arrayContaining(['id', 'groupId', 'limit', 'cursor']));
    expect(document.paths['/api/v1/campaigns/{id}/graph']?.get?.parameters?.map((parameter) => parameter.name)).toContain('view');
  });
});
