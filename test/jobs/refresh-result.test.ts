// The refresh's result over time, on a real Neo4j: a planted campaign is found, keeps its id
// when it grows in the next refresh (with its history), and readers keep seeing the previous
// complete result until the new one is promoted in one step.
import { describe, expect, it } from 'vitest';
import { cypher } from '../../src/graph-store/cypher-files.js';
import { ingestBatch } from '../../src/ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../../src/ingest/prompt-fingerprint/index.js';
import { runRefresh } from '../../src/jobs/refresh-job.js';
import { benignBatch, ringBatch, temporaryDirectory, writeBatchParts } from '../support/batches.js';
import { useTestStore } from '../support/test-store.js';

const START = Date.UTC(2026, 1, 1);
const TOPICS = ['orbital mechanics', 'tax law', 'compilers', 'river ecology', 'jazz harmony', 'graph theory', 'medieval trade', 'protein folding'];
const campaignBatch = (from: number, to: number) => ringBatch(from, to, START, TOPICS);

describe('refresh results over time', () => {
  const store = useTestStore();

  const currentAssignments = async () => store.read<{ account_id: string; campaign_id: string }>(cypher('read-campaign-assignments'));

  it('finds a planted campaign, keeps its id as it grows, and swaps results atomically', async () => {
    await ingestBatch(store, writeBatchParts(temporaryDirectory('hydrascope-refresh-'), [campaignBatch(0, 10), benignBatch(40, START, TOPICS)]), { fingerprinter: createPromptFingerprinter() });
    const first = await runRefresh(store, { requestedBy: 'test', scoring: { minAccounts: 5 } });
    expect(first.campaigns).toHaveLength(1);
    const [found] = first.campaigns;
    expect(found?.size).toBe(10);
    expect(found?.status).toBe('new');
    const before = await currentAssignments();
    expect(new Set(before.map((row) => row.account_id))).toEqual(new Set(Array.from({ length: 10 }, (_unused, index) => `ring-${index}`)));

    // The campaign grows: six more accounts on the same card and proxies.
    await ingestBatch(store, writeBatchParts(temporaryDirectory('hydrascope-refresh-'), [campaignBatch(10, 16)]), { fingerprinter: createPromptFingerprinter() });
    let seenDuringRefresh: Array<{ account_id: string; campaign_id: string }> = [];
    const second = await runRefresh(store, {
      requestedBy: 'test',
      scoring: { minAccounts: 5 },
      // Written but not promoted yet: readers must still see the first result, whole.
      beforePromote: async () => {
        seenDuringRefresh = await currentAssignments();
      },
    });
    expect(seenDuringRefresh).toEqual(before);
    expect(second.campaigns).toHaveLength(1);
    expect(second.campaigns[0]).toMatchObject({ campaignId: found?.campaignId, size: 16, status: 'grew' });
    const after = await currentAssignments();
    expect(after).toHaveLength(16);
    expect(new Set(after.map((row) => row.campaign_id))).toEqual(new Set([found?.campaignId]));

    const [campaign] = await store.read<{ history_json: string }>(cypher('read-campaign'), { campaignId: found?.campaignId });
    const history = JSON.parse(campaign?.history_json ?? '[]') as Array<{ change: string; size: number }>;
    expect(history.map((entry) => [entry.change, entry.size])).toEqual([
      ['new', 10],
      ['grew', 16],
    ]);
  });

  it('gives the same communities and campaigns for the same data and seed', async () => {
    const first = await runRefresh(store, { requestedBy: 'test', seed: 9 });
    const second = await runRefresh(store, { requestedBy: 'test', seed: 9 });
    expect(second.modularity).toBe(first.modularity);
    expect(second.counts.communities).toBe(first.counts.communities);
    expect(second.campaigns.map((campaign) => [campaign.campaignId, campaign.size])).toEqual(first.campaigns.map((campaign) => [campaign.campaignId, campaign.size]));
  });
});
