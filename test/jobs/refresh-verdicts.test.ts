// Analysts' verdicts across real refreshes on a real Neo4j: a planted campaign is dismissed and
// stays dismissed, is reopened when it grows by half, loses an account marked not_involved from
// its membership (the account stays in the graph), is confirmed and then alerts on each account
// that joins it; `hydrascope export --confirmed` writes its members without the not_involved ones.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { listAlerts } from '../../src/api/use-cases/alerts.js';
import { listCampaignVerdicts, recordAccountVerdict, recordCampaignVerdict } from '../../src/api/use-cases/verdicts.js';
import { buildProgram } from '../../src/cli/main.js';
import type { CliContext } from '../../src/cli/context.js';
import { cypher } from '../../src/graph-store/cypher-files.js';
import type { GraphStore } from '../../src/graph-store/neo4j-adapter.js';
import { ingestBatch } from '../../src/ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../../src/ingest/prompt-fingerprint/index.js';
import { runRefresh, type RefreshSummary } from '../../src/jobs/refresh-job.js';
import { projectLinkageGraphInParallel } from '../../src/linkage/parallel-projection.js';
import { readLinkageData } from '../../src/linkage/read-linkage-data.js';
import { benignBatch, ringBatch, temporaryDirectory, writeBatchParts, type BatchParts } from '../support/batches.js';
import { useTestStore } from '../support/test-store.js';

const START = Date.UTC(2026, 1, 1);
const TOPICS = ['orbital mechanics', 'tax law', 'compilers', 'river ecology', 'jazz harmony', 'graph theory', 'medieval trade', 'protein folding'];
const ringOf = (from: number, to: number) => ringBatch(from, to, START, TOPICS);

const ring = (from: number, to: number) => Array.from({ length: to - from }, (_unused, index) => `ring-${from + index}`);

