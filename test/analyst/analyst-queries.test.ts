// The analyst queries of cypher/analyst/ run on a real Neo4j holding a generated scenario,
// refreshed twice, each with the example parameters its own header documents (the `:param`
// lines, evaluated the way Neo4j Browser evaluates them), and return what the header promises.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../../src/graph-store/cypher-files.js';
import type { GraphStore, Row } from '../../src/graph-store/neo4j-adapter.js';
import { CYPHER_DIR } from '../../src/shared/project-paths.js';
import { loadAnalystScenario, type AnalystScenario } from '../support/analyst-scenario.js';
import { openTestStore } from '../support/neo4j.js';

const ANALYST_DIR = join(CYPHER_DIR, 'analyst');
const files = readdirSync(ANALYST_DIR)
  .filter((name) => name.endsWith('.cypher'))
  .map((name) => name.replace(/\.cypher$/, ''))
  .sort();

/** `// :param name => expression` lines of a header, in order. */
export function exampleParameters(source: string): Array<{ name: string; expression: string }> {
  return source
    .split('\n')
    .map((line) => /^\/\/\s*:param\s+([A-Za-z_][A-Za-z0-9_]*)\s*=>\s*(.+)$/.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ name: match[1] as string, expression: (match[2] as string).trim() }));
}

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

const relationshipTypes = (paths: unknown[]): Set<string> =>
  new Set(paths.flatMap((path) => ((path as { segments: Array<{ relationship: { type: string } }> }).segments ?? []).map((segment) => segment.relationship.type)));

const grownCampaigns = (scenario: AnalystScenario): string[] => {
  const before = new Map(scenario.firstRun.campaigns.map((campaign) => [campaign.campaignId, campaign.size]));
  return scenario.secondRun.campaigns.filter((campaign) => campaign.size > (before.get(campaign.campaignId) ?? 0)).map((campaign) => campaign.campaignId).sort();
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
    columns: ['campaign', 'membership', 'account', 'links'],
    check: (rows, parameters, scenario) => {
      expect(parameters['campaignId']).toBe(topCampaignId(scenario));
      const size = scenario.secondRun.campaigns.find((campaign) => campaign.campaignId === parameters['campaignId'])?.size ?? 0;
      expect(rows.length).toBe(Math.min(size, Number(parameters['maxAccounts'])));
      for (const row of rows) expect((row['campaign'] as { properties: Row }).properties['campaign_id']).toBe(parameters['campaignId']);
      const types = relationshipTypes(rows.flatMap((row) => row['links'] as unknown[]));
      expect([...types].sort()).toEqual(expect.arrayContaining(['SENT_PROMPT', 'USED_IP']));
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
  let store: GraphStore;
  let scenario: AnalystScenario;

  beforeAll(async () => {
    store = await openTestStore();
    scenario = await loadAnalystScenario(store);
  });
  afterAll(async () => store?.close());

  it('the scenario has campaigns in both runs, one of them grown', () => {
    expect(scenario.firstRun.campaigns.length).toBeGreaterThan(0);
    expect(scenario.secondRun.campaigns.length).toBeGreaterThan(0);
    expect(grownCampaigns(scenario).length).toBeGreaterThan(0);
  });

  it('every analyst file has a promise checked here, and every promise a file', () => {
    expect(files).toEqual(Object.keys(PROMISES).sort());
  });

  it.each(files)('%s documents what it shows and an example for each parameter', (name) => {
    const source = readFileSync(join(ANALYST_DIR, `${name}.cypher`), 'utf8');
    expect(source).toMatch(/^\/\/ Shows: /);
    expect(source).toMatch(/^\/\/ Parameters: /m);
    const used = new Set([...cypher(`analyst/${name}`).text.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1]));
    expect(new Set(exampleParameters(source).map((parameter) => parameter.name))).toEqual(used);
  });

  it.each(files)('%s returns what its header promises with its example parameters', async (name) => {
    const source = readFileSync(join(ANALYST_DIR, `${name}.cypher`), 'utf8');
    const parameters = await evaluateParameters(store, source);
    const rows = await store.read(cypher(`analyst/${name}`), parameters);
    const promise = PROMISES[name];
    if (!promise) throw new Error(`no promise for ${name}`);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(Object.keys(row)).toEqual(promise.columns);
    promise.check(rows, parameters, scenario);
  });
});
