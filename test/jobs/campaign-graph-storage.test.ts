// Where a refresh keeps each campaign's drawable graph (graph_json, up to about 1 MB): on a
// CampaignGraph node beside the snapshot, never on the Campaign node that analysts' queries
// return; pruned with its snapshot; read by the API's graph route, which still reads a graph an
// older version stored on the Campaign node.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRankedCampaignGraph } from '../../src/api/use-cases/campaigns.js';
import { cypher } from '../../src/graph-store/cypher-files.js';
import { runRefresh } from '../../src/jobs/refresh-job.js';
import { loadAnalystScenario, type AnalystScenario } from '../support/analyst-scenario.js';
import { useTestStore } from '../support/test-store.js';

type GraphCounts = { campaigns: number; with_graph: number; graph_on_node: number; orphan_graphs: number };

describe('stored campaign graphs', () => {
  const store = useTestStore();
  let scenario: AnalystScenario;
  const counts = async () => (await store.read<GraphCounts>(cypher('test/count-campaign-graphs')))[0] as GraphCounts;

  beforeAll(async () => {
    scenario = await loadAnalystScenario(store);
  });

  it('keeps every snapshot graph on its own CampaignGraph node, none on a Campaign', async () => {
    const found = await counts();
    expect(found.campaigns).toBe(scenario.firstRun.campaigns.length + scenario.secondRun.campaigns.length);
    expect(found).toMatchObject({ with_graph: found.campaigns, graph_on_node: 0, orphan_graphs: 0 });
    const [campaign] = scenario.secondRun.campaigns;
    const loaded = await loadRankedCampaignGraph(store, campaign?.campaignId ?? '');
    expect(loaded.stored).toBe(true);
    expect(loaded.graph.totals.members).toBe(campaign?.size);
  });

  let current: string[] = [];

  it('prunes a stale snapshot together with its graph', async () => {
    const summary = await runRefresh(store, { requestedBy: 'test', keepRuns: 1 });
    current = summary.campaigns.map((campaign) => campaign.campaignId);
    expect(current.length).toBeGreaterThan(0);
    expect(await counts()).toEqual({ campaigns: current.length, with_graph: current.length, graph_on_node: 0, orphan_graphs: 0 });
  });

  it('still serves a graph an older version stored on the Campaign node', async () => {
    const campaignId = current[0] as string;
    const before = await loadRankedCampaignGraph(store, campaignId);
    await store.write(cypher('test/update-campaign-legacy-graph'), { campaignId });
    expect(await counts()).toMatchObject({ with_graph: current.length - 1, graph_on_node: 1 });
    const after = await loadRankedCampaignGraph(store, campaignId);
    expect(after.stored).toBe(true);
    expect(after.graph).toEqual(before.graph);
  });
});
