// The analyst queries of cypher/analyst/ run on a real Neo4j holding a generated scenario,
// refreshed twice, each with the example parameters its own header documents (the `:param`
// lines, evaluated the way Neo4j Browser evaluates them), and return what the header promises.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analystQuery, analystQueryNames, analystQuerySource, exampleParameters, usedParameters } from '../../src/graph-store/analyst-queries.js';
import type { GraphStore, Row } from '../../src/graph-store/neo4j-adapter.js';
import { PROJECT_ROOT } from '../../src/shared/project-paths.js';
import { loadAnalystScenario, type AnalystScenario } from '../support/analyst-scenario.js';
import { useTestStore } from '../support/test-store.js';

const files = analystQueryNames();

/** Neo4j Browser evaluates `:param name => expression` as `RETURN expression AS name` on the server. */
async function evaluateParameters(store: GraphStore, source: string): Promise<Record<string, unknown>> {
  const parameters: Record<string, unknown> = {};
  for (const { name, expression } of exampleParameters(source)) {
    const [row] = await store.read({ name: `param ${name}`, text: `RETURN ${expression} AS value` });
    parameters[name] = row?.['value'];
  }
  return parameters;
}

type Check = (rows: Row[], parameters: Record<string, unknown>, scenario: AnalystScenario) => void;

type GraphNode = { elementId: string; labels: string[]; properties: Row };
type GraphRelationship = { elementId: string; type: string; start: string; end: string };

const grownCampaigns = (scenario: AnalystScenario): string[] => {
  const before = new Map(scenario.firstRun.campaigns.map((campaign) => [campaign.campaignId, campaign.size]));
  return scenario.secondRun.campaigns
    .filter((campaign) => campaign.size > (before.get(campaign.campaignId) ?? 0))
    .map((campaign) => campaign.campaignId)
    .sort();
};

const topCampaignId = (scenario: AnalystScenario): string =>
  [...scenario.secondRun.campaigns].sort((left, right) => right.score - left.score || (left.campaignId < right.campaignId ? -1 : 1))[0]?.campaignId ?? '';

/** What each header promises, as columns and a check of the rows. */
const PROMISES: Record<string, { columns: string[]; check: Check }> = {
  'top-campaigns-by-score': {
    columns: ['campaign_id', 'score', 'size', 'status', 'top_signals', 'first_activity_at', 'last_activity_at'],
    check: (rows, parameters, scenario) => {
      expect(rows.length).toBe(Math.min(Number(parameters['limit']), scenario.secondRun.campaigns.length));
      const scores = rows.map((row) => row['score'] as number);
      expect(scores).toEqual([...scores].sort((left, right) => right - left));
      expect(rows[0]?.['campaign_id']).toBe(topCampaignId(scenario));
      expect((rows[0]?.['top_signals'] as string[]).length).toBeGreaterThan(0);
    },
  },
  'campaign-graph': {
    columns: ['node', 'relationships'],
    check: (rows, parameters, scenario) => {
      expect(parameters['campaignId']).toBe(topCampaignId(scenario));
      // One row per node, each node and relationship once: the campaign, its accounts, the shared entities.
      const nodes = rows.map((row) => row['node'] as GraphNode);
      const relationships = rows.flatMap((row) => row['relationships'] as GraphRelationship[]);
      expect(new Set(nodes.map((node) => node.elementId)).size).toBe(nodes.length);
      expect(new Set(relationships.map((relationship) => relationship.elementId)).size).toBe(relationships.length);
      const [campaign] = nodes as [GraphNode];
      expect(campaign.labels).toContain('Campaign');
      expect(campaign.properties['campaign_id']).toBe(parameters['campaignId']);
      // The stored graph lives on a CampaignGraph node of its own, never on the campaign.
      expect(campaign.properties).not.toHaveProperty('graph_json');
      expect(rows[0]?.['relationships']).toEqual([]);
      const size = scenario.secondRun.campaigns.find((entry) => entry.campaignId === parameters['campaignId'])?.size ?? 0;
      const accountRows = rows.filter((row) => (row['node'] as GraphNode).labels.includes('Account'));
      expect(accountRows).toHaveLength(Math.min(size, Number(parameters['maxAccounts'])));
      expect(rows.slice(1, 1 + accountRows.length)).toEqual(accountRows);
      for (const row of accountRows) {
        const [membership] = row['relationships'] as [GraphRelationship];
        expect(row['relationships']).toHaveLength(1);
        expect(membership).toMatchObject({ type: 'MEMBER_OF', start: (row['node'] as GraphNode).elementId, end: campaign.elementId });
      }
      // Only where members meet: every entity shared by at least two shown accounts, at most 20 of each kind.
      const accountIds = new Set(accountRows.map((row) => (row['node'] as GraphNode).elementId));
      const entityRows = rows.slice(1 + accountRows.length);
      expect(entityRows.length).toBeGreaterThan(0);
      for (const row of entityRows) {
        const links = row['relationships'] as GraphRelationship[];
        expect(links.length).toBeGreaterThan(1);
        for (const link of links) {
          expect(accountIds.has(link.start)).toBe(true);
          expect(link.end).toBe((row['node'] as GraphNode).elementId);
        }
      }
      const sizes = entityRows.map((row) => (row['relationships'] as unknown[]).length);
      expect(sizes).toEqual([...sizes].sort((left, right) => right - left));
      for (const label of ['IP', 'PaymentMethod', 'PromptFingerprint']) expect(entityRows.filter((row) => (row['node'] as GraphNode).labels.includes(label)).length).toBeLessThanOrEqual(20);
      expect([...new Set(entityRows.flatMap((row) => (row['relationships'] as GraphRelationship[]).map((link) => link.type)))]).toEqual(expect.arrayContaining(['SENT_PROMPT', 'USED_IP']));
    },
  },
  'accounts-by-payment-method': {
    columns: ['payment_fingerprint', 'kind', 'bin', 'account_id', 'created_at', 'first_used_at', 'events', 'campaign_id', 'campaign_score'],
    check: (rows, parameters) => {
      expect(rows.length).toBeGreaterThan(1);
      for (const row of rows) expect(row['payment_fingerprint']).toBe(parameters['paymentFingerprint']);
      expect(new Set(rows.map((row) => row['account_id'])).size).toBe(rows.length);
    },
  },
  'path-between-accounts': {
    columns: ['path', 'hops', 'chain'],
    check: (rows, parameters) => {
      expect(parameters['fromAccountId']).not.toBe(parameters['toAccountId']);
      expect(rows).toHaveLength(1);
      const [row] = rows as [Row];
      const chain = row['chain'] as string[];
      expect(row['hops']).toBeGreaterThanOrEqual(2);
      expect(chain).toHaveLength((row['hops'] as number) + 1);
      expect(chain[0]).toBe(`Account ${String(parameters['fromAccountId'])}`);
      expect(chain.at(-1)).toBe(`Account ${String(parameters['toAccountId'])}`);
    },
  },
  'accounts-on-address-or-network': {
    columns: ['account_id', 'addresses', 'events', 'first_seen', 'last_seen', 'created_at', 'campaign_id'],
    check: (rows, _parameters, scenario) => {
      expect(rows.length).toBeGreaterThan(1);
      expect(rows.map((row) => row['campaign_id'])).toContain(topCampaignId(scenario));
      for (const row of rows) expect((row['addresses'] as string[]).length).toBeGreaterThan(0);
    },
  },
  'campaigns-grown-since-last-refresh': {
    columns: ['campaign_id', 'status', 'previous_run_id', 'previous_size', 'size', 'growth', 'joined', 'previous_score', 'score'],
    check: (rows, _parameters, scenario) => {
      expect(grownCampaigns(scenario).length).toBeGreaterThan(0);
      expect(rows.map((row) => row['campaign_id']).sort()).toEqual(grownCampaigns(scenario));
      for (const row of rows) {
        expect(row['previous_run_id']).toBe(scenario.firstRun.runId);
        expect(row['growth']).toBeGreaterThan(0);
        expect(row['joined']).toBeGreaterThan(0);
      }
    },
  },
  'changes-between-runs': {
    columns: ['campaign_id', 'change', 'from_size', 'to_size', 'from_score', 'to_score', 'joined_count', 'left_count', 'joined_accounts', 'left_accounts'],
    check: (rows, parameters, scenario) => {
      expect(parameters).toEqual({ fromRunId: scenario.firstRun.runId, toRunId: scenario.secondRun.runId });
      const grew = rows.filter((row) => row['change'] === 'grew');
      expect(grew.map((row) => row['campaign_id']).sort()).toEqual(grownCampaigns(scenario).filter((id) => scenario.firstRun.campaigns.some((campaign) => campaign.campaignId === id)));
      for (const row of grew) {
        expect(row['joined_count']).toBeGreaterThan(0);
        expect((row['joined_accounts'] as string[]).length).toBeGreaterThan(0);
      }
    },
  },
};