describe('verdicts across refreshes', () => {
  const store = useTestStore();
  let campaignId: string;

  const load = async (parts: BatchParts[]) => ingestBatch(store, writeBatchParts(temporaryDirectory('hydrascope-verdicts-'), parts), { fingerprinter: createPromptFingerprinter() });
  const refresh = async (): Promise<RefreshSummary> => runRefresh(store, { requestedBy: 'test', scoring: { minAccounts: 5 } });
  const members = async () =>
    (await store.read<{ account_id: string; campaign_id: string }>(cypher('read-campaign-assignments')))
      .filter((row) => row.campaign_id === campaignId)
      .map((row) => row.account_id)
      .sort();
  const verdictNow = async () => (await listCampaignVerdicts(store, campaignId, { limit: 50 })).current;
  const openAlerts = async (runId: string) => (await listAlerts(store, { state: 'open', limit: 200 })).items.filter((alert) => alert.runId === runId);
  const verdict = (value: 'confirmed' | 'dismissed' | 'under_review', note: string) => recordCampaignVerdict(store, { campaignId, verdict: value, note, by: 'analyst-key' });

  beforeAll(async () => {
    await load([ringOf(0, 10), benignBatch(40, START, TOPICS)]);
    const first = await refresh();
    expect(first.campaigns).toHaveLength(1);
    campaignId = first.campaigns[0]?.campaignId as string;
    expect(await members()).toEqual(ring(0, 10).sort());
    expect((await openAlerts(first.runId)).map((alert) => [alert.kind, alert.campaignId])).toEqual([['new_campaign', campaignId]]);
  });

  it('keeps a dismissed campaign dismissed, raising nothing, when it is found again', async () => {
    const recorded = await verdict('dismissed', 'a reseller of prepaid cards, not a distillation campaign');
    expect(recorded).toMatchObject({ campaignId, verdict: 'dismissed', by: 'analyst-key', automatic: false, sizeAtVerdict: 10, clearedAlerts: 1 });

    const second = await refresh();
    expect(second.campaigns).toMatchObject([{ campaignId, size: 10 }]);
    expect(second.counts.verdicts).toMatchObject({ automaticVerdicts: 0, alerts: 0, standing: { dismissed: 1 } });
    expect(await verdictNow()).toMatchObject({ verdict: 'dismissed', by: 'analyst-key', automatic: false });
    expect(await openAlerts(second.runId)).toEqual([]);
  });

  it('reopens the dismissed campaign once it has grown by half, with an automatic history entry and an alert', async () => {
    await load([ringOf(10, 16)]);
    const third = await refresh();
    expect(third.campaigns).toMatchObject([{ campaignId, size: 16 }]);
    const history = await listCampaignVerdicts(store, campaignId, { limit: 50 });
    expect(history.current).toMatchObject({ verdict: 'under_review', by: 'hydrascope', automatic: true });
    expect(history.items[0]).toMatchObject({ verdict: 'under_review', reason: 'reopened_on_growth', runId: third.runId, sizeAtVerdict: 16 });
    expect(history.items[0]?.note).toMatch(/^reopened: grew from 10 to 16 accounts \(\+60 %\) since it was dismissed/);
    expect(history.items.map((entry) => entry.verdict)).toEqual(['under_review', 'dismissed']);
    expect((await openAlerts(third.runId)).map((alert) => alert.kind)).toEqual(['campaign_reopened']);
  });

  it('leaves an account marked not_involved out of the campaign from the next refresh on, keeping the account', async () => {
    await recordAccountVerdict(store, { accountId: 'ring-3', campaignId, verdict: 'not_involved', note: 'a researcher who bought one card from the reseller', by: 'analyst-key' });
    expect(await members()).toContain('ring-3');
    const fourth = await refresh();
    expect(fourth.campaigns).toMatchObject([{ campaignId, size: 15 }]);
    expect(fourth.counts.verdicts.leftOutAccounts).toBe(1);
    // Its links to the campaign's other members are down-weighted before Louvain, not deleted.
    expect(fourth.counts.clearedTies).toEqual({ links: 15, accounts: 1 });
    expect(await members()).toEqual(
      ring(0, 16)
        .filter((id) => id !== 'ring-3')
        .sort(),
    );
    const [account] = await store.read(cypher('read-account'), { accountId: 'ring-3' });
    expect(account).toMatchObject({ account_id: 'ring-3', campaign_id: null });

    // export-graph writes the graph as Louvain saw it: ring-3's links to the members at a tenth of
    // their projected weight, still there; its other links and the members' own as projected.
    const { graph } = await projectLinkageGraphInParallel((await readLinkageData(store)).data);
    const out = join(temporaryDirectory('hydrascope-export-graph-'), 'graph.tsv');
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await buildProgram(cliContext()).parseAsync(['node', 'hydrascope', 'export-graph', '--format', 'edgelist', '--out', out]);
    } finally {
      stdout.mockRestore();
    }
    const exported = new Map(
      readFileSync(out, 'utf8')
        .split('\n')
        .filter((line) => line && !line.startsWith('#'))
        .map((line) => line.split('\t'))
        .map(([source, target, weight]) => [[source, target].sort().join(' '), Number(weight)]),
    );
    const weightOf = (left: string, right: string) => graph.getEdgeAttribute(graph.edge(left, right) as string, 'weight');
    expect(exported.get(['ring-3', 'ring-0'].sort().join(' '))).toBeCloseTo(weightOf('ring-3', 'ring-0') * 0.1, 5);
    expect(exported.get(['ring-1', 'ring-0'].sort().join(' '))).toBeCloseTo(weightOf('ring-1', 'ring-0'), 5);
    expect(exported.size).toBe(graph.size);
  });

  it('alerts on each account that joins a confirmed campaign', async () => {
    const confirmed = await verdict('confirmed', 'same card, proxies and extraction prompts as the reported campaign');
    // The verdict clears the campaign's open alerts (the reopening).
    expect(confirmed.clearedAlerts).toBe(1);
    await load([ringOf(16, 19)]);
    const fifth = await refresh();
    expect(fifth.campaigns).toMatchObject([{ campaignId, size: 18 }]);
    expect(await verdictNow()).toMatchObject({ verdict: 'confirmed', by: 'analyst-key' });
    const alerts = await openAlerts(fifth.runId);
    expect(alerts.map((alert) => [alert.kind, alert.accountId]).sort()).toEqual(ring(16, 19).map((id) => ['new_member_of_confirmed_campaign', id]));
    expect(await members()).not.toContain('ring-3');

    // An account verdict clears the alert about that account only.
    const marked = await recordAccountVerdict(store, { accountId: 'ring-17', campaignId, verdict: 'confirmed', note: 'checked: same card', by: 'analyst-key' });
    expect(marked.clearedAlerts).toBe(1);
    expect((await openAlerts(fifth.runId)).map((alert) => alert.accountId).sort()).toEqual(['ring-16', 'ring-18']);
  });

  const cliContext = () =>
    ({ config: () => ({}) as never, logger: () => ({}) as never, runAsBatchJob: () => undefined, withStore: async <R>(work: (given: GraphStore) => Promise<R>) => work(store) }) as CliContext;

  it('exports the members of confirmed campaigns without the not_involved accounts (export --confirmed)', async () => {
    // Marked after the last refresh: still a member in the graph, already out of the export.
    await recordAccountVerdict(store, { accountId: 'ring-5', campaignId, verdict: 'not_involved', note: 'shared a flat with a ring member', by: 'analyst-key' });
    const out = join(temporaryDirectory('hydrascope-export-'), 'confirmed.ndjson');
    const context = {
      config: () => ({}) as never,
      logger: () => ({}) as never,
      runAsBatchJob: () => undefined,
      withStore: async <R>(work: (given: GraphStore) => Promise<R>) => work(store),
    } as CliContext;
    const exportConfirmed = async () => {
      const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
      try {
        await buildProgram(context).parseAsync(['node', 'hydrascope', 'export', '--confirmed', '--out', out]);
      } finally {
        stdout.mockRestore();
      }
    };
    await exportConfirmed();
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { account_id: string; campaign_id: string; score: number; operation_id: string | null });
    expect(lines.map((line) => line.account_id).sort()).toEqual(
      ring(0, 19)
        .filter((id) => id !== 'ring-3' && id !== 'ring-5')
        .sort(),
    );
    // The same line format as `hydrascope export`.
    expect(Object.keys(lines[0] ?? {})).toEqual(['account_id', 'campaign_id', 'score', 'operation_id']);
    expect(new Set(lines.map((line) => line.campaign_id))).toEqual(new Set([campaignId]));

    // Back under review: nothing is confirmed any more.
    await verdict('under_review', 'the reseller disputes it');
    await exportConfirmed();
    expect(readFileSync(out, 'utf8')).toBe('');
  });
});

describe('a dismissed campaign that gains new shared evidence', () => {
  const store = useTestStore();
  let campaignId: string;
  const load = async (parts: BatchParts[]) => ingestBatch(store, writeBatchParts(temporaryDirectory('hydrascope-evidence-'), parts), { fingerprinter: createPromptFingerprinter() });
  const refresh = async (): Promise<RefreshSummary> => runRefresh(store, { requestedBy: 'test', scoring: { minAccounts: 5 } });

  beforeAll(async () => {
    await load([ringOf(0, 10), benignBatch(40, START, TOPICS)]);
    campaignId = (await refresh()).campaigns[0]?.campaignId as string;
    await recordCampaignVerdict(store, { campaignId, verdict: 'dismissed', note: 'one reseller’s card, nothing more', by: 'analyst-key' });
  });

  it('stays dismissed while its members share what they shared when it was dismissed', async () => {
    const again = await refresh();
    expect(again.campaigns).toMatchObject([{ campaignId, size: 10 }]);
    expect((await listCampaignVerdicts(store, campaignId, { limit: 50 })).current).toMatchObject({ verdict: 'dismissed', automatic: false });
  });

  it('is reopened, naming the evidence, when two members start paying with a card they share, at the same size', async () => {
    await load([{ accounts: [], payments: ['ring-2', 'ring-7'].map((accountId) => ({ account_id: accountId, payment_fingerprint: 'second-ring-card', kind: 'prepaid', bin: '999001' })), events: [] }]);
    const reopened = await refresh();
    expect(reopened.campaigns).toMatchObject([{ campaignId, size: 10 }]);
    const history = await listCampaignVerdicts(store, campaignId, { limit: 50 });
    expect(history.current).toMatchObject({ verdict: 'under_review', by: 'hydrascope', automatic: true });
    expect(history.items[0]).toMatchObject({ reason: 'reopened_on_new_evidence', runId: reopened.runId });
    expect(history.items[0]?.note).toMatch(/^reopened: its members share 1 piece of evidence they did not share when it was dismissed: payment:\S*second-ring-card/);
    const alerts = (await listAlerts(store, { state: 'open', limit: 200 })).items.filter((alert) => alert.runId === reopened.runId);
    expect(alerts.map((alert) => alert.kind)).toEqual(['campaign_reopened']);
  });
});