describe('analyst queries (cypher/analyst)', () => {
  const store = useTestStore();
  let scenario: AnalystScenario;

  beforeAll(async () => {
    scenario = await loadAnalystScenario(store);
  });

  it('the scenario has campaigns in both runs, one of them grown', () => {
    expect(scenario.firstRun.campaigns.length).toBeGreaterThan(0);
    expect(scenario.secondRun.campaigns.length).toBeGreaterThan(0);
    expect(grownCampaigns(scenario).length).toBeGreaterThan(0);
  });

  it('every analyst file has a promise checked here, and every promise a file', () => {
    expect(files).toEqual(Object.keys(PROMISES).sort());
  });

  it.each(files)('%s documents what it shows and an example for each parameter', (name) => {
    const source = analystQuerySource(name);
    expect(source).toMatch(/^\/\/ Shows: /);
    expect(source).toMatch(/^\/\/ Parameters: /m);
    expect(new Set(exampleParameters(source).map((parameter) => parameter.name))).toEqual(usedParameters(analystQuery(name)));
  });

  it.each(files)('%s has its :param lines ready to run in docs/analysts.md', (name) => {
    const docs = readFileSync(join(PROJECT_ROOT, 'docs', 'analysts.md'), 'utf8');
    const section = docs.slice(docs.indexOf('## Parameters, ready to run'));
    const lines = exampleParameters(analystQuerySource(name)).map(({ name: parameter, expression }) => `:param ${parameter} => ${expression}`);
    expect(section).toContain(lines.length === 0 ? `\`${name}\`: no parameters.` : `\`${name}\`:\n\n\`\`\`\n${lines.join('\n')}\n\`\`\``);
  });

  it.each(files)('%s returns what its header promises with its example parameters', async (name) => {
    const parameters = await evaluateParameters(store, analystQuerySource(name));
    const rows = await store.read(analystQuery(name), parameters);
    const promise = PROMISES[name];
    if (!promise) throw new Error(`no promise for ${name}`);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(Object.keys(row)).toEqual(promise.columns);
    promise.check(rows, parameters, scenario);
  });
});
